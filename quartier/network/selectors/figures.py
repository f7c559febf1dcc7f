"""The network view: a project's figures of a period, for the network coach and the
advisory board (Beirat).

- who refers to whom and how often (referrals sent in the period, both directions:
  referrals to partners and assignments from outside), by organisation;
- the active partners by network level and district (a partner on both levels counts
  for each);
- per recipient organisation: referrals received, accepted, declined, completed, not
  completed, still open, and the median days from sending to accepting and to
  completing;
- the reasons for declining and for "not completed";
- the gaps: (district, target group) pairs that no active partner serving the
  district reaches.

Every figure counts organisations and referrals, never people: no name, case or
participant is read. The counts are grouped in SQL; the medians are taken over the
durations SQL computes (one number per answered referral), the gaps over the project's
partners' (district, target groups) rows. The number of queries does not grow with the
data (`network_figures` runs `QUERIES` of them).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from statistics import median

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, QuerySet
from django.utils import timezone

from quartier.core.models import District, Project
from quartier.core.tenancy import NETWORK_VIEW_ROLES, is_active_user, project_ids_with_role
from quartier.network.models import (
    OPEN_STATES,
    DeclineReason,
    NetworkLevel,
    NotCompletedReason,
    Partner,
    Referral,
    ReferralState,
)
from quartier.participants.models import TargetGroup

#: The queries `network_figures` runs, whatever the amount of data.
QUERIES = 9

#: Target groups a gap is looked for (the first-contact list without "other").
GAP_TARGET_GROUPS = [group for group in TargetGroup if group != TargetGroup.OTHER]


# Which projects -------------------------------------------------------------------------


def figure_projects(user) -> QuerySet[Project]:
    """Projects whose network figures the user may open: those in which she holds a
    network view role (case roles, network coach, employer liaison); every project for a
    platform admin."""
    if not is_active_user(user):
        return Project.objects.none()
    if user.is_platform_admin:
        return Project.objects.all().order_by("name")
    return Project.objects.filter(pk__in=project_ids_with_role(user, *NETWORK_VIEW_ROLES)).order_by(
        "name"
    )


def default_period(today: date | None = None) -> tuple[date, date]:
    """The current calendar year up to today."""
    today = today or timezone.localdate()
    return date(today.year, 1, 1), today


# The figures ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Flow:
    """Referrals from one organisation to another in the period."""

    sender_id: int
    sender: str
    recipient_id: int
    recipient: str
    count: int


@dataclass(frozen=True)
class FlowOrganisation:
    """An organisation in the flows, with its network level if it is a partner ("" if
    not: a consortium member or an outside sender such as the Jobcenter)."""

    pk: int
    name: str
    level: str = ""

    @property
    def level_label(self) -> str:
        return NetworkLevel(self.level).label if self.level else ""


@dataclass(frozen=True)
class LevelRow:
    """Active partners serving a district (None: partners that name no district)."""

    district: str | None
    activation: int
    strategy: int
    total: int


@dataclass
class RecipientRow:
    pk: int
    name: str
    received: int = 0
    accepted: int = 0
    declined: int = 0
    completed: int = 0
    not_completed: int = 0
    open: int = 0
    days_to_accept: float | None = None
    days_to_complete: float | None = None


@dataclass(frozen=True)
class ReasonRow:
    code: str
    label: str
    count: int


@dataclass(frozen=True)
class Gap:
    district: str
    groups: list  # of TargetGroup labels no active partner serving the district reaches


@dataclass
class NetworkFigures:
    project: Project
    start: date
    end: date
    flows: list[Flow] = field(default_factory=list)
    organisations: list[FlowOrganisation] = field(default_factory=list)
    levels: list[LevelRow] = field(default_factory=list)
    levels_total: LevelRow | None = None
    recipients: list[RecipientRow] = field(default_factory=list)
    decline_reasons: list[ReasonRow] = field(default_factory=list)
    not_completed_reasons: list[ReasonRow] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    districts: list[str] = field(default_factory=list)

    @property
    def referrals(self) -> int:
        return sum(flow.count for flow in self.flows)

    @property
    def declined(self) -> int:
        return sum(row.count for row in self.decline_reasons)

    @property
    def not_completed(self) -> int:
        return sum(row.count for row in self.not_completed_reasons)


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """The period's first moment and the moment after its last day, local time."""
    zone = timezone.get_current_timezone()
    first = timezone.make_aware(datetime.combine(start, time.min), zone)
    after = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min), zone)
    return first, after


