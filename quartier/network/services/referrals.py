"""Writes of referrals: draft, send (with the consent check and the frozen packet),
the recipient's answers, cancelling, the end of access when the consent goes, the
daily reminders, escalations and expiry, and assignments from outside.

Every change of state is one `ReferralEvent` (who, from, to, reason, note), written in
the same transaction. A transition locks the referral row and checks its state inside
the lock, so a double submit or two people answering at once change it once; the
second gets a clear message and nothing changes.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.cases.models import Assessment, Case
from quartier.core.models import Organisation, User
from quartier.core.services import save_versioned
from quartier.network import sharing
from quartier.network.models import (
    OPEN_STATES,
    DeclineReason,
    Direction,
    EventKind,
    NetworkSettings,
    NotCompletedReason,
    Outcome,
    Partner,
    Referral,
    ReferralEvent,
    ReferralState,
)
from quartier.network.selectors.partners import uses_quartier
from quartier.network.workdays import add_working_days, working_days_between
from quartier.offers.models import Offer
from quartier.participants.models import Consent, ConsentPurpose
from quartier.privacy.services.access_log import access_log_record


def require_permission(actor: User, perm: str, obj) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied(_("You are not allowed to do this."))


def settings_for(project) -> NetworkSettings:
    """The project's deadlines (the defaults until the project lead changes them)."""
    project_id = getattr(project, "pk", project)
    settings = NetworkSettings.objects.filter(project_id=project_id).first()
    return settings or NetworkSettings(project_id=project_id)


def sharing_consent(case: Case, recipient_id: int, purpose: str, day: date | None = None):
    """The newest consent of the case's participant to share data with the recipient
    for `purpose`, valid on `day`; None if there is none."""
    consents = Consent.objects.filter(
        participant_id=case.participant_id,
        purpose=ConsentPurpose.PARTNER_SHARING,
        partner_id=recipient_id,
    ).order_by("-given_on", "-id")
    for consent in consents:
        if consent.covers(partner_id=recipient_id, purpose=purpose, day=day):
            return consent
    return None


def feedback_consent(case: Case, recipient_id: int, day: date | None = None):
    """The newest valid consent that the recipient may report back to the sender."""
    consents = Consent.objects.filter(
        participant_id=case.participant_id,
        purpose=ConsentPurpose.PARTNER_FEEDBACK,
        partner_id=recipient_id,
    ).order_by("-given_on", "-id")
    for consent in consents:
        if consent.is_valid_on(day):
            return consent
    return None


def _event(referral, *, actor, from_state, to_state="", kind=EventKind.STATE, **fields):
    return ReferralEvent.objects.create(
        referral=referral,
        actor=actor,
        from_state=from_state,
        to_state=to_state,
        kind=kind,
        **fields,
    )


def _locked(referral: Referral) -> Referral:
    """The referral re-read under a row lock (its state as committed)."""
    return (
        Referral.objects.select_for_update(of=("self",))
        .select_related("case", "consent")
        .get(pk=referral.pk)
    )


def _check_version(referral: Referral, expected_version: int | None) -> None:
    if expected_version is not None and referral.version != expected_version:
        raise ValidationError(
            _(
                "Someone else changed this referral in the meantime. Reload the page to "
                "see its current state."
            ),
            code="stale",
        )


@dataclass(frozen=True)
class Draft:
    """What the sender fills in."""

    recipient: Organisation
    purpose: str
    reason: str
    shared_fields: list[str]
    partner: Partner | None = None
    offer: Offer | None = None


