"""The intake (Aufnahme): one service for the intake page and the API.

It holds the duplicate gate (a similar person must be confirmed as a different one
before the intake goes ahead) and the suggestion of the next participant number.
The list import takes many people in at once and checks them in bulk
(`selectors.duplicates.DuplicateFinder`, the same scoring).
"""

import re
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from quartier.core.models import Organisation, Project, User
from quartier.core.periods import check_in_period
from quartier.core.tenancy import may_act_for
from quartier.participants.models import (
    FirstContact,
    Participant,
)
from quartier.participants.selectors.duplicates import possible_duplicates
from quartier.participants.services.consents import consents_record
from quartier.participants.services.participants import (
    check_entry_dates,
    require_permission,
    special_values_given,
)

#: The scheme of a project's first participant (TN-00001) until it has its own.
DEFAULT_NUMBER_PREFIX = "TN-"
DEFAULT_NUMBER_DIGITS = "00000"


class DuplicateSuspected(Exception):
    """The intake found people who may be this person; it waits for `not_a_duplicate`.

    `duplicates` are the participants the actor may see, most likely first
    (`selectors.duplicates.possible_duplicates`)."""

    def __init__(self, duplicates: list[Participant]):
        super().__init__("There are people with a similar name.")
        self.duplicates = duplicates


def participant_number_suggestion(*, project: Project) -> str:
    """The next free number in the project's own scheme (BQB-000123 → BQB-000124), or
    TN-00001. Two queries, however many numbers after the latest are taken: the latest
    number, then every number of the project with its prefix."""
    latest = (
        Participant.objects.filter(project=project)
        .order_by("-id")
        .values_list("external_id", flat=True)
        .first()
    )
    match = re.fullmatch(r"(.*?)(\d+)", latest or "")
    prefix, digits = (
        (match.group(1), match.group(2))
        if match
        else (DEFAULT_NUMBER_PREFIX, DEFAULT_NUMBER_DIGITS)
    )
    taken = set(
        Participant.objects.filter(project=project, external_id__startswith=prefix).values_list(
            "external_id", flat=True
        )
    )
    number = int(digits)
    while True:
        number += 1
        candidate = f"{prefix}{number:0{len(digits)}d}"
        if candidate not in taken:
            return candidate


def participant_intake(
    *,
    actor: User,
    project: Project,
    organisation: Organisation,
    participant_data: dict,
    entry_date: date,
    responsible: User | None = None,
    first_contact: FirstContact | None = None,
    not_a_duplicate: bool = False,
    consents: dict | None = None,
):
    """Create a participant and their case (stage: first counselling) in one transaction,
    with the consents signed at intake (`consents`: the keyword arguments of
    `services.consents.consents_record`; one consent per purpose, a minor's with the
    legal guardian).

    Unless `not_a_duplicate` confirms that the person is new, raises
    `DuplicateSuspected` when the actor can see people with a similar name and the same
    postcode or date of birth. A participant number taken meanwhile (two intakes at the
    same moment: the second one loses) is a `ValidationError` on `external_id`.
    """
    if not not_a_duplicate:
        duplicates = possible_duplicates(
            user=actor,
            first_name=participant_data.get("first_name", ""),
            last_name=participant_data.get("last_name", ""),
            postcode=participant_data.get("postcode", ""),
            birth_date=participant_data.get("birth_date"),
        )
        if duplicates:
            raise DuplicateSuspected(duplicates)
    try:
        return _intake_write(
            actor=actor,
            project=project,
            organisation=organisation,
            participant_data=participant_data,
            entry_date=entry_date,
            responsible=responsible,
            first_contact=first_contact,
            consents=consents,
        )
    except IntegrityError:
        raise ValidationError(
            {"external_id": _("This participant number is already used in the project.")}
        ) from None


@transaction.atomic
def _intake_write(
    *,
    actor: User,
    project: Project,
    organisation: Organisation,
    participant_data: dict,
    entry_date: date,
    responsible: User | None = None,
    first_contact: FirstContact | None = None,
    consents: dict | None = None,
):
    """The write of `participant_intake`, in one transaction."""
    from quartier.cases.models import Case

    require_permission(actor, "cases.add_case", project)
    if not may_act_for(actor, project, organisation):
        raise PermissionDenied(_("You can only take in participants for your own organisation."))
    if special_values_given(participant_data):
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
    if consents:
        consents_record(actor=actor, participant=participant, **consents)
    return case
