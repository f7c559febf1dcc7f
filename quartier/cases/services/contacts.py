"""Writes of contacts (Kontakte)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from quartier.cases.models import (
    Case,
    Contact,
)
from quartier.cases.services.cases import _check_topics, _not_in_future, _require_change
from quartier.core.models import User
from quartier.core.periods import check_in_period
from quartier.core.services import save_versioned


@transaction.atomic
def contact_create(
    *,
    actor: User,
    case: Case,
    date: date,
    duration_minutes: int,
    channel: str,
    topics: list[str],
    notes: str = "",
) -> Contact:
    _require_change(actor, case)
    _not_in_future(date, "date", _("A contact cannot be dated in the future."))
    if date < case.entry_date:
        raise ValidationError({"date": _("The contact cannot be before the entry date.")})
    check_in_period(case.project, date, field="date", kind="contact")
    contact = Contact(
        case=case,
        date=date,
        duration_minutes=duration_minutes,
        channel=channel,
        topics=_check_topics(topics),
        notes=notes,
        staff=actor,
        created_by=actor,
    )
    contact.full_clean()
    contact.save()
    return contact


@transaction.atomic
def contact_update(*, actor: User, contact: Contact, expected_version: int, data: dict) -> Contact:
    _require_change(actor, contact.case)
    if "topics" in data:
        data["topics"] = _check_topics(data["topics"])
    _not_in_future(data.get("date"), "date", _("A contact cannot be dated in the future."))
    if data.get("date") and data["date"] < contact.case.entry_date:
        raise ValidationError({"date": _("The contact cannot be before the entry date.")})
    if data.get("date") and data["date"] != contact.date:
        check_in_period(contact.case.project, data["date"], field="date", kind="contact")
    for field, value in data.items():
        setattr(contact, field, value)
    save_versioned(contact, expected_version=expected_version)
    return contact
