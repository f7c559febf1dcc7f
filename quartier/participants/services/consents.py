"""Writes of consents and consent texts. A withdrawn consent stops the purposes it
covered; old consent texts stay as they were signed.
"""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from quartier.core.models import Organisation, Project, User
from quartier.participants.models import (
    BLOCK_PURPOSES,
    PARTNER_PURPOSES,
    Consent,
    ConsentPurpose,
    GuardianReached,
    GuardianRelation,
    Participant,
    ReferralPurpose,
)
from quartier.participants.selectors.consents import guardian_needed
from quartier.participants.services.participants import require_permission


def _guardian(participant: Participant, *, name: str, relation: str, reached: str) -> dict:
    """The guardian's fields, required for a participant younger than
    settings.GUARDIAN_CONSENT_AGE on the entry date (`selectors.consents.guardian_needed`).
    For an adult they are kept when given (a carer under a legal guardianship)."""
    name = (name or "").strip()
    errors = {}
    if relation and relation not in GuardianRelation.values:
        errors["guardian_relation"] = _("Choose a relation from the list.")
    if reached and reached not in GuardianReached.values:
        errors["guardian_reached"] = _("Choose from the list how the guardian was reached.")
    if guardian_needed(participant):
        if not name:
            errors["guardian_name"] = _(
                "The participant is a minor: name the legal guardian who consented."
            )
        if not relation:
            errors.setdefault(
                "guardian_relation", _("Say how the guardian is related to the participant.")
            )
        if not reached:
            errors.setdefault("guardian_reached", _("Say how the guardian was reached."))
    if errors:
        raise ValidationError(errors)
    return {"guardian_name": name, "guardian_relation": relation, "guardian_reached": reached}


@transaction.atomic
def consent_record(
    *,
    actor: User,
    participant: Participant,
    purpose: str,
    form: str,
    text_version: str,
    given_on: date,
    partner: Organisation | None = None,
    referral_purposes: list[str] | None = None,
    valid_until: date | None = None,
    guardian_name: str = "",
    guardian_relation: str = "",
    guardian_reached: str = "",
) -> Consent:
    """Record a consent. One to share with a partner, or to receive its feedback, names
    the partner: an organisation of the project's consortium or a partner of its
    network; one to share also names the purposes of referrals it covers. A minor's
    consent names the legal guardian who consented (`_guardian`)."""
    require_permission(actor, "cases.change_case", participant.case)
    guardian = _guardian(
        participant, name=guardian_name, relation=guardian_relation, reached=guardian_reached
    )
    if given_on > timezone.localdate():
        raise ValidationError({"given_on": _("A consent cannot be dated in the future.")})
    if valid_until is not None and valid_until < given_on:
        raise ValidationError(
            {"valid_until": _("The consent cannot end before the day it was given.")}
        )
    purposes = sorted({str(value) for value in referral_purposes or ()})
    if purpose in PARTNER_PURPOSES:
        if partner is None:
            raise ValidationError({"partner": _("Name the partner organisation.")})
        project = participant.project
        # The network's partners by their relation's name (the network app builds on
        # this one, which does not import it).
        if not Organisation.objects.filter(
            Q(projects=project) | Q(network_partnerships__project=project), pk=partner.pk
        ).exists():
            raise ValidationError(
                {
                    "partner": _(
                        "The partner must be an organisation of the project or a partner "
                        "of its network."
                    )
                }
            )
        if partner.pk == participant.organisation_id:
            raise ValidationError(
                {"partner": _("Your own organisation needs no consent for sharing.")}
            )
        unknown = set(purposes) - set(ReferralPurpose.values)
        if unknown:
            raise ValidationError({"referral_purposes": _("Choose purposes from the list.")})
        if purpose == ConsentPurpose.PARTNER_SHARING and not purposes:
            raise ValidationError(
                {
                    "referral_purposes": _(
                        "Name the purposes for which data may be passed to the partner."
                    )
                }
            )
        if purpose == ConsentPurpose.PARTNER_FEEDBACK:
            purposes = []
    else:
        partner = None
        purposes = []
    consent = Consent(
        participant=participant,
        purpose=purpose,
        form=form,
        text_version=text_version,
        given_on=given_on,
        partner=partner,
        referral_purposes=purposes,
        valid_until=valid_until,
        recorded_by=actor,
        created_by=actor,
        **guardian,
    )
    consent.full_clean()
    consent.save()
    return consent


@transaction.atomic
def consents_record(
    *,
    actor: User,
    participant: Participant,
    purposes: list[str],
    form: str,
    text_version: str,
    given_on: date,
    valid_until: date | None = None,
    guardian_name: str = "",
    guardian_relation: str = "",
    guardian_reached: str = "",
) -> list[Consent]:
    """Record several consents signed on one form (the intake, the consent page): one
    `Consent` per purpose of `BLOCK_PURPOSES`, with the same version, date and guardian,
    all or none."""
    chosen = [str(purpose) for purpose in dict.fromkeys(purposes or ())]
    if not chosen:
        raise ValidationError({"purposes": _("Tick at least one purpose.")})
    if set(chosen) - set(BLOCK_PURPOSES):
        raise ValidationError(
            {
                "purposes": _(
                    "Consents to share with a partner or to receive its feedback are "
                    "recorded one by one, with the partner."
                )
            }
        )
    return [
        consent_record(
            actor=actor,
            participant=participant,
            purpose=purpose,
            form=form,
            text_version=text_version,
            given_on=given_on,
            valid_until=valid_until,
            guardian_name=guardian_name,
            guardian_relation=guardian_relation,
            guardian_reached=guardian_reached,
        )
        for purpose in BLOCK_PURPOSES
        if purpose in chosen
    ]


