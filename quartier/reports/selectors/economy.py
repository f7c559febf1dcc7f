"""The dashboard's local-economy figures (BIWAQ field of action 2) for one
`ReportScope`: employers supported by size class, employer services by kind and aim,
business events with their attendance, vacant units let, and placements by contract
kind with their stabilisation results at 1, 3 and 6 months.

A fixed number of queries, whatever the data. With a district chosen, employers,
events and units count when they lie in it, placements when the participant lives
there. Counts reach the page through `SmallCells` (evaluators see "<5")."""

from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import ngettext

from quartier.economy.models import (
    BusinessEvent,
    EmployerService,
    EventInvitation,
    EventKind,
    ServiceAim,
    ServiceKind,
    SizeClass,
    SizeDeclaration,
    StabilisationCheck,
    UnitStatus,
    UnitStatusChange,
    VacantUnit,
)
from quartier.economy.models.placements import CheckStatus, ContractKind, Placement
from quartier.reports.indicators.economy import eeco19, supported_employers
from quartier.reports.selectors.scope import ReportScope

#: The months after the start whose check-ins the dashboard always shows (the default
#: schedule); a project's other months are added when they have check-ins.
STABILISATION_MONTHS = (1, 3, 6)
#: A placement's result at one month is the worst of that month's check-ins that took
#: place (with the participant, with the employer): ended before at risk before stable;
#: "still due" while none has.
_WORST = {CheckStatus.STABLE: 1, CheckStatus.AT_RISK: 2, CheckStatus.ENDED: 3}


def _district(scope: ReportScope, field: str) -> Q:
    return Q(**{field: scope.district}) if scope.district is not None else Q()


# Employers and services --------------------------------------------------------------


@dataclass(frozen=True)
class SizeRow:
    size: str
    label: str
    count: int


def employers_by_size(scope: ReportScope) -> list[SizeRow]:
    """The employers that received company-aimed support in the period (a service aimed
    at the company, or attending an event that supports companies), each once, by the
    size class declared at the period's end (the latest declaration on or before it,
    else the current size class). One query."""
    employers = supported_employers(
        project=scope.project, date_from=scope.date_from, date_to=scope.date_to, smes_only=False
    ).filter(_district(scope, "district"))
    declared = SizeDeclaration.objects.filter(employer=OuterRef("pk"))
    if scope.date_to is not None:
        declared = declared.filter(declared_on__lte=scope.date_to)
    declared = declared.order_by("-declared_on", "-id").values("size_class")[:1]
    counts = dict(
        employers.order_by()
        .annotate(size=Coalesce(Subquery(declared), "size_class"))
        .values_list("size")
        .annotate(n=Count("id"))
    )
    return [SizeRow(size, str(label), counts.get(size, 0)) for size, label in SizeClass.choices]


@dataclass(frozen=True)
class ServiceRow:
    kind: str
    label: str
    company: int
    person: int

    @property
    def total(self) -> int:
        return self.company + self.person


def services_by_kind(scope: ReportScope) -> list[ServiceRow]:
    """Employer services dated in the period, by kind (every kind) and aim. One query."""
    rows = (
        EmployerService.objects.filter(
            scope.between("date"),
            _district(scope, "employer__district"),
            employer__project=scope.project,
        )
        .order_by()
        .values("kind")
        .annotate(
            company=Count("id", filter=Q(aim=ServiceAim.COMPANY)),
            person=Count("id", filter=Q(aim=ServiceAim.PERSON)),
        )
    )
    found = {row["kind"]: row for row in rows}
    return [
        ServiceRow(
            kind,
            str(label),
            (found.get(kind) or {}).get("company", 0),
            (found.get(kind) or {}).get("person", 0),
        )
        for kind, label in ServiceKind.choices
    ]


# Events -------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventRow:
    kind: str
    label: str
    events: int
    supporting: int  # events that themselves support the companies
    companies: int  # attending companies (an employer at two events counts twice)
    people: int  # people from the attending companies
    guests: int  # other guests (not companies)


@dataclass(frozen=True)
class EventFigures:
    rows: list[EventRow]
    #: Different companies that attended any event of the period.
    distinct_companies: int

    @property
    def events(self) -> int:
        return sum(row.events for row in self.rows)

    @property
    def supporting(self) -> int:
        return sum(row.supporting for row in self.rows)

    @property
    def companies(self) -> int:
        return sum(row.companies for row in self.rows)

    @property
    def people(self) -> int:
        return sum(row.people for row in self.rows)

    @property
    def guests(self) -> int:
        return sum(row.guests for row in self.rows)


def events_with_attendance(scope: ReportScope) -> EventFigures:
    """Business events dated in the period by kind, with the companies that came and
    their people, and the other guests. Three queries."""
    events = BusinessEvent.objects.filter(
        scope.between("date"), _district(scope, "district"), project=scope.project
    )
    by_kind = {
        row["kind"]: row
        for row in events.order_by()
        .values("kind")
        .annotate(
            n=Count("id"),
            supporting=Count("id", filter=Q(supports_companies=True)),
            guests=Sum("other_guests"),
        )
    }
    attended = EventInvitation.objects.filter(event__in=events.values("pk"), attended=True)
    came = {
        row["event__kind"]: row
        for row in attended.order_by()
        .values("event__kind")
        .annotate(companies=Count("id"), people=Sum("attendees"))
    }
    distinct = attended.order_by().aggregate(n=Count("employer", distinct=True))["n"]
    rows = []
    for kind, label in EventKind.choices:
        events_row = by_kind.get(kind) or {}
        came_row = came.get(kind) or {}
        rows.append(
            EventRow(
                kind=kind,
                label=str(label),
                events=events_row.get("n", 0),
                supporting=events_row.get("supporting", 0),
                companies=came_row.get("companies", 0),
                people=came_row.get("people") or 0,
                guests=events_row.get("guests") or 0,
            )
        )
    return EventFigures(rows=rows, distinct_companies=distinct)


