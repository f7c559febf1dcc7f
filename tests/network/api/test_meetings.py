"""The meetings API (`network.api.meetings`): meetings with their outcomes scoped to
the networks the user works in, the decisions, the tasks (`mine`) and ticking one off
(the assignee, the network coach; twice is a 409; others 403 or 404)."""

from datetime import date

import pytest

from quartier.core.models import Role
from quartier.network.models import MeetingOutcome
from tests.network.factories import MeetingFactory, MeetingOutcomeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def network_coach(world):
    return world.member(Role.NETWORK_COACH, world.org_a)


@pytest.fixture
def assignee(world):
    return world.member(Role.CASE_WORKER, world.org_b)


@pytest.fixture
def meeting(world, assignee):
    meeting = MeetingFactory(project=world.project, organisation=world.org_a, title="Beirat 1")
    MeetingOutcomeFactory(meeting=meeting, kind="information", text="Conference in June.")
    decision = MeetingOutcomeFactory(
        meeting=meeting,
        kind="decision",
        text="Open a women's café.",
        responsible_organisation=world.org_b,
        due_date=date(2026, 7, 1),
        position=1,
    )
    MeetingOutcomeFactory(
        meeting=meeting,
        kind="task",
        text="Find a room.",
        decision=decision,
        assignee=assignee,
        due_date=date(2026, 6, 1),
        position=2,
    )
    return meeting


def test_a_meeting_with_its_outcomes(api_as, world, network_coach, meeting, assignee):
    client = api_as(network_coach)
    listed = client.get("/api/v1/meetings/").json()
    assert [item["id"] for item in listed["items"]] == [meeting.pk]
    body = client.get(f"/api/v1/meetings/{meeting.pk}/").json()
    assert [o["text"] for o in body["information"]] == ["Conference in June."]
    (decision,) = body["decisions"]
    assert (decision["responsible_organisation"]["slug"], decision["due_date"]) == (
        world.org_b.slug,
        "2026-07-01",
    )
    (task,) = body["tasks"]
    assert (task["assignee"]["id"], task["due_date"], task["done"], task["decision"]) == (
        assignee.pk,
        "2026-06-01",
        False,
        decision["id"],
    )
    assert client.get("/api/v1/meetings/", {"kind": "network"}).json()["count"] == 0


def test_meetings_are_scoped(api_as, world, meeting):
    foreign = MeetingFactory(project=world.other_project, organisation=world.org_c)
    client = api_as(world.member(Role.NETWORK_COACH, world.org_c, project=world.other_project))
    assert [item["id"] for item in client.get("/api/v1/meetings/").json()["items"]] == [foreign.pk]
    assert client.get(f"/api/v1/meetings/{meeting.pk}/").status_code == 404
    staff = api_as(world.member(Role.PARTNER_STAFF, world.org_b))
    assert staff.get("/api/v1/meetings/").json()["count"] == 0
    assert staff.get("/api/v1/decisions/").json()["count"] == 0


def test_decisions_and_my_tasks(api_as, network_coach, assignee, meeting):
    decisions = api_as(network_coach).get("/api/v1/decisions/").json()
    assert [d["text"] for d in decisions["items"]] == ["Open a women's café."]
    assert api_as(network_coach).get("/api/v1/tasks/", {"mine": True}).json()["count"] == 0
    mine = api_as(assignee).get("/api/v1/tasks/", {"mine": True}).json()
    assert [t["text"] for t in mine["items"]] == ["Find a room."]
    assert mine["items"][0]["meeting_title"] == "Beirat 1"


def test_the_assignee_ticks_off_a_task_once(api_as, assignee, meeting):
    task = MeetingOutcome.objects.get(meeting=meeting, kind="task")
    client = api_as(assignee)
    done = client.post(f"/api/v1/tasks/{task.pk}/done/", {})
    assert done.status_code == 200, done.content
    assert done.json()["done"] is True
    assert done.json()["done_by"]["id"] == assignee.pk
    again = client.post(f"/api/v1/tasks/{task.pk}/done/", {})
    assert again.status_code == 409
    assert client.get("/api/v1/tasks/", {"mine": True, "open": True}).json()["count"] == 0


def test_others_may_not_tick_off_a_task(api_as, world, network_coach, meeting):
    task = MeetingOutcome.objects.get(meeting=meeting, kind="task")
    colleague = world.member(Role.CASE_WORKER, world.org_a)
    assert api_as(colleague).post(f"/api/v1/tasks/{task.pk}/done/", {}).status_code == 403
    outsider = world.member(Role.NETWORK_COACH, world.org_c, project=world.other_project)
    assert api_as(outsider).post(f"/api/v1/tasks/{task.pk}/done/", {}).status_code == 404
    decision = MeetingOutcome.objects.get(meeting=meeting, kind="decision")
    assert api_as(network_coach).post(f"/api/v1/tasks/{decision.pk}/done/", {}).status_code == 404
    assert MeetingOutcome.objects.get(pk=task.pk).done_at is None
    assert api_as(network_coach).post(f"/api/v1/tasks/{task.pk}/done/", {}).status_code == 200
