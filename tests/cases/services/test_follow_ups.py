"""The rules of `cases.services.follow_ups`."""

import pytest

from quartier.cases.services import follow_ups as follow_up_services
from tests.factories import FollowUpFactory

pytestmark = pytest.mark.django_db


def test_follow_up_done_twice_changes_nothing(worker, case):
    follow_up = FollowUpFactory(case=case)
    follow_up_services.follow_up_set_done(actor=worker, follow_up=follow_up, done=True)
    first = follow_up.done_at
    follow_up_services.follow_up_set_done(actor=worker, follow_up=follow_up, done=True)
    follow_up.refresh_from_db()
    assert follow_up.done_at == first
    assert follow_up.done_by == worker
    follow_up_services.follow_up_set_done(actor=worker, follow_up=follow_up, done=False)
    follow_up.refresh_from_db()
    assert follow_up.done_at is None
