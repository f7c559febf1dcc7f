"""The network coach's start page (registered in `quartier.network.apps` for the
network work roles: network coach, project lead):

- `open_referrals_part`: the open referrals of her projects, those overdue first
  (purpose, sender → recipient, sent, due, days waiting; no person data);
- `meetings_part`: her projects' meetings of the next 30 days;
- `quiet_partners_part`: active partners of her projects without a contact for 90
  days or never contacted.

Each part returns one context key; the template draws a part only when its key is
there (a project lead's start page shows them below "My day").
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import BooleanField, Case, Count, F, Max, Q, Value, When
from django.utils import timezone

from quartier.core.tenancy import NETWORK_WORK_ROLES, project_ids_with_role
from quartier.network.models import Meeting, Partner, ReferralState
from quartier.network.selectors.referrals import referrals_of_network
from quartier.participants.models import ReferralPurpose

#: How many rows each part lists (the total is told beside it).
LIMIT = 15
MEETING_DAYS = 30
QUIET_DAYS = 90


@dataclass(frozen=True)
class OpenReferral:
    """An open referral as the network sees it: organisations, purpose, dates."""

    pk: int
    purpose: str
    sender: str
    recipient: str
    project: str
    state: str
    state_label: str
    sent_on: date
    answer_due: date | None
    days_waiting: int
    overdue: bool


def _work_projects(user):
    return project_ids_with_role(user, *NETWORK_WORK_ROLES)


def open_referrals_part(*, user, today: date | None = None) -> dict:
    """Referrals of her projects that wait for an answer (sent) or are being worked on
    (accepted); a sent one past its answer date is overdue and comes first."""
    today = today or timezone.localdate()
    referrals = referrals_of_network(user).filter(
        project_id__in=_work_projects(user),
        state__in=(ReferralState.SENT, ReferralState.ACCEPTED),
        sent_at__isnull=False,
    )
    overdue = Q(state=ReferralState.SENT, answer_due__lt=today)
    rows = list(
        referrals.values(
            "pk",
            "purpose",
            "state",
            "sent_at",
            "answer_due",
            "sender_organisation__name",
            "recipient__name",
            "project__name",
        )
        .annotate(is_overdue=_flag(overdue))
        .order_by("-is_overdue", F("answer_due").asc(nulls_last=True), "sent_at", "pk")[:LIMIT]
    )
    counts = referrals.aggregate(
        total=_count(Q()), overdue=_count(overdue), waiting=_count(Q(state=ReferralState.SENT))
    )
    purposes = dict(ReferralPurpose.choices)
    states = dict(ReferralState.choices)
    items = []
    for row in rows:
        sent_on = timezone.localdate(row["sent_at"])
        items.append(
            OpenReferral(
                pk=row["pk"],
                purpose=str(purposes.get(row["purpose"], row["purpose"])),
                sender=row["sender_organisation__name"],
                recipient=row["recipient__name"],
                project=row["project__name"],
                state=row["state"],
                state_label=str(states[row["state"]]),
                sent_on=sent_on,
                answer_due=row["answer_due"],
                days_waiting=(today - sent_on).days,
                overdue=bool(row["is_overdue"]),
            )
        )
    return {
        "network_open_referrals": {
            "today": today,
            "referrals": items,
            "total": counts["total"],
            "overdue": counts["overdue"],
            "waiting": counts["waiting"],
            "more": max(counts["total"] - len(items), 0),
        }
    }


def _flag(condition: Q):
    return Case(
        When(condition, then=Value(True)), default=Value(False), output_field=BooleanField()
    )


def _count(condition: Q):
    return Count("pk", filter=condition) if condition else Count("pk")


def meetings_part(*, user, today: date | None = None) -> dict:
    """Her projects' meetings from today to 30 days ahead, the next first."""
    today = today or timezone.localdate()
    meetings = list(
        Meeting.objects.filter(
            project_id__in=_work_projects(user),
            date__gte=today,
            date__lte=today + timedelta(days=MEETING_DAYS),
        )
        .select_related("project", "district")
        .order_by("date", F("starts_at").asc(nulls_last=True), "pk")[:LIMIT]
    )
    return {"network_meetings": {"today": today, "days": MEETING_DAYS, "meetings": meetings}}


def quiet_partners_part(*, user, today: date | None = None) -> dict:
    """Active partners of her projects whose newest contact is older than 90 days, or
    who have none; never contacted first, then the longest silence."""
    today = today or timezone.localdate()
    since = today - timedelta(days=QUIET_DAYS)
    partners = (
        Partner.objects.filter(project_id__in=_work_projects(user), is_active=True)
        .annotate(last_contact=Max("contacts__date"))
        .filter(Q(last_contact__isnull=True) | Q(last_contact__lt=since))
    )
    rows = list(
        partners.select_related("partner_organisation", "project").order_by(
            F("last_contact").asc(nulls_first=True), "partner_organisation__name", "pk"
        )[:LIMIT]
    )
    total = partners.count()
    return {
        "network_quiet_partners": {
            "today": today,
            "days": QUIET_DAYS,
            "partners": rows,
            "total": total,
            "more": max(total - len(rows), 0),
        }
    }
