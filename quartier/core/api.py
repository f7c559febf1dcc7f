"""API endpoints of the core app: organisations, districts with statistics, projects."""

from datetime import date
from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from quartier.api.schemas import Pagination, Text
from quartier.core import selectors

router = Router(tags=["core"])


class OrganisationOut(Schema):
    id: int
    name: str
    slug: str
    kind: str
    street: str
    postcode: str
    city: str
    phone: str
    email: str
    website: str


class StatisticOut(Schema):
    reference_date: date
    source: str
    area_ha_district: Decimal | None
    area_ha_city: Decimal | None
    population_district: int | None
    population_city: int | None
    sgb2_rate_district: Decimal | None
    sgb2_rate_city: Decimal | None
    unemployment_rate_district: Decimal | None
    unemployment_rate_city: Decimal | None
    migration_share_district: Decimal | None
    migration_share_city: Decimal | None


class DistrictOut(Schema):
    id: int
    name: str
    city: str
    slug: str
    centre_lat: Decimal
    centre_lon: Decimal
    boundary: dict | None
    statistics: list[StatisticOut]


class ConsortiumMemberOut(Schema):
    organisation_id: int
    organisation: str = Field(alias="organisation.name")
    is_lead: bool


class ProjectOut(Schema):
    id: int
    name: str
    slug: str
    description: str
    start_date: date
    end_date: date
    funders: list[str]
    districts: list[str]
    consortium: list[ConsortiumMemberOut]

    @staticmethod
    def resolve_funders(obj):
        return [funder.name for funder in obj.funders.all()]

    @staticmethod
    def resolve_districts(obj):
        return [district.slug for district in obj.districts.all()]


@router.get("/organisations/", response=list[OrganisationOut], tags=["organisations"])
@paginate(Pagination)
def list_organisations(request):
    return selectors.organisations_visible_to(request.auth).order_by("name")


@router.get(
    "/organisations/{int:organisation_id}/", response=OrganisationOut, tags=["organisations"]
)
def get_organisation(request, organisation_id: int):
    return get_object_or_404(selectors.organisations_visible_to(request.auth), pk=organisation_id)


@router.get("/districts/", response=list[DistrictOut], tags=["districts"])
@paginate(Pagination)
def list_districts(request):
    return selectors.district_list(user=request.auth)


@router.get("/districts/{slug}/", response=DistrictOut, tags=["districts"])
def get_district(request, slug: Text):
    return get_object_or_404(selectors.district_list(user=request.auth), slug=slug)


@router.get("/projects/", response=list[ProjectOut], tags=["projects"])
@paginate(Pagination)
def list_projects(request):
    return selectors.project_list(user=request.auth)


@router.get("/projects/{slug}/", response=ProjectOut, tags=["projects"])
def get_project(request, slug: Text):
    return get_object_or_404(selectors.project_list(user=request.auth), slug=slug)
