"""Writes of placements (Vermittlungen): recording one (with its stabilisation
check-ins and the case's stage), changing it, ending it, and a project's check-in
schedule.

Recording a placement is one transaction: the placement, the case's move to the stage
"placement", the vacancy filled when its places are taken, and the check-ins from the
project's schedule (`EconomySettings`, default 1, 3 and 6 months, with the participant
and with the employer).

When a job ends (here or by a check-in with the result "ended") the open check-ins are
deleted, and an open case in "placement" or "stabilisation" without another running
placement goes back to "profiling": the job search starts again with a new look at the
person's situation. A job left for a better one keeps the stage (record the new job as
a placement). A filled vacancy is not reopened: whether the position is free again is
the employer's to say.
"""

from datetime import date

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.cases.models import Case, Stage
from quartier.cases.services.cases import case_set_stage
from quartier.core.models import Role, User
from quartier.core.services import ConcurrentEditError, save_versioned
from quartier.core.tenancy import CASE_ROLES, has_role, staff_with_role
from quartier.economy.models import (
    CheckWith,
    EconomySettings,
    Employer,
    EndReason,
    Placement,
    PlacementStatus,
    StabilisationCheck,
    Vacancy,
)
from quartier.economy.models.placements import default_check_months
from quartier.economy.models.vacancies import VacancyStatus

#: Stages a case leaves for "placement" when a placement is recorded.
STAGES_BEFORE_PLACEMENT = (
    Stage.FIRST_COUNSELLING,
    Stage.PROFILING,
    Stage.QUALIFICATION,
    Stage.WORK_TRIAL,
    Stage.INTERNSHIP,
    Stage.STABILISATION,
)

#: What a placement's form may change (the vacancy stays: record another placement).
EDITABLE_FIELDS = (
    "employer",
    "employer_name",
    "job_title",
    "contract_kind",
    "start_date",
    "hours_per_week",
    "wage_subsidy",
    "probation_end",
    "notes",
)


def _dmy(day: date) -> str:
    return day.strftime("%d.%m.%Y")


def _require(actor: User, perm: str, obj) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied(_("You are not allowed to do this."))


def check_dates(case: Case, start_date: date, probation_end: date | None) -> None:
    errors = {}
    if start_date < case.entry_date:
        errors["start_date"] = _(
            "The job cannot start before the participant's entry on %(date)s."
        ) % {"date": _dmy(case.entry_date)}
    elif case.exit_date and start_date > case.exit_date:
        errors["start_date"] = _(
            "The job cannot start after the participant's exit on %(date)s. "
            "A job found after leaving belongs to the six-month follow-up."
        ) % {"date": _dmy(case.exit_date)}
    if probation_end and probation_end < start_date:
        errors["probation_end"] = _("Probation cannot end before the start.")
    if errors:
        raise ValidationError(errors)


def _check_links(case: Case, vacancy: Vacancy | None, employer: Employer | None) -> None:
    if vacancy is not None and vacancy.project_id != case.project_id:
        raise ValidationError({"vacancy": _("This vacancy belongs to another project.")})
    if employer is not None and employer.project_id != case.project_id:
        raise ValidationError({"employer": _("This employer belongs to another project.")})


def schedule_for(project) -> tuple[list[int], list[str]]:
    """The months after the start and with whom the check-ins of `project` take place."""
    settings = EconomySettings.objects.filter(project=project).first()
    if settings is None:
        return default_check_months(), [CheckWith.PARTICIPANT, CheckWith.EMPLOYER]
    whom = []
    if settings.check_with_participant:
        whom.append(CheckWith.PARTICIPANT)
    if settings.check_with_employer:
        whom.append(CheckWith.EMPLOYER)
    return sorted(settings.check_months), whom


def _employer_liaison(case: Case) -> User | None:
    """The employer liaison of the case's project and organisation, if there is exactly one."""
    liaisons = list(
        staff_with_role(case.project_id, Role.EMPLOYER_LIAISON, organisation=case.organisation_id)[
            :2
        ]
    )
    return liaisons[0] if len(liaisons) == 1 else None


def _coach(case: Case, actor: User) -> User | None:
    """Whom the participant check-ins go to: the case's responsible person, else the
    actor if they hold a case role there."""
    if case.responsible_id:
        return case.responsible
    if has_role(actor, case.project_id, *CASE_ROLES, organisation=case.organisation_id):
        return actor
    return None


def _create_checks(placement: Placement, actor: User) -> list[StabilisationCheck]:
    case = placement.case
    months, whom = schedule_for(case.project_id)
    coach = _coach(case, actor)
    liaison = _employer_liaison(case) if CheckWith.EMPLOYER in whom else None
    checks = [
        StabilisationCheck(
            placement=placement,
            with_whom=with_whom,
            months_after_start=month,
            due_date=placement.start_date + relativedelta(months=month),
            assigned_to=(liaison or coach) if with_whom == CheckWith.EMPLOYER else coach,
            created_by=actor,
        )
        for month in months
        for with_whom in whom
    ]
    return StabilisationCheck.objects.bulk_create(checks)


def _fill_vacancy(vacancy: Vacancy | None) -> None:
    """An open vacancy whose places are all taken by running placements is filled."""
    if vacancy is None:
        return
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    if vacancy.status != VacancyStatus.OPEN:
        return
    taken = vacancy.placements.exclude(status=PlacementStatus.ENDED).count()
    if taken >= vacancy.places:
        vacancy.status = VacancyStatus.FILLED
        vacancy.save(update_fields=["status", "updated_at"])


