"""The demo's placements with their stabilisation check-ins.

Open cases in the stages "placement" and "stabilisation", and some who left for a job
or an apprenticeship, have a placement: with one of their project's employers when the
case belongs to the organisation that owns the employers (half of them through a
vacancy it filled), else in a job found elsewhere. The check-ins follow the project's
schedule (1, 3 and 6 months, with the participant and with the employer); those whose
day has passed were recorded (stable, at risk with risk flags and the support given,
or ended with a coded reason, after which no further check-in exists), the rest are
due. Every demo job coach gets a check-in with a participant due in the next days and
one overdue, with the employer check-ins of the same placements on the employer
liaison's start page; should a demo job coach have no case in a placement stage, one of
her cases in qualification, work trial or internship moves on to "placement".
"""

from datetime import timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db.models import Q

from quartier.cases.models import Case, ExitReason, Stage
from quartier.core.models import Role, User
from quartier.demo import data
from quartier.demo.economy import catalogue
from quartier.demo.offers.catalogue import _validate
from quartier.demo.services.drafts import _day
from quartier.economy.models import (
    CheckMode,
    CheckStatus,
    CheckWith,
    ContractKind,
    EndReason,
    Placement,
    PlacementStatus,
    ReviewStatus,
    RiskFlag,
    StabilisationCheck,
    Vacancy,
    VacancyKind,
    VacancySource,
    VacancyStatus,
    WageSubsidy,
)

#: Placements per project at most (the benchmark seeds 100,000 participants).
PER_PROJECT = 40
#: The schedule the demo's projects keep (EconomySettings' default).
CHECK_MONTHS = (1, 3, 6)
#: How the recorded check-ins turn out, in turn over the placements with one recorded.
OUTCOMES = ["at_risk", "stable", "ended", "stable", "at_risk", "stable", "stable"]

PLACEMENT_STAGES = (Stage.PLACEMENT, Stage.STABILISATION)
JOB_EXITS = (ExitReason.EMPLOYMENT, ExitReason.APPRENTICESHIP)
EARLIER_STAGES = (Stage.QUALIFICATION, Stage.WORK_TRIAL, Stage.INTERNSHIP)
END_REASONS = [
    EndReason.PROBATION,
    EndReason.DISMISSED,
    EndReason.RESIGNED,
    EndReason.HEALTH,
    EndReason.CHILDCARE,
    EndReason.FIXED_TERM,
]


def _seed_placements(rng, economy, counts) -> None:
    today = economy.today
    tenants = {tenant.project.pk: tenant for tenant in economy.tenants.values()}
    coaches = _demo_job_coaches()
    cases = _cases(tenants, coaches, today)
    employers_by_project = {}
    for key, employer in economy.employers.items():
        spec = catalogue.EMPLOYERS.get(key)
        if spec and not spec.get("self_employed") and spec["field"] in catalogue.JOBS:
            employers_by_project.setdefault(employer.project_id, []).append((employer, spec))

    placements, vacancies, checks = [], [], []
    taken: dict[int, int] = {}
    turn: dict[int, int] = {}
    forced: dict[int, int] = {}
    for case in cases:
        tenant = tenants[case["project_id"]]
        project_id = case["project_id"]
        coach = case["responsible_id"] if case["responsible_id"] in coaches else None
        if coach is None and (taken.get(project_id, 0) >= PER_PROJECT or rng.random() < 0.25):
            continue
        plan = _start(rng, case, today, forced.get(coach, 0) if coach else None)
        if plan is None:
            continue
        start, kind = plan
        if kind != "natural":
            forced[coach] = forced.get(coach, 0) + 1
        taken[project_id] = taken.get(project_id, 0) + 1
        own = case["organisation_id"] == tenant.organisation.pk
        choices = employers_by_project.get(project_id, [])
        placement, field = _placement(rng, case, start, choices if own else [])
        if placement.employer is not None and rng.random() < 0.5:
            vacancy = _filled_vacancy(tenant, placement, field)
            vacancies.append(vacancy)
            placement.vacancy = vacancy
        placements.append(placement)
        liaison = tenant.liaison if own and tenant.liaison else None
        done_months = [m for m in CHECK_MONTHS if start + relativedelta(months=m) <= today]
        outcome = "stable"
        if kind == "natural" and done_months:
            outcome = OUTCOMES[turn.get(project_id, 0) % len(OUTCOMES)]
            turn[project_id] = turn.get(project_id, 0) + 1
        checks += _checks(rng, case, placement, liaison, today, kind, outcome)
    Vacancy.objects.bulk_create(vacancies)
    Placement.objects.bulk_create(placements)
    StabilisationCheck.objects.bulk_create(checks)
    counts.vacancies += len(vacancies)
    counts.placements = len(placements)
    counts.checks = len(checks)


