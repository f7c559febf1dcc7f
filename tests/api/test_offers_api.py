"""The offers API: catalogue with places, schedules and translations, enrolments with
the waiting list, the attendance register, certificates and service requests, each
scoped, locked and validated like the pages."""

import datetime as dt
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from quartier.core.models import Role
from quartier.offers import services
from quartier.offers.models import (
    Attendance,
    Certificate,
    Enrolment,
    Location,
    Offer,
    OfferTranslation,
    Schedule,
    ScheduleException,
    ServiceRequest,
)
from tests.api.client import ApiClient, messages
from tests.factories import CaseFactory, DistrictFactory, GoalFactory, PlanFactory
from tests.offers.factories import (
    AttendanceFactory,
    EnrolmentFactory,
    LocationFactory,
    OfferFactory,
    OfferTranslationFactory,
    ScheduleExceptionFactory,
    ScheduleFactory,
    ServiceRequestFactory,
)

TODAY = timezone.localdate()
DAY = dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Certificates issued here store their PDF: in a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


def months_ago(months: int) -> dt.date:
    return TODAY - relativedelta(months=months)


def new_case(world, organisation=None, project=None):
    return CaseFactory(
        participant__project=project or world.project,
        participant__organisation=organisation or world.org_a,
        entry_date=TODAY - 400 * DAY,
    )


@pytest.fixture
def case_worker(world):
    return world.member(Role.CASE_WORKER, world.org_a)


@pytest.fixture
def partner(world):
    """A case worker of the partner organisation in the same project."""
    return world.member(Role.CASE_WORKER, world.org_b)


@pytest.fixture
def offer(world):
    """Org A's module in project P, with a session every day from 9 to 12."""
    offer = OfferFactory(project=world.project, organisation=world.org_a, title="Stadtteilservice")
    ScheduleFactory(offer=offer)
    return offer


@pytest.fixture
def foreign_offer(world):
    """An offer of another project, run by org C."""
    offer = OfferFactory(project=world.other_project, organisation=world.org_c)
    ScheduleFactory(offer=offer)
    return offer


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
            services.certificate_issue(actor=case_worker, enrolment=enrolment, kind="confirmation")
            request = ServiceRequestFactory(offer=rickshaw)
            services.service_request_schedule(
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


# Locations -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_location_create_list_detail_and_update(world, api_as, case_worker):
    district = DistrictFactory()
    world.project.districts.add(district)
    LocationFactory(project=world.other_project, organisation=world.org_c)
    client = api_as(case_worker)
    created = client.post(
        "/api/v1/locations/",
        {
            "project": world.project.slug,
            "name": "Lehrwerkstatt",
            "street": "Bahnhofstraße 12",
            "postcode": "44623",
            "city": "Herne",
            "district": district.slug,
            "latitude": "51.541200",
            "longitude": "7.219800",
            "accessible": True,
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["organisation"], body["district"], body["address"]) == (
        world.org_a.slug,
        district.slug,
        "Bahnhofstraße 12, 44623 Herne",
    )
    listed = client.get("/api/v1/locations/").json()
    assert [item["id"] for item in listed["items"]] == [body["id"]]
    assert client.get("/api/v1/locations/", {"search": "werkstatt herne"}).json()["count"] == 1
    url = f"/api/v1/locations/{body['id']}/"
    assert client.get(url).json()["name"] == "Lehrwerkstatt"
    changed = client.patch(url, {"version": body["version"], "name": "Lehrwerkstatt Süd"})
    assert changed.status_code == 200, changed.content
    stale = client.patch(url, {"version": body["version"], "notes": "x"})
    assert stale.status_code == 409
    assert stale.json()["changed"] == ["name"]
    location = Location.objects.get(pk=body["id"])
    assert (location.name, location.notes) == ("Lehrwerkstatt Süd", "")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"district": "atlantis"}, "district"),
        ({"postcode": "123"}, "postcode"),
        ({"latitude": "51.5"}, "longitude"),
        ({"name": ""}, "name"),
    ],
)
def test_location_with_bad_input_is_422(world, api_as, case_worker, overrides, field):
    body = {"project": world.project.slug, "name": "Café", **overrides}
    response = api_as(case_worker).post("/api/v1/locations/", body)
    assert response.status_code == 422, response.content
    assert field in response.json()["fields"]
    assert not Location.objects.exists()


@pytest.mark.django_db
def test_messages_come_in_the_requests_language(world, client, case_worker):
    from quartier.core.services import api_token_create

    german = ApiClient(client, api_token_create(actor=case_worker, user=case_worker, name="t")[1])
    german.headers["HTTP_ACCEPT_LANGUAGE"] = "de"
    response = german.post("/api/v1/locations/", {"project": world.project.slug, "name": ""})
    assert response.status_code == 422
    assert response.json()["fields"]["name"] == ["Dieses Feld darf nicht leer sein."]


@pytest.mark.django_db
def test_another_projects_location_is_404(world, api_as, case_worker):
    foreign = LocationFactory(project=world.other_project, organisation=world.org_c)
    client = api_as(case_worker)
    url = f"/api/v1/locations/{foreign.pk}/"
    assert client.get(url).status_code == 404
    assert client.patch(url, {"version": 1, "name": "X"}).status_code == 404
    foreign.refresh_from_db()
    assert foreign.version == 1


