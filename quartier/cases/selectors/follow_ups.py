"""Reads of follow-ups (Wiedervorlagen), scoped through the visible cases."""

import datetime as dt

from django.db.models import QuerySet

from quartier.cases.models import FollowUp
from quartier.cases.selectors.cases import _of_visible_cases


def follow_ups_visible_to(user) -> QuerySet[FollowUp]:
    return _of_visible_cases(FollowUp, user)


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
