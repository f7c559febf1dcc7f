"""Reads of plans (Förderpläne) with their goals, and what the printable plan shows."""

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from quartier.cases.models import Case, Goal, Plan
from quartier.cases.selectors.cases import _of_visible_cases


def plans_visible_to(user) -> QuerySet[Plan]:
    return _of_visible_cases(Plan, user)


def plan_list(*, user, case: int | None = None) -> QuerySet[Plan]:
    plans = plans_visible_to(user).prefetch_related(
        Prefetch("goals", queryset=Goal.objects.order_by("position", "id"))
    )
    if case is not None:
        plans = plans.filter(case_id=case)
    return plans.order_by("case_id", "id")


def plan_print_data(*, case: Case) -> dict | None:
    """What the plan form prints, or None if the case has no plan yet."""
    plan = Plan.objects.filter(case=case).first()
    if plan is None:
        return None
    return {
        "case": case,
        "plan": plan,
        "goals": list(Goal.objects.filter(plan=plan).order_by("position", "id")),
        "participant": case.participant,
        "project": case.project,
        "organisation": case.organisation,
        "funders": list(case.project.funders.order_by("name")),
        "today": timezone.localdate(),
    }
