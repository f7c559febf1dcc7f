"""Partner pages in the browser's terms (views/partners.py): who sees and who changes
(case worker reads, network coach keeps; evaluator, partner staff and other projects
get 404 for a partner), the list's search, filters, pagination and empty state, adding
with a new organisation and the duplicate check, one partner per project, stale edits,
contact persons with a confirmed removal, contacts, the navigation and the guide."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse

from quartier.core.help import guide_for
from quartier.core.models import Organisation, Role
from quartier.network.models import Partner, PartnerContact
from tests.factories import DistrictFactory, OrganisationFactory
from tests.network.factories import (
    PartnerContactFactory,
    PartnerFactory,
    PartnerPersonFactory,
)
from tests.offers.factories import OfferFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]


def url(name, *args):
    return reverse(f"network:{name}", args=args)


@pytest.fixture
def coach(world):
    return world.member(Role.NETWORK_COACH, world.org_a)


@pytest.fixture
def worker(world):
    return world.member(Role.CASE_WORKER, world.org_b)


@pytest.fixture
def partner(world):
    return PartnerFactory(
        project=world.project,
        organisation=world.org_a,
        partner_organisation=OrganisationFactory(name="Café Mahalle"),
        role="Access to mothers",
    )


def partner_post(world, **changes) -> dict:
    data = {
        "project": world.project.pk,
        "partner_organisation": "",
        "name": "Familienzentrum Nord",
        "kind": "other",
        "postcode": "47169",
        "city": "Duisburg",
        "level": "activation",
        "role": "Reaches young families",
        "target_groups": ["families", "single_parents"],
        "is_active": "on",
    }
    data.update(changes)
    return data


def test_a_case_worker_sees_the_list_and_the_page_but_cannot_change(world, worker, partner, login):
    client = login(worker)
    listing = client.get(url("partner_list"))
    assert listing.status_code == 200
    assert "Café Mahalle" in listing.content.decode()
    assert "New partner" not in listing.content.decode()
    page = client.get(url("partner_detail", partner.pk))
    assert page.status_code == 200
    assert url("partner_edit", partner.pk) not in page.content.decode()
    assert client.get(url("partner_edit", partner.pk)).status_code == 403
    assert client.get(url("partner_person_create", partner.pk)).status_code == 403
    assert client.get(url("partner_create")).status_code == 403
    response = client.post(url("partner_edit", partner.pk), {"role": "x"})
    assert response.status_code == 403


@pytest.mark.parametrize("role", [Role.EVALUATOR, Role.PARTNER_STAFF])
def test_evaluator_and_partner_staff_get_403_for_the_list_and_404_for_a_partner(
    world, partner, login, role
):
    client = login(world.member(role, world.org_a))
    assert client.get(url("partner_list")).status_code == 403
    assert client.get(url("partner_detail", partner.pk)).status_code == 404
    assert client.get(url("partner_edit", partner.pk)).status_code == 404


def test_a_coach_of_another_project_gets_404(world, partner, login):
    client = login(world.member(Role.NETWORK_COACH, world.org_c, project=world.other_project))
    assert client.get(url("partner_detail", partner.pk)).status_code == 404
    assert client.get(url("partner_edit", partner.pk)).status_code == 404
    assert client.get(url("partner_contact_create", partner.pk)).status_code == 404
    assert "Café Mahalle" not in client.get(url("partner_list")).content.decode()


def test_search_filters_and_pagination(world, worker, partner, login):
    district = DistrictFactory(name="Hochfeld")
    world.project.districts.add(district)
    partner.districts.add(district)
    for number in range(30):
        PartnerFactory(
            project=world.project,
            partner_organisation=OrganisationFactory(name=f"Verein {number:02d}"),
            level="strategy",
        )
    client = login(worker)
    first = client.get(url("partner_list")).content.decode()
    assert "31 partners" in first
    assert "Page 1 of 2" in first
    second = client.get(url("partner_list"), {"level": "strategy", "page": 2}).content.decode()
    assert "30 partners" in second
    assert "Page 2 of 2" in second
    assert "Verein 29" in second
    assert "level=strategy" in second  # the page links keep the filter
    found = client.get(url("partner_list"), {"q": "mothers"}).content.decode()
    assert "Café Mahalle" in found
    assert "Verein" not in found
    by_district = client.get(url("partner_list"), {"district": district.pk}).content.decode()
    assert "1 partner" in by_district
    none = client.get(url("partner_list"), {"q": "nowhere"}).content.decode()
    assert "No partner matches" in none


def test_the_empty_list_says_how_to_add_a_partner(world, coach, worker, login):
    assert "with “New partner” above" in login(coach).get(url("partner_list")).content.decode()
    text = login(worker).get(url("partner_list")).content.decode()
    assert "The network coach and the project lead add them" in text


def test_the_coach_adds_a_partner_with_a_new_organisation(world, coach, login):
    district = DistrictFactory()
    world.project.districts.add(district)
    offer = OfferFactory(project=world.project, title="Elterncafé")
    client = login(coach)
    form = client.get(url("partner_create")).content.decode()
    assert "Elterncafé" in form
    response = client.post(
        url("partner_create"),
        partner_post(world, districts=[district.pk], offers=[offer.pk]),
    )
    partner = Partner.objects.get(partner_organisation__name="Familienzentrum Nord")
    assert response.status_code == 302
    assert response["Location"] == url("partner_detail", partner.pk)
    assert partner.target_groups == ["single_parents", "families"]
    assert list(partner.offers.all()) == [offer]
    page = client.get(url("partner_detail", partner.pk)).content.decode()
    assert "Reaches young families" in page
    assert reverse("offers:offer_detail", args=[offer.pk]) in page
    assert "single parents" in page


def test_a_duplicate_name_asks_first_and_keeps_the_input(world, coach, login):
    OrganisationFactory(name="Familienzentrum Nord")
    client = login(coach)
    response = client.post(url("partner_create"), partner_post(world))
    assert response.status_code == 200
    text = response.content.decode()
    assert "An organisation of this name exists already" in text
    assert "Reaches young families" in text
    assert Organisation.objects.filter(name="Familienzentrum Nord").count() == 1
    response = client.post(url("partner_create"), partner_post(world, not_a_duplicate="on"))
    assert response.status_code == 302
    assert Organisation.objects.filter(name="Familienzentrum Nord").count() == 2


def test_an_organisation_already_in_the_network_is_refused_clearly(world, coach, partner, login):
    response = login(coach).post(
        url("partner_create"),
        partner_post(world, partner_organisation=partner.partner_organisation.pk, name=""),
    )
    assert response.status_code == 200
    assert "This organisation is already a partner of the project." in response.content.decode()
    assert Partner.objects.filter(project=world.project).count() == 1


def test_an_organisation_must_be_picked_or_entered(world, coach, login):
    response = login(coach).post(url("partner_create"), partner_post(world, name=""))
    assert "Choose an existing organisation or enter the name of a new one." in (
        response.content.decode()
    )
    assert not Partner.objects.exists()


def test_a_stale_edit_is_refused_and_shows_what_changed(world, coach, partner, login):
    client = login(coach)
    data = {
        "expected_version": partner.version,
        "level": "both",
        "role": "Mine",
        "is_active": "on",
    }
    partner.role = "Saved meanwhile"
    partner.save()
    response = client.post(url("partner_edit", partner.pk), data)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Someone else changed this record" in text
    assert "Saved meanwhile" in text
    partner.refresh_from_db()
    assert partner.role == "Saved meanwhile"
    data["expected_version"] = partner.version
    assert client.post(url("partner_edit", partner.pk), data).status_code == 302
    partner.refresh_from_db()
    assert (partner.role, partner.level) == ("Mine", "both")


def test_contact_persons_are_added_edited_and_removed_after_confirmation(
    world, coach, partner, login
):
    client = login(coach)
    response = client.post(
        url("partner_person_create", partner.pk), {"name": "Frau Yilmaz", "function": "Leitung"}
    )
    assert response.status_code == 302
    person = partner.people.get()
    response = client.post(
        url("partner_person_edit", partner.pk, person.pk),
        {"expected_version": person.version, "name": "Frau Yilmaz", "phone": "0203 55"},
    )
    assert response.status_code == 302
    confirm = client.get(url("partner_person_delete", partner.pk, person.pk))
    assert confirm.status_code == 200
    assert "Remove Frau Yilmaz" in confirm.content.decode()
    assert partner.people.exists()
    assert client.post(url("partner_person_delete", partner.pk, person.pk)).status_code == 302
    assert not partner.people.exists()
    # A second click finds nobody and goes back to the partner.
    again = client.post(url("partner_person_delete", partner.pk, person.pk))
    assert again["Location"] == url("partner_detail", partner.pk)
    other = PartnerPersonFactory(partner=PartnerFactory(project=world.project))
    assert client.get(url("partner_person_edit", partner.pk, other.pk)).status_code == 404


def test_a_contact_is_recorded_and_shows_in_the_history(world, coach, partner, login):
    client = login(coach)
    person = PartnerPersonFactory(partner=partner, name="Herr Kaya")
    response = client.post(
        url("partner_contact_create", partner.pk),
        {
            "date": "2025-02-03",
            "channel": "phone",
            "person": person.pk,
            "staff": coach.pk,
            "note": "Information morning agreed",
        },
    )
    assert response.status_code == 302
    contact = PartnerContact.objects.get(partner=partner)
    assert contact.staff == coach
    page = client.get(url("partner_detail", partner.pk)).content.decode()
    assert "Information morning agreed" in page
    assert "03.02.2025" in page
    listing = client.get(url("partner_list")).content.decode()
    assert "03.02.2025" in listing


def test_the_navigation_names_the_network_for_network_roles(world, worker, login):
    assert url("partner_list") in login(worker).get(reverse("core:home")).content.decode()
    evaluator = world.member(Role.EVALUATOR)
    assert url("partner_list") not in login(evaluator).get(reverse("core:home")).content.decode()


def test_the_network_pages_lead_to_the_network_guide():
    assert guide_for(resolve("/netzwerk/partner/")) == "netzwerk"
    assert guide_for(resolve("/netzwerk/teams/1/")) == "netzwerk"


def _queries(client, path) -> int:
    client.get(path)
    with CaptureQueriesContext(connection) as context:
        assert client.get(path).status_code == 200
    return len(context)


def test_the_list_and_the_page_need_the_same_queries_for_few_and_many_rows(
    world, worker, partner, login
):
    district = DistrictFactory()
    world.project.districts.add(district)
    client = login(worker)
    few_list = _queries(client, url("partner_list"))
    few_page = _queries(client, url("partner_detail", partner.pk))
    for _ in range(5):
        other = PartnerFactory(project=world.project, target_groups=["families"])
        other.districts.add(district)
        PartnerContactFactory(partner=other)
        PartnerContactFactory(partner=partner, person=PartnerPersonFactory(partner=partner))
        partner.offers.add(OfferFactory(project=world.project))
    assert _queries(client, url("partner_list")) == few_list
    assert _queries(client, url("partner_detail", partner.pk)) == few_page
