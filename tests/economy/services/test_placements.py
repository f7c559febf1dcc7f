"""Recording, changing and ending a placement: the case's stage, the vacancy, the
check-ins from the project's schedule, and the bad input of the issue."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from quartier.cases.models import FollowUp, Stage
from quartier.core.models import Role
from quartier.core.services import ConcurrentEditError
from quartier.economy.models import EconomySettings, PlacementStatus, VacancyStatus
from quartier.economy.services.placements import (
    economy_settings_update,
    placement_end,
    placement_update,
)
from tests.economy.factories_placements import (
    PlacementEmployerFactory,
    PlacementVacancyFactory,
    coach_case,
    record,
)

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


def test_recording_moves_the_case_and_plans_six_check_ins(world, coach, liaison):
    case = coach_case(world, coach)
    placement = record(case, coach)
    case.refresh_from_db()
    assert case.stage == Stage.PLACEMENT
    checks = list(placement.checks.order_by("due_date", "with_whom"))
    assert [(c.months_after_start, c.with_whom) for c in checks] == [
        (1, "employer"),
        (1, "participant"),
        (3, "employer"),
        (3, "participant"),
        (6, "employer"),
        (6, "participant"),
    ]
    assert checks[1].due_date == dt.date(2025, 7, 2)
    assert checks[-1].due_date == dt.date(2025, 12, 2)
    assert {c.assigned_to for c in checks if c.with_whom == "participant"} == {coach}
    # The one employer liaison of the case's organisation takes the employer check-ins.
    assert {c.assigned_to for c in checks if c.with_whom == "employer"} == {liaison}


def test_month_end_start_uses_calendar_months(world, coach):
    placement = record(coach_case(world, coach), coach, start=dt.date(2025, 8, 31))
    due = sorted({c.due_date for c in placement.checks.all()})
    assert due == [dt.date(2025, 9, 30), dt.date(2025, 11, 30), dt.date(2026, 2, 28)]


def test_two_liaisons_leave_the_employer_check_ins_with_the_coach(world, coach):
    world.member(Role.EMPLOYER_LIAISON)
    world.member(Role.EMPLOYER_LIAISON)
    placement = record(coach_case(world, coach), coach)
    assert {c.assigned_to for c in placement.checks.all()} == {coach}


def test_the_projects_schedule_is_used(world, coach):
    EconomySettings.objects.create(
        project=world.project, check_months=[2, 12], check_with_employer=False
    )
    placement = record(coach_case(world, coach), coach)
    assert sorted(placement.checks.values_list("months_after_start", "with_whom")) == [
        (2, "participant"),
        (12, "participant"),
    ]


def test_a_vacancy_is_filled_when_its_places_are_taken(world, coach):
    vacancy = PlacementVacancyFactory(project=world.project, places=2)
    first = record(coach_case(world, coach), coach, vacancy=vacancy, employer_name="", job_title="")
    assert first.job_title == vacancy.title
    assert first.employer == vacancy.employer
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.OPEN
    record(coach_case(world, coach), coach, vacancy=vacancy, employer_name="")
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.FILLED


def test_a_vacancy_or_employer_of_another_project_is_refused(world, coach):
    vacancy = PlacementVacancyFactory(project=world.other_project)
    with pytest.raises(ValidationError) as error:
        record(coach_case(world, coach), coach, vacancy=vacancy)
    assert "vacancy" in error.value.message_dict
    employer = PlacementEmployerFactory(project=world.other_project)
    with pytest.raises(ValidationError) as error:
        record(coach_case(world, coach), coach, employer=employer)
    assert "employer" in error.value.message_dict


def test_start_before_entry_or_after_exit_is_refused(world, coach):
    case = coach_case(world, coach)
    with pytest.raises(ValidationError) as error:
        record(case, coach, start=dt.date(2025, 2, 28))
    assert (
        "before the participant's entry on 01.03.2025" in error.value.message_dict["start_date"][0]
    )
    case.exit_date = dt.date(2025, 5, 31)
    case.stage = Stage.EXITED
    case.save()
    with pytest.raises(ValidationError) as error:
        record(case, coach, start=dt.date(2025, 6, 2))
    assert "after the participant's exit on 31.05.2025" in error.value.message_dict["start_date"][0]
    assert not case.placements.exists()


def test_probation_before_start_is_refused(world, coach):
    with pytest.raises(ValidationError) as error:
        record(coach_case(world, coach), coach, probation_end=dt.date(2025, 6, 1))
    assert error.value.message_dict["probation_end"] == ["Probation cannot end before the start."]


def test_no_employer_at_all_is_refused(world, coach):
    with pytest.raises(ValidationError) as error:
        record(coach_case(world, coach), coach, employer_name="  ")
    assert "employer_name" in error.value.message_dict


def test_staff_of_the_partner_organisation_may_not_record(world, coach):
    partner = world.member(Role.JOB_COACH, organisation=world.org_b)
    with pytest.raises(PermissionDenied):
        record(coach_case(world, coach), partner)


def test_a_new_start_moves_the_open_check_ins(world, coach):
    placement = record(coach_case(world, coach), coach)
    placement_update(
        actor=coach,
        placement=placement,
        expected_version=placement.version,
        data={"start_date": dt.date(2025, 7, 1)},
    )
    assert min(placement.checks.values_list("due_date", flat=True)) == dt.date(2025, 8, 1)


def test_a_stale_edit_is_refused(world, coach):
    placement = record(coach_case(world, coach), coach)
    with pytest.raises(ConcurrentEditError):
        placement_update(
            actor=coach,
            placement=placement,
            expected_version=placement.version - 1 if placement.version > 1 else 99,
            data={"job_title": "Küche"},
        )


def test_ending_cancels_open_check_ins_and_moves_the_case_back(world, coach):
    case = coach_case(world, coach)
    placement = record(case, coach)
    placement_end(
        actor=coach,
        placement=placement,
        expected_version=placement.version,
        ended_on=dt.date(2025, 6, 20),
        end_reason="probation",
    )
    placement.refresh_from_db()
    case.refresh_from_db()
    assert placement.status == PlacementStatus.ENDED
    assert not placement.checks.exists()
    assert case.stage == Stage.PROFILING
    with pytest.raises(ValidationError, match="already recorded as ended"):
        placement_end(
            actor=coach,
            placement=placement,
            expected_version=placement.version,
            ended_on=dt.date(2025, 6, 20),
            end_reason="probation",
        )
    assert not FollowUp.objects.filter(case=case).exists()


def test_the_schedule_setting_is_the_project_leads(world):
    lead = world.member(Role.PROJECT_LEAD)
    settings = economy_settings_update(
        actor=lead,
        project=world.project,
        expected_version=None,
        check_months=[6, 1],
        check_with_participant=True,
        check_with_employer=False,
    )
    assert settings.check_months == [1, 6]
    with pytest.raises(PermissionDenied):
        economy_settings_update(
            actor=world.member(Role.JOB_COACH),
            project=world.project,
            expected_version=settings.version,
            check_months=[1],
            check_with_participant=True,
            check_with_employer=True,
        )
