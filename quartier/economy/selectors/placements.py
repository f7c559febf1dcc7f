"""Reads of placements and stabilisation check-ins: who sees which
(`placements_visible_to`, `checks_visible_to`), one by id, the case page's source of
timeline events and panel, the two start-page parts, and the prefill of the ESF
six-month follow-up from a check-in.

A placement is part of a case: the case's staff see it (case roles in the case's
project and organisation). A check-in with the employer is also seen by the employer
liaison of the case's project and organisation.
"""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from quartier.cases.models import Case
from quartier.cases.selectors.case_page import TimelineEvent
from quartier.core.models import Role
from quartier.core.tenancy import case_grants, grants, tenant_condition
from quartier.economy.models import (
    CheckWith,
    Employer,
    Placement,
    StabilisationCheck,
    Vacancy,
    VacancyStatus,
)
from quartier.economy.selectors.employers import employers_visible_to
from quartier.economy.selectors.vacancies import vacancies_visible_to

#: How far ahead the job coach's start page lists check-ins with participants.
PARTICIPANT_CHECKS_AHEAD_DAYS = 7
#: How many check-ins a start-page part lists at most.
START_PAGE_LIMIT = 50
#: A check-in this close to the exit + 6 months may prefill the six-month follow-up.
SIX_MONTH_PREFILL_WINDOW_DAYS = 45