# Schedules -----------------------------------------------------------------------------

NINE_TO_NOON = {"start_time": "09:00", "end_time": "12:00"}


@pytest.mark.django_db
def test_schedule_create_answers_with_rrule_and_hsds(world, api_as, case_worker, offer):
    place = LocationFactory(project=world.project, organisation=world.org_a)
    response = api_as(case_worker).post(
        f"/api/v1/offers/{offer.pk}/schedules/",
        {
            "kind": "weekly",
            "weekdays": ["MO", 2],
            **NINE_TO_NOON,
            "valid_from": "2026-01-05",
            "valid_until": "2026-03-27",
            "location": place.pk,
            "exceptions": [{"date": "2026-02-16", "reason": "Rosenmontag"}],
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["weekdays"] == [0, 2]
    assert body["exceptions"] == [{"date": "2026-02-16", "reason": "Rosenmontag"}]
    assert body["rrule"].startswith("FREQ=WEEKLY;INTERVAL=1;BYDAY=MO,WE;UNTIL=20260327")
    assert body["hsds"]["byday"] == "MO,WE"
    assert body["hsds"]["service_id"] == str(offer.public_id)
    assert body["hsds"]["location_id"] == str(place.public_id)
    assert body["hsds"]["opens_at"] == "09:00+01:00"
    listed = api_as(case_worker).get(f"/api/v1/offers/{offer.pk}/schedules/").json()
    assert sorted(item["id"] for item in listed) == sorted(
        offer.schedules.values_list("id", flat=True)
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "field"),
    [
        (
            {"kind": "one_off", "date": "2026-03-02", "start_time": "12:00", "end_time": "09:00"},
            "end_time",
        ),
        (
            {
                "weekdays": [0],
                **NINE_TO_NOON,
                "valid_from": "2026-03-02",
                "valid_until": "2026-02-02",
            },
            "valid_until",
        ),
        (
            {
                "weekdays": [0],
                **NINE_TO_NOON,
                "valid_from": "2026-03-02",
                "exceptions": [{"date": "2026-03-03"}],
            },
            "exceptions",
        ),
        ({"weekdays": ["XX"], **NINE_TO_NOON, "valid_from": "2026-03-02"}, "weekdays"),
        ({"weekdays": [], **NINE_TO_NOON, "valid_from": "2026-03-02"}, "weekdays"),
    ],
)
def test_schedule_with_bad_input_is_422_and_saves_nothing(api_as, case_worker, offer, body, field):
    response = api_as(case_worker).post(f"/api/v1/offers/{offer.pk}/schedules/", body)
    assert response.status_code == 422, response.content
    assert field in response.json()["fields"]
    assert offer.schedules.count() == 1
    assert not ScheduleException.objects.exists()


@pytest.mark.django_db
def test_schedule_update_stale_version_and_delete(api_as, case_worker, offer):
    schedule = offer.schedules.get()
    client = api_as(case_worker)
    url = f"/api/v1/offers/{offer.pk}/schedules/{schedule.pk}/"
    changed = client.patch(
        url,
        {
            "version": schedule.version,
            "end_time": "13:30",
            "exceptions": [{"date": str(TODAY), "reason": "Betriebsausflug"}],
        },
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["end_time"] == "13:30:00"
    assert changed.json()["exceptions"] == [{"date": str(TODAY), "reason": "Betriebsausflug"}]
    stale = client.patch(url, {"version": schedule.version, "start_time": "08:00"})
    assert stale.status_code == 409
    assert stale.json()["changed"] == ["end_time"]
    schedule.refresh_from_db()
    assert schedule.start_time == dt.time(9)
    assert client.delete(url).status_code == 204
    assert not Schedule.objects.filter(pk=schedule.pk).exists()
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_partner_cannot_change_the_offers_schedules(api_as, partner, offer):
    schedule = offer.schedules.get()
    client = api_as(partner)
    url = f"/api/v1/offers/{offer.pk}/schedules/{schedule.pk}/"
    assert client.get(url).status_code == 200
    assert client.patch(url, {"version": schedule.version, "end_time": "13:00"}).status_code == 403
    assert client.delete(url).status_code == 403
    assert Schedule.objects.get(pk=schedule.pk).end_time == dt.time(12)


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


# Enrolments ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_enrolment_create_list_and_detail(world, api_as, case_worker, offer):
    case = new_case(world)
    goal = GoalFactory(plan=PlanFactory(case=case))
    client = api_as(case_worker)
    created = client.post(
        "/api/v1/enrolments/",
        {
            "offer": offer.pk,
            "case": case.pk,
            "goal": goal.pk,
            "planned_end_date": str(TODAY + 90 * DAY),
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["status"], body["start_date"], body["goal"]) == ("active", str(TODAY), goal.pk)
    assert body["participant"]["id"] == case.participant_id
    assert body["attended_hours"] == "0"
    other = EnrolmentFactory(offer=OfferFactory(project=world.project, organisation=world.org_a))
    assert client.get("/api/v1/enrolments/").json()["count"] == 2
    by_offer = client.get("/api/v1/enrolments/", {"offer": offer.pk}).json()
    assert [item["id"] for item in by_offer["items"]] == [body["id"]]
    by_case = client.get("/api/v1/enrolments/", {"case": other.case_id}).json()
    assert [item["id"] for item in by_case["items"]] == [other.pk]
    assert client.get("/api/v1/enrolments/", {"status": "waiting"}).json()["count"] == 0
    assert client.get(f"/api/v1/enrolments/{body['id']}/").json()["offer_title"] == offer.title


@pytest.mark.django_db
def test_enrolment_beyond_capacity_is_refused_unless_on_the_waiting_list(
    world, api_as, case_worker, offer
):
    offer.capacity = 1
    offer.save()
    first = EnrolmentFactory(offer=offer)
    case = new_case(world)
    client = api_as(case_worker)
    refused = client.post("/api/v1/enrolments/", {"offer": offer.pk, "case": case.pk})
    assert refused.status_code == 422
    assert "offer: The offer is full (1 places)" in messages(refused)
    assert not Enrolment.objects.filter(case=case).exists()
    waiting = client.post(
        "/api/v1/enrolments/", {"offer": offer.pk, "case": case.pk, "waiting_list": True}
    )
    assert waiting.status_code == 201, waiting.content
    assert (waiting.json()["status"], waiting.json()["start_date"]) == ("waiting", None)
    ended = client.post(
        f"/api/v1/enrolments/{first.pk}/end/",
        {"version": first.version, "status": "dropped_out", "dropout_reason": "found_work"},
    )
    assert ended.status_code == 200, ended.content
    assert ended.json()["enrolment"]["status"] == "dropped_out"
    assert ended.json()["moved_up"] == [waiting.json()["id"]]
    assert Enrolment.objects.get(pk=waiting.json()["id"]).status == "active"


@pytest.mark.django_db
def test_moved_up_names_only_enrolments_the_user_may_see(world, api_as, case_worker, offer):
    offer.capacity = 1
    offer.save()
    first = EnrolmentFactory(offer=offer)
    partners_case = new_case(world, organisation=world.org_b)
    EnrolmentFactory(
        offer=offer,
        case=partners_case,
        status="waiting",
        start_date=None,
        waiting_since=timezone.now(),
    )
    ended = api_as(case_worker).post(
        f"/api/v1/enrolments/{first.pk}/end/",
        {"version": first.version, "status": "completed"},
    )
    assert ended.status_code == 200, ended.content
    assert ended.json()["moved_up"] == []
    assert Enrolment.objects.get(case=partners_case).status == "active"


@pytest.mark.django_db
def test_enrolment_with_foreign_ids_is_404(world, api_as, case_worker, offer, foreign_offer):
    own = new_case(world)
    partners_case = new_case(world, organisation=world.org_b)
    client = api_as(case_worker)
    assert (
        client.post(
            "/api/v1/enrolments/", {"offer": offer.pk, "case": partners_case.pk}
        ).status_code
        == 404
    )
    assert (
        client.post("/api/v1/enrolments/", {"offer": foreign_offer.pk, "case": own.pk}).status_code
        == 404
    )
    partners = EnrolmentFactory(offer=offer, case=partners_case)
    url = f"/api/v1/enrolments/{partners.pk}/"
    assert client.get(url).status_code == 404
    assert client.patch(url, {"version": 1, "notes": "x"}).status_code == 404
    assert client.post(f"{url}end/", {"version": 1, "status": "completed"}).status_code == 404
    assert client.get("/api/v1/enrolments/", {"case": partners_case.pk}).json()["count"] == 0
    assert Enrolment.objects.count() == 1
    partners.refresh_from_db()
    assert (partners.status, partners.notes) == ("active", "")


@pytest.mark.django_db
def test_enrolment_update_and_stale_version(world, api_as, case_worker, offer):
    enrolment = EnrolmentFactory(offer=offer, notes="Kept")
    goal = GoalFactory(plan=PlanFactory(case=enrolment.case))
    client = api_as(case_worker)
    url = f"/api/v1/enrolments/{enrolment.pk}/"
    changed = client.patch(url, {"version": enrolment.version, "goal": goal.pk})
    assert changed.status_code == 200, changed.content
    assert (changed.json()["goal"], changed.json()["notes"]) == (goal.pk, "Kept")
    stale = client.patch(url, {"version": enrolment.version, "notes": "Overwritten"})
    assert stale.status_code == 409
    assert stale.json()["changed"] == ["goal"]
    enrolment.refresh_from_db()
    assert (enrolment.goal, enrolment.notes) == (goal, "Kept")


@pytest.mark.django_db
def test_enrolment_goal_from_another_case_is_refused(world, api_as, case_worker, offer):
    enrolment = EnrolmentFactory(offer=offer)
    strangers_goal = GoalFactory(plan=PlanFactory(case=new_case(world)))
    response = api_as(case_worker).patch(
        f"/api/v1/enrolments/{enrolment.pk}/",
        {"version": enrolment.version, "goal": strangers_goal.pk},
    )
    assert response.status_code == 422
    assert "goal" in response.json()["fields"]
    enrolment.refresh_from_db()
    assert enrolment.goal is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"status": "dropped_out"}, "dropout_reason"),
        ({"status": "completed", "end_date": "2099-01-01"}, "end_date"),
    ],
)
def test_ending_with_bad_input_is_422_and_changes_nothing(api_as, case_worker, offer, body, field):
    enrolment = EnrolmentFactory(offer=offer)
    response = api_as(case_worker).post(
        f"/api/v1/enrolments/{enrolment.pk}/end/", {"version": enrolment.version, **body}
    )
    assert response.status_code == 422
    assert field in response.json()["fields"]
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.end_date) == ("active", None)