def referrals_in_period(project: Project, start: date, end: date) -> QuerySet[Referral]:
    """The project's referrals and assignments sent (received) in the period."""
    first, after = _bounds(start, end)
    return Referral.objects.filter(project=project, sent_at__gte=first, sent_at__lt=after)


def _days(duration: timedelta | None) -> float | None:
    return None if duration is None else duration.total_seconds() / 86400


def _median(values: list[float]) -> float | None:
    return round(median(values), 1) if values else None


def _flows(referrals: QuerySet[Referral]) -> list[Flow]:
    rows = (
        referrals.values(
            "sender_organisation_id",
            "sender_organisation__name",
            "recipient_id",
            "recipient__name",
        )
        .annotate(count=Count("id"))
        .order_by()
    )
    flows = [
        Flow(
            sender_id=row["sender_organisation_id"],
            sender=row["sender_organisation__name"],
            recipient_id=row["recipient_id"],
            recipient=row["recipient__name"],
            count=row["count"],
        )
        for row in rows
    ]
    return sorted(flows, key=lambda f: (-f.count, f.sender.casefold(), f.recipient.casefold()))


def _recipients(referrals: QuerySet[Referral]) -> list[RecipientRow]:
    rows = (
        referrals.values("recipient_id", "recipient__name")
        .annotate(
            received=Count("id"),
            accepted=Count("id", filter=Q(accepted_at__isnull=False)),
            declined=Count("id", filter=Q(state=ReferralState.DECLINED)),
            completed=Count("id", filter=Q(state=ReferralState.COMPLETED)),
            not_completed=Count("id", filter=Q(state=ReferralState.NOT_COMPLETED)),
            open=Count("id", filter=Q(state__in=OPEN_STATES)),
        )
        .order_by()
    )
    recipients = {
        row["recipient_id"]: RecipientRow(
            pk=row["recipient_id"],
            name=row["recipient__name"],
            received=row["received"],
            accepted=row["accepted"],
            declined=row["declined"],
            completed=row["completed"],
            not_completed=row["not_completed"],
            open=row["open"],
        )
        for row in rows
    }
    # The durations, computed in SQL: one number per accepted or completed referral.
    durations = (
        referrals.filter(
            Q(accepted_at__isnull=False) | Q(state=ReferralState.COMPLETED, closed_at__isnull=False)
        )
        .annotate(
            to_accept=ExpressionWrapper(
                F("accepted_at") - F("sent_at"), output_field=DurationField()
            ),
            to_close=ExpressionWrapper(F("closed_at") - F("sent_at"), output_field=DurationField()),
        )
        .values_list("recipient_id", "state", "to_accept", "to_close")
        .order_by()
    )
    to_accept: dict[int, list[float]] = defaultdict(list)
    to_complete: dict[int, list[float]] = defaultdict(list)
    for recipient_id, state, accept, close in durations:
        if accept is not None:
            to_accept[recipient_id].append(_days(accept))
        if state == ReferralState.COMPLETED and close is not None:
            to_complete[recipient_id].append(_days(close))
    for pk, row in recipients.items():
        row.days_to_accept = _median(to_accept.get(pk, []))
        row.days_to_complete = _median(to_complete.get(pk, []))
    return sorted(recipients.values(), key=lambda r: (-r.received, r.name.casefold()))


