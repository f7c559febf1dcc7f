"""API endpoints of vacant commercial units: list, create, read (with the status
history) and change, the status included (vacant → in talks → let, with the date and
the business that moved in).

Scoped like the pages (`economy.selectors.units.units_visible_to`): a unit or an
employer outside the user's tenants is a 404; a stale `version` is a 409; bad input a
422 with messages per field.
"""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from quartier.api.conflicts import version_guard
from quartier.api.schemas import ErrorOut, FilterSchema, InputSchema, Pagination
from quartier.economy.api.events import WRITE_ERRORS, district_of, found, project_and_owner
from quartier.economy.models import UnitStatus, UnitUse, VacantUnit
from quartier.economy.selectors import events as event_selectors
from quartier.economy.selectors import units as unit_selectors
from quartier.economy.services import units as unit_services

router = Router(tags=["vacant-units"])


class StatusChangeOut(Schema):
    status: str
    date: dt.date
    note: str


class TenantOut(Schema):
    id: int
    name: str


class VacantUnitOut(Schema):
    id: int
    version: int
    project: str = Field(description="Slug of the project.", alias="project.slug")
    organisation: str = Field(
        description="Slug of the owning organisation.", alias="organisation.slug"
    )
    title: str
    use: str
    street: str
    postcode: str
    city: str
    district: str | None = Field(description="Slug of the district.")
    latitude: Decimal | None
    longitude: Decimal | None
    area_m2: Decimal | None
    rent_monthly: Decimal | None
    owner_name: str
    owner_contact: str
    status: str
    status_since: dt.date
    vacant_since: dt.date | None
    let_on: dt.date | None
    tenant: TenantOut | None = Field(description="The business that moved in.")
    notes: str
    history: list[StatusChangeOut]
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_district(obj):
        return obj.district.slug if obj.district_id else None

    @staticmethod
    def resolve_tenant(obj):
        return {"id": obj.tenant.pk, "name": obj.tenant.name} if obj.tenant_id else None

    @staticmethod
    def resolve_history(obj):
        return list(obj.status_changes.all())


class VacantUnitFilter(FilterSchema):
    project: str | None = Field(None, description="Slug of a project.")
    status: UnitStatus | None = None
    use: UnitUse | None = None
    search: str = Field("", description="Words of the address or name.")


class VacantUnitIn(InputSchema):
    project: str = Field(description="Slug of a project in which you hold an economy role.")
    organisation: str | None = Field(
        None, description="Slug of the owner; default: your organisation in the project."
    )
    title: str = Field(min_length=1, max_length=200)
    use: UnitUse = UnitUse.SHOP
    street: str = Field(min_length=1, max_length=200)
    postcode: str = ""
    city: str = ""
    district: str | None = Field(None, description="Slug of one of the project's districts.")
    latitude: Decimal | None = Field(None, ge=-90, le=90, max_digits=9, decimal_places=6)
    longitude: Decimal | None = Field(None, ge=-180, le=180, max_digits=9, decimal_places=6)
    area_m2: Decimal | None = Field(None, ge=0, max_digits=8, decimal_places=1)
    rent_monthly: Decimal | None = Field(None, ge=0, max_digits=9, decimal_places=2)
    owner_name: str = ""
    owner_contact: str = ""
    vacant_since: dt.date | None = None
    notes: str = ""


class VacantUnitPatchIn(InputSchema):
    version: int
    title: str | None = Field(None, min_length=1, max_length=200)
    use: UnitUse | None = None
    street: str | None = Field(None, min_length=1, max_length=200)
    postcode: str | None = None
    city: str | None = None
    district: str | None = Field(None, description="Slug; null for none.")
    latitude: Decimal | None = Field(None, ge=-90, le=90, max_digits=9, decimal_places=6)
    longitude: Decimal | None = Field(None, ge=-180, le=180, max_digits=9, decimal_places=6)
    area_m2: Decimal | None = Field(None, ge=0, max_digits=8, decimal_places=1)
    rent_monthly: Decimal | None = Field(None, ge=0, max_digits=9, decimal_places=2)
    owner_name: str | None = None
    owner_contact: str | None = None
    vacant_since: dt.date | None = None
    notes: str | None = None
    status: UnitStatus | None = Field(
        None, description="A new status; appends a step to the history."
    )
    status_date: dt.date | None = Field(
        None, description="The day of the status change (required with `status`)."
    )
    tenant: int | None = Field(
        None, description="With status `let`: id of the employer that moved in."
    )
    note: str = Field("", max_length=300, description="A note on the status change.")


