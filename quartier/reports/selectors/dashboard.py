"""The project dashboard's figures for one `ReportScope`: the integration chain, the
months, overdue follow-ups, the offers' fill, certificates, first contacts by
channel and the local economy (`economy`); `project_dashboard` gathers them in a
fixed number of queries."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db.models import Count, F, Q, Sum, Value
from django.utils import timezone

from quartier.cases.models import Contact, FollowUp, Stage
from quartier.offers.models import (
    Attendance,
    AttendanceStatus,
    Certificate,
    CertificateKind,
    Enrolment,
    EnrolmentStatus,
    Offer,
)
from quartier.participants.models import Channel, FirstContact
from quartier.reports.indicators.dates import DateNumber
from quartier.reports.selectors.economy import LocalEconomy, local_economy
from quartier.reports.selectors.scope import ReportScope

#: Month axes longer than this show only the months that have figures.
MAX_FILLED_MONTHS = 120
#: How many offers the dashboard and the district profile list (the fullest first).
OFFERS_SHOWN = 50


# The integration chain ------------------------------------------------------------------


@dataclass(frozen=True)
class StageRow:
    stage: str
    label: str
    count: int


def participants_by_stage(scope: ReportScope) -> list[StageRow]:
    """The participants taking part in the period, by their current stage in the chain,
    in the chain's order (every stage, also those with none)."""
    counts = dict(
        scope.cases()
        .filter(scope.taking_part())
        .order_by()
        .values_list("stage")
        .annotate(n=Count("id"))
    )
    return [StageRow(stage, str(label), counts.get(stage, 0)) for stage, label in Stage.choices]


# Months ----------------------------------------------------------------------------------


def month_axis(scope: ReportScope, months_with_data) -> list[date]:
    """The first days of the months to show: the period's (or the project's, for an open
    period) and every month that has figures, without gaps unless that grows too long."""
    first = scope.date_from or scope.project.start_date
    last = scope.date_to or scope.project.end_date
    found = {day.replace(day=1) for day in months_with_data if day is not None}
    if scope.date_from is None and found:
        first = min(first, min(found))
    if scope.date_to is None and found:
        last = max(last, max(found))
    first, last = first.replace(day=1), last.replace(day=1)
    span = (last.year - first.year) * 12 + last.month - first.month + 1
    if span > MAX_FILLED_MONTHS:
        return sorted(found)
    return [first + relativedelta(months=n) for n in range(span)]


