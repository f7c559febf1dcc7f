"""The plans API (`cases.api.plans`) with goals."""

from datetime import date

import pytest

from quartier.cases.models import Goal, Plan
from tests.api.client import messages
from tests.factories import (
    GoalFactory,
    PlanFactory,
)


@pytest.mark.django_db
def test_plan_create_then_replace_with_goals(api_as, case_worker, cases):
    own = cases[0]
    client = api_as(case_worker)
    created = client.post(
        "/api/v1/plans/",
        {
            "case": own.pk,
            "agreed_on": "2025-03-10",
            "summary": "Start",
            "goals": [
                {"title": "German B1", "due_date": "2025-09-30"},
                {"title": "Driving licence"},
                {"title": "CV", "status": "in_progress"},
            ],
        },
    )
    assert created.status_code == 201, created.content
    plan = created.json()
    assert [goal["title"] for goal in plan["goals"]] == ["German B1", "Driving licence", "CV"]
    again = client.post("/api/v1/plans/", {"case": own.pk})
    assert again.status_code == 409
    assert f"/api/v1/plans/{plan['id']}/" in again.json()["detail"]
    german, _licence, cv = plan["goals"]
    replaced = client.put(
        f"/api/v1/plans/{plan['id']}/",
        {
            "version": plan["version"],
            "summary": "Revised",
            "goals": [
                {"id": cv["id"], "title": "CV", "status": "achieved"},
                {"id": german["id"], "title": "German B1", "due_date": "2025-12-31"},
                {"title": "Internship"},
            ],
        },
    )
    assert replaced.status_code == 200, replaced.content
    goals = list(Goal.objects.filter(plan_id=plan["id"]).order_by("position"))
    assert [(g.title, g.status) for g in goals] == [
        ("CV", "achieved"),
        ("German B1", "open"),
        ("Internship", "open"),
    ]
    assert goals[1].due_date == date(2025, 12, 31)
    assert Plan.objects.get(pk=plan["id"]).summary == "Revised"
    assert (
        client.get("/api/v1/plans/", {"case": own.pk}).json()["items"][0]["goals"][0]["title"]
        == "CV"
    )


@pytest.mark.django_db
def test_plan_with_a_stale_version_or_a_bad_goal_changes_nothing(api_as, case_worker, cases):
    plan = PlanFactory(case=cases[0], summary="Kept")
    goal = GoalFactory(plan=plan, title="Kept goal")
    client = api_as(case_worker)
    url = f"/api/v1/plans/{plan.pk}/"
    stale = client.put(url, {"version": plan.version - 1, "summary": "New", "goals": []})
    assert stale.status_code == 409
    bad_goal = client.put(
        url,
        {
            "version": plan.version,
            "summary": "New",
            "goals": [{"id": goal.pk, "title": "Renamed"}, {"title": ""}],
        },
    )
    assert bad_goal.status_code == 422
    assert "title" in messages(bad_goal)
    unknown_status = client.put(
        url, {"version": plan.version, "goals": [{"title": "x", "status": "someday"}]}
    )
    assert unknown_status.status_code == 422
    plan.refresh_from_db()
    assert plan.summary == "Kept"
    assert [g.title for g in plan.goals.all()] == ["Kept goal"]
