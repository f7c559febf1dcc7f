"""Stored suggestions as timeline events of the case."""

from django.template.loader import render_to_string
from django.utils import timezone

from quartier.matching.selectors.timeline import suggestion_events
from tests.matching.factories import MatchSuggestionFactory


def test_decided_suggestions_are_events_newest_first(db):
    first = MatchSuggestionFactory(
        decision="proposed", decided_at=timezone.now() - timezone.timedelta(days=2)
    )
    second = MatchSuggestionFactory(
        case=first.case, decision="dismissed", reason="zu weit", decided_at=timezone.now()
    )
    MatchSuggestionFactory(case=first.case)  # not decided: no event
    events = suggestion_events(case=first.case, limit=10)
    assert [e.object for e in events] == [second, first]
    assert {e.kind for e in events} == {"match_suggestion"}
    assert suggestion_events(case=first.case, limit=1)[0].object == second
    html = render_to_string(events[0].template, {"obj": events[0].object})
    assert "dismissed" in html
    assert "zu weit" in html
    assert second.vacancy.title in html
