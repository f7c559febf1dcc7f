"""Recording stabilisation check-ins: once only, and what each result means."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from quartier.cases.models import FollowUp, Stage
from quartier.core.models import Role
from quartier.core.services import ConcurrentEditError
from quartier.economy.models import PlacementStatus
from quartier.economy.services.stabilisation import CheckAlreadyRecorded, check_record
from tests.economy.factories_placements import coach_case, record

pytestmark = pytest.mark.django_db


@pytest.fixture
def coach(world):
    return world.member(Role.JOB_COACH)


@pytest.fixture
def liaison(world):
    return world.member(Role.EMPLOYER_LIAISON)


@pytest.fixture
def english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture(autouse=True)
def pinned_day():
    with time_machine.travel(dt.datetime(2026, 1, 15, 10), tick=False):
        yield


def _check(placement, month, whom="participant"):
    return placement.checks.get(months_after_start=month, with_whom=whom)


def _record(check, actor, status="stable", **kwargs):
    data = {"done_on": check.due_date, "mode": "phone", "still_employed": True}
    data.update(kwargs)
    return check_record(
        actor=actor, check=check, expected_version=check.version, status=status, **data
    )


def test_a_check_in_is_recorded_once(world, coach):
    placement = record(coach_case(world, coach), coach)
    check = _check(placement, 1)
    version = check.version
    _record(check, coach)
    stale = _check(placement, 1)
    stale.done_on = None
    stale.version = version
    with pytest.raises(CheckAlreadyRecorded, match="already recorded on 02.07.2025"):
        check_record(
            actor=coach,
            check=stale,
            expected_version=version,
            status="at_risk",
            done_on=dt.date(2025, 7, 3),
        )
    assert _check(placement, 1).status == "stable"


def test_a_stale_version_is_refused(world, coach):
    check = _check(record(coach_case(world, coach), coach), 1)
    with pytest.raises(ConcurrentEditError):
        check_record(
            actor=coach,
            check=check,
            expected_version=check.version + 1,
            status="stable",
            done_on=check.due_date,
        )


def test_the_first_stable_participant_check_in_moves_the_case_to_stabilisation(world, coach):
    case = coach_case(world, coach)
    placement = record(case, coach)
    _record(_check(placement, 1, "employer"), coach)
    case.refresh_from_db()
    assert case.stage == Stage.PLACEMENT
    _record(_check(placement, 1), coach)
    case.refresh_from_db()
    assert case.stage == Stage.STABILISATION


def test_stable_only_after_the_last_check_in(world, coach):
    placement = record(coach_case(world, coach), coach)
    for month in (1, 3):
        for whom in ("participant", "employer"):
            _record(_check(placement, month, whom), coach)
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.ACTIVE
    _record(_check(placement, 6), coach)
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.ACTIVE
    _record(_check(placement, 6, "employer"), coach)
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.STABLE


def test_at_risk_raises_a_follow_up_for_the_coach(world, coach):
    case = coach_case(world, coach)
    placement = record(case, coach)
    _record(_check(placement, 1), coach, status="at_risk", risk_flags=["childcare", "absences"])
    follow_up = FollowUp.objects.get(case=case)
    assert follow_up.kind == FollowUp.Kind.STABILISATION
    assert follow_up.assigned_to == coach
    assert follow_up.due_date == dt.date(2026, 1, 22)
    assert "childcare" in follow_up.title


def test_ended_ends_the_placement_and_cancels_the_later_check_ins(world, coach):
    case = coach_case(world, coach)
    placement = record(case, coach)
    _record(_check(placement, 1), coach)
    _record(
        _check(placement, 3), coach, status="ended", still_employed=False, end_reason="dismissed"
    )
    placement.refresh_from_db()
    case.refresh_from_db()
    assert placement.status == PlacementStatus.ENDED
    assert placement.end_reason == "dismissed"
    assert placement.ended_on == dt.date(2025, 9, 2)
    assert sorted(placement.checks.values_list("months_after_start", "with_whom")) == [
        (1, "participant"),
        (3, "participant"),
    ]
    assert case.stage == Stage.PROFILING


def test_bad_results_get_field_messages(world, coach):
    check = _check(record(coach_case(world, coach), coach), 1)
    with pytest.raises(ValidationError) as error:
        _record(check, coach, status="ended")
    assert "end_reason" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _record(check, coach, still_employed=False)
    assert "still_employed" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _record(check, coach, done_on=dt.date(2025, 5, 1))
    assert "done_on" in error.value.message_dict
    with pytest.raises(ValidationError):
        _record(check, coach, risk_flags=["no-such-flag"])


def test_the_employer_liaison_records_only_check_ins_with_the_employer(world, coach, liaison):
    placement = record(coach_case(world, coach), coach)
    _record(_check(placement, 1, "employer"), liaison)
    with pytest.raises(PermissionDenied):
        _record(_check(placement, 1), liaison)
    partner_liaison = world.member(Role.EMPLOYER_LIAISON, organisation=world.org_b)
    with pytest.raises(PermissionDenied):
        _record(_check(placement, 3, "employer"), partner_liaison)
