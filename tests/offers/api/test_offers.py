"""The offers API's offers (`api.offers`): list, create, detail, update, translations."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from quartier.offers.models import (
    Enrolment,
    Offer,
    OfferTranslation,
    Schedule,
)
from quartier.offers.services.certificates import certificate_issue
from quartier.offers.services.service_requests import service_request_schedule
from tests.offers.factories import (
    AttendanceFactory,
    EnrolmentFactory,
    LocationFactory,
    OfferFactory,
    OfferTranslationFactory,
    ScheduleFactory,
    ServiceRequestFactory,
)

TODAY = timezone.localdate()
DAY = dt.timedelta(days=1)
NINE_TO_NOON = {"start_time": "09:00", "end_time": "12:00"}


def offer_body(world, **overrides):
    body = {"project": world.project.slug, "kind": "course", "title": "Bewerbungstraining"}
    body.update(overrides)
    return body


# Offers: list --------------------------------------------------------------------------


@pytest.mark.django_db
def test_offer_list_shows_the_catalogue_of_the_users_projects(
    world, api_as, case_worker, offer, foreign_offer
):
    partners = OfferFactory(project=world.project, organisation=world.org_b, title="Café Bär")
    body = api_as(case_worker).get("/api/v1/offers/").json()
    assert [item["id"] for item in body["items"]] == [partners.pk, offer.pk]
    item = body["items"][1]
    assert item["project"] == world.project.slug
    assert item["organisation"] == world.org_a.slug
    assert item["version"] == offer.version


@pytest.mark.django_db
def test_offer_list_filters(world, api_as, case_worker, offer):
    internal = OfferFactory(
        project=world.project,
        organisation=world.org_a,
        title="Pflege Basiskurs",
        kind="course",
        occupational_field="care",
        target_groups=["women_returning", "single_parents"],
        languages=["de", "ar"],
    )
    published = OfferFactory(
        project=world.project,
        organisation=world.org_b,
        title="Fahrradrikscha",
        kind="practical_project",
        occupational_field="emobility_bicycles",
        published=True,
    )
    inactive = OfferFactory(project=world.project, organisation=world.org_a, active=False)
    client = api_as(case_worker)

    def ids(**params):
        response = client.get("/api/v1/offers/", params)
        assert response.status_code == 200, response.content
        return [item["id"] for item in response.json()["items"]]

    assert ids() == [published.pk, internal.pk, offer.pk]
    assert ids(kind="course") == [internal.pk]
    assert ids(occupational_field="emobility_bicycles") == [published.pk]
    assert ids(target_group="single_parents") == [internal.pk]
    assert ids(language="ar") == [internal.pk]
    assert ids(published=True) == [published.pk]
    assert ids(published=False) == [internal.pk, offer.pk]
    assert ids(search="pflege kurs") == [internal.pk]
    assert ids(organisation=world.org_b.slug) == [published.pk]
    assert ids(project=world.project.slug) == [published.pk, internal.pk, offer.pk]
    assert ids(project=world.other_project.slug) == []
    assert inactive.pk in ids(include_inactive=True)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params", [{"kind": "picnic"}, {"target_group": "astronauts"}, {"occupational_field": "x"}]
)
def test_offer_list_refuses_unknown_codes(api_as, case_worker, params):
    assert api_as(case_worker).get("/api/v1/offers/", params).status_code == 422


@pytest.mark.django_db
def test_offer_list_is_paginated(world, api_as, case_worker):
    for title in ("A", "B", "C"):
        OfferFactory(project=world.project, organisation=world.org_a, title=title)
    body = api_as(case_worker).get("/api/v1/offers/", {"limit": 1, "offset": 1}).json()
    assert body["count"] == 3
    assert [item["title"] for item in body["items"]] == ["B"]


@pytest.mark.django_db
def test_offer_list_queries_do_not_grow_with_the_rows(world, api_as, case_worker):
    client = api_as(case_worker)
    client.get("/api/v1/offers/")  # the token's first use is recorded once
    counts = []
    for total in (5, 25):
        while Offer.objects.filter(project=world.project).count() < total:
            offer = OfferFactory(
                project=world.project, organisation=world.org_a, contact_person=case_worker
            )
            offer.locations.add(LocationFactory(project=world.project, organisation=world.org_a))
            EnrolmentFactory(offer=offer)
        with CaptureQueriesContext(connection) as queries:
            body = client.get("/api/v1/offers/", {"limit": 100}).json()
        assert body["count"] == total
        assert all(item["active_enrolments"] == 1 for item in body["items"])
        assert all(len(item["locations"]) == 1 for item in body["items"])
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["locations", "enrolments", "attendance", "certificates", "service-requests"]
)
def test_other_lists_need_a_fixed_number_of_queries(world, api_as, case_worker, path):
    rickshaw = OfferFactory(
        project=world.project, organisation=world.org_a, kind="practical_project"
    )
    ScheduleFactory(offer=rickshaw)
    client = api_as(case_worker)
    client.get("/api/v1/offers/")
    counts = []
    for total in (3, 9):
        while Enrolment.objects.count() < total:
            LocationFactory(project=world.project, organisation=world.org_a)
            enrolment = EnrolmentFactory(offer=rickshaw)
            AttendanceFactory(enrolment=enrolment)
            certificate_issue(actor=case_worker, enrolment=enrolment, kind="confirmation")
            request = ServiceRequestFactory(offer=rickshaw)
            service_request_schedule(
                actor=case_worker,
                service_request=request,
                expected_version=request.version,
                scheduled_for=timezone.now() + DAY,
                team=[enrolment.case],
            )
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/api/v1/{path}/", {"limit": 100}).json()["count"] == total
        counts.append(len(queries))
    assert counts[0] == counts[1]


# Offers: create, detail, update --------------------------------------------------------


@pytest.mark.django_db
def test_offer_create_and_detail(world, api_as, case_worker):
    place = LocationFactory(project=world.project, organisation=world.org_a)
    client = api_as(case_worker)
    created = client.post(
        "/api/v1/offers/",
        offer_body(
            world,
            kind="qualification_module",
            title="Quartiershausmeister",
            locations=[place.pk],
            capacity=12,
            target_groups=["long_term_unemployed", "immigrants"],
            languages=["de", "tr"],
            occupational_field="crafts",
            contact_person=case_worker.pk,
            start_date="2026-01-05",
            end_date="2026-12-18",
        ),
    )
    assert created.status_code == 201, created.content
    body = created.json()
    offer = Offer.objects.get(pk=body["id"])
    assert (offer.organisation, offer.published, offer.created_by) == (
        world.org_a,
        False,
        case_worker,
    )
    assert body["locations"] == [{"id": place.pk, "name": place.name}]
    assert body["contact_person"] == {"id": case_worker.pk, "full_name": case_worker.full_name}
    assert (body["capacity"], body["free_places"], body["waiting"]) == (12, 12, 0)
    assert body["certificate_rule"] == "months"
    assert body["cost"] == "0.00"
    detail = client.get(f"/api/v1/offers/{offer.pk}/").json()
    assert detail["target_groups"] == ["long_term_unemployed", "immigrants"]
    assert detail["occupational_field"] == "crafts"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field", "text"),
    [
        ({"start_date": "2026-05-01", "end_date": "2026-04-01"}, "end_date", "before the start"),
        ({"certificate_rule": "hours"}, "certificate_min_hours", "minimum hours"),
        ({"languages": ["deu"]}, "languages", "ISO 639-1"),
        ({"capacity": 0}, "capacity", ""),
        ({"contact_person": 999999}, "contact_person", "work in this project"),
        ({"organisation": "nobody"}, "organisation", "no case role"),
    ],
)
def test_offer_create_with_bad_input_is_422_and_saves_nothing(
    world, api_as, case_worker, overrides, field, text
):
    response = api_as(case_worker).post("/api/v1/offers/", offer_body(world, **overrides))
    assert response.status_code == 422, response.content
    assert text in " ".join(response.json()["fields"][field])
    assert not Offer.objects.exists()


@pytest.mark.django_db
def test_offer_create_refuses_unknown_codes_and_misspelt_fields(world, api_as, case_worker):
    client = api_as(case_worker)
    for overrides in ({"kind": "picnic"}, {"target_groups": ["astronauts"]}, {"titel": "x"}):
        response = client.post("/api/v1/offers/", offer_body(world, **overrides))
        assert response.status_code == 422, overrides
    assert not Offer.objects.exists()


@pytest.mark.django_db
def test_offer_create_with_foreign_ids_is_404(world, api_as, case_worker):
    foreign_place = LocationFactory(project=world.other_project, organisation=world.org_c)
    client = api_as(case_worker)
    with_place = client.post("/api/v1/offers/", offer_body(world, locations=[foreign_place.pk]))
    assert with_place.status_code == 404
    in_project = client.post("/api/v1/offers/", offer_body(world, project=world.other_project.slug))
    assert in_project.status_code == 404
    assert not Offer.objects.exists()


@pytest.mark.django_db
def test_offer_in_the_partner_organisations_name_is_refused(world, api_as, case_worker):
    response = api_as(case_worker).post(
        "/api/v1/offers/", offer_body(world, organisation=world.org_b.slug)
    )
    assert response.status_code == 422
    assert "no case role" in " ".join(response.json()["fields"]["organisation"])
    assert not Offer.objects.exists()


@pytest.mark.django_db
def test_offer_update_changes_the_fields_sent(world, api_as, case_worker, offer):
    place = LocationFactory(project=world.project, organisation=world.org_a)
    response = api_as(case_worker).patch(
        f"/api/v1/offers/{offer.pk}/",
        {
            "version": offer.version,
            "published": True,
            "capacity": 8,
            "locations": [place.pk],
            "occupational_field": None,
        },
    )
    assert response.status_code == 200, response.content
    offer.refresh_from_db()
    assert (offer.published, offer.capacity, offer.occupational_field, offer.title) == (
        True,
        8,
        "",
        "Stadtteilservice",
    )
    assert list(offer.locations.all()) == [place]
    assert response.json()["version"] == offer.version


@pytest.mark.django_db
def test_offer_update_with_a_stale_version_is_409_naming_what_changed(api_as, case_worker, offer):
    client = api_as(case_worker)
    version = client.get(f"/api/v1/offers/{offer.pk}/").json()["version"]
    first = client.patch(f"/api/v1/offers/{offer.pk}/", {"version": version, "title": "Neu"})
    assert first.status_code == 200
    second = client.patch(f"/api/v1/offers/{offer.pk}/", {"version": version, "capacity": 3})
    assert second.status_code == 409
    assert second.json()["changed"] == ["title"]
    assert second.json()["version"] == version + 1
    assert "Nothing was saved" in second.json()["detail"]
    offer.refresh_from_db()
    assert (offer.title, offer.capacity) == ("Neu", None)


@pytest.mark.django_db
def test_more_places_move_the_waiting_list_up(world, api_as, case_worker, offer):
    offer.capacity = 1
    offer.save()
    EnrolmentFactory(offer=offer)
    waiting = EnrolmentFactory(
        offer=offer, status="waiting", start_date=None, waiting_since=timezone.now()
    )
    response = api_as(case_worker).patch(
        f"/api/v1/offers/{offer.pk}/", {"version": offer.version, "capacity": 2}
    )
    assert response.status_code == 200, response.content
    assert (response.json()["active_enrolments"], response.json()["waiting"]) == (2, 0)
    waiting.refresh_from_db()
    assert (waiting.status, waiting.start_date) == ("active", TODAY)


@pytest.mark.django_db
def test_partner_sees_but_cannot_change_the_offer(world, api_as, partner, offer):
    client = api_as(partner)
    assert client.get(f"/api/v1/offers/{offer.pk}/").status_code == 200
    response = client.patch(f"/api/v1/offers/{offer.pk}/", {"version": 1, "title": "X"})
    assert response.status_code == 403
    offer.refresh_from_db()
    assert offer.title == "Stadtteilservice"


@pytest.mark.django_db
def test_another_projects_offer_is_404_everywhere(api_as, case_worker, foreign_offer):
    client = api_as(case_worker)
    base = f"/api/v1/offers/{foreign_offer.pk}/"
    schedule = foreign_offer.schedules.get()
    assert client.get(base).status_code == 404
    assert client.patch(base, {"version": 1, "title": "X"}).status_code == 404
    assert client.get(f"{base}schedules/").status_code == 404
    assert client.get(f"{base}schedules/{schedule.pk}/").status_code == 404
    assert client.patch(f"{base}schedules/{schedule.pk}/", {"version": 1}).status_code == 404
    assert client.delete(f"{base}schedules/{schedule.pk}/").status_code == 404
    assert (
        client.post(
            f"{base}schedules/", {"kind": "one_off", "date": "2026-01-01", **NINE_TO_NOON}
        ).status_code
        == 404
    )
    assert client.get(f"{base}translations/").status_code == 404
    assert client.put(f"{base}translations/en/", {"title": "X"}).status_code == 404
    assert client.get(f"{base}register/{TODAY}/").status_code == 404
    assert client.put(f"{base}register/{TODAY}/", {"rows": []}).status_code == 404
    assert client.get(f"{base}certificate-candidates/").status_code == 404
    foreign_offer.refresh_from_db()
    assert foreign_offer.version == 1
    assert Schedule.objects.filter(offer=foreign_offer).count() == 1
    assert not OfferTranslation.objects.exists()


# Translations --------------------------------------------------------------------------


@pytest.mark.django_db
def test_translation_put_adds_then_replaces_a_language(api_as, case_worker, offer):
    client = api_as(case_worker)
    url = f"/api/v1/offers/{offer.pk}/translations/tr/"
    added = client.put(url, {"title": "Mahalle hizmeti", "reviewed": True})
    assert added.status_code == 201, added.content
    body = added.json()
    assert (body["language"], body["reviewed"], body["reviewed_by"]["id"]) == (
        "tr",
        True,
        case_worker.pk,
    )
    replaced = client.put(url, {"version": body["version"], "title": "Mahalle servisi"})
    assert replaced.status_code == 200, replaced.content
    assert (replaced.json()["title"], replaced.json()["reviewed"]) == ("Mahalle servisi", False)
    listed = client.get(f"/api/v1/offers/{offer.pk}/translations/").json()
    assert [item["language"] for item in listed] == ["tr"]


@pytest.mark.django_db
def test_translation_without_or_with_a_stale_version_is_409(api_as, case_worker, offer):
    translation = OfferTranslationFactory(offer=offer, language="en", title="District service")
    client = api_as(case_worker)
    url = f"/api/v1/offers/{offer.pk}/translations/en/"
    without = client.put(url, {"title": "Neighbourhood service"})
    assert without.status_code == 409
    assert without.json()["version"] == translation.version
    stale = client.put(url, {"version": translation.version - 1, "title": "Neighbourhood service"})
    assert stale.status_code == 409
    translation.refresh_from_db()
    assert translation.title == "District service"


@pytest.mark.django_db
def test_german_is_not_a_translation_and_delete_removes_one(api_as, case_worker, offer):
    OfferTranslationFactory(offer=offer, language="uk", title="Послуга")
    client = api_as(case_worker)
    german = client.put(f"/api/v1/offers/{offer.pk}/translations/de/", {"title": "X"})
    assert german.status_code == 422
    assert "language" in german.json()["fields"]
    assert client.delete(f"/api/v1/offers/{offer.pk}/translations/uk/").status_code == 204
    assert client.delete(f"/api/v1/offers/{offer.pk}/translations/uk/").status_code == 404
    assert not OfferTranslation.objects.exists()
