"""Contacts (Kontakte)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from quartier.api.conflicts import version_guard
from quartier.api.pagination import PersonalPagination
from quartier.api.schemas import (
    ErrorOut,
    FilterSchema,
    InputSchema,
    UserRef,
    patch_values,
    user_ref,
)
from quartier.cases.api.common import WRITE_ERRORS, visible_case
from quartier.cases.models import (
    Contact,
)
from quartier.cases.selectors import contacts as contact_selectors
from quartier.cases.services import contacts as contact_services
from quartier.participants.models import Channel, Topic

router = Router()


class ContactOut(Schema):
    id: int
    version: int
    case: int
    date: dt.date
    duration_minutes: int
    channel: str
    topics: list[str]
    notes: str
    staff: UserRef | None
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_case(obj):
        return obj.case_id

    @staticmethod
    def resolve_staff(obj):
        return user_ref(obj.staff)


class ContactIn(InputSchema):
    case: int
    date: dt.date
    duration_minutes: int = Field(30, ge=0, le=24 * 60)
    channel: Channel = Channel.WALK_IN
    topics: list[Topic] = []
    notes: str = ""


class ContactPatchIn(InputSchema):
    version: int
    date: dt.date | None = None
    duration_minutes: int | None = Field(None, ge=0, le=24 * 60)
    channel: Channel | None = None
    topics: list[Topic] | None = None
    notes: str | None = None


class ContactFilter(FilterSchema):
    case: int | None = None
    date_from: dt.date | None = Field(None, description="Inclusive.")
    date_to: dt.date | None = Field(None, description="Inclusive.")


def _contact(user, pk: int) -> Contact:
    return get_object_or_404(contact_selectors.contact_list(user=user), pk=pk)


@router.get("/contacts/", url_name="contacts", response=list[ContactOut], tags=["contacts"])
@paginate(PersonalPagination)
def list_contacts(request, filters: Query[ContactFilter]):
    """Counselling contacts, newest first. Their notes are personal data: only those who
    may see the case see them."""
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise ValidationError({"date_to": _("'date_to' cannot be before 'date_from'.")})
    return contact_selectors.contact_list(
        user=request.auth, case=filters.case, date_from=filters.date_from, date_to=filters.date_to
    )


@router.post(
    "/contacts/", url_name="contacts", response={201: ContactOut, **WRITE_ERRORS}, tags=["contacts"]
)
def create_contact(request, payload: ContactIn):
    case = visible_case(request.auth, payload.case)
    contact = contact_services.contact_create(
        actor=request.auth,
        case=case,
        date=payload.date,
        duration_minutes=payload.duration_minutes,
        channel=payload.channel,
        topics=[str(topic) for topic in payload.topics],
        notes=payload.notes,
    )
    return Status(201, _contact(request.auth, contact.pk))


@router.get(
    "/contacts/{int:contact_id}/",
    url_name="contact",
    response={200: ContactOut, 404: ErrorOut},
    tags=["contacts"],
)
def get_contact(request, contact_id: int):
    return _contact(request.auth, contact_id)


@router.patch(
    "/contacts/{int:contact_id}/",
    url_name="contact",
    response={200: ContactOut, **WRITE_ERRORS},
    tags=["contacts"],
)
def update_contact(request, contact_id: int, payload: ContactPatchIn):
    contact = get_object_or_404(
        contact_selectors.contacts_visible_to(request.auth).select_related("case"), pk=contact_id
    )
    data = patch_values(payload)
    if "topics" in data:
        data["topics"] = [str(topic) for topic in data["topics"]]
    with version_guard(contact, payload.version):
        contact_services.contact_update(
            actor=request.auth, contact=contact, expected_version=payload.version, data=data
        )
    return _contact(request.auth, contact_id)