@transaction.atomic
def consent_withdraw(*, actor: User, consent: Consent, withdrawn_on: date) -> Consent:
    """Record a withdrawal and stop what the consent covered, in this transaction.

    Special categories: the fields are hidden from then on on the pages and in the API
    (kept for the retention duty, shown again only with a new consent). Follow-up
    contact: open six-month follow-ups are closed, nobody calls the person after
    leaving. Sharing with a partner: the referrals resting on the consent end (the
    network app's `post_save` on `Consent`). Counselling: the person is no longer
    matched with vacancies or offers (`matching.selectors.matches`).

    Allowed to the data-protection officer of the participant's organisation and to the
    case staff (`privacy.withdraw_consent`). A second withdrawal changes nothing and says
    so.
    """
    from quartier.cases.models import FollowUp

    require_permission(actor, "privacy.withdraw_consent", consent)
    # Read again under a lock: of two withdrawals at the same moment, the second one
    # finds the first.
    consent = Consent.objects.select_for_update().select_related("participant").get(pk=consent.pk)
    participant = consent.participant
    if consent.withdrawn_on:
        raise ValidationError(_("This consent has already been withdrawn."))
    if withdrawn_on < consent.given_on:
        raise ValidationError(
            {"withdrawn_on": _("A consent cannot be withdrawn before it was given.")}
        )
    if withdrawn_on > timezone.localdate():
        raise ValidationError({"withdrawn_on": _("The withdrawal cannot be in the future.")})
    consent.withdrawn_on = withdrawn_on
    consent.full_clean()
    consent.save(update_fields=["withdrawn_on", "updated_at"])
    if consent.purpose == ConsentPurpose.FOLLOWUP_CONTACT:
        # One save per follow-up (there are one or two): raises their versions and
        # writes audit entries, unlike a bulk update.
        for follow_up in FollowUp.objects.filter(
            case__participant=participant, kind=FollowUp.Kind.SIX_MONTH, done_at__isnull=True
        ):
            follow_up.done_at = timezone.now()
            follow_up.done_by = actor
            follow_up.save(update_fields=["done_at", "done_by", "updated_at"])
    return consent


@transaction.atomic
def consent_text_create(
    *,
    actor: User,
    project: Project,
    purpose: str,
    text_version: str,
    text: str,
    valid_from: date,
):
    """A new version of a project's consent text; old versions stay as they were signed."""
    from quartier.participants.models import ConsentText

    if not actor.has_perm("core.change_project_details", project):
        raise PermissionDenied(_("Only the project lead can change the consent texts."))
    if ConsentText.objects.filter(
        project=project, purpose=purpose, text_version=text_version
    ).exists():
        raise ValidationError(
            {"text_version": _("This version exists already. Give the new text a new version.")}
        )
    consent_text = ConsentText(
        project=project,
        purpose=purpose,
        text_version=text_version,
        text=text,
        valid_from=valid_from,
        created_by=actor,
    )
    consent_text.full_clean()
    consent_text.save()
    return consent_text


# Reminders of consents that expire ---------------------------------------------------

#: How many days before a consent's `valid_until` the case's staff are reminded.
EXPIRY_REMINDER_DAYS = 30


def _renewed(consent: Consent) -> bool:
    """Whether a later consent of the person for the same purpose (and partner) holds
    beyond this one's end: then nothing needs renewing."""
    later = Consent.objects.filter(
        participant_id=consent.participant_id,
        purpose=consent.purpose,
        partner_id=consent.partner_id,
        withdrawn_on__isnull=True,
    ).exclude(pk=consent.pk)
    return later.filter(
        Q(valid_until__isnull=True) | Q(valid_until__gt=consent.valid_until)
    ).exists()


def expiry_reminder_title(consent: Consent) -> str:
    """The follow-up's title, in the interface's default language (it is stored)."""
    with translation.override(settings.LANGUAGE_CODE):
        purpose = consent.get_purpose_display()
        if consent.partner_id:
            purpose = f"{purpose} ({consent.partner.name})"
        return _("Consent ends on %(date)s: %(purpose)s. Renew it or let it end.") % {
            "date": consent.valid_until.strftime("%d.%m.%Y"),
            "purpose": purpose,
        }


@transaction.atomic
def consent_expiry_reminders_create(
    *, today: date | None = None, within_days: int = EXPIRY_REMINDER_DAYS
) -> dict:
    """The daily job: for each valid consent of an open case that ends within
    `within_days` (today included) and was not renewed, a follow-up on the case, due
    today, for its responsible staff member. It shows on their start page ("Mein Tag")
    and in the daily follow-up reminder e-mail (which names no one). Once per consent
    and end date: a second run finds the follow-up by its title."""
    from quartier.cases.models import FollowUp

    today = today or timezone.localdate()
    expiring = (
        Consent.objects.filter(
            withdrawn_on__isnull=True,
            given_on__lte=today,
            valid_until__gte=today,
            valid_until__lte=today + timedelta(days=within_days),
            participant__case__exit_date__isnull=True,
        )
        .select_related("participant__case", "partner")
        .order_by("valid_until", "pk")
    )
    reminded = 0
    for consent in expiring:
        if _renewed(consent):
            continue
        case = consent.participant.case
        title = expiry_reminder_title(consent)[:200]
        if FollowUp.objects.filter(case=case, title=title).exists():
            continue
        follow_up = FollowUp(case=case, due_date=today, title=title, kind=FollowUp.Kind.GENERAL)
        follow_up.full_clean()
        follow_up.save()
        reminded += 1
    return {"reminded": reminded}
