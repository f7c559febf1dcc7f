"""Writes of participants, consents and first contacts.

Intake creates the participant and its case in one transaction; special-category
fields (GDPR Art. 9) may hold a value only while a special-category consent is
valid, and a withdrawn consent stops the purposes it covered.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.core.models import Organisation, Project, User
from quartier.core.periods import check_in_period
from quartier.core.services import save_versioned
from quartier.participants.models import (
    SPECIAL_CATEGORY_FIELDS,
    Consent,
    ConsentPurpose,
    FirstContact,
    Participant,
    YesNoNotStated,
)


def _require(actor: User, perm: str, obj) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied(_("You are not allowed to do this."))


def special_categories_allowed(participant: Participant, *, on: date | None = None) -> bool:
    """Whether a special-category consent of the participant is valid (today)."""
    if participant.pk is None:
        return False
    day = on or timezone.localdate()
    return any(
        consent.is_valid_on(day)
        for consent in participant.consents.all()
        if consent.purpose == ConsentPurpose.SPECIAL_CATEGORIES
    )


def _special_values_given(values: dict) -> list[str]:
    given = []
    for field in SPECIAL_CATEGORY_FIELDS:
        value = values.get(field)
        if value and value != YesNoNotStated.NOT_STATED:
            given.append(field)
    return given


def check_entry_dates(*, birth_date, entry_date, unemployed_since=None, labour_status=None) -> None:
    """The date rules of the participant list, raised as field errors."""
    errors = {}
    if birth_date and entry_date and birth_date > entry_date:
        errors["birth_date"] = _("The date of birth cannot be after the entry date.")
    if birth_date and birth_date > timezone.localdate():
        errors["birth_date"] = _("The date of birth cannot be in the future.")
    if labour_status == "unemployed" and not unemployed_since:
        errors["unemployed_since"] = _("Please give the date since when the person is unemployed.")
    if unemployed_since and entry_date and unemployed_since > entry_date:
        errors["unemployed_since"] = _("'Unemployed since' cannot be after the entry date.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def participant_intake(
    *,
    actor: User,
    project: Project,
    organisation: Organisation,
    participant_data: dict,
    entry_date: date,
    responsible: User | None = None,
    first_contact: FirstContact | None = None,
):
    """Create a participant and their case (stage: first counselling) in one transaction."""
    from quartier.cases.models import Case

    _require(actor, "cases.add_case", project)
    if (
        not actor.is_platform_admin
        and not project.memberships.filter(user=actor, organisation=organisation).exists()
    ):
        raise PermissionDenied(_("You can only take in participants for your own organisation."))
    if _special_values_given(participant_data):
        raise ValidationError(
            _(
                "Health and disability data can only be recorded after the participant "
                "has given the special-category consent. Record the consent first."
            )
        )
    check_entry_dates(
        birth_date=participant_data.get("birth_date"),
        entry_date=entry_date,
        unemployed_since=participant_data.get("unemployed_since"),
        labour_status=participant_data.get("labour_status"),
    )
    check_in_period(project, entry_date, field="entry_date", kind="entry")
    participant = Participant(
        project=project, organisation=organisation, created_by=actor, **participant_data
    )
    if participant.labour_status != "unemployed":
        participant.unemployed_since = None
    participant.full_clean()
    participant.save()
    case = Case(
        participant=participant,
        project=project,
        organisation=organisation,
        responsible=responsible or actor,
        entry_date=entry_date,
        created_by=actor,
    )
    case.full_clean()
    case.save()
    if first_contact is not None:
        if first_contact.participant_id:
            raise ValidationError(_("This first contact has already become a participant."))
        first_contact.participant = participant
        first_contact.status = FirstContact.Status.CONVERTED
        first_contact.save(update_fields=["participant", "status", "updated_at"])
    return case


@transaction.atomic
def participant_update(
    *, actor: User, participant: Participant, expected_version: int, data: dict
) -> Participant:
    """Change a participant's data; refused if someone saved it since `expected_version`."""
    _require(actor, "cases.change_case", participant.case)
    allowed = special_categories_allowed(participant)
    if not allowed:
        # Without a valid consent the fields are hidden in the form: keep what is stored,
        # refuse anything new.
        if _special_values_given(data):
            raise ValidationError(
                _(
                    "Health and disability data can only be recorded while the "
                    "special-category consent is valid."
                )
            )
        for field in SPECIAL_CATEGORY_FIELDS:
            data.pop(field, None)
    check_entry_dates(
        birth_date=data.get("birth_date", participant.birth_date),
        entry_date=participant.case.entry_date,
        unemployed_since=data.get("unemployed_since", participant.unemployed_since),
        labour_status=data.get("labour_status", participant.labour_status),
    )
    for field, value in data.items():
        setattr(participant, field, value)
    if participant.labour_status != "unemployed":
        participant.unemployed_since = None
    save_versioned(participant, expected_version=expected_version)
    return participant


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
) -> Consent:
    _require(actor, "cases.change_case", participant.case)
    if given_on > timezone.localdate():
        raise ValidationError({"given_on": _("A consent cannot be dated in the future.")})
    if purpose == ConsentPurpose.PARTNER_SHARING:
        if partner is None:
            raise ValidationError({"partner": _("Name the partner organisation.")})
        if not participant.project.organisations.filter(pk=partner.pk).exists():
            raise ValidationError(
                {"partner": _("The partner must be an organisation of the project.")}
            )
        if partner.pk == participant.organisation_id:
            raise ValidationError(
                {"partner": _("Your own organisation needs no consent for sharing.")}
            )
    else:
        partner = None
    consent = Consent(
        participant=participant,
        purpose=purpose,
        form=form,
        text_version=text_version,
        given_on=given_on,
        partner=partner,
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
    _require(actor, "cases.change_case", participant.case)
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
def first_contact_create(
    *, actor: User, project: Project, organisation: Organisation, data: dict
) -> FirstContact:
    _require(actor, "cases.add_case", project)
    if (
        not actor.is_platform_admin
        and not project.memberships.filter(user=actor, organisation=organisation).exists()
    ):
        raise PermissionDenied(_("You can only record first contacts for your own organisation."))
    if data.get("date") and data["date"] > timezone.localdate():
        raise ValidationError({"date": _("A first contact cannot be in the future.")})
    first_contact = FirstContact(
        project=project, organisation=organisation, created_by=actor, **data
    )
    first_contact.full_clean()
    first_contact.save()
    return first_contact


@transaction.atomic
def first_contact_update(
    *, actor: User, first_contact: FirstContact, expected_version: int, data: dict
) -> FirstContact:
    _require(actor, "cases.add_case", first_contact.project)
    for field, value in data.items():
        setattr(first_contact, field, value)
    save_versioned(first_contact, expected_version=expected_version)
    return first_contact


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