# Attendance ----------------------------------------------------------------------------


def register_url(offer, day=TODAY) -> str:
    return f"/api/v1/offers/{offer.pk}/register/{day}/"


@pytest.mark.django_db
def test_register_get_and_put_for_a_whole_group(world, api_as, case_worker, offer):
    anna, ben, cem = (EnrolmentFactory(offer=offer) for _ in range(3))
    hidden = EnrolmentFactory(offer=offer, case=new_case(world, organisation=world.org_b))
    AttendanceFactory(enrolment=cem, status="present", hours="3.00")
    client = api_as(case_worker)
    register = client.get(register_url(offer)).json()
    assert register["is_session_date"] is True
    assert register["max_hours"] == "3.00"
    assert {row["enrolment"] for row in register["rows"]} == {anna.pk, ben.pk, cem.pk}
    saved = client.put(
        register_url(offer),
        {
            "rows": [
                {"enrolment": anna.pk, "status": "present"},
                {"enrolment": ben.pk, "status": "excused"},
                {"enrolment": cem.pk, "status": None},
            ]
        },
    )
    assert saved.status_code == 200, saved.content
    body = saved.json()
    assert (body["created"], body["updated"], body["cleared"]) == (2, 0, 1)
    rows = {row["enrolment"]: (row["status"], row["hours"]) for row in body["rows"]}
    assert rows == {
        anna.pk: ("present", "3.00"),
        ben.pk: ("excused", "0.00"),
        cem.pk: (None, None),
    }
    assert not Attendance.objects.filter(enrolment=hidden).exists()
    listed = client.get("/api/v1/attendance/", {"offer": offer.pk, "date_from": str(TODAY)}).json()
    assert [(item["enrolment"], item["status"]) for item in listed["items"]] == [
        (anna.pk, "present"),
        (ben.pk, "excused"),
    ]