def _demo_job_coaches() -> set[int]:
    emails = [
        f"{local}@{data.DEMO_DOMAIN}"
        for local, _n, role, *_ in data.DEMO_USERS
        if role == Role.JOB_COACH
    ]
    return set(User.objects.filter(email__in=emails).values_list("pk", flat=True))


def _cases(tenants, coaches: set[int], today) -> list[dict]:
    """The cases that may have a placement, the demo job coaches' first. A demo job
    coach without a case in a placement stage gets one moved on from an earlier stage."""
    fields = (
        "pk",
        "project_id",
        "organisation_id",
        "responsible_id",
        "stage",
        "entry_date",
        "exit_date",
        "exit_reason",
    )
    in_projects = Case.objects.filter(project_id__in=list(tenants))
    cases = list(
        in_projects.filter(
            Q(exit_date__isnull=True, stage__in=PLACEMENT_STAGES)
            | Q(exit_date__isnull=False, exit_reason__in=JOB_EXITS)
        )
        .order_by("participant__external_id")
        .values(*fields)
    )
    settled = today - timedelta(days=45)
    for coach in coaches:
        mine = [
            case
            for case in cases
            if case["responsible_id"] == coach
            and case["exit_date"] is None
            and case["entry_date"] <= settled
        ]
        if mine:
            continue
        earlier = (
            in_projects.filter(
                responsible_id=coach,
                exit_date__isnull=True,
                stage__in=EARLIER_STAGES,
                entry_date__lte=settled,
            )
            .order_by("participant__external_id")
            .values(*fields)
            .first()
        )
        if earlier:
            Case.objects.filter(pk=earlier["pk"]).update(stage=Stage.PLACEMENT)
            earlier["stage"] = Stage.PLACEMENT
            cases.append(earlier)
    return sorted(cases, key=lambda case: case["responsible_id"] not in coaches)


def _start(rng, case, today, forced: int | None):
    """(start date, kind) of the case's placement, or None: "due_soon" and "overdue"
    for a demo job coach's first two open cases (the 1-month check-in falls in the next
    five days, or was missed up to a week ago), else "natural"."""
    entry, exit_date = case["entry_date"], case["exit_date"]
    month_ago = today - relativedelta(months=1)
    if forced is not None and forced < 2 and exit_date is None:
        start = (
            month_ago + timedelta(days=rng.randint(1, 5))
            if forced == 0
            else month_ago - timedelta(days=rng.randint(1, 6))
        )
        if start >= entry + timedelta(days=7):
            return start, "due_soon" if forced == 0 else "overdue"
    if exit_date is not None:
        first = max(entry + timedelta(days=14), exit_date - timedelta(days=150))
        return _day(rng, min(first, exit_date), exit_date), "natural"
    if case["stage"] == Stage.PLACEMENT:
        first = max(entry + timedelta(days=7), today - timedelta(days=40))
        return _day(rng, min(first, today), today), "natural"
    first = max(entry + timedelta(days=14), today - timedelta(days=270))
    last = max(first, today - timedelta(days=35))
    return _day(rng, min(first, today), min(last, today)), "natural"


def _placement(rng, case, start, employers) -> tuple[Placement, str]:
    """The placement (with one of the employers, else in a job found elsewhere) and the
    occupational field of its employer ("" elsewhere)."""
    apprenticeship = case["exit_reason"] == ExitReason.APPRENTICESHIP
    field = ""
    if employers:
        employer, spec = rng.choice(employers)
        field = spec["field"]
        title, contract, hours = rng.choice(catalogue.JOBS[field])
        name = ""
    else:
        employer = None
        name, title, contract, hours = rng.choice(catalogue.JOBS_ELSEWHERE)
    if apprenticeship:
        title, contract, hours = f"Ausbildung: {title}", ContractKind.APPRENTICESHIP, "39"
    probation = {ContractKind.INSURED_EMPLOYMENT: 6, ContractKind.APPRENTICESHIP: 4}.get(contract)
    subsidy = WageSubsidy.NONE
    if contract == ContractKind.INSURED_EMPLOYMENT:
        subsidy = rng.choice(
            [WageSubsidy.NONE] * 3 + [WageSubsidy.EGZ] * 2 + [WageSubsidy.SGB2_16I]
        )
    placement = Placement(
        case_id=case["pk"],
        employer=employer,
        employer_name=name,
        job_title=title,
        contract_kind=contract,
        start_date=start,
        hours_per_week=Decimal(hours),
        wage_subsidy=subsidy,
        probation_end=start + relativedelta(months=probation) if probation else None,
        created_by_id=case["responsible_id"],
    )
    _validate(placement)
    return placement, field


