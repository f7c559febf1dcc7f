"""Writes of participants and first contacts.

Special-category fields (GDPR Art. 9) may hold a value only while a special-category
consent is valid (`selectors.consents.special_categories_allowed`). The intake, which
creates the participant and their case, is in `services.intake`.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.core.models import Organisation, Project, User
from quartier.core.services import save_versioned
from quartier.core.tenancy import may_act_for
from quartier.participants.models import (
    SPECIAL_CATEGORY_FIELDS,
    FirstContact,
    Participant,
    YesNoNotStated,
)
from quartier.participants.selectors.consents import special_categories_allowed


def require_permission(actor: User, perm: str, obj) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied(_("You are not allowed to do this."))


def special_values_given(values: dict) -> list[str]:
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
def participant_update(
    *, actor: User, participant: Participant, expected_version: int, data: dict
) -> Participant:
    """Change a participant's data; refused if someone saved it since `expected_version`."""
    require_permission(actor, "cases.change_case", participant.case)
    allowed = special_categories_allowed(participant)
    if not allowed:
        # Without a valid consent the fields are hidden in the form: keep what is stored,
        # refuse anything new.
        if special_values_given(data):
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
def first_contact_create(
    *, actor: User, project: Project, organisation: Organisation, data: dict
) -> FirstContact:
    require_permission(actor, "cases.add_case", project)
    if not may_act_for(actor, project, organisation):
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
    require_permission(actor, "cases.add_case", first_contact.project)
    for field, value in data.items():
        setattr(first_contact, field, value)
    save_versioned(first_contact, expected_version=expected_version)
    return first_contact