@pytest.mark.django_db
def test_register_row_saved_meanwhile_is_409_and_nothing_is_saved(api_as, case_worker, offer):
    anna, ben = EnrolmentFactory(offer=offer), EnrolmentFactory(offer=offer)
    client = api_as(case_worker)
    read = {row["enrolment"]: row for row in client.get(register_url(offer)).json()["rows"]}
    assert read[anna.pk]["version"] is None
    AttendanceFactory(enrolment=anna, status="unexcused", hours="0")  # a colleague's save
    response = client.put(
        register_url(offer),
        {
            "rows": [
                {"enrolment": anna.pk, "status": "present", "version": None},
                {"enrolment": ben.pk, "status": "present", "version": None},
            ]
        },
    )
    assert response.status_code == 409
    assert response.json()["changed"] == [str(anna.pk)]
    assert "Nothing was saved" in response.json()["detail"]
    assert list(Attendance.objects.values_list("enrolment_id", "status")) == [
        (anna.pk, "unexcused")
    ]
    stored = client.get(register_url(offer)).json()["rows"]
    version = next(row["version"] for row in stored if row["enrolment"] == anna.pk)
    saved = client.put(
        register_url(offer),
        {"rows": [{"enrolment": anna.pk, "status": "present", "version": version}]},
    )
    assert saved.status_code == 200, saved.content
    assert saved.json()["updated"] == 1


@pytest.mark.django_db
def test_register_of_the_partner_organisation_shows_only_its_people(world, api_as, partner, offer):
    EnrolmentFactory(offer=offer)
    theirs = EnrolmentFactory(offer=offer, case=new_case(world, organisation=world.org_b))
    rows = api_as(partner).get(register_url(offer)).json()["rows"]
    assert [row["enrolment"] for row in rows] == [theirs.pk]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "text"),
    [
        ("2026-02-30", ""),
        ("yesterday", ""),
        (TODAY + DAY, "in advance"),
        ("cancelled", "not a session date"),
    ],
)
def test_register_put_with_a_bad_date_is_422_and_saves_nothing(
    api_as, case_worker, offer, day, text
):
    enrolment = EnrolmentFactory(offer=offer)
    if day == "cancelled":
        ScheduleExceptionFactory(schedule=offer.schedules.get(), date=TODAY - DAY)
        day = TODAY - DAY
    response = api_as(case_worker).put(
        register_url(offer, day), {"rows": [{"enrolment": enrolment.pk, "status": "present"}]}
    )
    assert response.status_code == 422, response.content
    assert text in messages(response)
    assert not Attendance.objects.exists()


@pytest.mark.django_db
def test_register_put_with_one_bad_row_saves_nothing(api_as, case_worker, offer):
    good, bad = EnrolmentFactory(offer=offer), EnrolmentFactory(offer=offer)
    response = api_as(case_worker).put(
        register_url(offer),
        {
            "rows": [
                {"enrolment": good.pk, "status": "present", "hours": "2.5"},
                {"enrolment": bad.pk, "status": "present", "hours": "4"},
            ]
        },
    )
    assert response.status_code == 422
    assert str(bad.pk) in response.json()["fields"]
    assert "at most 3.00 hours" in messages(response)
    assert not Attendance.objects.exists()


