"""API endpoints of business events: list, create, read (with the invited employers
and who came) and change; inviting an employer and recording its attendance.

Scoped like the pages (`economy.selectors.events.events_visible_to`): an event, an
employer or a staff member outside the user's tenants is a 404 (an unknown staff
member a 422); a stale `version` is a 409; bad input a 422 with messages per field.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from quartier.api.conflicts import version_guard
from quartier.api.schemas import (
    ConflictOut,
    ErrorOut,
    FilterSchema,
    InputSchema,
    LocalTime,
    Pagination,
    UserRef,
    patch_values,
    user_ref,
)
from quartier.core.tenancy import ECONOMY_ROLES, acting_organisation
from quartier.economy.models import BusinessEvent, EventInvitation, EventKind
from quartier.economy.selectors import events as event_selectors
from quartier.economy.services import events as event_services

router = Router(tags=["business-events"])

WRITE_ERRORS = {403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: ErrorOut}


def found(obj):
    if obj is None:
        raise Http404
    return obj


class InvitationOut(Schema):
    id: int
    version: int
    employer: int
    employer_name: str = Field(alias="employer.name")
    response: str
    attended: bool
    attendees: int

    @staticmethod
    def resolve_employer(obj):
        return obj.employer_id


class BusinessEventOut(Schema):
    id: int
    version: int
    project: str = Field(description="Slug of the project.", alias="project.slug")
    organisation: str = Field(
        description="Slug of the owning organisation.", alias="organisation.slug"
    )
    kind: str
    title: str
    date: dt.date
    starts_at: dt.time | None
    ends_at: dt.time | None
    place: str
    district: str | None = Field(description="Slug of the district.")
    description: str
    supports_companies: bool = Field(
        description="Attendance counts as a company-aimed service (EECO19)."
    )
    responsible: UserRef | None
    other_guests: int
    notes: str
    invitations: list[InvitationOut]
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_district(obj):
        return obj.district.slug if obj.district_id else None

    @staticmethod
    def resolve_responsible(obj):
        return user_ref(obj.responsible)

    @staticmethod
    def resolve_invitations(obj):
        return list(obj.invitations.all())


class BusinessEventFilter(FilterSchema):
    project: str | None = Field(None, description="Slug of a project.")
    kind: EventKind | None = None
    search: str = Field("", description="Words of the title, place or description.")
    when: str | None = Field(None, pattern="^(upcoming|past)$", description="upcoming or past")
    date_from: dt.date | None = None
    date_to: dt.date | None = None


class BusinessEventIn(InputSchema):
    project: str = Field(description="Slug of a project in which you hold an economy role.")
    organisation: str | None = Field(
        None, description="Slug of the owner; default: your organisation in the project."
    )
    kind: EventKind
    title: str = Field(min_length=1, max_length=200)
    date: dt.date
    starts_at: LocalTime | None = None
    ends_at: LocalTime | None = None
    place: str = ""
    district: str | None = Field(None, description="Slug of one of the project's districts.")
    description: str = ""
    supports_companies: bool = False
    responsible: int | None = Field(None, description="User id of a staff member.")
    other_guests: int = Field(0, ge=0)
    notes: str = ""


class BusinessEventPatchIn(InputSchema):
    version: int
    kind: EventKind | None = None
    title: str | None = Field(None, min_length=1, max_length=200)
    date: dt.date | None = None
    starts_at: LocalTime | None = None
    ends_at: LocalTime | None = None
    place: str | None = None
    district: str | None = Field(None, description="Slug; null for none.")
    description: str | None = None
    supports_companies: bool | None = None
    responsible: int | None = Field(None, description="User id; null for nobody.")
    other_guests: int | None = Field(None, ge=0)
    notes: str | None = None


class InvitationIn(InputSchema):
    employer: int = Field(description="Id of an employer of the event's project.")
    response: EventInvitation.Response | None = None
    attended: bool | None = None
    attendees: int | None = Field(None, ge=0, le=32767)


_NULLABLE = {"starts_at", "ends_at", "district", "responsible"}


def _event_out(user, pk: int) -> BusinessEvent:
    return found(event_selectors.event_rows(user=user).filter(pk=pk).first())


def district_of(project, slug: str | None):
    if not slug:
        return None
    district = event_selectors.district_by_slug(project=project, slug=slug)
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


def _staff(user_id: int | None, field: str):
    if user_id is None:
        return None
    person = event_selectors.active_user(user_id)
    if person is None:
        raise ValidationError(
            {field: _("Choose a staff member with an economy role in the owning organisation.")}
        )
    return person


def project_and_owner(user, project_slug: str, organisation_slug: str | None):
    project = found(event_selectors.project_by_slug(user=user, slug=project_slug))
    owner = acting_organisation(user, project, slug=organisation_slug, roles=ECONOMY_ROLES)
    if owner is None:
        if not organisation_slug:
            raise PermissionDenied(_("You are not allowed to do this."))
        raise ValidationError(
            {
                "organisation": _(
                    "You hold no economy role in an organisation '%(slug)s' in this project."
                )
                % {"slug": organisation_slug}
            }
        )
    return project, owner


@router.get(
    "/business-events/",
    url_name="business_events",
    response=list[BusinessEventOut],
    operation_id="economy_list_business_events",
)
@paginate(Pagination)
def list_business_events(request, filters: Query[BusinessEventFilter]):
    """Business events you may see, newest first (upcoming ones soonest first)."""
    values = {
        "project_slug": filters.project,
        "kind": filters.kind,
        "q": filters.search,
        "when": filters.when,
        "date_from": filters.date_from,
        "date_to": filters.date_to,
    }
    values = {key: value for key, value in values.items() if value not in (None, "")}
    return event_selectors.event_rows(user=request.auth, filters=values)


@router.post(
    "/business-events/",
    url_name="business_events",
    response={201: BusinessEventOut, **WRITE_ERRORS},
    operation_id="economy_create_business_event",
)
def create_business_event(request, payload: BusinessEventIn):
    user = request.auth
    project, organisation = project_and_owner(user, payload.project, payload.organisation)
    data = payload.model_dump(exclude={"project", "organisation"})
    data["district"] = district_of(project, data["district"])
    data["responsible"] = _staff(data["responsible"], "responsible")
    event = event_services.event_create(
        actor=user, project=project, organisation=organisation, **data
    )
    return Status(201, _event_out(user, event.pk))


@router.get(
    "/business-events/{int:event_id}/",
    url_name="business_event",
    response={200: BusinessEventOut, 404: ErrorOut},
    operation_id="economy_get_business_event",
)
def get_business_event(request, event_id: int):
    """One event with the invited employers and who came."""
    return _event_out(request.auth, event_id)


@router.patch(
    "/business-events/{int:event_id}/",
    url_name="business_event",
    response={200: BusinessEventOut, **WRITE_ERRORS},
    operation_id="economy_update_business_event",
)
def update_business_event(request, event_id: int, payload: BusinessEventPatchIn):
    user = request.auth
    event = _event_out(user, event_id)
    data = patch_values(payload, nullable=_NULLABLE)
    if "district" in data:
        data["district"] = district_of(event.project, data["district"])
    if "responsible" in data:
        data["responsible"] = _staff(data["responsible"], "responsible")
    with version_guard(event, payload.version):
        event_services.event_update(
            actor=user, event=event, expected_version=payload.version, **data
        )
    return _event_out(user, event_id)


@router.post(
    "/business-events/{int:event_id}/invitations/",
    url_name="business_event_invitations",
    response={200: BusinessEventOut, **WRITE_ERRORS},
    operation_id="economy_invite_to_business_event",
)
def invite_to_business_event(request, event_id: int, payload: InvitationIn):
    """Invite an employer (again: harmless) and, if given, record its response and
    attendance. Answers the event with all its invitations."""
    user = request.auth
    event = _event_out(user, event_id)
    employer = found(event_selectors.visible_employer(user=user, pk=payload.employer))
    values = payload.model_dump(exclude_unset=True, exclude={"employer"})
    with transaction.atomic():
        (invitation,) = event_services.event_invite(actor=user, event=event, employers=[employer])
        if values:
            event_services.invitation_record(actor=user, invitation=invitation, **values)
    return _event_out(user, event_id)