@transaction.atomic
def referral_create(*, actor: User, case: Case, draft: Draft) -> Referral:
    """A draft referral from the case to the recipient (nothing is shared yet)."""
    require_permission(actor, "network.refer_case", case)
    if not case.is_open:
        raise ValidationError(_("The case is closed: an exited participant is not referred."))
    if draft.recipient.pk == case.organisation_id:
        raise ValidationError({"recipient": _("An organisation cannot refer a case to itself.")})
    if not draft.reason.strip():
        raise ValidationError({"reason": _("Say what the partner should help with.")})
    partner = draft.partner
    if partner is None:
        partner = Partner.objects.filter(
            project_id=case.project_id, partner_organisation=draft.recipient
        ).first()
    elif (
        partner.project_id != case.project_id
        or partner.partner_organisation_id != draft.recipient.pk
    ):
        raise ValidationError({"partner": _("This partner belongs to another project.")})
    if draft.offer is not None and draft.offer.project_id != case.project_id:
        raise ValidationError({"offer": _("The offer belongs to another project.")})
    referral = Referral(
        project_id=case.project_id,
        case=case,
        direction=Direction.OUTGOING,
        sender_organisation_id=case.organisation_id,
        recipient=draft.recipient,
        partner=partner,
        purpose=draft.purpose,
        offer=draft.offer,
        reason=draft.reason.strip(),
        shared_fields=sharing.clean_fields(draft.purpose, draft.shared_fields),
        created_by=actor,
    )
    referral.full_clean()
    referral.save()
    _event(referral, actor=actor, from_state="", to_state=ReferralState.DRAFT)
    return referral


def no_consent_error(referral: Referral) -> ValidationError:
    return ValidationError(
        _(
            "%(person)s has no valid consent to share data with %(partner)s for "
            "“%(purpose)s”. Record the consent on the participant's page (purpose: sharing "
            "with a named partner organisation, naming this organisation and purpose), "
            "then send again."
        )
        % {
            "person": referral.case.participant,
            "partner": referral.recipient,
            "purpose": referral.get_purpose_display(),
        },
        code="no_consent",
    )


