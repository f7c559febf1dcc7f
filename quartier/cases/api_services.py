"""Writes the API needs beyond `cases.services`: changing an assessment, a contact's date
rule on change, and changing a follow-up together with ticking it off.

Same rules as the services there: the permission is re-checked, one transaction,
`full_clean()`, optimistic locking with `save_versioned`.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.cases import services
from quartier.cases.models import NEED_DOMAINS, Assessment, Contact, FollowUp, Skill
from quartier.core.models import User
from quartier.core.services import ConcurrentEditError, save_versioned

ASSESSMENT_FIELDS = {"date", "strengths", "notes"} | {field for field, _label in NEED_DOMAINS}


def _require_change(actor: User, case) -> None:
    if not actor.has_perm("cases.change_case", case):
        raise PermissionDenied(_("You are not allowed to change this case."))


@transaction.atomic
def assessment_update(
    *,
    actor: User,
    assessment: Assessment,
    expected_version: int,
    data: dict,
    skills: list[Skill] | None = None,
) -> Assessment:
    """Correct an assessment: date, need ratings, strengths, notes and (if given) skills."""
    case = assessment.case
    _require_change(actor, case)
    unknown = set(data) - ASSESSMENT_FIELDS
    if unknown:
        raise ValidationError(_("Unknown life domain: %(name)s") % {"name": sorted(unknown)[0]})
    day = data.get("date", assessment.date)
    if day > timezone.localdate():
        raise ValidationError({"date": _("An assessment cannot be dated in the future.")})
    if day < case.entry_date:
        raise ValidationError({"date": _("The assessment cannot be before the entry date.")})
    for field, value in data.items():
        setattr(assessment, field, value)
    save_versioned(assessment, expected_version=expected_version)
    if skills is not None:
        assessment.skills.set(skills)
    return assessment


@transaction.atomic
def contact_change(*, actor: User, contact: Contact, expected_version: int, data: dict) -> Contact:
    """`services.contact_update`, plus the rule of `contact_create` that a contact is not
    dated before the case's entry."""
    _require_change(actor, contact.case)
    day: date | None = data.get("date")
    if day is not None and day < contact.case.entry_date:
        raise ValidationError({"date": _("The contact cannot be before the entry date.")})
    return services.contact_update(
        actor=actor, contact=contact, expected_version=expected_version, data=data
    )


@transaction.atomic
def follow_up_change(
    *,
    actor: User,
    follow_up: FollowUp,
    expected_version: int,
    data: dict,
    done: bool | None = None,
) -> FollowUp:
    """Change a follow-up's fields and/or tick it off (`done`) in one step.

    The version is checked either way, so a client that read an old state cannot tick
    off or reopen a follow-up someone else has changed meanwhile.
    """
    _require_change(actor, follow_up.case)
    if data:
        services.follow_up_update(
            actor=actor, follow_up=follow_up, expected_version=expected_version, data=data
        )
    else:
        stored = (
            FollowUp.objects.select_for_update()
            .filter(pk=follow_up.pk)
            .values_list("version", flat=True)
            .first()
        )
        if stored != expected_version:
            raise ConcurrentEditError()
    if done is not None:
        services.follow_up_set_done(actor=actor, follow_up=follow_up, done=done)
    return follow_up
