"""The rules of `cases.services.exits`: exit, undoing it, the six-month survey."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from quartier.cases.models import FollowUp, Stage
from quartier.cases.services import exits as exit_services
from tests.cases.services.conftest import EXIT
from tests.factories import ConsentFactory

pytestmark = pytest.mark.django_db


def test_exit_with_followup_consent_plans_the_six_month_follow_up(worker, case):
    ConsentFactory(participant=case.participant, purpose="followup_contact")
    exit_services.case_exit(
        actor=worker, case=case, expected_version=case.version, exit_date=date(2025, 8, 31), **EXIT
    )
    case.refresh_from_db()
    assert case.stage == Stage.EXITED
    follow_up = case.follow_ups.get(kind=FollowUp.Kind.SIX_MONTH)
    # relativedelta semantics, as INDICATORS.md asks: 31 August + 6 months = 28 February.
    assert follow_up.due_date == date(2026, 2, 28)


def test_exit_without_followup_consent_plans_no_follow_up(worker, case):
    exit_services.case_exit(
        actor=worker, case=case, expected_version=case.version, exit_date=date(2025, 8, 1), **EXIT
    )
    assert not case.follow_ups.exists()


def test_exit_before_entry_is_refused_and_nothing_changes(worker, case):
    with pytest.raises(ValidationError) as error:
        exit_services.case_exit(
            actor=worker,
            case=case,
            expected_version=case.version,
            exit_date=case.entry_date - timedelta(days=1),
            **EXIT,
        )
    assert "exit_date" in error.value.message_dict
    case.refresh_from_db()
    assert case.exit_date is None
    assert case.stage != Stage.EXITED


def test_exit_needs_every_esf_answer(worker, case):
    with pytest.raises(ValidationError) as error:
        exit_services.case_exit(
            actor=worker,
            case=case,
            expected_version=case.version,
            exit_date=date(2025, 8, 1),
            **{**EXIT, "exit_employed": ""},
        )
    assert "exit_employed" in error.value.message_dict


def test_six_month_follow_up_is_recorded_and_the_reminder_closed(worker, case):
    ConsentFactory(participant=case.participant, purpose="followup_contact")
    exit_services.case_exit(
        actor=worker, case=case, expected_version=case.version, exit_date=date(2025, 3, 31), **EXIT
    )
    case.refresh_from_db()
    exit_services.case_record_six_month_survey(
        actor=worker,
        case=case,
        expected_version=case.version,
        employed="yes",
        better_situation="unknown",
        recorded_on=date(2025, 10, 1),
    )
    case.refresh_from_db()
    assert (case.followup_6m_employed, case.followup_6m_better_situation) == ("yes", "unknown")
    assert not case.follow_ups.filter(done_at__isnull=True).exists()


def test_six_month_follow_up_needs_an_exit(worker, case):
    with pytest.raises(ValidationError):
        exit_services.case_record_six_month_survey(
            actor=worker,
            case=case,
            expected_version=case.version,
            employed="yes",
            better_situation="no",
        )


def test_undo_exit_reopens_the_case(worker, case):
    ConsentFactory(participant=case.participant, purpose="followup_contact")
    exit_services.case_exit(
        actor=worker, case=case, expected_version=case.version, exit_date=date(2025, 5, 1), **EXIT
    )
    case.refresh_from_db()
    exit_services.case_exit_undo(actor=worker, case=case, expected_version=case.version)
    case.refresh_from_db()
    assert case.exit_date is None
    assert case.exit_employed == ""
    assert case.stage != Stage.EXITED
    assert not case.follow_ups.exists()