def _active(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def placements_visible_to(user) -> QuerySet[Placement]:
    """Placements of the cases the user may see."""
    if not _active(user):
        return Placement.objects.none()
    if user.is_platform_admin:
        return Placement.objects.all()
    condition = tenant_condition(case_grants(user), prefix="case__")
    if condition is None:
        return Placement.objects.none()
    return Placement.objects.filter(condition)


def checks_visible_to(user) -> QuerySet[StabilisationCheck]:
    """Check-ins of the visible placements, and the check-ins with employers in the
    tenants where the user is employer liaison."""
    if not _active(user):
        return StabilisationCheck.objects.none()
    if user.is_platform_admin:
        return StabilisationCheck.objects.all()
    condition = Q(pk__in=[])
    case_condition = tenant_condition(case_grants(user), prefix="placement__case__")
    if case_condition is not None:
        condition |= case_condition
    liaison = tenant_condition(grants(user, Role.EMPLOYER_LIAISON), prefix="placement__case__")
    if liaison is not None:
        condition |= Q(with_whom=CheckWith.EMPLOYER) & liaison
    return StabilisationCheck.objects.filter(condition)


def placement_get(*, user, pk: int) -> Placement:
    """One placement the user may see, or 404."""
    return get_object_or_404(
        placements_visible_to(user).select_related(
            "case",
            "case__participant",
            "case__project",
            "case__organisation",
            "case__responsible",
            "vacancy",
            "employer",
        ),
        pk=pk,
    )


def placement_checks(placement: Placement) -> list[StabilisationCheck]:
    return list(
        placement.checks.select_related("assigned_to", "done_by").order_by(
            "due_date", "with_whom", "id"
        )
    )


def check_get(*, user, placement_pk: int, pk: int) -> StabilisationCheck:
    """One check-in of the placement the user may see, or 404."""
    return get_object_or_404(
        checks_visible_to(user).select_related(
            "placement",
            "placement__case",
            "placement__case__participant",
            "placement__case__project",
            "placement__employer",
            "assigned_to",
            "done_by",
        ),
        placement_id=placement_pk,
        pk=pk,
    )


def placement_list(
    *, user, case: int | None = None, status: str = "", search: str = ""
) -> QuerySet[Placement]:
    """Placements by start, newest first (the API's list)."""
    placements = placements_visible_to(user).select_related("employer", "vacancy")
    if case is not None:
        placements = placements.filter(case_id=case)
    if status:
        placements = placements.filter(status=status)
    if search:
        placements = placements.filter(
            Q(job_title__icontains=search)
            | Q(employer_name__icontains=search)
            | Q(employer__name__icontains=search)
        )
    return placements.order_by("-start_date", "-id")


# --- What the placement form offers ---------------------------------------------------


def vacancies_for_case(*, user, case: Case) -> QuerySet[Vacancy]:
    """Vacancies of the case's project that the user may see (vacancy roles in the
    vacancy's project and organisation)."""
    if not _active(user):
        return Vacancy.objects.none()
    return (
        vacancies_visible_to(user)
        .filter(project_id=case.project_id)
        .select_related("employer")
        .order_by("title", "id")
    )


def employers_for_case(*, user, case: Case) -> QuerySet[Employer]:
    """Employers of the case's project that the user may see."""
    if not _active(user):
        return Employer.objects.none()
    return employers_visible_to(user).filter(project_id=case.project_id).order_by("name", "id")


def open_vacancies_for_case(*, user, case: Case) -> QuerySet[Vacancy]:
    return vacancies_for_case(user=user, case=case).filter(status=VacancyStatus.OPEN)


# --- The case page: timeline events and the panel, in one query ------------------------

_PLACEMENT_FIELDS = [f.attname for f in Placement._meta.concrete_fields]
_CHECK_FIELDS = [f.attname for f in StabilisationCheck._meta.concrete_fields]
_EMPLOYER_NAME = "employer__name"


def case_placements(*, case: Case) -> list[Placement]:
    """The case's placements (newest first), each with `check_list` (by due date) and
    `employer_label`, in one query: the placements left-joined to their check-ins."""
    columns = [*_PLACEMENT_FIELDS, _EMPLOYER_NAME, *(f"checks__{f}" for f in _CHECK_FIELDS)]
    rows = (
        Placement.objects.filter(case=case)
        .order_by("-start_date", "-id", "checks__due_date", "checks__with_whom", "checks__id")
        .values_list(*columns)
    )
    placements: dict[int, Placement] = {}
    width = len(_PLACEMENT_FIELDS)
    for row in rows:
        pk = row[0]
        placement = placements.get(pk)
        if placement is None:
            placement = Placement(**dict(zip(_PLACEMENT_FIELDS, row[:width], strict=True)))
            placement._state.adding = False
            placement.employer_display = row[width] or placement.employer_name
            placement.check_list = []
            placements[pk] = placement
        check_values = dict(zip(_CHECK_FIELDS, row[width + 1 :], strict=True))
        if check_values["id"] is not None:
            check = StabilisationCheck(**check_values)
            check._state.adding = False
            check.placement = placement
            placement.check_list.append(check)
    return list(placements.values())


def case_timeline(*, case: Case, limit: int) -> list[TimelineEvent]:
    """The case timeline's source (`quartier.cases.timeline`): a placement's start
    (kind "placement", the case page's panel reads these) and its check-ins done
    (kind "stabilisation_check")."""
    events = []
    for placement in case_placements(case=case)[:limit]:
        events.append(TimelineEvent(placement.start_date, "placement", placement))
        events += [
            TimelineEvent(check.done_on, "stabilisation_check", check)
            for check in placement.check_list
            if check.done_on is not None
        ]
    return events


# --- Start pages -----------------------------------------------------------------------


def _open_checks(user) -> QuerySet[StabilisationCheck]:
    return (
        checks_visible_to(user)
        .filter(done_on__isnull=True)
        .select_related("placement", "placement__case__participant", "placement__employer")
        .order_by("due_date", "id")
    )


def participant_checks_part(*, user, today: date | None = None) -> dict:
    """The job coach's "Mein Tag": her open check-ins with participants due within a
    week (overdue first)."""
    today = today or timezone.localdate()
    checks = list(
        _open_checks(user).filter(
            assigned_to=user,
            with_whom=CheckWith.PARTICIPANT,
            due_date__lte=today + timedelta(days=PARTICIPANT_CHECKS_AHEAD_DAYS),
        )[:START_PAGE_LIMIT]
    )
    return {"participant_checks": checks, "checks_today": today}


def employer_checks_part(*, user, today: date | None = None) -> dict:
    """The employer liaison's start page: open check-ins with employers assigned to her
    or in her tenants as employer liaison, due within a week (overdue first). She sees
    the participant's name, the job and the employer, nothing else of the case."""
    today = today or timezone.localdate()
    liaison = tenant_condition(grants(user, Role.EMPLOYER_LIAISON), prefix="placement__case__")
    mine = Q(assigned_to=user)
    if liaison is not None:
        mine |= liaison
    checks = list(
        _open_checks(user).filter(
            mine,
            with_whom=CheckWith.EMPLOYER,
            due_date__lte=today + timedelta(days=PARTICIPANT_CHECKS_AHEAD_DAYS),
        )[:START_PAGE_LIMIT]
    )
    return {"employer_checks": checks, "checks_today": today}


# --- The ESF six-month follow-up --------------------------------------------------------


def six_month_prefill(check: StabilisationCheck) -> dict | None:
    """What a recorded check-in near the exit + 6 months suggests for the ESF six-month
    follow-up (shown as a prefill, never written by itself), or None."""
    case = check.placement.case
    if case.exit_date is None or check.done_on is None or case.followup_6m_recorded_on:
        return None
    target = case.exit_date + relativedelta(months=6)
    if abs((check.done_on - target).days) > SIX_MONTH_PREFILL_WINDOW_DAYS:
        return None
    employed = {True: "yes", False: "no"}.get(check.still_employed, "unknown")
    return {
        "employed": employed,
        "better_situation": "yes" if check.status == "stable" else "unknown",
        "from_check": check.pk,
        "done_on": check.done_on,
    }
