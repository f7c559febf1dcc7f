"""Reads of referrals, each through a scoping function:

- `referrals_of_visible_cases(user)`: the sender side, the referrals of the cases the
  user sees (and the assignments to them), with everything;
- `referrals_received_by(user)`: the recipient side, open referrals to the user's
  organisations whose consent still holds; the caller shows only the packet;
- `referrals_of_network(user)`: the network coach's and project lead's view of their
  projects' referrals, without the packet;
- `referral_events_visible_to(user)`: the events of the first two.

For the sender's pages: `referral_rows` and `network_referral_rows` (the lists),
`referral_events` (the dated history), `recipient_choices`, `assignment_sender_choices`
and `offer_choices` (what the forms offer).

A foreign or closed referral is not found (404) by the recipient.
"""

from datetime import date

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from quartier.cases.models import Case
from quartier.cases.selectors.case_page import TimelineEvent
from quartier.core.models import Organisation
from quartier.core.tenancy import (
    NETWORK_WORK_ROLES,
    RECIPIENT_ROLES,
    case_grants,
    grants,
    is_active_user,
    project_ids_with_role,
    tenant_condition,
)
from quartier.network.models import (
    OPEN_STATES,
    Direction,
    Referral,
    ReferralEvent,
    ReferralState,
)
from quartier.offers.models import Offer
from quartier.participants.models import ConsentPurpose

#: Rows per page of the referral lists.
PAGE_SIZE = 25


def referrals_of_visible_cases(user) -> QuerySet[Referral]:
    """Referrals of the cases the user sees (case roles in the case's project and
    organisation); every one for a platform admin."""
    if not is_active_user(user):
        return Referral.objects.none()
    if user.is_platform_admin:
        return Referral.objects.all()
    condition = tenant_condition(case_grants(user), prefix="case__")
    if condition is None:
        return Referral.objects.none()
    return Referral.objects.filter(condition)


def consent_holds_condition(day: date, prefix: str = "") -> Q:
    """Referrals whose consent holds on `day` (assignments and logged overrides need
    none): the SQL form of `Referral.consent_holds`."""
    return (
        Q(**{f"{prefix}direction": Direction.INCOMING})
        | Q(**{f"{prefix}consent__isnull": True}, **{f"{prefix}override_justification__gt": ""})
        | (
            Q(**{f"{prefix}consent__given_on__lte": day})
            & (
                Q(**{f"{prefix}consent__withdrawn_on__isnull": True})
                | Q(**{f"{prefix}consent__withdrawn_on__gt": day})
            )
            & (
                Q(**{f"{prefix}consent__valid_until__isnull": True})
                | Q(**{f"{prefix}consent__valid_until__gte": day})
            )
        )
    )


def referrals_received_by(user, *, day: date | None = None) -> QuerySet[Referral]:
    """Open outgoing referrals to an organisation in which the user holds a recipient
    role in the referral's project, whose consent holds today: the only referrals whose
    packet the recipient may read."""
    if not is_active_user(user):
        return Referral.objects.none()
    tenants = grants(user, *RECIPIENT_ROLES)
    if not tenants:
        return Referral.objects.none()
    condition = Q()
    for project_id, organisation_id in sorted(tenants):
        condition |= Q(project_id=project_id, recipient_id=organisation_id)
    day = day or timezone.localdate()
    return Referral.objects.filter(
        condition,
        consent_holds_condition(day),
        direction=Direction.OUTGOING,
        state__in=OPEN_STATES,
    )


def referrals_of_network(user) -> QuerySet[Referral]:
    """Referrals of the projects in which the user is network coach or project lead
    (their state, purpose, organisations and dates; not the packet)."""
    if not is_active_user(user):
        return Referral.objects.none()
    if user.is_platform_admin:
        return Referral.objects.all()
    return Referral.objects.filter(project_id__in=project_ids_with_role(user, *NETWORK_WORK_ROLES))


def referral_for_sender(user, pk: int) -> Referral:
    """One referral of a visible case, or 404."""
    return get_object_or_404(
        referrals_of_visible_cases(user).select_related(
            "case",
            "case__participant",
            "recipient",
            "sender_organisation",
            "consent",
            "feedback_consent",
            "partner",
            "offer",
        ),
        pk=pk,
    )


def referral_for_recipient(user, pk: int) -> Referral:
    """One referral open to the user as recipient, or 404 (closed, foreign, consent
    withdrawn: all alike)."""
    return get_object_or_404(
        referrals_received_by(user).select_related(
            "recipient", "sender_organisation", "sent_by", "offer", "consent"
        ),
        pk=pk,
    )


def referral_events_visible_to(user) -> QuerySet[ReferralEvent]:
    """Events of the referrals the user sees as sender or as recipient."""
    sender = referrals_of_visible_cases(user).values("pk")
    recipient = referrals_received_by(user).values("pk")
    return ReferralEvent.objects.filter(Q(referral__in=sender) | Q(referral__in=recipient))