@transaction.atomic
def placement_record(
    *,
    actor: User,
    case: Case,
    contract_kind: str,
    start_date: date,
    vacancy: Vacancy | None = None,
    employer: Employer | None = None,
    employer_name: str = "",
    job_title: str = "",
    hours_per_week=None,
    wage_subsidy: str = "",
    probation_end: date | None = None,
    notes: str = "",
) -> Placement:
    """Record that the participant starts a job: the placement, the case's stage, the
    vacancy filled when its places are taken, and the stabilisation check-ins."""
    _require(actor, "economy.add_placement", case)
    _check_links(case, vacancy, employer)
    if vacancy is not None:
        employer = employer or vacancy.employer
        job_title = job_title.strip() or vacancy.title
    if employer is not None:
        employer_name = ""
    if not job_title.strip():
        raise ValidationError({"job_title": _("Enter the job title.")})
    check_dates(case, start_date, probation_end)
    same = case.placements.filter(
        start_date=start_date,
        job_title=job_title.strip(),
        vacancy=vacancy,
        employer=employer,
        employer_name=employer_name.strip(),
    )
    if same.exists():
        # A form sent twice: the first one counts.
        raise ValidationError(
            _("This placement is already recorded (same job, employer and start).")
        )
    placement = Placement(
        case=case,
        vacancy=vacancy,
        employer=employer,
        employer_name=employer_name.strip(),
        job_title=job_title.strip(),
        contract_kind=contract_kind,
        start_date=start_date,
        hours_per_week=hours_per_week,
        wage_subsidy=wage_subsidy or "",
        probation_end=probation_end,
        notes=notes,
        created_by=actor,
    )
    placement.full_clean()
    placement.save()
    if case.stage in STAGES_BEFORE_PLACEMENT:
        case_set_stage(case=case, stage=Stage.PLACEMENT)
    _fill_vacancy(vacancy)
    _create_checks(placement, actor)
    return placement


@transaction.atomic
def placement_update(
    *, actor: User, placement: Placement, expected_version: int, data: dict
) -> Placement:
    """Change a placement's details; a new start moves the open check-ins with it."""
    _require(actor, "economy.change_placement", placement)
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(_("These fields cannot be changed: %s") % ", ".join(sorted(unknown)))
    case = placement.case
    _check_links(case, None, data.get("employer", placement.employer))
    old_start = placement.start_date
    for field, value in data.items():
        setattr(placement, field, value)
    if placement.employer_id:
        placement.employer_name = ""
    check_dates(case, placement.start_date, placement.probation_end)
    save_versioned(placement, expected_version=expected_version)
    if placement.start_date != old_start:
        for check in placement.checks.filter(done_on__isnull=True):
            check.due_date = placement.start_date + relativedelta(months=check.months_after_start)
            check.save(update_fields=["due_date", "updated_at"])
    return placement


def end_placement(*, placement: Placement, ended_on: date, end_reason: str) -> Placement:
    """The job ended (no permission check: `placement_end` and the check-in services
    call it): the placement's status, its open check-ins deleted, the case's stage."""
    if ended_on < placement.start_date:
        raise ValidationError({"ended_on": _("The job cannot end before it started.")})
    if ended_on > timezone.localdate():
        raise ValidationError({"ended_on": _("The end cannot be in the future.")})
    if end_reason not in EndReason.values:
        raise ValidationError({"end_reason": _("Say why the job ended.")})
    placement.status = PlacementStatus.ENDED
    placement.ended_on = ended_on
    placement.end_reason = end_reason
    placement.full_clean()
    placement.save(update_fields=["status", "ended_on", "end_reason", "updated_at"])
    placement.checks.filter(done_on__isnull=True).delete()
    case = Case.objects.get(pk=placement.case_id)
    running = case.placements.exclude(pk=placement.pk).exclude(status=PlacementStatus.ENDED)
    if (
        end_reason != EndReason.BETTER_JOB
        and case.stage in (Stage.PLACEMENT, Stage.STABILISATION)
        and not running.exists()
    ):
        case_set_stage(case=case, stage=Stage.PROFILING)
    return placement


@transaction.atomic
def placement_end(
    *, actor: User, placement: Placement, expected_version: int, ended_on: date, end_reason: str
) -> Placement:
    """Record that the job ended: a date and a coded reason."""
    _require(actor, "economy.change_placement", placement)
    if placement.status == PlacementStatus.ENDED:
        raise ValidationError(
            _("This job was already recorded as ended on %(date)s.")
            % {"date": _dmy(placement.ended_on)}
        )
    stored = (
        Placement.objects.select_for_update()
        .filter(pk=placement.pk)
        .values_list("version", flat=True)
        .first()
    )
    if stored != expected_version:
        raise ConcurrentEditError()
    return end_placement(placement=placement, ended_on=ended_on, end_reason=end_reason)


@transaction.atomic
def economy_settings_update(
    *,
    actor: User,
    project,
    expected_version: int | None,
    check_months: list[int],
    check_with_participant: bool,
    check_with_employer: bool,
) -> EconomySettings:
    """Change a project's check-in schedule (placements recorded before keep theirs)."""
    _require(actor, "economy.change_settings", project)
    if not (check_with_participant or check_with_employer):
        raise ValidationError(
            {"check_with_participant": _("Choose at least one: participant or employer.")}
        )
    settings, created = EconomySettings.objects.get_or_create(
        project=project, defaults={"created_by": actor}
    )
    settings.check_months = sorted(check_months)
    settings.check_with_participant = check_with_participant
    settings.check_with_employer = check_with_employer
    if created:
        settings.full_clean()
        settings.save()
    else:
        save_versioned(settings, expected_version=expected_version or 0)
    return settings
