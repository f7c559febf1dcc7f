"""What the offers API's modules share: the error answers of writes, the lookups that
turn ids and slugs of a request into records the user may see (a foreign one is a
404), and the small references to places and participants."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Schema

from quartier.api.schemas import ConflictOut, ErrorOut
from quartier.core.tenancy import acting_organisation
from quartier.offers.models import Enrolment, Location, Offer
from quartier.offers.selectors.enrolments import enrolment_for_write
from quartier.offers.selectors.locations import locations_by_ids
from quartier.offers.selectors.offers import (
    active_staff,
    offer_for_write,
    project_district,
    project_for,
)

WRITE_ERRORS = {403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: ErrorOut}


def found(obj):
    """`obj`, or a 404 when the lookup found nothing the user may see."""
    if obj is None:
        raise Http404
    return obj


def visible_offer(user, offer_id: int) -> Offer:
    """An offer the user may see, for a write or a nested list; 404 otherwise."""
    return found(offer_for_write(user=user, pk=offer_id))


def project_and_organisation(user, project: str, organisation: str | None):
    """The project (by slug, one the user holds a role in) and the organisation in whose
    name the user creates something there: the one named, or their own."""
    in_project = found(project_for(user=user, slug=project))
    owner = acting_organisation(user, in_project, slug=organisation)
    if owner is None:
        if not organisation:
            raise PermissionDenied(_("You are not allowed to do this."))
        raise ValidationError(
            {
                "organisation": _(
                    "You hold no case role in an organisation '%(slug)s' in this project."
                )
                % {"slug": organisation}
            }
        )
    return in_project, owner


def district_of(project, slug: str | None):
    """One of the project's districts by slug (None for none); an unknown one is a 422."""
    if not slug:
        return None
    district = project_district(project=project, slug=slug)
    if district is None:
        raise ValidationError(
            {
                "district": _(
                    "Unknown district '%(slug)s': use the slug of one of the project's districts."
                )
                % {"slug": slug}
            }
        )
    return district


def staff_member(user_id: int | None, field: str):
    """The staff member named by id; the services check their role in the project. An
    unknown id gets the same message, so ids reveal nothing."""
    if user_id is None:
        return None
    person = active_staff(user_id)
    if person is None:
        raise ValidationError({field: _("The contact person must work in this project.")})
    return person


def visible_locations(user, ids: list[int]) -> list[Location]:
    """The places named by id, in that order; one the user may not see is a 404."""
    locations, missing = locations_by_ids(user=user, ids=ids)
    if missing:
        raise Http404
    return locations


def visible_enrolment(user, enrolment_id: int) -> Enrolment:
    """An enrolment of a case the user may see, for a write; 404 otherwise."""
    return found(enrolment_for_write(user=user, pk=enrolment_id))


class LocationRef(Schema):
    id: int
    name: str


class ParticipantRef(Schema):
    id: int
    external_id: str
    first_name: str
    last_name: str
