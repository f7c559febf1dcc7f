"""Reads of contacts (Kontakte), scoped through the visible cases."""

import datetime as dt

from django.db.models import QuerySet

from quartier.cases.models import Contact
from quartier.cases.selectors.cases import _of_visible_cases


def contacts_visible_to(user) -> QuerySet[Contact]:
    return _of_visible_cases(Contact, user)


def contact_list(
    *,
    user,
    case: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[Contact]:
    """Contacts, newest first; both dates inclusive."""
    contacts = contacts_visible_to(user).select_related("staff")
    if case is not None:
        contacts = contacts.filter(case_id=case)
    if date_from:
        contacts = contacts.filter(date__gte=date_from)
    if date_to:
        contacts = contacts.filter(date__lte=date_to)
    return contacts.order_by("-date", "-id")
