"""API endpoints of the places where offers take place (address, district,
coordinates); visible to every member of the project, changed by the owning
organisation's staff."""

import datetime as dt
import uuid
from decimal import Decimal

from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from quartier.api.conflicts import version_guard
from quartier.api.schemas import ErrorOut, FilterSchema, InputSchema, Pagination, patch_values
from quartier.offers.api.common import WRITE_ERRORS, district_of, found, project_and_organisation
from quartier.offers.models import Location
from quartier.offers.selectors.locations import location_rows
from quartier.offers.services.catalogue import location_create, location_update

router = Router(tags=["locations"])


class LocationOut(Schema):
    id: int
    version: int
    public_id: uuid.UUID
    project: str = Field(description="Slug of the project.", alias="project.slug")
    organisation: str = Field(
        description="Slug of the owning organisation.", alias="organisation.slug"
    )
    name: str
    street: str
    postcode: str
    city: str
    address: str
    district: str | None = Field(description="Slug of the district.")
    latitude: Decimal | None
    longitude: Decimal | None
    accessible: bool
    notes: str
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_district(obj):
        return obj.district.slug if obj.district_id else None


class LocationFilter(FilterSchema):
    project: str | None = Field(None, description="Slug of a project.")
    organisation: str | None = Field(None, description="Slug of the owning organisation.")
    search: str = Field("", description="Words of the name, street or city.")


class LocationIn(InputSchema):
    project: str = Field(description="Slug of a project in which you hold a case role.")
    organisation: str | None = Field(
        None, description="Slug of the owner; default: your organisation in the project."
    )
    name: str
    street: str = ""
    postcode: str = ""
    city: str = ""
    district: str | None = Field(None, description="Slug of one of the project's districts.")
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    accessible: bool = False
    notes: str = ""


class LocationPatchIn(InputSchema):
    version: int
    name: str | None = None
    street: str | None = None
    postcode: str | None = None
    city: str | None = None
    district: str | None = Field(None, description="Slug; null for none.")
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    accessible: bool | None = None
    notes: str | None = None


_LOCATION_NULLABLE = {"district", "latitude", "longitude"}


def _location_out(user, pk: int) -> Location:
    return found(location_rows(user=user).filter(pk=pk).first())


@router.get("/locations/", url_name="locations", response=list[LocationOut])
@paginate(Pagination)
def list_locations(request, filters: Query[LocationFilter]):
    """Places where offers take place, in name order."""
    return location_rows(
        user=request.auth,
        project=filters.project or "",
        organisation=filters.organisation or "",
        query=filters.search,
    )


@router.post(
    "/locations/",
    url_name="locations",
    response={201: LocationOut, **WRITE_ERRORS},
)
def create_location(request, payload: LocationIn):
    user = request.auth
    project, organisation = project_and_organisation(user, payload.project, payload.organisation)
    data = payload.model_dump(exclude={"project", "organisation"})
    data["district"] = district_of(project, data["district"])
    location = location_create(actor=user, project=project, organisation=organisation, **data)
    return Status(201, _location_out(user, location.pk))


@router.get(
    "/locations/{int:location_id}/",
    url_name="location",
    response={200: LocationOut, 404: ErrorOut},
)
def get_location(request, location_id: int):
    return _location_out(request.auth, location_id)


@router.patch(
    "/locations/{int:location_id}/",
    url_name="location",
    response={200: LocationOut, **WRITE_ERRORS},
)
def update_location(request, location_id: int, payload: LocationPatchIn):
    user = request.auth
    location = _location_out(user, location_id)
    data = patch_values(payload, nullable=_LOCATION_NULLABLE)
    if "district" in data:
        data["district"] = district_of(location.project, data["district"])
    with version_guard(location, payload.version):
        location_update(actor=user, location=location, expected_version=payload.version, **data)
    return _location_out(user, location_id)
