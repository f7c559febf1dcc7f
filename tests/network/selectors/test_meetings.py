"""The meeting list's level filter: a meeting of both networks counts for either."""

from datetime import date

import pytest

from quartier.core.models import Role
from quartier.network.selectors.meetings import meeting_list
from tests.network.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def test_a_meeting_of_both_levels_counts_for_either(world):
    coach = world.member(Role.NETWORK_COACH, world.org_a)
    both = MeetingFactory(project=world.project, level="both", title="Beirat")
    activation = MeetingFactory(project=world.project, level="activation", title="Café-Runde")
    strategy = MeetingFactory(project=world.project, level="strategy", title="Jobcenter-Runde")
    today = date(2026, 5, 1)
    found = meeting_list(user=coach, filters={"level": "activation"}, today=today)
    assert set(found) == {both, activation}
    found = meeting_list(user=coach, filters={"level": "strategy"}, today=today)
    assert set(found) == {both, strategy}
    assert set(meeting_list(user=coach, filters={"level": "both"}, today=today)) == {both}