@pytest.mark.django_db
def test_register_put_with_a_foreign_enrolment_is_404(world, api_as, case_worker, offer):
    own = EnrolmentFactory(offer=offer)
    partners = EnrolmentFactory(offer=offer, case=new_case(world, organisation=world.org_b))
    response = api_as(case_worker).put(
        register_url(offer),
        {
            "rows": [
                {"enrolment": own.pk, "status": "present"},
                {"enrolment": partners.pk, "status": "unexcused"},
            ]
        },
    )
    assert response.status_code == 404
    assert not Attendance.objects.exists()


@pytest.mark.django_db
def test_register_put_needs_a_fixed_number_of_queries(world, api_as, case_worker, offer):
    client = api_as(case_worker)
    client.get(register_url(offer))
    counts = []
    for total in (5, 25):
        enrolments = [EnrolmentFactory(offer=offer) for _ in range(total)]
        day = TODAY - (total // 5) * DAY
        rows = [{"enrolment": enrolment.pk, "status": "present"} for enrolment in enrolments]
        with CaptureQueriesContext(connection) as queries:
            response = client.put(register_url(offer, day), {"rows": rows})
        assert response.status_code == 200, response.content
        assert response.json()["created"] == total
        counts.append(len(queries))
        Enrolment.objects.filter(pk__in=[e.pk for e in enrolments]).update(start_date=TODAY)
    assert counts[0] == counts[1]


@pytest.mark.django_db
def test_attendance_list_is_scoped_and_refuses_reversed_dates(world, api_as, case_worker, offer):
    own = AttendanceFactory(enrolment=EnrolmentFactory(offer=offer), date=TODAY - DAY)
    AttendanceFactory(enrolment=EnrolmentFactory(offer=offer, case=new_case(world, world.org_b)))
    client = api_as(case_worker)
    body = client.get("/api/v1/attendance/").json()
    assert [item["id"] for item in body["items"]] == [own.pk]
    assert body["items"][0]["case"] == own.enrolment.case_id
    reversed_range = client.get(
        "/api/v1/attendance/", {"date_from": str(TODAY), "date_to": str(TODAY - DAY)}
    )
    assert reversed_range.status_code == 422


# Certificates --------------------------------------------------------------------------


@pytest.fixture
def lead(world):
    return world.member(Role.PROJECT_LEAD, world.org_a)


@pytest.mark.django_db
def test_certificate_issue_list_and_detail(world, api_as, case_worker, offer):
    enrolment = EnrolmentFactory(offer=offer, start_date=months_ago(5))
    AttendanceFactory(enrolment=enrolment, date=TODAY - DAY, hours="3.00")
    client = api_as(case_worker)
    issued = client.post("/api/v1/certificates/", {"enrolment": enrolment.pk})
    assert issued.status_code == 201, issued.content
    body = issued.json()
    participant = enrolment.case.participant
    assert body["participant_name"] == f"{participant.first_name} {participant.last_name}"
    assert (body["kind"], body["offer_title"], body["hours"]) == (
        "certificate",
        "Stadtteilservice",
        "3.00",
    )
    assert (body["period_start"], body["period_end"]) == (str(months_ago(5)), str(TODAY))
    assert body["number"].startswith(f"Q-{TODAY.year}-")
    assert body["issued_by"]["id"] == case_worker.pk
    assert client.get(f"/api/v1/certificates/{body['id']}/").json()["number"] == body["number"]
    listed = client.get("/api/v1/certificates/", {"offer": offer.pk}).json()
    assert [item["id"] for item in listed["items"]] == [body["id"]]
    assert client.get("/api/v1/certificates/", {"kind": "confirmation"}).json()["count"] == 0
    again = client.post("/api/v1/certificates/", {"enrolment": enrolment.pk})
    assert again.status_code == 422
    assert body["number"] in messages(again)
    assert Certificate.objects.count() == 1


@pytest.mark.django_db
def test_issued_certificates_cannot_be_changed_through_the_api(api_as, case_worker, offer):
    enrolment = EnrolmentFactory(offer=offer)
    certificate = services.certificate_issue(
        actor=case_worker, enrolment=enrolment, kind="confirmation"
    )
    client = api_as(case_worker)
    url = f"/api/v1/certificates/{certificate.pk}/"
    assert client.patch(url, {"hours": "99"}).status_code == 405
    assert client.put(url, {"hours": "99"}).status_code == 405
    assert client.delete(url).status_code == 405
    certificate.refresh_from_db()
    assert certificate.hours == Decimal(0)


@pytest.mark.django_db
def test_certificate_for_someone_not_eligible(world, api_as, case_worker, lead, offer):
    enrolment = EnrolmentFactory(offer=offer, start_date=months_ago(2))
    body = {"enrolment": enrolment.pk}
    refused = api_as(case_worker).post("/api/v1/certificates/", body)
    assert refused.status_code == 403
    assert "Only the project lead" in refused.json()["detail"]
    lead_client = api_as(lead)
    without_reason = lead_client.post("/api/v1/certificates/", body)
    assert without_reason.status_code == 422
    assert "override_reason" in without_reason.json()["fields"]
    assert not Certificate.objects.exists()
    with_reason = lead_client.post(
        "/api/v1/certificates/", {**body, "override_reason": "Krankheit, Lernziele erreicht"}
    )
    assert with_reason.status_code == 201, with_reason.content
    assert with_reason.json()["override_reason"] == "Krankheit, Lernziele erreicht"
    confirmation = api_as(case_worker).post(
        "/api/v1/certificates/", {**body, "kind": "confirmation"}
    )
    assert confirmation.status_code == 201


@pytest.mark.django_db
def test_certificate_names_its_pdf_and_verification_pages(api_as, case_worker, offer, settings):
    enrolment = EnrolmentFactory(offer=offer, start_date=months_ago(6))
    certificate = services.certificate_issue(actor=case_worker, enrolment=enrolment)
    body = api_as(case_worker).get(f"/api/v1/certificates/{certificate.pk}/").json()
    base = settings.QUARTIER_BASE_URL
    assert body["pdf_url"] == base + reverse("offers:certificate_pdf", args=[certificate.pk])
    assert body["verification_url"] == base + reverse(
        "offers:certificate_verify", args=[certificate.verification_token]
    )


@pytest.mark.django_db
def test_certificate_revocation_needs_a_reason(api_as, case_worker, offer):
    enrolment = EnrolmentFactory(offer=offer, start_date=months_ago(6))
    certificate = services.certificate_issue(actor=case_worker, enrolment=enrolment)
    client = api_as(case_worker)
    url = f"/api/v1/certificates/{certificate.pk}/revoke/"
    without = client.post(url, {"reason": " "})
    assert without.status_code == 422
    assert "reason" in without.json()["fields"]
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    revoked = client.post(url, {"reason": "Falsche Person"})
    assert revoked.status_code == 200, revoked.content
    assert (revoked.json()["revoked"], revoked.json()["revocation_reason"]) == (
        True,
        "Falsche Person",
    )
    assert revoked.json()["number"] == certificate.number
    assert client.get("/api/v1/certificates/", {"revoked": False}).json()["count"] == 0
    assert client.get("/api/v1/certificates/", {"revoked": True}).json()["count"] == 1


@pytest.mark.django_db
def test_certificate_candidates_show_who_is_eligible(world, api_as, case_worker, offer):
    ready = EnrolmentFactory(offer=offer, start_date=months_ago(6))
    early = EnrolmentFactory(offer=offer)
    EnrolmentFactory(offer=offer, case=new_case(world, organisation=world.org_b))
    certificate = services.certificate_issue(actor=case_worker, enrolment=ready)
    rows = api_as(case_worker).get(f"/api/v1/offers/{offer.pk}/certificate-candidates/").json()
    by_enrolment = {row["enrolment"]: row for row in rows}
    assert set(by_enrolment) == {ready.pk, early.pk}
    assert (by_enrolment[ready.pk]["eligible"], by_enrolment[ready.pk]["certificate"]) == (
        True,
        certificate.pk,
    )
    assert by_enrolment[early.pk]["eligible"] is False
    assert "needs 4" in by_enrolment[early.pk]["reason"]


@pytest.mark.django_db
def test_foreign_certificates_are_404(world, api_as, case_worker, offer):
    partners = EnrolmentFactory(offer=offer, case=new_case(world, organisation=world.org_b))
    certificate = services.certificate_issue(
        actor=world.member(Role.CASE_WORKER, world.org_b), enrolment=partners, kind="confirmation"
    )
    client = api_as(case_worker)
    base = f"/api/v1/certificates/{certificate.pk}/"
    assert client.get(base).status_code == 404
    assert client.post(f"{base}revoke/", {"reason": "x"}).status_code == 404
    assert client.post("/api/v1/certificates/", {"enrolment": partners.pk}).status_code == 404
    assert client.get("/api/v1/certificates/").json()["count"] == 0
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    assert Certificate.objects.count() == 1


# Service requests ----------------------------------------------------------------------


@pytest.fixture
def rickshaw(world):
    offer = OfferFactory(
        project=world.project,
        organisation=world.org_a,
        kind="practical_project",
        title="Fahrradrikscha",
        published=True,
    )
    ScheduleFactory(offer=offer)
    return offer


@pytest.mark.django_db
def test_service_request_create_list_and_detail(world, api_as, case_worker, rickshaw):
    district = DistrictFactory()
    world.project.districts.add(district)
    client = api_as(case_worker)
    created = client.post(
        "/api/v1/service-requests/",
        {
            "offer": rickshaw.pk,
            "requested_by_name": "Frau Kowalski",
            "contact_phone": "02362 123456",
            "description": "Fahrt zum Wochenmarkt",
            "district": district.slug,
            "preferred_date": str(TODAY + 3 * DAY),
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["status"], body["district"], body["team"]) == ("requested", district.slug, [])
    ServiceRequestFactory(offer=rickshaw, status="cancelled")
    listed = client.get("/api/v1/service-requests/").json()
    assert listed["items"][0]["id"] == body["id"]
    assert client.get("/api/v1/service-requests/", {"status": "requested"}).json()["count"] == 1
    detail = client.get(f"/api/v1/service-requests/{body['id']}/").json()
    assert detail["description"] == "Fahrt zum Wochenmarkt"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"contact_phone": ""}, "contact_phone"),
        ({"preferred_date": "2020-01-01"}, "preferred_date"),
        ({"district": "atlantis"}, "district"),
    ],
)
def test_service_request_with_bad_input_is_422(api_as, case_worker, rickshaw, overrides, field):
    body = {
        "offer": rickshaw.pk,
        "requested_by_name": "Herr Yilmaz",
        "contact_phone": "0176 555",
        "description": "Hecke schneiden",
        **overrides,
    }
    response = api_as(case_worker).post("/api/v1/service-requests/", body)
    assert response.status_code == 422, response.content
    assert field in response.json()["fields"]
    assert not ServiceRequest.objects.exists()


