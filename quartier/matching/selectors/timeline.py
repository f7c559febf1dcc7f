"""The stored suggestions as events of the case's timeline (kind "match_suggestion",
partial `cases/timeline/_match_suggestion.html`). Registered with the case page's
timeline sources (`quartier.cases.timeline.register_timeline_source`) at merge."""

from django.utils import timezone

from quartier.cases.selectors.case_page import TimelineEvent
from quartier.matching.models import Decision, MatchSuggestion


def suggestion_events(*, case, limit: int) -> list[TimelineEvent]:
    """The case's decided suggestions, newest first, at most `limit` (one query)."""
    suggestions = (
        MatchSuggestion.objects.filter(case=case, decided_at__isnull=False)
        .exclude(decision=Decision.OPEN)
        .select_related("vacancy", "vacancy__employer", "offer", "decided_by")
        .order_by("-decided_at", "-id")[:limit]
    )
    return [
        TimelineEvent(timezone.localdate(s.decided_at), "match_suggestion", s) for s in suggestions
    ]
