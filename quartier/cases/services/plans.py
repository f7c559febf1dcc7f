"""Writes of the plan (Förderplan) with its goals."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from quartier.cases.models import (
    Case,
    Goal,
    Plan,
)
from quartier.cases.services.cases import _require_change
from quartier.core.models import User
from quartier.core.services import ConcurrentEditError, save_versioned


@transaction.atomic
def plan_save(
    *,
    actor: User,
    case: Case,
    expected_version: int | None,
    agreed_on: date | None,
    summary: str,
    goals: list[dict],
) -> Plan:
    """Create or replace the plan with its goals.

    `goals` is the whole list as the form shows it: dicts with `id` (None for new),
    `title`, `steps`, `due_date`, `status`, `responsible`, and `delete`. The plan's
    version guards the whole list: a stale form is refused, nothing is half-saved.
    """
    _require_change(actor, case)
    plan = Plan.objects.filter(case=case).first()
    if plan is None:
        if expected_version not in (None, 0):
            raise ConcurrentEditError()
        plan = Plan(case=case, created_by=actor, agreed_on=agreed_on, summary=summary)
        plan.full_clean()
        plan.save()
    else:
        if expected_version is None:
            raise ConcurrentEditError()
        plan.agreed_on = agreed_on
        plan.summary = summary
        save_versioned(plan, expected_version=expected_version)
    existing = {goal.pk: goal for goal in plan.goals.all()}
    for position, item in enumerate(goals):
        goal_id = item.get("id")
        if goal_id and goal_id not in existing:
            raise ValidationError(
                _("One of the goals is not (or no longer) part of this plan. Reload the plan.")
            )
        if item.get("delete"):
            if goal_id:
                existing[goal_id].delete()
            continue
        goal = existing.get(goal_id) or Goal(plan=plan, created_by=actor)
        changed = (
            goal.pk is None
            or any(
                getattr(goal, field) != item.get(field, getattr(goal, field))
                for field in ("title", "steps", "due_date", "status", "responsible")
            )
            or goal.position != position
        )
        if not changed:
            continue
        for field in ("title", "steps", "due_date", "status", "responsible"):
            if field in item:
                setattr(goal, field, item[field])
        goal.position = position
        goal.full_clean()
        goal.save()
    return plan
