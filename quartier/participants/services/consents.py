"""Writes of consents and consent texts. A withdrawn consent stops the purposes it
covered; old consent texts stay as they were signed.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.core.models import Organisation, Project, User
from quartier.participants.models import (
    PARTNER_PURPOSES,
    Consent,
    ConsentPurpose,
    Participant,
    ReferralPurpose,
)
from quartier.participants.services.participants import require_permission


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
) -> Consent:
    """Record a consent. One to share with a partner, or to receive its feedback, names
    the partner: an organisation of the project's consortium or a partner of its
    network; one to share also names the purposes of referrals it covers."""
    require_permission(actor, "cases.change_case", participant.case)
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
    )
    consent.full_clean()
    consent.save()
    return consent


@transaction.atomic
def consent_withdraw(*, actor: User, consent: Consent, withdrawn_on: date) -> Consent:
    """Record a withdrawal and stop what the consent covered.

    Special categories: the fields are hidden from then on (kept for the retention
    duty, shown again only with a new consent). Follow-up contact: open six-month
    follow-ups are closed, nobody calls the person after leaving.
    """
    from quartier.cases.models import FollowUp

    participant = consent.participant
    require_permission(actor, "cases.change_case", participant.case)
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