@pytest.mark.django_db
def test_only_practical_projects_take_requests(api_as, case_worker, offer):
    response = api_as(case_worker).post(
        "/api/v1/service-requests/",
        {"offer": offer.pk, "requested_by_name": "X", "contact_phone": "1", "description": "Y"},
    )
    assert response.status_code == 422
    assert "offer" in response.json()["fields"]


@pytest.mark.django_db
def test_service_request_is_scheduled_to_a_team_and_done(world, api_as, case_worker, rickshaw):
    request = ServiceRequestFactory(offer=rickshaw)
    member = EnrolmentFactory(offer=rickshaw)
    outsider = new_case(world)
    client = api_as(case_worker)
    url = f"/api/v1/service-requests/{request.pk}/"
    when = (timezone.now() + 2 * DAY).isoformat()
    not_enrolled = client.patch(
        url,
        {
            "version": request.version,
            "status": "scheduled",
            "scheduled_for": when,
            "team": [member.case_id, outsider.pk],
        },
    )
    assert not_enrolled.status_code == 422
    assert "team" in not_enrolled.json()["fields"]
    without_time = client.patch(
        url, {"version": request.version, "status": "scheduled", "team": [member.case_id]}
    )
    assert without_time.status_code == 422
    assert "scheduled_for" in without_time.json()["fields"]
    scheduled = client.patch(
        url,
        {
            "version": request.version,
            "status": "scheduled",
            "scheduled_for": when,
            "team": [member.case_id],
        },
    )
    assert scheduled.status_code == 200, scheduled.content
    assert (scheduled.json()["status"], scheduled.json()["team"]) == ("scheduled", [member.case_id])
    stale = client.patch(url, {"version": request.version, "status": "cancelled"})
    assert stale.status_code == 409
    assert "status" in stale.json()["changed"]
    done = client.patch(
        url, {"version": scheduled.json()["version"], "status": "done", "notes": "Gut angekommen"}
    )
    assert done.status_code == 200, done.content
    request.refresh_from_db()
    assert (request.status, request.notes) == ("done", "Gut angekommen")
    assert request.done_at is not None


