"""The offers API's attendance list and register (`api.attendance`)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from quartier.offers.models import (
    Attendance,
    Enrolment,
)
from tests.api.client import messages
from tests.factories import CaseFactory
from tests.offers.factories import (
    AttendanceFactory,
    EnrolmentFactory,
    ScheduleExceptionFactory,
)

TODAY = timezone.localdate()
DAY = dt.timedelta(days=1)


def new_case(world, organisation=None, project=None):
    return CaseFactory(
        participant__project=project or world.project,
        participant__organisation=organisation or world.org_a,
        entry_date=TODAY - 400 * DAY,
    )


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