@transaction.atomic
def referral_send(
    *,
    actor: User,
    referral: Referral,
    override_justification: str = "",
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Referral:
    """Send a draft: check the consent (or the logged override), freeze the packet,
    set the deadline, and deliver it to the inbox or, for a partner without Quartier,
    by letter."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    referral = _locked(referral)
    case = referral.case
    require_permission(actor, "network.refer_case", case)
    # The state first: a double submit carries the old version, and is told why.
    if referral.state != ReferralState.DRAFT:
        raise ValidationError(_("This referral has already been sent."), code="state")
    _check_version(referral, expected_version)
    if not case.is_open:
        raise ValidationError(_("The case is closed: an exited participant is not referred."))
    consent = sharing_consent(case, referral.recipient_id, referral.purpose, today)
    justification = override_justification.strip()
    if consent is None:
        if not justification:
            raise no_consent_error(referral)
        require_permission(actor, "network.refer_without_consent", case)
        if len(justification) < 20:
            raise ValidationError(
                {
                    "override_justification": _(
                        "Write down why the referral cannot wait for a consent (at least "
                        "20 characters)."
                    )
                }
            )
    else:
        justification = ""
    assessment = Assessment.objects.filter(case=case).order_by("-date", "-id").first()
    referral.shared_fields = sharing.clean_fields(referral.purpose, referral.shared_fields)
    referral.shared_data = sharing.build_packet(
        case=case, fields=referral.shared_fields, reason=referral.reason, assessment=assessment
    )
    referral.consent = consent
    referral.feedback_consent = feedback_consent(case, referral.recipient_id, today)
    referral.override_justification = justification
    referral.by_letter = not uses_quartier(referral.project_id, referral.recipient_id)
    referral.sent_by = actor
    referral.sent_at = now
    referral.answer_due = add_working_days(today, settings_for(referral.project).expire_after)
    referral.state = ReferralState.SENT
    referral.full_clean()
    referral.save()
    note = ""
    if justification:
        note = _("Sent without consent. Justification: %s") % justification
    _event(
        referral,
        actor=actor,
        organisation_id=referral.sender_organisation_id,
        from_state=ReferralState.DRAFT,
        to_state=ReferralState.SENT,
        reason="override" if justification else "",
        note=note,
    )
    # The personal data leaves for another organisation: recorded in the access log in
    # this transaction (the recipient and the packet are the referral's).
    access_log_record(
        actor=actor,
        action="referral",
        record=referral,
        organisation_id=case.organisation_id,
        detail="referral sent",
    )
    return referral


def _answer(
    *,
    actor: User,
    referral: Referral,
    allowed_from: tuple[str, ...],
    to_state: str,
    reason: str = "",
    note: str = "",
    expected_version: int | None = None,
    now: datetime | None = None,
    **changes,
) -> Referral:
    """A change of state by the recipient (or by the sender for a letter)."""
    now = now or timezone.now()
    referral = _locked(referral)
    if referral.state not in allowed_from:
        raise ValidationError(
            _("This referral is %(state)s: it can no longer be answered this way.")
            % {"state": referral.get_state_display()},
            code="state",
        )
    if not referral.consent_holds(timezone.localdate(now)):
        raise ValidationError(
            _(
                "The consent for this referral was withdrawn or has expired: it can no "
                "longer be answered."
            ),
            code="no_consent",
        )
    require_permission(actor, "network.answer_referral", referral)
    _check_version(referral, expected_version)
    from_state = referral.state
    referral.state = to_state
    for field, value in changes.items():
        setattr(referral, field, value)
    if to_state == ReferralState.ACCEPTED:
        referral.accepted_at = now
    elif to_state not in OPEN_STATES:
        referral.closed_at = now
    referral.full_clean()
    referral.save()
    by_sender = actor.has_perm("network.refer_case", referral.case) and referral.by_letter
    _event(
        referral,
        actor=actor,
        organisation_id=referral.recipient_id,
        recorded_by_sender=by_sender,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        note=note.strip(),
    )
    return referral


@transaction.atomic
def referral_accept(*, actor: User, referral: Referral, note: str = "", **kwargs) -> Referral:
    return _answer(
        actor=actor,
        referral=referral,
        allowed_from=(ReferralState.SENT,),
        to_state=ReferralState.ACCEPTED,
        note=note,
        **kwargs,
    )


@transaction.atomic
def referral_decline(
    *, actor: User, referral: Referral, reason: str, note: str = "", **kwargs
) -> Referral:
    if reason not in DeclineReason.values:
        raise ValidationError({"decline_reason": _("Choose the reason for declining.")})
    if reason == DeclineReason.OTHER and not note.strip():
        raise ValidationError({"note": _("Describe the reason in a sentence.")})
    return _answer(
        actor=actor,
        referral=referral,
        allowed_from=(ReferralState.SENT,),
        to_state=ReferralState.DECLINED,
        reason=reason,
        note=note,
        decline_reason=reason,
        answer_note=note.strip(),
        **kwargs,
    )


@transaction.atomic
def referral_complete(
    *, actor: User, referral: Referral, outcome: str, note: str = "", **kwargs
) -> Referral:
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose the outcome.")})
    return _answer(
        actor=actor,
        referral=referral,
        allowed_from=(ReferralState.ACCEPTED,),
        to_state=ReferralState.COMPLETED,
        reason=outcome,
        note=note,
        outcome=outcome,
        answer_note=note.strip(),
        **kwargs,
    )


@transaction.atomic
def referral_not_completed(
    *, actor: User, referral: Referral, reason: str, note: str = "", **kwargs
) -> Referral:
    if reason not in NotCompletedReason.values:
        raise ValidationError({"not_completed_reason": _("Choose why it was not completed.")})
    return _answer(
        actor=actor,
        referral=referral,
        allowed_from=(ReferralState.ACCEPTED,),
        to_state=ReferralState.NOT_COMPLETED,
        reason=reason,
        note=note,
        not_completed_reason=reason,
        answer_note=note.strip(),
        **kwargs,
    )


@transaction.atomic
def referral_cancel(
    *,
    actor: User,
    referral: Referral,
    note: str = "",
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Referral:
    """The sender withdraws the referral (a draft, or one not yet closed)."""
    now = now or timezone.now()
    referral = _locked(referral)
    if not actor.has_perm("network.cancel_referral", referral):
        if actor.has_perm("network.view_referral_status", referral):
            raise ValidationError(
                _("This referral is %(state)s: it can no longer be cancelled.")
                % {"state": referral.get_state_display()},
                code="state",
            )
        raise PermissionDenied(_("You are not allowed to do this."))
    _check_version(referral, expected_version)
    from_state = referral.state
    referral.state = ReferralState.CANCELLED
    referral.closed_at = now
    referral.save()
    _event(
        referral,
        actor=actor,
        organisation_id=referral.sender_organisation_id,
        from_state=from_state,
        to_state=ReferralState.CANCELLED,
        note=note.strip(),
    )
    return referral


def _end(referral: Referral, *, reason: str, note: str, now: datetime) -> None:
    from_state = referral.state
    referral.state = ReferralState.ENDED
    referral.closed_at = now
    referral.save(update_fields=["state", "closed_at", "updated_at"])
    _event(
        referral,
        actor=None,
        from_state=from_state,
        to_state=ReferralState.ENDED,
        reason=reason,
        note=note,
    )


@transaction.atomic
def referrals_end_for_consent(*, consent: Consent, now: datetime | None = None) -> int:
    """End the open referrals that rest on `consent` once it no longer holds (withdrawn
    or expired): the partner's access ends with them. Returns how many ended."""
    now = now or timezone.now()
    if consent.is_valid_on(timezone.localdate(now)):
        return 0
    reason = "consent_withdrawn" if consent.withdrawn_on else "consent_expired"
    note = (
        _("The participant withdrew the consent; the partner's access ended.")
        if consent.withdrawn_on
        else _("The consent expired; the partner's access ended.")
    )
    ended = 0
    for referral in Referral.objects.select_for_update(of=("self",)).filter(
        consent=consent, state__in=OPEN_STATES
    ):
        _end(referral, reason=reason, note=note, now=now)
        ended += 1
    return ended


@transaction.atomic
def referrals_check_deadlines(*, today: date | None = None, now: datetime | None = None) -> dict:
    """The daily job: remind the recipient after `remind_after` working days, tell the
    sender after `escalate_after`, expire after `expire_after` (each once); end
    referrals whose consent no longer holds."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    counts = {"reminded": 0, "escalated": 0, "expired": 0, "ended": 0}
    settings_cache: dict[int, NetworkSettings] = {}
    waiting = (
        Referral.objects.select_for_update(of=("self",))
        .filter(state=ReferralState.SENT, sent_at__isnull=False)
        .select_related("consent")
        .order_by("id")
    )
    for referral in waiting:
        if not referral.consent_holds(today):
            _end(
                referral,
                reason="consent_ended",
                note=_("The consent no longer holds; the partner's access ended."),
                now=now,
            )
            counts["ended"] += 1
            continue
        project_settings = settings_cache.setdefault(
            referral.project_id, settings_for(referral.project_id)
        )
        waited = working_days_between(timezone.localdate(referral.sent_at), today)
        if waited >= project_settings.expire_after:
            referral.state = ReferralState.EXPIRED
            referral.closed_at = now
            referral.save(update_fields=["state", "closed_at", "updated_at"])
            _event(
                referral,
                actor=None,
                from_state=ReferralState.SENT,
                to_state=ReferralState.EXPIRED,
                reason="no_answer",
                note=_("No answer after %(days)s working days.") % {"days": waited},
            )
            counts["expired"] += 1
            continue
        if waited >= project_settings.escalate_after and referral.escalated_at is None:
            referral.escalated_at = now
            referral.save(update_fields=["escalated_at", "updated_at"])
            _event(
                referral,
                actor=None,
                from_state=referral.state,
                kind=EventKind.ESCALATION,
                note=_("No answer after %(days)s working days.") % {"days": waited},
            )
            counts["escalated"] += 1
        elif waited >= project_settings.remind_after and referral.reminded_at is None:
            referral.reminded_at = now
            referral.save(update_fields=["reminded_at", "updated_at"])
            _event(
                referral,
                actor=None,
                from_state=referral.state,
                kind=EventKind.REMINDER,
                note=_("No answer after %(days)s working days.") % {"days": waited},
            )
            counts["reminded"] += 1
    for referral in (
        Referral.objects.select_for_update(of=("self",))
        .filter(state=ReferralState.ACCEPTED)
        .exclude(consent__isnull=True)
        .select_related("consent")
    ):
        if not referral.consent_holds(today):
            _end(
                referral,
                reason="consent_ended",
                note=_("The consent no longer holds; the partner's access ended."),
                now=now,
            )
            counts["ended"] += 1
    return counts


@dataclass(frozen=True)
class Assignment:
    """An assignment that came in from outside (Zuweisung, e.g. from the Jobcenter to
    a work opportunity)."""

    sender: Organisation
    purpose: str
    reason: str
    external_reference: str
    received_on: date
    external_contact: str = ""
    offer: Offer | None = None


@transaction.atomic
def assignment_record(*, actor: User, case: Case, assignment: Assignment) -> Referral:
    """Record an assignment to the case's project; it waits for the project's answer
    (accept, decline, complete) like a referral, and its deadline runs from the day it
    came in."""
    require_permission(actor, "network.refer_case", case)
    if assignment.received_on > timezone.localdate():
        raise ValidationError({"received_on": _("The day it came in cannot be in the future.")})
    if assignment.sender.pk == case.organisation_id:
        raise ValidationError({"sender": _("An organisation cannot assign a case to itself.")})
    if assignment.offer is not None and assignment.offer.project_id != case.project_id:
        raise ValidationError({"offer": _("The offer belongs to another project.")})
    received_at = timezone.make_aware(datetime.combine(assignment.received_on, datetime.min.time()))
    referral = Referral(
        project_id=case.project_id,
        case=case,
        direction=Direction.INCOMING,
        sender_organisation=assignment.sender,
        recipient_id=case.organisation_id,
        partner=Partner.objects.filter(
            project_id=case.project_id, partner_organisation=assignment.sender
        ).first(),
        purpose=assignment.purpose,
        offer=assignment.offer,
        reason=assignment.reason.strip(),
        state=ReferralState.SENT,
        external_reference=assignment.external_reference.strip(),
        received_on=assignment.received_on,
        external_contact=assignment.external_contact.strip(),
        sent_at=received_at,
        sent_by=actor,
        answer_due=add_working_days(
            assignment.received_on, settings_for(case.project_id).expire_after
        ),
        created_by=actor,
    )
    referral.full_clean()
    referral.save()
    _event(
        referral,
        actor=actor,
        organisation_id=assignment.sender.pk,
        from_state="",
        to_state=ReferralState.SENT,
        reason="assignment",
        note=_("Assignment %(reference)s received on %(day)s.")
        % {
            "reference": referral.external_reference or "–",
            "day": assignment.received_on.strftime("%d.%m.%Y"),
        },
    )
    return referral


@transaction.atomic
def network_settings_update(
    *,
    actor: User,
    project,
    expected_version: int | None,
    remind_after: int,
    escalate_after: int,
    expire_after: int,
) -> NetworkSettings:
    """Change a project's deadlines for an answer (referrals sent before keep the due
    date they were sent with; reminders and expiry follow the new deadlines)."""
    require_permission(actor, "network.change_settings", project)
    settings, created = NetworkSettings.objects.get_or_create(
        project=project, defaults={"created_by": actor}
    )
    settings.remind_after = remind_after
    settings.escalate_after = escalate_after
    settings.expire_after = expire_after
    if created:
        settings.full_clean()
        settings.save()
    else:
        save_versioned(settings, expected_version=expected_version or 0)
    return settings