def feedback_visible(referral: Referral, day: date | None = None) -> bool:
    """Whether the sender may read the recipient's answer note and outcome: with a
    valid feedback consent, or when the sender recorded it (letter) or owns the case
    (assignment)."""
    if referral.direction == Direction.INCOMING or referral.by_letter:
        return True
    consent = referral.feedback_consent
    if consent is None or consent.purpose != ConsentPurpose.PARTNER_FEEDBACK:
        return False
    return consent.is_valid_on(day or timezone.localdate())


def case_referrals(*, case: Case) -> QuerySet[Referral]:
    """A case's referrals and assignments, newest first, with their events."""
    return (
        Referral.objects.filter(case=case)
        .select_related("recipient", "sender_organisation", "feedback_consent")
        .prefetch_related("events")
        .order_by("-created_at", "-id")
    )


def case_timeline(*, case: Case, limit: int) -> list[TimelineEvent]:
    """The case timeline's source (`quartier.cases.timeline`): each change of state of
    the case's referrals (kind "referral_event"), so that the sender sees the loop
    close (sent, accepted, completed with the feedback)."""
    events = (
        ReferralEvent.objects.filter(referral__case=case, kind__in=("state", "escalation"))
        .exclude(to_state=ReferralState.DRAFT)
        .select_related(
            "referral",
            "referral__recipient",
            "referral__sender_organisation",
            "referral__feedback_consent",
            "actor",
        )
        .order_by("-at", "-id")[:limit]
    )
    return [
        TimelineEvent(timezone.localdate(event.at), "referral_event", event) for event in events
    ]


# --- The sender's pages ----------------------------------------------------------------


def _filtered(
    referrals: QuerySet[Referral],
    *,
    state: str = "",
    purpose: str = "",
    recipient: int | None = None,
    direction: str = "",
) -> QuerySet[Referral]:
    if state:
        referrals = referrals.filter(state=state)
    if purpose:
        referrals = referrals.filter(purpose=purpose)
    if recipient:
        referrals = referrals.filter(
            Q(recipient_id=recipient) | Q(sender_organisation_id=recipient)
        )
    if direction:
        referrals = referrals.filter(direction=direction)
    return referrals


def referral_rows(
    *,
    user,
    query: str = "",
    case: int | None = None,
    **filters,
) -> QuerySet[Referral]:
    """The referrals and assignments of the user's visible cases, newest first,
    filtered, matching every word of `query` in the participant's name."""
    referrals = _filtered(referrals_of_visible_cases(user), **filters).select_related(
        "case__participant", "recipient", "sender_organisation"
    )
    if case:
        referrals = referrals.filter(case_id=case)
    for word in query.split()[:5]:
        referrals = referrals.filter(
            Q(case__participant__first_name__icontains=word)
            | Q(case__participant__last_name__icontains=word)
        )
    return referrals.order_by("-created_at", "-id")


def network_referral_rows(*, user, **filters) -> QuerySet[Referral]:
    """The referrals of the user's network projects (network coach, project lead),
    without the drafts: only what the network's view shows (state, purpose,
    organisations, dates); the caller names no person."""
    return (
        _filtered(referrals_of_network(user), **filters)
        .exclude(state=ReferralState.DRAFT)
        .select_related("project", "recipient", "sender_organisation")
        .only(
            "id",
            "project__name",
            "recipient__name",
            "sender_organisation__name",
            "purpose",
            "state",
            "direction",
            "sent_at",
            "answer_due",
            "accepted_at",
            "closed_at",
            "created_at",
        )
        .order_by("-sent_at", "-id")
    )


def referral_events(referral: Referral) -> list[ReferralEvent]:
    """The referral's dated events, oldest first, with who did it for whom."""
    return list(referral.events.select_related("actor", "organisation").order_by("at", "id"))


def recipient_choices(case: Case) -> QuerySet[Organisation]:
    """Whom the case may be referred to: the other organisations of the project's
    consortium and the organisations of the project's active network partners."""
    return (
        Organisation.objects.filter(
            Q(projects=case.project_id)
            | Q(
                network_partnerships__project_id=case.project_id,
                network_partnerships__is_active=True,
            )
        )
        .exclude(pk=case.organisation_id)
        .distinct()
        .order_by("name")
    )


def assignment_sender_choices(case: Case) -> QuerySet[Organisation]:
    """Who may assign a case to the project: a Jobcenter, or any organisation of the
    consortium or the network."""
    return (
        Organisation.objects.filter(
            Q(kind=Organisation.Kind.JOBCENTER)
            | Q(projects=case.project_id)
            | Q(network_partnerships__project_id=case.project_id)
        )
        .exclude(pk=case.organisation_id)
        .distinct()
        .order_by("name")
    )


def offer_choices(case: Case) -> QuerySet[Offer]:
    """The active offers of the case's project (a partner's offers are in its catalogue)."""
    return (
        Offer.objects.filter(project_id=case.project_id, active=True)
        .select_related("organisation")
        .order_by("title", "id")
    )


def referral_organisations(referrals: QuerySet[Referral]) -> QuerySet[Organisation]:
    """The organisations that sent or received `referrals` (the list's filter)."""
    return Organisation.objects.filter(
        Q(pk__in=referrals.values("recipient_id"))
        | Q(pk__in=referrals.values("sender_organisation_id"))
    ).order_by("name")
