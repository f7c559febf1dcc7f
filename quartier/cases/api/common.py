"""What the case-file API's modules share: the error answers of writes and the lookups
of a case and a staff member named in a request (a foreign one is a 404 or a 422)."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from quartier.api.schemas import (
    ConflictOut,
    ErrorOut,
)
from quartier.cases.models import (
    Case,
)
from quartier.cases.selectors import cases as case_selectors
from quartier.core.models import User

WRITE_ERRORS = {403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: ErrorOut}


def visible_case(user, case_id: int) -> Case:
    """A case the user may see, for a write; 404 otherwise."""
    return get_object_or_404(
        case_selectors.cases_visible_to(user).select_related("participant"), pk=case_id
    )


def staff_member(user_id: int | None, field: str) -> User | None:
    """The staff member named by id; the services check their role in the case's
    organisation. An unknown id gets the same message, so ids reveal nothing."""
    if user_id is None:
        return None
    person = User.objects.filter(pk=user_id, is_active=True).first()
    if person is None:
        raise ValidationError(
            {field: _("This person has no case role in the organisation that owns the case.")}
        )
    return person