@pytest.mark.django_db
def test_team_members_the_manager_does_not_see_are_only_counted(
    world, api_as, case_worker, rickshaw
):
    own = EnrolmentFactory(offer=rickshaw)
    partners = EnrolmentFactory(offer=rickshaw, case=new_case(world, organisation=world.org_b))
    request = ServiceRequestFactory(offer=rickshaw)
    services.service_request_schedule(
        actor=case_worker,
        service_request=request,
        expected_version=request.version,
        scheduled_for=timezone.now() + DAY,
        team=[own.case, partners.case],
    )
    body = api_as(case_worker).get(f"/api/v1/service-requests/{request.pk}/").json()
    assert (body["team"], body["team_others"]) == ([own.case_id], 1)


@pytest.mark.django_db
def test_service_request_team_with_a_foreign_case_is_404(world, api_as, case_worker, rickshaw):
    request = ServiceRequestFactory(offer=rickshaw)
    foreign = new_case(world, organisation=world.org_c, project=world.other_project)
    response = api_as(case_worker).patch(
        f"/api/v1/service-requests/{request.pk}/",
        {
            "version": request.version,
            "status": "scheduled",
            "scheduled_for": timezone.now().isoformat(),
            "team": [foreign.pk],
        },
    )
    assert response.status_code == 404
    request.refresh_from_db()
    assert request.status == "requested"


@pytest.mark.django_db
def test_partner_enters_a_request_but_does_not_manage_it(world, api_as, partner, rickshaw):
    client = api_as(partner)
    created = client.post(
        "/api/v1/service-requests/",
        {"offer": rickshaw.pk, "requested_by_name": "X", "contact_phone": "1", "description": "Y"},
    )
    assert created.status_code == 201, created.content
    url = f"/api/v1/service-requests/{created.json()['id']}/"
    assert client.get(url).status_code == 404
    assert client.patch(url, {"version": 1, "status": "cancelled"}).status_code == 404
    assert client.get("/api/v1/service-requests/").json()["count"] == 0
    assert ServiceRequest.objects.get().status == "requested"