def _filled_vacancy(tenant, placement: Placement, field: str) -> Vacancy:
    employer = placement.employer
    vacancy = Vacancy(
        project=tenant.project,
        organisation=tenant.organisation,
        employer=employer,
        kind=VacancyKind.APPRENTICESHIP
        if placement.contract_kind == ContractKind.APPRENTICESHIP
        else VacancyKind.JOB,
        title=placement.job_title,
        occupational_field=field,
        hours_per_week=placement.hours_per_week,
        part_time=placement.hours_per_week < 30,
        start_date=placement.start_date,
        street=employer.street,
        postcode=employer.postcode,
        city=employer.city,
        latitude=employer.latitude,
        longitude=employer.longitude,
        status=VacancyStatus.FILLED,
        source=VacancySource.OWN,
        review_status=ReviewStatus.CONFIRMED,
        created_by=tenant.liaison,
    )
    _validate(vacancy)
    return vacancy


def _checks(rng, case, placement, liaison, today, kind, outcome) -> list[StabilisationCheck]:
    """The placement's check-ins; those recorded turn out as `outcome` says (at risk or
    ended at one of the recorded months). Sets the placement's status."""
    start = placement.start_date
    withs = [CheckWith.PARTICIPANT] + ([CheckWith.EMPLOYER] if placement.employer else [])
    recorded = [
        m
        for m in CHECK_MONTHS
        if start + relativedelta(months=m) <= today - timedelta(days=3)
        or (start + relativedelta(months=m) <= today and rng.random() < 0.5)
    ]
    if kind != "natural":
        recorded = []
    special = rng.choice(recorded) if recorded and outcome != "stable" else None
    if outcome == "ended" and recorded:
        special = recorded[-1]
    checks = []
    for month in CHECK_MONTHS:
        due = start + relativedelta(months=month)
        status = CheckStatus.DUE
        if month in recorded:
            status = CheckStatus.STABLE
            if month == special:
                status = CheckStatus.AT_RISK if outcome == "at_risk" else CheckStatus.ENDED
        reason = rng.choice(END_REASONS) if status == CheckStatus.ENDED else ""
        done_on = min(today, due + timedelta(days=rng.randint(0, 5))) if month in recorded else None
        for with_whom in withs:
            assigned = case["responsible_id"]
            if with_whom == CheckWith.EMPLOYER and liaison is not None:
                assigned = liaison.pk
            check = StabilisationCheck(
                placement=placement,
                with_whom=with_whom,
                months_after_start=month,
                due_date=due,
                assigned_to_id=assigned,
                created_by_id=case["responsible_id"],
                status=status,
            )
            if done_on:
                _record(rng, check, placement, done_on, reason)
            _validate(check)
            checks.append(check)
        if status == CheckStatus.ENDED:
            placement.status = PlacementStatus.ENDED
            placement.ended_on = max(start, done_on - timedelta(days=rng.randint(1, 14)))
            placement.end_reason = reason
            break
    else:
        if CHECK_MONTHS[-1] in recorded:
            placement.status = PlacementStatus.STABLE
    return checks


def _record(rng, check: StabilisationCheck, placement: Placement, done_on, reason) -> None:
    status = check.status
    check.done_on = done_on
    check.done_by_id = check.assigned_to_id
    check.mode = rng.choice(
        [CheckMode.PHONE, CheckMode.IN_PERSON, CheckMode.AT_WORK]
        if check.with_whom == CheckWith.PARTICIPANT
        else [CheckMode.PHONE, CheckMode.AT_WORK, CheckMode.EMAIL]
    )
    check.still_employed = status != CheckStatus.ENDED
    check.same_employer = status != CheckStatus.ENDED
    hours = placement.hours_per_week
    if status == CheckStatus.AT_RISK and rng.random() < 0.4:
        hours = max(Decimal(5), hours - 5)
    check.hours_per_week = hours if status != CheckStatus.ENDED else None
    if status == CheckStatus.AT_RISK:
        check.risk_flags = rng.sample(RiskFlag.values, rng.randint(1, 2))
    check.support_given = (
        rng.choice(catalogue.SUPPORT_GIVEN)
        if status != CheckStatus.STABLE or rng.random() < 0.3
        else ""
    )
    check.next_step = rng.choice(catalogue.NEXT_STEPS) if status != CheckStatus.ENDED else ""
    check.end_reason = reason
