"""API endpoints of the service requests of practical projects (rides, small jobs for
residents): entered on a resident's behalf, scheduled to a participant team, done or
cancelled. Listed to those who manage the practical project."""

import datetime as dt
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from quartier.api.conflicts import version_guard
from quartier.api.pagination import PersonalPagination
from quartier.api.schemas import ErrorOut, FilterSchema, InputSchema
from quartier.offers.api.common import WRITE_ERRORS, district_of, found, visible_offer
from quartier.offers.models import ServiceRequest, ServiceRequestStatus
from quartier.offers.selectors.enrolments import cases_by_ids
from quartier.offers.selectors.service_requests import service_request_rows
from quartier.offers.services.service_requests import (
    service_request_cancel,
    service_request_create,
    service_request_done,
    service_request_schedule,
)

router = Router(tags=["service-requests"])


class ServiceRequestOut(Schema):
    id: int
    version: int
    offer: int = Field(alias="offer_id")
    offer_title: str = Field(alias="offer.title")
    requested_by_name: str
    contact_phone: str
    contact_email: str
    address: str
    district: str | None = Field(description="Slug of the district.")
    description: str
    preferred_date: dt.date | None
    status: str
    scheduled_for: dt.datetime | None
    team: list[int] = Field(description="Case ids of the team members whose cases you see.")
    team_others: int = Field(description="Team members of cases you do not see.")
    done_at: dt.datetime | None
    notes: str
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_district(obj):
        return obj.district.slug if obj.district_id else None

    @staticmethod
    def resolve_team(obj):
        return [case.pk for case in getattr(obj, "visible_team", [])]

    @staticmethod
    def resolve_team_others(obj):
        return len(obj.team.all()) - len(getattr(obj, "visible_team", []))


class ServiceRequestFilter(FilterSchema):
    offer: int | None = None
    project: str | None = Field(None, description="Slug of a project.")
    status: list[ServiceRequestStatus] = Field([], description="One or more; default: all.")


class ServiceRequestIn(InputSchema):
    offer: int = Field(description="Id of a practical project.")
    requested_by_name: str
    description: str = Field(description="What is needed.")
    contact_phone: str = ""
    contact_email: str = ""
    address: str = ""
    district: str | None = Field(None, description="Slug of one of the project's districts.")
    preferred_date: dt.date | None = None
    notes: str = ""


class ServiceRequestPatchIn(InputSchema):
    version: int
    status: Literal["scheduled", "done", "cancelled"] = Field(
        description="scheduled (again): with `scheduled_for` and `team`; done; cancelled."
    )
    scheduled_for: dt.datetime | None = Field(None, description="Default: as planned so far.")
    team: list[int] | None = Field(
        None, description="Case ids of participants of the project; default: as planned."
    )
    done_at: dt.datetime | None = Field(None, description="Default: now.")
    notes: str | None = None


def _service_request(user, pk: int) -> ServiceRequest:
    return found(service_request_rows(user=user).filter(pk=pk).first())


@router.get(
    "/service-requests/",
    url_name="service_requests",
    response=list[ServiceRequestOut],
)
@paginate(PersonalPagination)
def list_service_requests(request, filters: Query[ServiceRequestFilter]):
    """Requests to the practical projects you manage."""
    return service_request_rows(
        user=request.auth,
        offer=filters.offer,
        statuses=[str(status) for status in filters.status],
        project=filters.project or "",
    )


@router.post(
    "/service-requests/",
    url_name="service_requests",
    response={201: ServiceRequestOut, **WRITE_ERRORS},
)
def create_service_request(request, payload: ServiceRequestIn):
    """A resident's request (a ride, a small job), entered by staff on their behalf."""
    user = request.auth
    offer = visible_offer(user, payload.offer)
    data = payload.model_dump(exclude={"offer"})
    data["district"] = district_of(offer.project, data["district"])
    service_request = service_request_create(actor=user, offer=offer, **data)
    # Staff of a partner organisation may enter a request without managing the project:
    # they get back what they entered.
    visible = service_request_rows(user=user).filter(pk=service_request.pk).first()
    return Status(201, visible or service_request)


@router.get(
    "/service-requests/{int:service_request_id}/",
    url_name="service_request",
    response={200: ServiceRequestOut, 404: ErrorOut},
)
def get_service_request(request, service_request_id: int):
    return _service_request(request.auth, service_request_id)


@router.patch(
    "/service-requests/{int:service_request_id}/",
    url_name="service_request",
    response={200: ServiceRequestOut, **WRITE_ERRORS},
)
def update_service_request(request, service_request_id: int, payload: ServiceRequestPatchIn):
    """Schedule a request for a time and a team, mark it done, or cancel it."""
    user = request.auth
    service_request = _service_request(user, service_request_id)
    with version_guard(service_request, payload.version):
        if payload.status == ServiceRequestStatus.SCHEDULED:
            scheduled_for = payload.scheduled_for or service_request.scheduled_for
            if scheduled_for is None:
                raise ValidationError(
                    {"scheduled_for": _("Enter when the team goes out for this request.")}
                )
            if payload.team is None:
                team = list(service_request.team.all())
            else:
                team, missing = cases_by_ids(user=user, ids=payload.team)
                if missing:
                    raise Http404
            service_request_schedule(
                actor=user,
                service_request=service_request,
                expected_version=payload.version,
                scheduled_for=scheduled_for,
                team=team,
                notes=payload.notes,
            )
        elif payload.status == ServiceRequestStatus.DONE:
            service_request_done(
                actor=user,
                service_request=service_request,
                expected_version=payload.version,
                done_at=payload.done_at,
                notes=payload.notes,
            )
        else:
            service_request_cancel(
                actor=user,
                service_request=service_request,
                expected_version=payload.version,
                notes=payload.notes or "",
            )
    return _service_request(user, service_request_id)
