"""The offers API's enrolments and attendance register (`api.enrolments`)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from quartier.core.models import Role
from quartier.offers.models import (
    Attendance,
    Enrolment,
)
from tests.api.client import messages
from tests.factories import CaseFactory, GoalFactory, PlanFactory
from tests.offers.factories import (
    AttendanceFactory,
    EnrolmentFactory,
    OfferFactory,
    ScheduleExceptionFactory,
    ScheduleFactory,
)

TODAY = timezone.localdate()
DAY = dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Certificates issued here store their PDF: in a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


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
