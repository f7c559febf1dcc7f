"""API endpoints of employer services: an employer's services (list, record) and one
service (read, change, delete). Only company-aimed services of SMEs count for EECO19."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from quartier.api.conflicts import version_guard
from quartier.api.schemas import ErrorOut, InputSchema, Pagination, UserRef, patch_values, user_ref
from quartier.economy.api.employers import WRITE_ERRORS
from quartier.economy.models.advice import EmployerService, ServiceAim, ServiceKind
from quartier.economy.selectors import advice as selectors
from quartier.economy.selectors.employers import active_user, employer_for_write
from quartier.economy.services import advice as services

router = Router(tags=["employer services"])


def found(obj):
    if obj is None:
        raise Http404
    return obj


class EmployerServiceOut(Schema):
    id: int
    version: int
    employer: int = Field(alias="employer_id")
    date: dt.date
    kind: str
    aim: str = Field(description="company (counts for EECO19 if an SME) or person.")
    topic: str
    staff: UserRef | None
    duration_minutes: int | None
    outcome: str
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_staff(obj):
        return user_ref(obj.staff)


class EmployerServiceIn(InputSchema):
    date: dt.date | None = Field(None, description="Default: today.")
    kind: ServiceKind
    aim: ServiceAim = ServiceAim.COMPANY
    topic: str = Field(min_length=1, max_length=200)
    staff: int | None = Field(None, description="Id of a staff member; default: you.")
    duration_minutes: int | None = Field(None, ge=0)
    outcome: str = ""


class EmployerServicePatchIn(InputSchema):
    version: int
    date: dt.date | None = None
    kind: ServiceKind | None = None
    aim: ServiceAim | None = None
    topic: str | None = Field(None, min_length=1, max_length=200)
    staff: int | None = Field(None, description="Id of a staff member; null for none.")
    duration_minutes: int | None = Field(None, ge=0)
    outcome: str | None = None


_NULLABLE = {"staff", "duration_minutes"}


def _staff(data: dict) -> dict:
    if data.get("staff") is not None:
        person = active_user(data["staff"])
        if person is None:
            raise ValidationError({"staff": _("Choose a member of the project's staff.")})
        data["staff"] = person
    return data


def _service_out(user, pk: int) -> EmployerService:
    return found(selectors.service_for_write(user=user, pk=pk))


@router.get(
    "/employers/{int:employer_id}/services/",
    url_name="employer_services",
    response={200: list[EmployerServiceOut], 404: ErrorOut},
    operation_id="quartier_economy_api_advice_list_employer_services",
)
@paginate(Pagination)
def list_employer_services(request, employer_id: int):
    """The services one employer received, newest first."""
    found(employer_for_write(user=request.auth, pk=employer_id))
    return selectors.service_rows(user=request.auth, employer_id=employer_id)


@router.post(
    "/employers/{int:employer_id}/services/",
    url_name="employer_services",
    response={201: EmployerServiceOut, **WRITE_ERRORS},
    operation_id="quartier_economy_api_advice_create_employer_service",
)
def create_employer_service(request, employer_id: int, payload: EmployerServiceIn):
    """Record a service the employer received."""
    user = request.auth
    employer = found(employer_for_write(user=user, pk=employer_id))
    data = payload.model_dump(exclude_unset=True)
    if data.get("date") is None:
        data.pop("date", None)
    if "staff" in data and data["staff"] is None:
        data.pop("staff")
    service = services.service_create(actor=user, employer=employer, **_staff(data))
    return Status(201, _service_out(user, service.pk))


@router.get(
    "/employer-services/{int:service_id}/",
    url_name="employer_service",
    response={200: EmployerServiceOut, 404: ErrorOut},
    operation_id="quartier_economy_api_advice_get_employer_service",
)
def get_employer_service(request, service_id: int):
    return _service_out(request.auth, service_id)


@router.patch(
    "/employer-services/{int:service_id}/",
    url_name="employer_service",
    response={200: EmployerServiceOut, **WRITE_ERRORS},
    operation_id="quartier_economy_api_advice_update_employer_service",
)
def update_employer_service(request, service_id: int, payload: EmployerServicePatchIn):
    """Change a service; `version` is the one you read (409 if it is stale)."""
    user = request.auth
    service = _service_out(user, service_id)
    data = patch_values(payload, nullable=_NULLABLE)
    with version_guard(service, payload.version):
        services.service_update(
            actor=user, service=service, expected_version=payload.version, **_staff(data)
        )
    return _service_out(user, service_id)


@router.delete(
    "/employer-services/{int:service_id}/",
    url_name="employer_service",
    response={204: None, 403: ErrorOut, 404: ErrorOut},
    operation_id="quartier_economy_api_advice_delete_employer_service",
)
def delete_employer_service(request, service_id: int):
    """Delete a service (it no longer counts in the reports)."""
    user = request.auth
    services.service_delete(actor=user, service=_service_out(user, service_id))
    return Status(204, None)
