"""API endpoints of referrals (Überleitungen): the list, one referral, its events, and
the answer (accept, decline, complete, not completed).

What a token sees of a referral depends on its user's side (`view` in the answer):

- `sender`: the case's staff (`referrals_of_visible_cases`) get everything, the
  packet and the events included; the partner's answer note and outcome only with the
  feedback consent (`feedback_visible`);
- `recipient`: the recipient organisation's staff (`referrals_received_by`) get only
  the purpose, state, sending organisation, dates, offer and the shared packet, and
  only while the referral is open and its consent holds; nothing of the case;
- `network`: the network coach and the project lead (`referrals_of_network`) get the
  referral's state, purpose, organisations and dates, without the packet and without
  the case.

Anything else, a closed referral for the recipient included, is a 404. Every answer
that carries a packet is recorded in the access log ("referral packet (API)").
"""

import datetime as dt
from typing import Annotated, Literal

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.conf import settings as ninja_settings

from quartier.api.schemas import (
    ConflictOut,
    ErrorOut,
    FilterSchema,
    InputSchema,
    Integer,
    UserRef,
    user_ref,
)
from quartier.network.models import Direction, Referral, ReferralState
from quartier.network.selectors import referrals as selectors
from quartier.network.services import referrals as services
from quartier.participants.models import ReferralPurpose
from quartier.privacy.services.access_log import access_log_record

router = Router(tags=["referrals"])

SENDER, RECIPIENT, NETWORK = "sender", "recipient", "network"
PACKET_READ = "referral packet (API)"


class OrganisationRef(Schema):
    slug: str
    name: str


def organisation_ref(organisation) -> dict | None:
    if organisation is None:
        return None
    return {"slug": organisation.slug, "name": organisation.name}


class EventOut(Schema):
    id: int
    at: dt.datetime
    kind: str = Field(description="state, reminder, escalation or note.")
    from_state: str
    to_state: str
    reason: str
    note: str = Field(
        description="Empty where it is not for you: the recipient reads only its own "
        "organisation's notes, the sender the recipient's only with the feedback consent, "
        "the network view none."
    )
    organisation: OrganisationRef | None = Field(description="For whom the actor acted.")
    actor: UserRef | None
    recorded_by_sender: bool


class SenderReferralOut(Schema):
    """The case's staff: the whole referral."""

    view: Literal["sender"]
    id: int
    version: int
    project: str = Field(description="Slug of the project.")
    direction: str
    case: int
    participant: int
    sender_organisation: OrganisationRef
    recipient: OrganisationRef
    partner: int | None = Field(description="Id of the network partner, if any.")
    purpose: str
    offer: int | None
    reason: str
    state: str
    by_letter: bool
    shared_fields: list[str]
    shared_data: dict[str, str] = Field(description="The packet as it was sent.")
    consent: int | None
    feedback_consent: int | None
    override_justification: str
    sent_by: UserRef | None
    sent_at: dt.datetime | None
    answer_due: dt.date | None
    accepted_at: dt.datetime | None
    closed_at: dt.datetime | None
    decline_reason: str
    not_completed_reason: str
    feedback_visible: bool = Field(
        description="The partner may report back: outcome and answer note are shown."
    )
    outcome: str
    answer_note: str
    external_reference: str
    received_on: dt.date | None
    external_contact: str
    events: list[EventOut]
    created_at: dt.datetime
    updated_at: dt.datetime


class RecipientReferralOut(Schema):
    """The recipient organisation's staff: the shared packet and nothing of the case."""

    view: Literal["recipient"]
    id: int
    version: int = Field(description="Send it with an answer.")
    purpose: str
    state: str
    sender_organisation: OrganisationRef
    sent_at: dt.datetime | None
    answer_due: dt.date | None
    offer: int | None
    shared_data: dict[str, str] = Field(description="The packet the sender shared.")


class NetworkReferralOut(Schema):
    """The network coach and the project lead: the referral without packet and case."""

    view: Literal["network"]
    id: int
    project: str = Field(description="Slug of the project.")
    direction: str
    purpose: str
    state: str
    sender_organisation: OrganisationRef
    recipient: OrganisationRef
    by_letter: bool
    offer: int | None
    sent_at: dt.datetime | None
    answer_due: dt.date | None
    accepted_at: dt.datetime | None
    closed_at: dt.datetime | None
    decline_reason: str
    not_completed_reason: str


ReferralOut = Annotated[
    SenderReferralOut | RecipientReferralOut | NetworkReferralOut,
    Field(discriminator="view"),
]


class ReferralPage(Schema):
    items: list[ReferralOut]
    count: int


class ReferralFilter(FilterSchema):
    view: Literal["sender", "recipient", "network"] | None = Field(
        None, description="Only the referrals you see from this side."
    )
    project: str | None = Field(None, description="Slug of a project.")
    state: ReferralState | None = None
    purpose: ReferralPurpose | None = None
    direction: Direction | None = None
    limit: int = Field(
        ninja_settings.PAGINATION_PER_PAGE, ge=1, le=ninja_settings.PAGINATION_MAX_LIMIT
    )
    offset: Integer = Field(0, ge=0)