# Vacant units ---------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitFigures:
    let_in_period: int  # a status change to "let" or `let_on` in the period
    vacant: int  # now
    in_talks: int  # now
    let: int  # now


def vacant_units(scope: ReportScope) -> UnitFigures:
    """Units let in the period (a change to "let", or `let_on`, in it), each once, and
    the units by their status today. One query."""
    let_changes = UnitStatusChange.objects.filter(
        scope.between("date"), status=UnitStatus.LET
    ).values("unit_id")
    let_in_period = Q(pk__in=let_changes) | (Q(let_on__isnull=False) & scope.between("let_on"))
    counts = VacantUnit.objects.filter(
        _district(scope, "district"), project=scope.project
    ).aggregate(
        let_in_period=Count("id", filter=let_in_period),
        vacant=Count("id", filter=Q(status=UnitStatus.VACANT)),
        in_talks=Count("id", filter=Q(status=UnitStatus.IN_TALKS)),
        let=Count("id", filter=Q(status=UnitStatus.LET)),
    )
    return UnitFigures(**counts)


# Placements and stabilisation -----------------------------------------------------------


@dataclass(frozen=True)
class ContractRow:
    kind: str
    label: str
    count: int


@dataclass(frozen=True)
class StabilisationRow:
    months: int
    stable: int
    at_risk: int
    ended: int
    due: int

    @property
    def total(self) -> int:
        return self.stable + self.at_risk + self.ended + self.due

    @property
    def label(self) -> str:
        return ngettext(
            "%(count)d month after the start", "%(count)d months after the start", self.months
        ) % {"count": self.months}


def _placements(scope: ReportScope):
    return Placement.objects.filter(
        scope.between("start_date"), scope.in_district("case__"), case__project=scope.project
    )


def placements_by_contract(scope: ReportScope) -> list[ContractRow]:
    """Placements starting in the period by contract kind (every kind). One query."""
    counts = dict(
        _placements(scope).order_by().values_list("contract_kind").annotate(n=Count("id"))
    )
    return [
        ContractRow(kind, str(label), counts.get(kind, 0)) for kind, label in ContractKind.choices
    ]


def stabilisation_results(scope: ReportScope) -> list[StabilisationRow]:
    """For the placements starting in the period: per month after the start (1, 3, 6 and
    any other of the schedule), how many were stable, at risk, ended, or still due.
    A placement's result at a month is the worst of that month's check-ins that took
    place (ended before at risk before stable), "still due" while none has. One query;
    one row per check-in comes back (the counting needs the placement's checks
    together)."""
    checks = (
        StabilisationCheck.objects.filter(placement__in=_placements(scope).values("pk"))
        .order_by()
        .values_list("placement_id", "months_after_start", "status")
    )
    results: dict[tuple[int, int], str] = {}
    for placement_id, months, status in checks.iterator(chunk_size=2000):
        key = (placement_id, months)
        current = results.get(key, CheckStatus.DUE)
        if _WORST.get(status, 0) > _WORST.get(current, 0):
            current = status
        results[key] = current
    months = sorted({*STABILISATION_MONTHS, *(month for _placement, month in results)})
    tally = {month: dict.fromkeys(CheckStatus.values, 0) for month in months}
    for (_placement, month), status in results.items():
        tally[month][status] += 1
    return [
        StabilisationRow(
            months=month,
            stable=tally[month][CheckStatus.STABLE],
            at_risk=tally[month][CheckStatus.AT_RISK],
            ended=tally[month][CheckStatus.ENDED],
            due=tally[month][CheckStatus.DUE],
        )
        for month in months
    ]


# Together ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class LocalEconomy:
    employers: list[SizeRow]
    smes: int  # EECO19 of the period (the whole project: EECO19 has no district)
    services: list[ServiceRow]
    events: EventFigures
    units: UnitFigures
    placements: list[ContractRow]
    stabilisation: list[StabilisationRow]

    @property
    def employers_supported(self) -> int:
        return sum(row.count for row in self.employers)

    @property
    def services_company(self) -> int:
        return sum(row.company for row in self.services)

    @property
    def services_person(self) -> int:
        return sum(row.person for row in self.services)

    @property
    def services_total(self) -> int:
        return self.services_company + self.services_person

    @property
    def placements_total(self) -> int:
        return sum(row.count for row in self.placements)

    @property
    def is_empty(self) -> bool:
        return not (
            self.employers_supported
            or self.services_total
            or self.events.events
            or self.units.let_in_period
            or self.units.vacant
            or self.units.in_talks
            or self.placements_total
        )


def local_economy(scope: ReportScope) -> LocalEconomy:
    """Every local-economy figure of the dashboard for one scope (ten queries)."""
    return LocalEconomy(
        employers=employers_by_size(scope),
        smes=eeco19(project=scope.project, date_from=scope.date_from, date_to=scope.date_to),
        services=services_by_kind(scope),
        events=events_with_attendance(scope),
        units=vacant_units(scope),
        placements=placements_by_contract(scope),
        stabilisation=stabilisation_results(scope),
    )
