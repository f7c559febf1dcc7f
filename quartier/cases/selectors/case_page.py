"""What the case page shows: the overview of one case and its timeline."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, Sum
from django.utils import timezone

from quartier.cases.models import Assessment, Case, Contact, Document, FollowUp, Goal, Plan


def case_hours(case: Case) -> float:
    minutes = case.contacts.aggregate(total=Sum("duration_minutes"))["total"] or 0
    return round(minutes / 60, 1)


@dataclass
class CaseOverview:
    """Everything the case page shows at a glance, read in a fixed number of queries."""

    case: Case
    goals: list[Goal]
    plan: Plan | None
    open_follow_ups: list[FollowUp]
    latest_contacts: list[Contact]
    contact_count: int
    hours: float
    assessments: list[Assessment]
    consents: list
    documents: list[Document]
    timeline: list[dict]
    #: Offers the case takes part in, waits for or ended, each with `attended_hours`.
    enrolments: list = field(default_factory=list)

    @property
    def attended_hours(self) -> Decimal:
        """Hours attended in all offers together."""
        return sum((e.attended_hours or Decimal(0) for e in self.enrolments), Decimal(0))


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


def case_overview(*, case: Case, timeline_limit: int = 30) -> CaseOverview:
    plan = (
        Plan.objects.filter(case=case)
        .prefetch_related(Prefetch("goals", queryset=Goal.objects.order_by("position", "id")))
        .first()
    )
    goals = list(plan.goals.all()) if plan else []
    open_follow_ups = list(
        case.follow_ups.filter(done_at__isnull=True)
        .select_related("assigned_to")
        .order_by("due_date", "id")[:10]
    )
    contact_totals = case.contacts.aggregate(total=Sum("duration_minutes"), count=Count("id"))
    latest_contacts = list(case.contacts.select_related("staff").order_by("-date", "-id")[:5])
    assessments = list(case.assessments.order_by("date", "id"))
    consents = list(
        case.participant.consents.select_related("partner", "recorded_by").order_by(
            "purpose", "-given_on"
        )
    )
    documents = list(case.documents.select_related("created_by").order_by("-created_at")[:10])
    enrolments = _enrolments_of(case)
    return CaseOverview(
        case=case,
        goals=goals,
        plan=plan,
        open_follow_ups=open_follow_ups,
        latest_contacts=latest_contacts,
        contact_count=contact_totals["count"] or 0,
        hours=round((contact_totals["total"] or 0) / 60, 1),
        assessments=assessments,
        consents=consents,
        documents=documents,
        timeline=case_timeline(case=case, limit=timeline_limit, enrolments=enrolments),
        enrolments=enrolments,
    )


def _enrolment_events(enrolments) -> list[dict]:
    """What the enrolments' own dates tell: put on the waiting list, enrolled (or moved
    up from the waiting list), completed, dropped out or taken off the waiting list."""
    events = []
    for enrolment in enrolments:
        if enrolment.waiting_since:
            events.append(
                {
                    "date": timezone.localdate(enrolment.waiting_since),
                    "kind": "enrolment_waiting",
                    "object": enrolment,
                }
            )
        if enrolment.start_date and enrolment.status != "waiting":
            kind = "enrolment_moved_up" if enrolment.waiting_since else "enrolment_started"
            events.append({"date": enrolment.start_date, "kind": kind, "object": enrolment})
        if enrolment.end_date:
            kind = {"completed": "enrolment_completed"}.get(enrolment.status)
            if kind is None:
                kind = "enrolment_dropped_out" if enrolment.start_date else "enrolment_taken_off"
            events.append({"date": enrolment.end_date, "kind": kind, "object": enrolment})
    return events


def case_timeline(*, case: Case, limit: int = 30, enrolments=None) -> list[dict]:
    """Everything that happened in the case, newest first: contacts, assessments, goals,
    follow-ups done, documents, consents, enrolments in offers and their changes, and
    the entry and exit. A bounded number of queries, each limited to `limit` rows;
    `enrolments` (with their offers) saves the query when the caller has them."""
    events: list[dict] = [{"date": case.entry_date, "kind": "entry", "object": case}]
    if case.exit_date:
        events.append({"date": case.exit_date, "kind": "exit", "object": case})
    for contact in case.contacts.select_related("staff").order_by("-date", "-id")[:limit]:
        events.append({"date": contact.date, "kind": "contact", "object": contact})
    for assessment in case.assessments.order_by("-date", "-id")[:limit]:
        events.append({"date": assessment.date, "kind": "assessment", "object": assessment})
    for follow_up in case.follow_ups.filter(done_at__isnull=False).order_by("-done_at")[:limit]:
        events.append(
            {
                "date": timezone.localdate(follow_up.done_at),
                "kind": "follow_up",
                "object": follow_up,
            }
        )
    for document in case.documents.order_by("-created_at")[:limit]:
        events.append(
            {
                "date": timezone.localdate(document.created_at),
                "kind": "document",
                "object": document,
            }
        )
    for consent in case.participant.consents.order_by("-given_on")[:limit]:
        events.append({"date": consent.given_on, "kind": "consent", "object": consent})
        if consent.withdrawn_on:
            events.append({"date": consent.withdrawn_on, "kind": "withdrawal", "object": consent})
    if enrolments is None:
        enrolments = case.enrolments.select_related("offer").order_by("-updated_at")[:limit]
    events.extend(_enrolment_events(enrolments))
    events.sort(key=lambda event: event["date"], reverse=True)
    return events[:limit]