# Aggregate roles, authentication, description ------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.EVALUATOR, Role.NETWORK_COACH])
def test_aggregate_roles_see_the_catalogue_but_no_people(world, api_as, offer, role):
    enrolment = EnrolmentFactory(offer=offer)
    AttendanceFactory(enrolment=enrolment)
    services.certificate_issue(
        actor=world.member(Role.CASE_WORKER, world.org_a), enrolment=enrolment, kind="confirmation"
    )
    client = api_as(world.member(role, world.org_a))
    assert client.get("/api/v1/offers/").json()["count"] == 1
    for path in ("enrolments", "attendance", "certificates", "service-requests"):
        assert client.get(f"/api/v1/{path}/").json() == {"items": [], "count": 0}, path
    assert client.get(register_url(offer)).json()["rows"] == []
    assert client.get(f"/api/v1/enrolments/{enrolment.pk}/").status_code == 404
    refused = client.post(
        "/api/v1/offers/", {"project": world.project.slug, "kind": "course", "title": "X"}
    )
    assert refused.status_code == 403
    assert Offer.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/offers/"),
        ("post", "/api/v1/offers/"),
        ("get", "/api/v1/offers/1/"),
        ("patch", "/api/v1/offers/1/"),
        ("get", "/api/v1/locations/"),
        ("post", "/api/v1/locations/"),
        ("get", "/api/v1/locations/1/"),
        ("patch", "/api/v1/locations/1/"),
        ("get", "/api/v1/offers/1/schedules/"),
        ("post", "/api/v1/offers/1/schedules/"),
        ("get", "/api/v1/offers/1/schedules/1/"),
        ("patch", "/api/v1/offers/1/schedules/1/"),
        ("delete", "/api/v1/offers/1/schedules/1/"),
        ("get", "/api/v1/offers/1/translations/"),
        ("put", "/api/v1/offers/1/translations/en/"),
        ("delete", "/api/v1/offers/1/translations/en/"),
        ("get", "/api/v1/enrolments/"),
        ("post", "/api/v1/enrolments/"),
        ("get", "/api/v1/enrolments/1/"),
        ("patch", "/api/v1/enrolments/1/"),
        ("post", "/api/v1/enrolments/1/end/"),
        ("get", "/api/v1/attendance/"),
        ("get", "/api/v1/offers/1/register/2026-01-05/"),
        ("put", "/api/v1/offers/1/register/2026-01-05/"),
        ("get", "/api/v1/certificates/"),
        ("post", "/api/v1/certificates/"),
        ("get", "/api/v1/certificates/1/"),
        ("post", "/api/v1/certificates/1/revoke/"),
        ("get", "/api/v1/offers/1/certificate-candidates/"),
        ("get", "/api/v1/service-requests/"),
        ("post", "/api/v1/service-requests/"),
        ("get", "/api/v1/service-requests/1/"),
        ("patch", "/api/v1/service-requests/1/"),
    ],
)
def test_every_offers_endpoint_needs_a_token(api_as, method, path):
    client = api_as(None)
    response = (
        getattr(client, method)(path)
        if method in ("get", "delete")
        else getattr(client, method)(path, {})
    )
    assert response.status_code == 401


@pytest.mark.django_db
def test_openapi_description_builds_with_the_offers_endpoints(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/offers/"])
    assert {"get", "patch"} <= set(paths["/api/v1/offers/{offer_id}/"])
    assert {"get", "patch", "delete"} <= set(
        paths["/api/v1/offers/{offer_id}/schedules/{schedule_id}/"]
    )
    assert {"put", "delete"} <= set(paths["/api/v1/offers/{offer_id}/translations/{language}/"])
    assert {"get", "put"} <= set(paths["/api/v1/offers/{offer_id}/register/{day}/"])
    assert set(paths["/api/v1/certificates/{certificate_id}/"]) == {"get"}
    for path in ("locations", "enrolments", "attendance", "certificates", "service-requests"):
        assert f"/api/v1/{path}/" in paths


@pytest.mark.django_db
@pytest.mark.parametrize("with_version", [False, True])
def test_register_put_for_a_foreign_enrolment_with_an_entry_is_404_not_409(
    world, api_as, case_worker, offer, with_version
):
    """Whether another organisation's enrolment has an entry on a date must not leak:
    the register is scoped before its rows are compared with what is stored."""
    partners = EnrolmentFactory(offer=offer, case=new_case(world, organisation=world.org_b))
    theirs = AttendanceFactory(enrolment=partners, status="unexcused", hours="0")
    row = {"enrolment": partners.pk, "status": "present"}
    if with_version:
        row["version"] = None
    response = api_as(case_worker).put(register_url(offer), {"rows": [row]})
    assert response.status_code == 404, response.content
    theirs.refresh_from_db()
    assert theirs.status == "unexcused"
    # Without an entry the answer is the same.
    theirs.delete()
    assert api_as(case_worker).put(register_url(offer), {"rows": [row]}).status_code == 404


@pytest.mark.django_db
def test_certificate_issued_through_the_api_has_its_pdf_stored(api_as, case_worker, offer):
    enrolment = EnrolmentFactory(offer=offer, start_date=months_ago(5))
    issued = api_as(case_worker).post("/api/v1/certificates/", {"enrolment": enrolment.pk})
    assert issued.status_code == 201, issued.content
    certificate = Certificate.objects.get(pk=issued.json()["id"])
    assert certificate.pdf
    assert certificate.pdf.read().startswith(b"%PDF")
