"""API endpoints of vacancies: list (filters like the page), create, read, change
(versioned; also the status open/filled/closed). Scoped like the pages: a vacancy,
employer or project the user may not see is a 404; a stale `version` is a 409; bad
input a 422 with the messages per field. Reported vacancies still to check and
rejected ones are not listed (the inbox is a page)."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
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
    Pagination,
    patch_values,
)
from quartier.cases.models import Skill
from quartier.core.models import Project
from quartier.core.tenancy import ECONOMY_ROLES, acting_organisation, project_ids_with_role
from quartier.economy.models import Employer, Vacancy
from quartier.economy.selectors.vacancies import (
    employer_choices,
    vacancy_for_page,
    vacancy_rows,
    vacancy_skill_needs,
)
from quartier.economy.services.vacancies import (
    vacancy_create,
    vacancy_set_status,
    vacancy_update,
)

router = Router(tags=["vacancies"])

WRITE_ERRORS = {403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: ErrorOut}


class VacancyOut(Schema):
    id: int
    version: int
    project: str = Field(description="Slug of the project.", alias="project.slug")
    organisation: str = Field(
        description="Slug of the owning organisation.", alias="organisation.slug"
    )
    employer: int | None = Field(alias="employer_id")
    kind: str
    title: str
    occupational_field: str
    esco_occupation: str
    description: str
    german_level: str
    driving_licence: bool
    hours_per_week: Decimal | None
    part_time: bool
    shift_work: bool
    start_date: dt.date | None
    places: int
    street: str
    postcode: str
    city: str
    latitude: Decimal | None
    longitude: Decimal | None
    status: str
    source: str
    review_status: str
    ba_refnr: str
    external_url: str
    published_on: dt.date | None
    essential_skills: list[int]
    optional_skills: list[int]
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_essential_skills(obj):
        return [skill.pk for skill in vacancy_skill_needs(obj)[0]]

    @staticmethod
    def resolve_optional_skills(obj):
        return [skill.pk for skill in vacancy_skill_needs(obj)[1]]


class VacancyFilter(FilterSchema):
    project: str | None = Field(None, description="Slug of a project.")
    search: str = Field("", description="Words of the title, employer's name or postcode.")
    kind: str = ""
    status: str = ""
    source: str = ""
    occupational_field: str = ""


class VacancyIn(InputSchema):
    project: str = Field(description="Slug of a project in which you hold an economy role.")
    organisation: str | None = Field(
        None, description="Slug of the owner; default: your organisation in the project."
    )
    kind: str = "job"
    title: str
    employer: int | None = Field(None, description="Id of an employer of the project.")
    occupational_field: str = ""
    esco_occupation: str = ""
    description: str = ""
    german_level: str = ""
    driving_licence: bool = False
    hours_per_week: Decimal | None = None
    part_time: bool = False
    shift_work: bool = False
    start_date: dt.date | None = None
    places: int = 1
    street: str = ""
    postcode: str = ""
    city: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    external_url: str = ""
    essential_skills: list[int] = Field(default_factory=list, description="Skill ids.")
    optional_skills: list[int] = Field(default_factory=list, description="Skill ids.")


class VacancyPatchIn(InputSchema):
    version: int
    status: str | None = Field(None, description="open, filled or closed.")
    kind: str | None = None
    title: str | None = None
    employer: int | None = Field(None, description="Id; null for none.")
    occupational_field: str | None = None
    esco_occupation: str | None = None
    description: str | None = None
    german_level: str | None = None
    driving_licence: bool | None = None
    hours_per_week: Decimal | None = None
    part_time: bool | None = None
    shift_work: bool | None = None
    start_date: dt.date | None = None
    places: int | None = None
    street: str | None = None
    postcode: str | None = None
    city: str | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    external_url: str | None = None
    essential_skills: list[int] | None = None
    optional_skills: list[int] | None = None


_NULLABLE = {"employer", "hours_per_week", "start_date", "latitude", "longitude"}


def _found(obj):
    if obj is None:
        raise Http404
    return obj


def _vacancy_out(user, pk: int) -> Vacancy:
    return _found(vacancy_for_page(user=user, pk=pk))


def _employer(project_id: int, employer_id: int | None) -> Employer | None:
    """An employer of the project; any other id is a 404 (ids reveal nothing)."""
    if employer_id is None:
        return None
    return _found(employer_choices(project_ids=[project_id]).filter(pk=employer_id).first())


def _skills(ids: list[int] | None, field: str):
    if ids is None:
        return None
    skills = list(Skill.objects.filter(pk__in=ids))
    missing = sorted(set(ids) - {skill.pk for skill in skills})
    if missing:
        raise ValidationError(
            {field: _("Unknown skill ids: %(ids)s.") % {"ids": ", ".join(map(str, missing))}}
        )
    return skills


@router.get(
    "/vacancies/",
    url_name="vacancies",
    response=list[VacancyOut],
    operation_id="quartier_economy_api_vacancies_list_vacancies",
)
@paginate(Pagination)
def list_vacancies(request, filters: Query[VacancyFilter]):
    """Confirmed vacancies the user sees, newest first."""
    return vacancy_rows(
        user=request.auth,
        query=filters.search,
        kind=filters.kind,
        status=filters.status,
        source=filters.source,
        occupational_field=filters.occupational_field,
        project=filters.project or "",
    ).prefetch_related("skill_needs__skill")


@router.post(
    "/vacancies/",
    url_name="vacancies",
    response={201: VacancyOut, **WRITE_ERRORS},
    operation_id="quartier_economy_api_vacancies_create_vacancy",
)
def create_vacancy(request, payload: VacancyIn):
    user = request.auth
    project = _found(
        Project.objects.filter(slug=payload.project).first()
        if user.is_platform_admin
        else Project.objects.filter(
            slug=payload.project, pk__in=project_ids_with_role(user)
        ).first()
    )
    owner = acting_organisation(user, project, slug=payload.organisation, roles=ECONOMY_ROLES)
    if owner is None:
        if not payload.organisation:
            raise PermissionDenied(_("You are not allowed to do this."))
        raise ValidationError(
            {
                "organisation": _(
                    "You hold no economy role in an organisation '%(slug)s' in this project."
                )
                % {"slug": payload.organisation}
            }
        )
    data = payload.model_dump(exclude={"project", "organisation"})
    data["employer"] = _employer(project.pk, data["employer"])
    data["essential_skills"] = _skills(data["essential_skills"], "essential_skills")
    data["optional_skills"] = _skills(data["optional_skills"], "optional_skills")
    vacancy = vacancy_create(actor=user, project=project, organisation=owner, **data)
    return Status(201, _vacancy_out(user, vacancy.pk))


@router.get(
    "/vacancies/{int:vacancy_id}/",
    url_name="vacancy",
    response={200: VacancyOut, 404: ErrorOut},
    operation_id="quartier_economy_api_vacancies_get_vacancy",
)
def get_vacancy(request, vacancy_id: int):
    return _vacancy_out(request.auth, vacancy_id)


@router.patch(
    "/vacancies/{int:vacancy_id}/",
    url_name="vacancy",
    response={200: VacancyOut, **WRITE_ERRORS},
    operation_id="quartier_economy_api_vacancies_update_vacancy",
)
def update_vacancy(request, vacancy_id: int, payload: VacancyPatchIn):
    user = request.auth
    vacancy = _vacancy_out(user, vacancy_id)
    data = patch_values(payload, nullable=_NULLABLE)
    status = data.pop("status", None)
    if "employer" in data:
        data["employer"] = _employer(vacancy.project_id, data["employer"])
    for field in ("essential_skills", "optional_skills"):
        if field in data:
            data[field] = _skills(data[field], field)
    if ("essential_skills" in data) != ("optional_skills" in data):
        essential, optional = vacancy_skill_needs(vacancy)
        data.setdefault("essential_skills", essential)
        data.setdefault("optional_skills", optional)
    version = payload.version
    with version_guard(vacancy, version):
        if data:
            vacancy_update(actor=user, vacancy=vacancy, expected_version=version, **data)
            version = vacancy.version
        if status is not None:
            vacancy_set_status(actor=user, vacancy=vacancy, status=status, expected_version=version)
    return _vacancy_out(user, vacancy_id)
