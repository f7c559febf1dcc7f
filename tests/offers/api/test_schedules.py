"""The offers API's schedules (`api.schedules`)."""

import datetime as dt

import pytest
from django.utils import timezone

from quartier.offers.models import (
    Schedule,
    ScheduleException,
)
from tests.offers.factories import (
    LocationFactory,
)

TODAY = timezone.localdate()


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