_NULLABLE = {
    "district",
    "latitude",
    "longitude",
    "area_m2",
    "rent_monthly",
    "vacant_since",
}
_STATUS_FIELDS = {"status", "status_date", "tenant", "note"}


def _unit_out(user, pk: int) -> VacantUnit:
    return found(unit_selectors.unit_rows(user=user).filter(pk=pk).first())


@router.get(
    "/vacant-units/",
    url_name="vacant_units",
    response=list[VacantUnitOut],
    operation_id="economy_list_vacant_units",
)
@paginate(Pagination)
def list_vacant_units(request, filters: Query[VacantUnitFilter]):
    """Vacant units you may see: vacant first, then in talks, then let."""
    values = {
        "project_slug": filters.project,
        "status": filters.status,
        "use": filters.use,
        "q": filters.search,
    }
    values = {key: value for key, value in values.items() if value not in (None, "")}
    return unit_selectors.unit_rows(user=request.auth, filters=values)


@router.post(
    "/vacant-units/",
    url_name="vacant_units",
    response={201: VacantUnitOut, **WRITE_ERRORS},
    operation_id="economy_create_vacant_unit",
)
def create_vacant_unit(request, payload: VacantUnitIn):
    user = request.auth
    project, organisation = project_and_owner(user, payload.project, payload.organisation)
    data = payload.model_dump(exclude={"project", "organisation"})
    data["district"] = district_of(project, data["district"])
    unit = unit_services.unit_create(actor=user, project=project, organisation=organisation, **data)
    return Status(201, _unit_out(user, unit.pk))


@router.get(
    "/vacant-units/{int:unit_id}/",
    url_name="vacant_unit",
    response={200: VacantUnitOut, 404: ErrorOut},
    operation_id="economy_get_vacant_unit",
)
def get_vacant_unit(request, unit_id: int):
    """One unit with its status history."""
    return _unit_out(request.auth, unit_id)


@router.patch(
    "/vacant-units/{int:unit_id}/",
    url_name="vacant_unit",
    response={200: VacantUnitOut, **WRITE_ERRORS},
    operation_id="economy_update_vacant_unit",
)
def update_vacant_unit(request, unit_id: int, payload: VacantUnitPatchIn):
    """Change a unit's details and/or its status (`status` with `status_date`; for
    `let` optionally the `tenant`)."""
    user = request.auth
    unit = _unit_out(user, unit_id)
    sent = payload.model_dump(exclude_unset=True, exclude={"version"})
    data = {
        field: value
        for field, value in sent.items()
        if field not in _STATUS_FIELDS and (value is not None or field in _NULLABLE)
    }
    if "district" in data:
        data["district"] = district_of(unit.project, data["district"])
    status_change = None
    if sent.get("status") is not None:
        if sent.get("status_date") is None:
            raise ValidationError({"status_date": _("Enter the date of the change.")})
        tenant = None
        if sent.get("tenant") is not None:
            tenant = found(event_selectors.visible_employer(user=user, pk=sent["tenant"]))
        status_change = {
            "status": sent["status"],
            "date": sent["status_date"],
            "tenant": tenant,
            "note": sent.get("note", ""),
        }
    elif {"status_date", "tenant"} & {k for k, v in sent.items() if v is not None}:
        raise ValidationError({"status": _("Send the new status with its date.")})
    with version_guard(unit, payload.version):
        unit_services.unit_change(
            actor=user,
            unit=unit,
            expected_version=payload.version,
            data=data,
            status_change=status_change,
        )
    return _unit_out(user, unit_id)