class AnswerIn(InputSchema):
    action: Literal["accept", "decline", "complete", "not_completed"]
    version: int = Field(description="The referral's version you read.")
    reason: str = Field(
        "",
        description="decline: a reason for declining (no_capacity, not_responsible, "
        "not_eligible, not_reachable, person_declined, other); not_completed: why "
        "(did_not_come, dropped_out, no_longer_needed, other).",
    )
    outcome: str = Field("", description="complete: achieved, partly, ongoing or other.")
    note: str = ""


class AnswerOut(Schema):
    id: int
    state: str
    version: int


# --- Who sees what ---------------------------------------------------------------------


def _scopes(user):
    return (
        selectors.referrals_of_visible_cases(user).values("pk"),
        selectors.referrals_received_by(user).values("pk"),
        selectors.referrals_of_network(user).values("pk"),
    )


def _visible(user, view: str | None = None):
    sender, recipient, network = _scopes(user)
    by_view = {SENDER: sender, RECIPIENT: recipient, NETWORK: network}
    if view:
        return Referral.objects.filter(pk__in=by_view[view])
    return Referral.objects.filter(Q(pk__in=sender) | Q(pk__in=recipient) | Q(pk__in=network))


def _views(user, pks: list[int]) -> dict[int, str]:
    """Each referral's view for the user: sender before recipient before network."""
    sender, recipient, network = _scopes(user)
    views: dict[int, str] = {}
    for view, scope in ((NETWORK, network), (RECIPIENT, recipient), (SENDER, sender)):
        for pk in scope.filter(pk__in=pks).values_list("pk", flat=True):
            views[pk] = view
    return views


def _with_relations(referrals):
    return referrals.select_related(
        "project",
        "case",
        "sender_organisation",
        "recipient",
        "sent_by",
        "feedback_consent",
    )


def _event_body(event, view: str, referral: Referral, feedback: bool) -> dict:
    """One event as `view` sees it: the recipient reads only its own organisation's
    notes; the sender reads the recipient's notes and the outcome only with the
    feedback consent (`feedback_visible`); the network view reads no notes."""
    by_recipient = event.organisation_id == referral.recipient_id and not event.recorded_by_sender
    if view == RECIPIENT:
        note = event.note if by_recipient else ""
    elif view == SENDER:
        note = event.note if feedback or not by_recipient else ""
    else:
        note = ""
    reason = event.reason
    if view != RECIPIENT and not feedback and event.to_state == ReferralState.COMPLETED:
        reason = ""  # the outcome
    return {
        "id": event.pk,
        "at": event.at,
        "kind": event.kind,
        "from_state": event.from_state,
        "to_state": event.to_state,
        "reason": reason,
        "note": note,
        "organisation": organisation_ref(event.organisation),
        "actor": user_ref(event.actor),
        "recorded_by_sender": event.recorded_by_sender,
    }


def _events(referral: Referral, view: str) -> list[dict]:
    feedback = view == RECIPIENT or selectors.feedback_visible(referral)
    events = referral.events.select_related("organisation", "actor").order_by("at", "id")
    return [_event_body(event, view, referral, feedback) for event in events]


def _body(user, referral: Referral, view: str) -> dict:
    if view == RECIPIENT:
        body = {
            "view": RECIPIENT,
            "id": referral.pk,
            "version": referral.version,
            "purpose": referral.purpose,
            "state": referral.state,
            "sender_organisation": organisation_ref(referral.sender_organisation),
            "sent_at": referral.sent_at,
            "answer_due": referral.answer_due,
            "offer": referral.offer_id,
            "shared_data": dict(referral.shared_data or {}),
        }
    else:
        body = {
            "view": view,
            "id": referral.pk,
            "project": referral.project.slug,
            "direction": referral.direction,
            "purpose": referral.purpose,
            "state": referral.state,
            "sender_organisation": organisation_ref(referral.sender_organisation),
            "recipient": organisation_ref(referral.recipient),
            "by_letter": referral.by_letter,
            "offer": referral.offer_id,
            "sent_at": referral.sent_at,
            "answer_due": referral.answer_due,
            "accepted_at": referral.accepted_at,
            "closed_at": referral.closed_at,
            "decline_reason": referral.decline_reason,
            "not_completed_reason": referral.not_completed_reason,
        }
    if view == SENDER:
        feedback = selectors.feedback_visible(referral)
        body.update(
            {
                "version": referral.version,
                "case": referral.case_id,
                "participant": referral.case.participant_id,
                "partner": referral.partner_id,
                "reason": referral.reason,
                "shared_fields": list(referral.shared_fields or []),
                "shared_data": dict(referral.shared_data or {}),
                "consent": referral.consent_id,
                "feedback_consent": referral.feedback_consent_id,
                "override_justification": referral.override_justification,
                "sent_by": user_ref(referral.sent_by),
                "feedback_visible": feedback,
                "outcome": referral.outcome if feedback else "",
                "answer_note": referral.answer_note if feedback else "",
                "external_reference": referral.external_reference,
                "received_on": referral.received_on,
                "external_contact": referral.external_contact,
                "events": _events(referral, view),
                "created_at": referral.created_at,
                "updated_at": referral.updated_at,
            }
        )
    if view in (SENDER, RECIPIENT):
        access_log_record(
            actor=user,
            action="view",
            record=referral,
            project_id=referral.project_id,
            organisation_id=referral.sender_organisation_id,
            detail=PACKET_READ,
        )
    return body


