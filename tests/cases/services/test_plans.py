"""The rules of `cases.services.plans`: goals in order, a stale plan refused."""

from datetime import date

import pytest

from quartier.cases.models import Plan
from quartier.cases.services import plans as plan_services
from quartier.core.services import ConcurrentEditError
from tests.factories import GoalFactory, PlanFactory

pytestmark = pytest.mark.django_db


def test_plan_is_created_and_goals_replaced_in_order(worker, case):
    plan = plan_services.plan_save(
        actor=worker,
        case=case,
        expected_version=0,
        agreed_on=date(2025, 3, 10),
        summary="",
        goals=[
            {"title": "German B1", "status": "open"},
            {"title": "Driving licence", "status": "open"},
        ],
    )
    goals = list(plan.goals.order_by("position"))
    plan_services.plan_save(
        actor=worker,
        case=case,
        expected_version=plan.version,
        agreed_on=plan.agreed_on,
        summary="updated",
        goals=[
            {"id": goals[1].pk, "title": "Driving licence", "status": "achieved"},
            {"id": goals[0].pk, "title": "German B1", "status": "open", "delete": True},
        ],
    )
    plan.refresh_from_db()
    assert [(g.title, g.status) for g in plan.goals.all()] == [("Driving licence", "achieved")]


def test_stale_plan_is_refused_without_touching_goals(worker, case):
    plan = PlanFactory(case=case)
    goal = GoalFactory(plan=plan, title="Keep me")
    stale = plan.version
    plan.summary = "someone else"
    plan.save()
    with pytest.raises(ConcurrentEditError):
        plan_services.plan_save(
            actor=worker,
            case=case,
            expected_version=stale,
            agreed_on=None,
            summary="mine",
            goals=[{"id": goal.pk, "title": "Changed", "status": "open"}],
        )
    goal.refresh_from_db()
    assert goal.title == "Keep me"
    assert Plan.objects.get(pk=plan.pk).summary == "someone else"
