"""The case timeline's registry of sources from other apps (`quartier.cases.timeline`)."""

import datetime as dt

import pytest

from quartier.cases import timeline
from quartier.cases.selectors.case_page import TimelineEvent, case_overview
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

CALLS = []


def fake_source(*, case, limit):
    CALLS.append(limit)
    return [TimelineEvent(dt.date(2030, 1, 1), "fake", case)]


@pytest.fixture
def registered():
    path = f"{__name__}.fake_source"
    timeline.register_timeline_source(path)
    timeline.register_timeline_source(path)  # twice: still once
    yield path
    timeline._sources.pop(path)
    CALLS.clear()


def test_a_registered_source_is_merged_into_the_timeline(registered):
    case = CaseFactory(entry_date=dt.date(2025, 3, 1))
    overview = case_overview(case=case, timeline_limit=7)
    assert CALLS == [7]
    assert [event.kind for event in overview.timeline] == ["fake", "entry"]
    assert overview.sourced["fake"] == [case]


def test_the_economy_app_registers_its_placements():
    assert "quartier.economy.selectors.placements.case_timeline" in timeline._sources
    assert all(callable(source) for source in timeline.timeline_sources())