def _referral(user, pk: int) -> tuple[Referral, str]:
    referral = _with_relations(_visible(user)).filter(pk=pk).first()
    if referral is None:
        raise Http404
    return referral, _views(user, [referral.pk])[referral.pk]


# --- Endpoints -----------------------------------------------------------------------


@router.get(
    "/referrals/",
    url_name="referrals",
    response=ReferralPage,
    operation_id="quartier_network_api_referrals_list_referrals",
)
def list_referrals(request, filters: Query[ReferralFilter]):
    """The referrals you see, newest first, each as your side sees it (`view`)."""
    user = request.auth
    rows = _visible(user, filters.view)
    if filters.project:
        rows = rows.filter(project__slug=filters.project)
    if filters.state:
        rows = rows.filter(state=filters.state)
    if filters.purpose:
        rows = rows.filter(purpose=filters.purpose)
    if filters.direction:
        rows = rows.filter(direction=filters.direction)
    rows = _with_relations(rows).order_by("-created_at", "-id")
    count = rows.count()
    page = list(rows[filters.offset : filters.offset + filters.limit])
    access_log_record(
        actor=user,
        action="list",
        record=Referral,
        detail=f"network.referral list (API), {len(page)} rows",
    )
    views = _views(user, [referral.pk for referral in page])
    if filters.view:
        views = dict.fromkeys(views, filters.view)
    return {"count": count, "items": [_body(user, r, views[r.pk]) for r in page]}


@router.get(
    "/referrals/{int:referral_id}/",
    url_name="referral",
    response={200: ReferralOut, 404: ErrorOut},
    operation_id="quartier_network_api_referrals_get_referral",
)
def get_referral(request, referral_id: int):
    """One referral as your side sees it (`view`); for the recipient only while it is
    open and its consent holds."""
    referral, view = _referral(request.auth, referral_id)
    return _body(request.auth, referral, view)


@router.get(
    "/referrals/{int:referral_id}/events/",
    url_name="referral_events",
    response={200: list[EventOut], 404: ErrorOut},
    operation_id="quartier_network_api_referrals_list_referral_events",
)
def list_referral_events(request, referral_id: int):
    """Every change of the referral, oldest first (the same visibility as the
    referral)."""
    referral, view = _referral(request.auth, referral_id)
    return _events(referral, view)


_ANSWERS = {
    "accept": (services.referral_accept, ()),
    "decline": (services.referral_decline, ("reason",)),
    "complete": (services.referral_complete, ("outcome",)),
    "not_completed": (services.referral_not_completed, ("reason",)),
}
#: The services' names of the inputs, as this endpoint calls them.
_FIELD_NAMES = {"decline_reason": "reason", "not_completed_reason": "reason"}


@router.post(
    "/referrals/{int:referral_id}/answer/",
    url_name="referral_answer",
    response={200: AnswerOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: ErrorOut},
    operation_id="quartier_network_api_referrals_answer_referral",
)
def answer_referral(request, referral_id: int, payload: AnswerIn):
    """Accept or decline a sent referral, complete it (with the outcome) or report it
    not completed (with the reason): the recipient, or the sender for a partner that
    gets a letter and for an assignment from outside. A referral in another state, or
    changed since your `version`, is a 409 and nothing changes."""
    user = request.auth
    referral, _view = _referral(user, referral_id)
    service, takes = _ANSWERS[payload.action]
    stray = [
        field
        for field in ("reason", "outcome")
        if field not in takes and getattr(payload, field).strip()
    ]
    if stray:
        raise ValidationError(
            {
                field: _("Not used by the answer '%(action)s'.") % {"action": payload.action}
                for field in stray
            }
        )
    arguments = {field: getattr(payload, field).strip() for field in takes}
    try:
        answered = service(
            actor=user,
            referral=referral,
            note=payload.note,
            expected_version=payload.version,
            **arguments,
        )
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            raise ValidationError(
                {
                    _FIELD_NAMES.get(field, field): errors
                    for field, errors in error.error_dict.items()
                }
            ) from None
        current = Referral.objects.filter(pk=referral.pk).values_list("version", flat=True).first()
        return Status(409, {"detail": " ".join(error.messages), "version": current, "changed": []})
    return {"id": answered.pk, "state": answered.state, "version": answered.version}
