"""Reads for the cases API: the case-file lists with their filters, each starting from a
`*_visible_to(user)` of `cases.selectors`.

Kept apart from `selectors.py` so the API could be built while the pages were; the
functions are general and may move there.
"""

import datetime as dt

from django.db.models import Prefetch, QuerySet

from quartier.cases.models import Assessment, Contact, FollowUp, Goal, Plan
from quartier.cases.selectors import (
    CaseFilter,
    assessments_visible_to,
    case_list,
    contacts_visible_to,
    follow_ups_visible_to,
    plans_visible_to,
)


def case_rows(*, user, filters: CaseFilter | None = None, project: str = "", district: str = ""):
    """`case_list` with the organisation joined, optionally narrowed to a project and a
    district given by slug (the API names them by slug, the pages by id)."""
    cases = case_list(user=user, filters=filters, with_overdue=True).select_related("organisation")
    if project:
        cases = cases.filter(project__slug=project)
    if district:
        cases = cases.filter(participant__district__slug=district)
    return cases


def assessment_list(*, user, case: int | None = None) -> QuerySet[Assessment]:
    assessments = assessments_visible_to(user).prefetch_related("skills")
    if case is not None:
        assessments = assessments.filter(case_id=case)
    return assessments.order_by("case_id", "date", "id")


def plan_list(*, user, case: int | None = None) -> QuerySet[Plan]:
    plans = plans_visible_to(user).prefetch_related(
        Prefetch("goals", queryset=Goal.objects.order_by("position", "id"))
    )
    if case is not None:
        plans = plans.filter(case_id=case)
    return plans.order_by("case_id", "id")


def contact_list(
    *,
    user,
    case: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[Contact]:
    """Contacts, newest first; both dates inclusive."""
    contacts = contacts_visible_to(user).select_related("staff")
    if case is not None:
        contacts = contacts.filter(case_id=case)
    if date_from:
        contacts = contacts.filter(date__gte=date_from)
    if date_to:
        contacts = contacts.filter(date__lte=date_to)
    return contacts.order_by("-date", "-id")


def follow_up_list(
    *,
    user,
    case: int | None = None,
    assigned_to_me: bool = False,
    due_before: dt.date | None = None,
    is_open: bool | None = None,
) -> QuerySet[FollowUp]:
    """Follow-ups by due date; `due_before` is exclusive, `is_open` None means both."""
    follow_ups = follow_ups_visible_to(user).select_related("assigned_to", "done_by")
    if case is not None:
        follow_ups = follow_ups.filter(case_id=case)
    if assigned_to_me:
        follow_ups = follow_ups.filter(assigned_to=user)
    if due_before:
        follow_ups = follow_ups.filter(due_date__lt=due_before)
    if is_open is not None:
        follow_ups = follow_ups.filter(done_at__isnull=is_open)
    return follow_ups.order_by("due_date", "id")
