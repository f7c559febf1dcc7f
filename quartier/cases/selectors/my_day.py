""" "My day": a user's follow-ups and cases that need attention today."""

from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone

from quartier.cases.selectors.cases import cases_visible_to
from quartier.cases.selectors.follow_ups import follow_ups_visible_to


def my_day(*, user, today: date | None = None) -> dict:
    """The case worker's start page: follow-ups due today and overdue across their cases."""
    today = today or timezone.localdate()
    open_items = (
        follow_ups_visible_to(user)
        .filter(done_at__isnull=True, due_date__lte=today)
        .filter(Q(assigned_to=user) | Q(assigned_to__isnull=True, case__responsible=user))
        .select_related("case", "case__participant", "case__project")
        .order_by("due_date", "id")
    )
    items = list(open_items[:200])
    return {
        "today": today,
        "due_today": [item for item in items if item.due_date == today],
        "overdue": [item for item in items if item.due_date < today],
        "upcoming": list(
            follow_ups_visible_to(user)
            .filter(
                done_at__isnull=True,
                assigned_to=user,
                due_date__gt=today,
                due_date__lte=today + timedelta(days=7),
            )
            .select_related("case", "case__participant")
            .order_by("due_date", "id")[:20]
        ),
        "my_open_cases": cases_visible_to(user)
        .filter(responsible=user, exit_date__isnull=True)
        .count(),
    }
