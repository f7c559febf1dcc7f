"""The persons pages in the browser's terms (privacy.views.persons): the list with its
search, pagination and empty state for the data-protection officer and the organisation
admin; a person's page with consents, access log and the rights' actions, logged as a
view; another organisation's person is a 404; the start page and the navigation."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from quartier.core.models import Role
from quartier.privacy.models import AccessLogEntry
from tests.factories import ConsentFactory
from tests.privacy.dpo_support import case_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def dpo(world):
    return world.member(Role.DATA_PROTECTION_OFFICER, world.org_a)


@pytest.fixture
def own(world):
    return case_of(world, first_name="Aylin", last_name="Ownperson", external_id="A-1").participant


@pytest.fixture
def partners(world):
    return case_of(world, world.org_b, first_name="Bea", last_name="Partnerperson").participant


LIST = reverse("privacy:person_list")


def detail(participant):
    return reverse("privacy:person_detail", args=[participant.pk])


# The list -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.DATA_PROTECTION_OFFICER, Role.ORGANISATION_ADMIN])
def test_the_list_shows_her_organisations_persons(world, login, own, partners, role):
    page = login(world.member(role, world.org_a)).get(LIST)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Ownperson" in text
    assert "Partnerperson" not in text
    assert detail(own) in text


def test_search_by_name_or_number(world, login, dpo, own):
    case_of(world, last_name="Somebodyelse")
    client = login(dpo)
    assert "Somebodyelse" not in client.get(LIST, {"q": "ownperson"}).content.decode()
    assert "Ownperson" in client.get(LIST, {"q": "A-1"}).content.decode()
    empty = client.get(LIST, {"q": "nobody-like-this"}).content.decode()
    assert "No person matches" in empty


def test_an_empty_list_says_why(login, dpo):
    assert "No participants yet" in login(dpo).get(LIST).content.decode()


def test_the_list_is_paginated(world, login, dpo):
    for i in range(27):
        case_of(world, last_name=f"Person{i:02d}")
    client = login(dpo)
    first = client.get(LIST).content.decode()
    assert "Page 1 of 2" in first
    assert "Person24" in first
    assert "Person25" not in first
    second = client.get(LIST, {"page": 2}).content.decode()
    assert "Person25" in second
    assert "Person26" in second


def test_the_list_is_logged(world, login, dpo, own):
    login(dpo).get(LIST)
    entry = AccessLogEntry.objects.get(action="list", user=dpo)
    assert entry.record_type == "participants.participant"
    assert "1 rows" in entry.detail


@pytest.mark.parametrize(
    "role", [Role.CASE_WORKER, Role.PROJECT_LEAD, Role.EVALUATOR, Role.NETWORK_COACH]
)
def test_other_roles_are_refused(world, login, role):
    assert login(world.member(role, world.org_a)).get(LIST).status_code == 403


# A person's page ------------------------------------------------------------------------


def test_the_person_page_shows_consents_access_and_the_rights(world, login, dpo, own):
    ConsentFactory(participant=own, given_on=date(2025, 3, 1))
    ConsentFactory(
        participant=own, purpose="photos", given_on=date(2025, 3, 1), withdrawn_on=date(2025, 4, 1)
    )
    reader = world.member(Role.CASE_WORKER, world.org_a)
    reader.full_name = "Rita Reader"
    reader.save()
    AccessLogEntry.objects.create(
        user=reader,
        role="case_worker",
        action="view",
        record_type="cases.case",
        record_id=own.case.pk,
    )
    page = login(dpo).get(detail(own))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Aylin Ownperson" in text
    assert "counselling and case file" in text.lower()
    assert "withdrawn" in text
    assert "Rita Reader" in text
    assert "Who accessed the data" in text


def test_withdrawing_from_the_person_page_comes_back_to_it(world, login, dpo, own):
    consent = ConsentFactory(participant=own, given_on=date(2025, 3, 1))
    client = login(dpo)
    link = f"{reverse('privacy:consent_withdraw', args=[consent.pk])}?next={detail(own)}"
    assert link in client.get(detail(own)).content.decode()
    response = client.post(link, {"withdrawn_on": timezone.localdate().isoformat()})
    assert response.status_code == 302
    assert response["Location"] == detail(own)


def test_the_person_page_is_logged_as_a_view(world, login, dpo, own):
    login(dpo).get(detail(own))
    entry = AccessLogEntry.objects.get(action="view", user=dpo)
    assert (entry.record_type, entry.record_id) == ("participants.participant", own.pk)


def test_another_organisations_person_is_not_found(world, login, dpo, partners):
    foreign = case_of(world, world.org_c, world.other_project).participant
    client = login(dpo)
    assert client.get(detail(partners)).status_code == 404
    assert client.get(detail(foreign)).status_code == 404
    assert client.get(reverse("privacy:person_detail", args=[999999])).status_code == 404


def test_a_case_worker_does_not_open_the_privacy_page(world, login, own):
    worker = world.member(Role.CASE_WORKER, world.org_a)
    assert login(worker).get(detail(own)).status_code == 404


def test_a_minor_without_a_guardians_consent_is_flagged(world, login, dpo, settings):
    settings.GUARDIAN_CONSENT_AGE = 16
    pupil = case_of(world, birth_date=date(2011, 1, 1), entry_date=date(2025, 9, 1)).participant
    ConsentFactory(participant=pupil, given_on=date(2025, 9, 1))
    text = login(dpo).get(detail(pupil)).content.decode()
    assert "needs a legal guardian" in text
    assert "missing" in text


def test_a_guardians_consent_is_shown(world, login, dpo):
    pupil = case_of(world, birth_date=date(2011, 1, 1), entry_date=date(2025, 9, 1)).participant
    ConsentFactory(
        participant=pupil,
        given_on=date(2025, 9, 1),
        guardian_name="Maria Mutter",
        guardian_relation="parent",
        guardian_reached="in_person",
    )
    assert "Maria Mutter" in login(dpo).get(detail(pupil)).content.decode()


# Start page and navigation ---------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.DATA_PROTECTION_OFFICER, Role.ORGANISATION_ADMIN])
def test_the_start_page_is_hers(world, login, own, role):
    today = timezone.localdate()
    ConsentFactory(
        participant=own, given_on=today - timedelta(days=300), valid_until=today + timedelta(days=7)
    )
    page = login(world.member(role, world.org_a)).get(reverse("core:home"))
    text = page.content.decode()
    assert "<h1>Data protection</h1>" in text
    assert "Consents ending in the next 30 days" in text
    assert "Aylin Ownperson" in text
    assert "Recent withdrawals" in text
    assert "Erasure requests" in text
    assert reverse("privacy:processing_register", args=[world.project.slug]) in text


def test_a_dpo_without_any_data_still_gets_her_start_page(world, login, dpo):
    text = login(dpo).get(reverse("core:home")).content.decode()
    assert "No consent ends in the next 30 days." in text
    assert "Find a person" in text


def test_a_case_worker_gets_no_privacy_part(world, login):
    page = login(world.member(Role.CASE_WORKER, world.org_a)).get(reverse("core:home"))
    assert "privacy_start" not in page.context


def _nav(client):
    page = client.get(reverse("core:home"))
    return [str(label) for _url, label, _key in page.context["nav_items"]]


def test_the_navigation_has_data_protection_for_the_privacy_roles(world, login, dpo):
    assert "Data protection" in _nav(login(dpo))


def test_the_navigation_has_no_data_protection_for_case_workers(world, client, login):
    assert "Data protection" not in _nav(login(world.member(Role.CASE_WORKER, world.org_a)))
