"""Reads of the recipient's inbox: the open referrals to the user's organisations
(always through `referrals_received_by`), the referral's state changes as the
recipient may see them, and the start page's part.

The recipient sees the frozen packet (`Referral.shared_data`) and nothing else of the
case: these functions select no case, participant or other referral of the case.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from quartier.network.models import (
    EventKind,
    Referral,
    ReferralEvent,
    ReferralState,
    SharedField,
)
from quartier.network.selectors.referrals import referrals_received_by

PAGE_SIZE = 25
#: How many waiting referrals the start page lists.
START_PAGE_LIMIT = 10
#: The actions of an answer, by the URL's `action`, and the states they start from.
ACTIONS: dict[str, tuple[str, ...]] = {
    "accept": (ReferralState.SENT,),
    "decline": (ReferralState.SENT,),
    "complete": (ReferralState.ACCEPTED,),
    "not-completed": (ReferralState.ACCEPTED,),
}


def _urgent_first(referrals: QuerySet[Referral]) -> QuerySet[Referral]:
    """Waiting for an answer first, then by the day the answer is due (the earliest,
    i.e. overdue, first), then the newest."""
    return referrals.annotate(
        waiting=Case(
            When(state=ReferralState.SENT, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        ),
        due_sort=Coalesce("answer_due", Value(date.max)),
    ).order_by("waiting", "due_sort", "-sent_at", "-id")


def inbox_list(
    *, user, state: str = "", purpose: str = "", query: str = "", day: date | None = None
) -> QuerySet[Referral]:
    """The open referrals to the user's organisations, most urgent first, filtered by
    state (sent, accepted), purpose and a search in the packet's name or the sender."""
    referrals = referrals_received_by(user, day=day)
    if state:
        referrals = referrals.filter(state=state)
    if purpose:
        referrals = referrals.filter(purpose=purpose)
    if query:
        referrals = referrals.filter(
            Q(shared_data__name__icontains=query) | Q(sender_organisation__name__icontains=query)
        )
    return _urgent_first(referrals.select_related("sender_organisation", "recipient", "offer"))


def is_overdue(referral: Referral, day: date | None = None) -> bool:
    """Still waiting for an answer after the day it was due."""
    day = day or timezone.localdate()
    return (
        referral.state == ReferralState.SENT
        and referral.answer_due is not None
        and referral.answer_due < day
    )


@dataclass(frozen=True)
class PacketRow:
    label: str
    value: str


def packet_rows(referral: Referral) -> list[PacketRow]:
    """The frozen packet, labelled, in the order of `SharedField`; only what was
    shared at sending."""
    data = referral.shared_data or {}
    return [
        PacketRow(label=str(field.label), value=str(data[field.value]))
        for field in SharedField
        if field.value in data
    ]


def recipient_events(referral: Referral) -> QuerySet[ReferralEvent]:
    """The referral's changes of state since it was sent (no reminders, no drafts),
    oldest first."""
    return (
        ReferralEvent.objects.filter(referral=referral, kind=EventKind.STATE)
        .exclude(to_state=ReferralState.DRAFT)
        .select_related("actor", "organisation")
        .order_by("at", "id")
    )


def start_page_inbox(*, user) -> dict:
    """The start page's part: the referrals to the user's organisations that wait for
    an answer, overdue first."""
    today = timezone.localdate()
    waiting = _urgent_first(
        referrals_received_by(user, day=today)
        .filter(state=ReferralState.SENT)
        .select_related("sender_organisation")
    )
    count = waiting.count()
    rows = [
        {"referral": referral, "overdue": is_overdue(referral, today)}
        for referral in waiting[:START_PAGE_LIMIT]
    ]
    return {
        "referral_inbox": {
            "count": count,
            "rows": rows,
            "overdue": waiting.filter(answer_due__lt=today).count(),
        }
    }
