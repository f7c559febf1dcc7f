"""What the case page shows: the overview of one case and its timeline, read once.

`case_overview` reads each kind of record once (one query per kind, the consents as a
prefetch on the participant) and builds the timeline from the same lists in Python, so
the page's query count does not depend on how much the case holds.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, Sum, prefetch_related_objects
from django.utils import timezone

from quartier.cases.models import Assessment, Case, Contact, Document, FollowUp, Goal, Plan
from quartier.cases.timeline import timeline_sources
from quartier.participants.models import Consent

#: How many entries the timeline shows, newest first (and how many of each kind it reads).
TIMELINE_LIMIT = 30
#: How many open follow-ups, latest contacts and documents the overview shows.
OPEN_FOLLOW_UPS_SHOWN = 10
LATEST_CONTACTS_SHOWN = 5
DOCUMENTS_SHOWN = 10


def case_hours(case: Case) -> float:
    minutes = case.contacts.aggregate(total=Sum("duration_minutes"))["total"] or 0
    return round(minutes / 60, 1)


@dataclass(frozen=True)
class TimelineEvent:
    """One entry of the timeline: its day, its kind and the record it tells of."""

    date: date
    kind: str
    object: object

    @property
    def template(self) -> str:
        """The partial that renders this kind of event (`cases/timeline/_<kind>.html`)."""
        return f"cases/timeline/_{self.kind}.html"


@dataclass
class CaseOverview:
    """Everything the case page shows, read in a fixed number of queries."""

    case: Case
    goals: list[Goal]
    plan: Plan | None
    open_follow_ups: list[FollowUp]
    latest_contacts: list[Contact]
    contact_count: int
    hours: float
    #: All assessments of the case, oldest first.
    assessments: list[Assessment]
    #: All consents of the participant, by purpose, newest first within a purpose.
    consents: list
    documents: list[Document]
    timeline: list[TimelineEvent]
    #: Offers the case takes part in, waits for or ended, each with `attended_hours`.
    enrolments: list = field(default_factory=list)
    #: The records the other apps' timeline sources read (`quartier.cases.timeline`),
    #: by event kind, each record once, in the order the source gave them: for the
    #: panels of those apps on the case page (`o.sourced.placement`).
    sourced: dict = field(default_factory=dict)

    @property
    def attended_hours(self) -> Decimal:
        """Hours attended in all offers together."""
        return sum((e.attended_hours or Decimal(0) for e in self.enrolments), Decimal(0))

    @property
    def latest_assessment(self) -> Assessment | None:
        return self.assessments[-1] if self.assessments else None


def _enrolments_of(case: Case) -> list:
    """The case's enrolments with the offer and goal and `attended_hours`, in one query:
    open ones first (newest first), then the ended ones by their end."""
    enrolments = list(
        case.enrolments.select_related("offer", "goal").annotate(
            attended_hours=Sum("attendances__hours", filter=Q(attendances__status="present"))
        )
    )
    enrolments.sort(
        key=lambda e: (
            e.end_date is not None,
            -(e.end_date or e.start_date or date.min).toordinal(),
            -e.pk,
        )
    )
    return enrolments


def _follow_ups_of(case: Case, *, open_limit: int, done_limit: int):
    """The first `open_limit` open follow-ups (by due date) and the `done_limit` last done
    ones (newest first), in one query: each bounded read is a subquery of ids."""
    follow_ups = case.follow_ups.all()
    open_ids = follow_ups.filter(done_at__isnull=True).order_by("due_date", "id")[:open_limit]
    done_ids = follow_ups.filter(done_at__isnull=False).order_by("-done_at", "-id")[:done_limit]
    rows = list(
        FollowUp.objects.filter(
            Q(pk__in=open_ids.values("pk")) | Q(pk__in=done_ids.values("pk"))
        ).select_related("assigned_to")
    )
    open_rows = sorted((f for f in rows if f.done_at is None), key=lambda f: (f.due_date, f.pk))
    done_rows = sorted(
        (f for f in rows if f.done_at is not None), key=lambda f: (f.done_at, f.pk), reverse=True
    )
    return open_rows, done_rows


def case_overview(*, case: Case, timeline_limit: int = TIMELINE_LIMIT) -> CaseOverview:
    """The case page's data, one read per kind of record.

    The consents are prefetched onto `case.participant`, so the consent selectors
    (`consents_missing`, `consent_valid`) called on it afterwards ask no query."""
    plan = (
        Plan.objects.filter(case=case)
        .prefetch_related(Prefetch("goals", queryset=Goal.objects.order_by("position", "id")))
        .first()
    )
    goals = list(plan.goals.all()) if plan else []
    open_follow_ups, done_follow_ups = _follow_ups_of(
        case, open_limit=OPEN_FOLLOW_UPS_SHOWN, done_limit=timeline_limit
    )
    contact_totals = case.contacts.aggregate(total=Sum("duration_minutes"), count=Count("id"))
    contacts = list(
        case.contacts.select_related("staff").order_by("-date", "-id")[
            : max(timeline_limit, LATEST_CONTACTS_SHOWN)
        ]
    )
    assessments = list(case.assessments.order_by("date", "id"))
    participant = case.participant
    prefetch_related_objects(
        [participant],
        Prefetch(
            "consents",
            queryset=Consent.objects.select_related("partner", "recorded_by").order_by(
                "purpose", "-given_on"
            ),
        ),
    )
    consents = list(participant.consents.all())
    documents = list(
        case.documents.select_related("created_by").order_by("-created_at", "-id")[
            : max(timeline_limit, DOCUMENTS_SHOWN)
        ]
    )
    enrolments = _enrolments_of(case)
    sourced_events = []
    for source in timeline_sources():
        sourced_events += source(case=case, limit=timeline_limit)
    sourced: dict[str, list] = {}
    for event in sourced_events:
        records = sourced.setdefault(event.kind, [])
        if not any(record is event.object for record in records):
            records.append(event.object)
    return CaseOverview(
        case=case,
        goals=goals,
        plan=plan,
        open_follow_ups=open_follow_ups,
        latest_contacts=contacts[:LATEST_CONTACTS_SHOWN],
        contact_count=contact_totals["count"] or 0,
        hours=round((contact_totals["total"] or 0) / 60, 1),
        assessments=assessments,
        consents=consents,
        documents=documents[:DOCUMENTS_SHOWN],
        timeline=_timeline(
            case,
            limit=timeline_limit,
            contacts=contacts,
            assessments=assessments,
            done_follow_ups=done_follow_ups,
            documents=documents,
            consents=consents,
            enrolments=enrolments,
            sourced_events=sourced_events,
        ),
        enrolments=enrolments,
        sourced=sourced,
    )


def _enrolment_events(enrolments) -> list[TimelineEvent]:
    """What the enrolments' own dates tell: put on the waiting list, enrolled (or moved
    up from the waiting list), completed, dropped out or taken off the waiting list."""
    events = []
    for enrolment in enrolments:
        if enrolment.waiting_since:
            day = timezone.localdate(enrolment.waiting_since)
            events.append(TimelineEvent(day, "enrolment_waiting", enrolment))
        if enrolment.start_date and enrolment.status != "waiting":
            kind = "enrolment_moved_up" if enrolment.waiting_since else "enrolment_started"
            events.append(TimelineEvent(enrolment.start_date, kind, enrolment))
        if enrolment.end_date:
            kind = {"completed": "enrolment_completed"}.get(enrolment.status)
            if kind is None:
                kind = "enrolment_dropped_out" if enrolment.start_date else "enrolment_taken_off"
            events.append(TimelineEvent(enrolment.end_date, kind, enrolment))
    return events


def _timeline(
    case: Case,
    *,
    limit: int,
    contacts,
    assessments,
    done_follow_ups,
    documents,
    consents,
    enrolments,
    sourced_events=(),
) -> list[TimelineEvent]:
    """Everything that happened in the case, newest first, from the lists already read:
    the entry and exit, contacts, assessments, follow-ups done, documents, consents and
    their withdrawals, enrolments in offers and their changes, and what the other apps'
    sources (`quartier.cases.timeline`) read. At most `limit` of each
    kind are considered, and `limit` entries are kept. Events of the same day keep that
    order (the sort is stable)."""
    events = [TimelineEvent(case.entry_date, "entry", case)]
    if case.exit_date:
        events.append(TimelineEvent(case.exit_date, "exit", case))
    events += [TimelineEvent(c.date, "contact", c) for c in contacts[:limit]]
    events += [TimelineEvent(a.date, "assessment", a) for a in reversed(assessments[-limit:])]
    events += [
        TimelineEvent(timezone.localdate(f.done_at), "follow_up", f)
        for f in done_follow_ups[:limit]
    ]
    events += [
        TimelineEvent(timezone.localdate(d.created_at), "document", d) for d in documents[:limit]
    ]
    newest_consents = sorted(consents, key=lambda consent: consent.given_on, reverse=True)
    for consent in newest_consents[:limit]:
        events.append(TimelineEvent(consent.given_on, "consent", consent))
        if consent.withdrawn_on:
            events.append(TimelineEvent(consent.withdrawn_on, "withdrawal", consent))
    events += _enrolment_events(enrolments)
    events += sourced_events
    events.sort(key=lambda event: event.date, reverse=True)
    return events[:limit]