def _reasons(referrals: QuerySet[Referral]) -> tuple[list[ReasonRow], list[ReasonRow]]:
    rows = (
        referrals.filter(state__in=(ReferralState.DECLINED, ReferralState.NOT_COMPLETED))
        .values("state", "decline_reason", "not_completed_reason")
        .annotate(count=Count("id"))
        .order_by()
    )
    declined: dict[str, int] = defaultdict(int)
    not_completed: dict[str, int] = defaultdict(int)
    for row in rows:
        if row["state"] == ReferralState.DECLINED:
            declined[row["decline_reason"]] += row["count"]
        else:
            not_completed[row["not_completed_reason"]] += row["count"]
    return (
        [ReasonRow(c.value, c.label, declined.get(c.value, 0)) for c in DeclineReason],
        [ReasonRow(c.value, c.label, not_completed.get(c.value, 0)) for c in NotCompletedReason],
    )


def _levels(project: Project, districts: dict[int, str]) -> tuple[list[LevelRow], LevelRow]:
    """Active partners per district and level (a partner on both levels counts for each;
    the total counts each partner once)."""
    active = Partner.objects.filter(project=project, is_active=True)
    per_district: dict[int | None, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    names: dict[int | None, str | None] = {None: None}
    for row in (
        active.values("level", "districts__id", "districts__name")
        .annotate(count=Count("id", distinct=True))
        .order_by()
    ):
        per_district[row["districts__id"]][row["level"]] += row["count"]
        names[row["districts__id"]] = row["districts__name"]
    totals: dict[str, int] = defaultdict(int)
    for row in active.values("level").annotate(count=Count("id")).order_by():
        totals[row["level"]] += row["count"]

    def level_row(label, counts) -> LevelRow:
        both = counts.get(NetworkLevel.BOTH, 0)
        return LevelRow(
            district=label,
            activation=counts.get(NetworkLevel.ACTIVATION, 0) + both,
            strategy=counts.get(NetworkLevel.STRATEGY, 0) + both,
            total=sum(counts.values()),
        )

    # Every district of the project (also one no partner serves), then others partners
    # name, then the partners that name none.
    order = list(districts) + sorted(
        (pk for pk in per_district if pk is not None and pk not in districts),
        key=lambda pk: names[pk].casefold(),
    )
    rows = [level_row(districts.get(pk) or names[pk], per_district.get(pk, {})) for pk in order]
    if None in per_district:
        rows.append(level_row(None, per_district[None]))
    return rows, level_row("", totals)


def _gaps(project: Project, districts: dict[int, str]) -> list[Gap]:
    """For each district of the project, the target groups that no active partner
    serving the district reaches (`Partner.target_groups`; read once, compared here:
    JSON containment is not portable)."""
    reached: dict[int, set[str]] = defaultdict(set)
    for groups, district_id in Partner.objects.filter(
        project=project, is_active=True, districts__isnull=False
    ).values_list("target_groups", "districts__id"):
        reached[district_id].update(groups or [])
    gaps = []
    for pk, name in districts.items():
        missing = [group.label for group in GAP_TARGET_GROUPS if group.value not in reached[pk]]
        if missing:
            gaps.append(Gap(district=name, groups=missing))
    return gaps


def network_figures(*, project: Project, start: date, end: date) -> NetworkFigures:
    """The network view of `project` for the period from `start` to `end` (both
    included). The caller checks `network.view_figures` on the project."""
    referrals = referrals_in_period(project, start, end)
    figures = NetworkFigures(project=project, start=start, end=end)
    figures.flows = _flows(referrals)
    levels = dict(
        Partner.objects.filter(project=project).values_list("partner_organisation_id", "level")
    )
    seen: dict[int, FlowOrganisation] = {}
    for flow in figures.flows:
        for pk, name in ((flow.sender_id, flow.sender), (flow.recipient_id, flow.recipient)):
            seen.setdefault(pk, FlowOrganisation(pk=pk, name=name, level=levels.get(pk, "")))
    figures.organisations = sorted(seen.values(), key=lambda o: (o.name.casefold(), o.pk))
    figures.recipients = _recipients(referrals)
    figures.decline_reasons, figures.not_completed_reasons = _reasons(referrals)
    districts = dict(
        District.objects.filter(projects=project).order_by("name").values_list("pk", "name")
    )
    figures.districts = list(districts.values())
    figures.levels, figures.levels_total = _levels(project, districts)
    figures.gaps = _gaps(project, districts)
    return figures