def _by_month(queryset, field_name: str, **aggregates) -> dict[date, dict]:
    """The aggregates per month of `field_name`. The month is grouped as the number
    YYYYMM, from the database's own date formatting (no Python function per row, as
    TruncMonth would call on SQLite)."""
    rows = (
        queryset.order_by()
        .annotate(month=DateNumber(F(field_name)) / Value(100))
        .values("month")
        .annotate(**aggregates)
        .values("month", *aggregates)
    )
    return {
        date(row["month"] // 100, row["month"] % 100, 1): row
        for row in rows
        if row["month"] is not None
    }


@dataclass(frozen=True)
class MonthRow:
    month: date
    entries: int = 0
    exits: int = 0
    contacts: int = 0
    contact_hours: Decimal = Decimal(0)
    attendance_hours: Decimal = Decimal(0)


@dataclass(frozen=True)
class MonthTotals:
    rows: list[MonthRow]
    entries: int
    exits: int
    contacts: int
    contact_hours: Decimal
    attendance_hours: Decimal


def figures_by_month(scope: ReportScope) -> MonthTotals:
    """Entries, exits, counselling contacts with their hours, and attended hours in
    offers, per month of the period (four grouped queries)."""
    cases = scope.cases()
    entries = _by_month(cases.filter(scope.between("entry_date")), "entry_date", n=Count("id"))
    exits = _by_month(
        cases.filter(scope.between("exit_date"), exit_date__isnull=False),
        "exit_date",
        n=Count("id"),
    )
    contacts = _by_month(
        Contact.objects.filter(
            scope.between("date"), scope.in_district("case__"), case__project=scope.project
        ),
        "date",
        n=Count("id"),
        minutes=Sum("duration_minutes"),
    )
    attendance = _by_month(
        Attendance.objects.filter(
            scope.between("date"),
            scope.in_district("enrolment__case__"),
            enrolment__offer__project=scope.project,
            status=AttendanceStatus.PRESENT,
        ),
        "date",
        hours=Sum("hours"),
    )
    months = month_axis(scope, [*entries, *exits, *contacts, *attendance])
    rows = []
    for month in months:
        minutes = (contacts.get(month) or {}).get("minutes") or 0
        rows.append(
            MonthRow(
                month=month,
                entries=(entries.get(month) or {}).get("n", 0),
                exits=(exits.get(month) or {}).get("n", 0),
                contacts=(contacts.get(month) or {}).get("n", 0),
                contact_hours=_hours(minutes),
                attendance_hours=Decimal((attendance.get(month) or {}).get("hours") or 0).quantize(
                    Decimal("0.1")
                ),
            )
        )
    return MonthTotals(
        rows=rows,
        entries=sum(row.entries for row in rows),
        exits=sum(row.exits for row in rows),
        contacts=sum(row.contacts for row in rows),
        contact_hours=sum((row.contact_hours for row in rows), Decimal(0)),
        attendance_hours=sum((row.attendance_hours for row in rows), Decimal(0)),
    )


def _hours(minutes: int) -> Decimal:
    return (Decimal(minutes) / 60).quantize(Decimal("0.1"))


# Follow-ups, offers, certificates, first contacts ---------------------------------------


@dataclass(frozen=True)
class OverdueFollowUps:
    total: int
    by_kind: list[tuple[str, str, int]]


def overdue_follow_ups(scope: ReportScope) -> OverdueFollowUps:
    """Open follow-ups whose date has passed (today, whatever the period), by kind."""
    today = timezone.localdate()
    counts = FollowUp.objects.filter(
        scope.in_district("case__"),
        case__project=scope.project,
        done_at__isnull=True,
        due_date__lt=today,
    ).aggregate(
        total=Count("id"),
        **{kind: Count("id", filter=Q(kind=kind)) for kind in FollowUp.Kind.values},
    )
    return OverdueFollowUps(
        total=counts["total"],
        by_kind=[(kind, str(label), counts[kind]) for kind, label in FollowUp.Kind.choices],
    )


@dataclass(frozen=True)
class OfferFill:
    offers: list[Offer]  # each with .taken, .waiting and .fill (per cent or None)
    more: int
    taken: int
    taken_limited: int  # in offers with a number of places
    capacity: int
    waiting: int
    unlimited: int

    @property
    def fill(self) -> int | None:
        return round(100 * self.taken_limited / self.capacity) if self.capacity else None


def offers_with_fill(scope: ReportScope) -> OfferFill:
    """The project's active offers running in the period (in the district, if one is
    chosen: an offer with a place there), with their places taken now (active
    enrolments), waiting lists and fill rate, the fullest first; and the totals."""
    offers = Offer.objects.filter(project=scope.project, active=True)
    if scope.date_from:
        offers = offers.filter(Q(end_date__isnull=True) | Q(end_date__gte=scope.date_from))
    if scope.date_to:
        offers = offers.filter(Q(start_date__isnull=True) | Q(start_date__lte=scope.date_to))
    if scope.district is not None:
        offers = offers.filter(
            pk__in=Offer.objects.filter(locations__district=scope.district).values("pk")
        )
    annotated = offers.annotate(
        taken=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.ACTIVE)),
        waiting=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.WAITING)),
    )
    totals = offers.order_by().aggregate(
        offers=Count("id"),
        places=Sum("capacity"),
        unlimited=Count("id", filter=Q(capacity__isnull=True)),
    )
    places = Enrolment.objects.filter(offer__in=offers.values("pk")).aggregate(
        taken=Count("id", filter=Q(status=EnrolmentStatus.ACTIVE)),
        limited=Count("id", filter=Q(status=EnrolmentStatus.ACTIVE, offer__capacity__isnull=False)),
        waiting=Count("id", filter=Q(status=EnrolmentStatus.WAITING)),
    )
    shown = list(
        annotated.select_related("organisation").order_by("-taken", "title", "id")[:OFFERS_SHOWN]
    )
    for offer in shown:
        offer.fill = round(100 * offer.taken / offer.capacity) if offer.capacity else None
    return OfferFill(
        offers=shown,
        more=max(totals["offers"] - len(shown), 0),
        taken=places["taken"],
        taken_limited=places["limited"],
        capacity=totals["places"] or 0,
        waiting=places["waiting"],
        unlimited=totals["unlimited"],
    )


