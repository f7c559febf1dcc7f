"""The rules of the case file's services: dates, stages, exit, six-month follow-up, locking."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from quartier.cases.models import Case, FollowUp, Plan, Stage
from quartier.cases.services import assessments as assessment_services
from quartier.cases.services import cases as case_services
from quartier.cases.services import contacts as contact_services
from quartier.cases.services import exits as exit_services
from quartier.cases.services import follow_ups as follow_up_services
from quartier.cases.services import plans as plan_services
from quartier.core.models import Role
from quartier.core.services import ConcurrentEditError
from tests.factories import CaseFactory, ConsentFactory, FollowUpFactory, GoalFactory, PlanFactory

pytestmark = pytest.mark.django_db

EXIT = {
    "exit_reason": "employment",
    "exit_job_searching": "no",
    "exit_education_training": "no",
    "exit_qualification": "yes",
    "exit_employed": "yes",
}


@pytest.fixture
def worker(world):
    return world.member(Role.CASE_WORKER, world.org_a)


@pytest.fixture
def case(world):
    return CaseFactory(participant__project=world.project, participant__organisation=world.org_a)


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


def test_stale_case_form_is_refused(worker, case):
    stale = case.version
    case_services.case_update(
        actor=worker,
        case=case,
        expected_version=stale,
        stage="profiling",
        responsible=worker,
        entry_date=case.entry_date,
    )
    with pytest.raises(ConcurrentEditError):
        case_services.case_update(
            actor=worker,
            case=Case.objects.get(pk=case.pk),
            expected_version=stale,
            stage="qualification",
            responsible=worker,
            entry_date=case.entry_date,
        )
    assert Case.objects.get(pk=case.pk).stage == "profiling"


def test_case_worker_of_partner_cannot_change_case(world, case):
    partner = world.member(Role.CASE_WORKER, world.org_b)
    with pytest.raises(PermissionDenied):
        contact_services.contact_create(
            actor=partner,
            case=case,
            date=date(2025, 4, 1),
            duration_minutes=30,
            channel="phone",
            topics=[],
        )


def test_responsible_must_hold_a_case_role_in_the_owning_organisation(world, worker, case):
    partner = world.member(Role.CASE_WORKER, world.org_b)
    with pytest.raises(ValidationError) as error:
        case_services.case_update(
            actor=worker,
            case=case,
            expected_version=case.version,
            stage=case.stage,
            responsible=partner,
            entry_date=case.entry_date,
        )
    assert "responsible" in error.value.message_dict


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


def test_first_assessment_moves_the_case_to_profiling(worker, case):
    assessment_services.assessment_create(
        actor=worker, case=case, date=date(2025, 3, 5), needs={"need_language": 3}
    )
    case.refresh_from_db()
    assert case.stage == Stage.PROFILING
    assert case.assessments.get().need_language == 3


def test_assessment_rating_above_three_is_refused(worker, case):
    with pytest.raises(ValidationError):
        assessment_services.assessment_create(
            actor=worker, case=case, date=date(2025, 3, 5), needs={"need_language": 4}
        )
    assert not case.assessments.exists()


def test_plan_is_created_and_goals_replaced_in_order(worker, case):
    plan = plan_services.plan_save(
        actor=worker,
        case=case,
        expected_version=0,
        agreed_on=date(2025, 3, 10),
        summary="",
        goals=[
            {"title": "German B1", "status": "open"},
            {"title": "Driving licence", "status": "open"},
        ],
    )
    goals = list(plan.goals.order_by("position"))
    plan_services.plan_save(
        actor=worker,
        case=case,
        expected_version=plan.version,
        agreed_on=plan.agreed_on,
        summary="updated",
        goals=[
            {"id": goals[1].pk, "title": "Driving licence", "status": "achieved"},
            {"id": goals[0].pk, "title": "German B1", "status": "open", "delete": True},
        ],
    )
    plan.refresh_from_db()
    assert [(g.title, g.status) for g in plan.goals.all()] == [("Driving licence", "achieved")]


def test_stale_plan_is_refused_without_touching_goals(worker, case):
    plan = PlanFactory(case=case)
    goal = GoalFactory(plan=plan, title="Keep me")
    stale = plan.version
    plan.summary = "someone else"
    plan.save()
    with pytest.raises(ConcurrentEditError):
        plan_services.plan_save(
            actor=worker,
            case=case,
            expected_version=stale,
            agreed_on=None,
            summary="mine",
            goals=[{"id": goal.pk, "title": "Changed", "status": "open"}],
        )
    goal.refresh_from_db()
    assert goal.title == "Keep me"
    assert Plan.objects.get(pk=plan.pk).summary == "someone else"


def test_contact_in_the_future_is_refused(worker, case):
    with pytest.raises(ValidationError):
        contact_services.contact_create(
            actor=worker,
            case=case,
            date=timezone.localdate() + timedelta(days=1),
            duration_minutes=30,
            channel="phone",
            topics=["job_search"],
        )


def test_contact_with_unknown_topic_is_refused(worker, case):
    with pytest.raises(ValidationError):
        contact_services.contact_create(
            actor=worker,
            case=case,
            date=date(2025, 4, 1),
            duration_minutes=30,
            channel="phone",
            topics=["astrology"],
        )


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