@dataclass(frozen=True)
class CertificateCounts:
    issued: int
    by_kind: list[tuple[str, str, int]]
    revoked: int


def certificates_issued(scope: ReportScope) -> CertificateCounts:
    """Certificates and confirmations issued in the period (revoked ones apart)."""
    counts = Certificate.objects.filter(
        scope.between("issued_on"),
        scope.in_district("enrolment__case__"),
        enrolment__offer__project=scope.project,
    ).aggregate(
        issued=Count("id", filter=Q(revoked_at__isnull=True)),
        revoked=Count("id", filter=Q(revoked_at__isnull=False)),
        **{
            kind: Count("id", filter=Q(kind=kind, revoked_at__isnull=True))
            for kind in CertificateKind.values
        },
    )
    return CertificateCounts(
        issued=counts["issued"],
        by_kind=[(kind, str(label), counts[kind]) for kind, label in CertificateKind.choices],
        revoked=counts["revoked"],
    )


@dataclass(frozen=True)
class ChannelRow:
    channel: str
    label: str
    count: int
    converted: int


def first_contacts_by_channel(scope: ReportScope) -> list[ChannelRow]:
    """First contacts in the period by channel (every channel, in the list's order),
    with how many became participants. `request` are the appointment requests sent from
    the public offer map. First contacts have no district: the district filter does
    not apply to them."""
    rows = {
        row["channel"]: row
        for row in FirstContact.objects.filter(scope.between("date"), project=scope.project)
        .order_by()
        .values("channel")
        .annotate(
            n=Count("id"),
            converted=Count("id", filter=Q(status=FirstContact.Status.CONVERTED)),
        )
    }
    return [
        ChannelRow(
            channel,
            str(label),
            (rows.get(channel) or {}).get("n", 0),
            (rows.get(channel) or {}).get("converted", 0),
        )
        for channel, label in Channel.choices
    ]


# The dashboard ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Dashboard:
    scope: ReportScope
    stages: list[StageRow]
    months: MonthTotals
    overdue: OverdueFollowUps
    offers: OfferFill
    certificates: CertificateCounts
    channels: list[ChannelRow]
    #: BIWAQ field of action 2: employers, services, events, units, placements.
    economy: LocalEconomy

    @property
    def taking_part(self) -> int:
        return sum(row.count for row in self.stages)

    @property
    def first_contacts(self) -> int:
        return sum(row.count for row in self.channels)

    @property
    def is_empty(self) -> bool:
        return not (self.taking_part or self.first_contacts or self.months.contacts)


def project_dashboard(scope: ReportScope) -> Dashboard:
    """Every figure of the project dashboard for one scope, in a fixed number of queries."""
    return Dashboard(
        scope=scope,
        stages=participants_by_stage(scope),
        months=figures_by_month(scope),
        overdue=overdue_follow_ups(scope),
        offers=offers_with_fill(scope),
        certificates=certificates_issued(scope),
        channels=first_contacts_by_channel(scope),
        economy=local_economy(scope),
    )
