"""API endpoints of employers: the list (filtered, paginated), recording one (with the
duplicate check on name and postcode), reading and changing one. Contact persons are
read as part of the employer."""

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
    UserRef,
    patch_values,
    user_ref,
)
from quartier.core.tenancy import ECONOMY_ROLES, acting_organisation
from quartier.economy.models.common import ReviewStatus
from quartier.economy.models.employers import Employer, LegalForm, Sector, SizeClass
from quartier.economy.selectors import employers as selectors
from quartier.economy.services import employers as services

router = Router(tags=["employers"])

WRITE_ERRORS = {403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: ErrorOut}


def found(obj):
    if obj is None:
        raise Http404
    return obj


class ContactPersonOut(Schema):
    id: int
    version: int
    name: str
    position: str
    phone: str
    email: str
    legal_basis: str = Field(description="Why the data may be stored (GDPR Art. 6(1)).")
    basis_noted_on: dt.date
    is_active: bool


class SizeDeclarationOut(Schema):
    declared_on: dt.date
    headcount: int | None
    size_class: str


class EmployerOut(Schema):
    id: int
    version: int
    project: str = Field(description="Slug of the project.", alias="project.slug")
    organisation: str = Field(
        description="Slug of the owning organisation.", alias="organisation.slug"
    )
    name: str
    legal_form: str
    sector: str = Field(description="WZ 2008 section letter, empty if not known.")
    headcount: int | None
    size_class: str = Field(description="micro, small, medium, large; empty: not declared.")
    size_declared_on: dt.date | None
    street: str
    postcode: str
    city: str
    district: str | None = Field(description="Slug of the district.")
    latitude: Decimal | None
    longitude: Decimal | None
    in_programme_area: bool
    phone: str
    email: str
    website: str
    notes: str
    review_status: str
    responsible: UserRef | None
    contact_persons: list[ContactPersonOut]
    size_declarations: list[SizeDeclarationOut] = Field(
        description="Every size the employer declared, oldest first; the latest is current."
    )
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_district(obj):
        return obj.district.slug if obj.district_id else None

    @staticmethod
    def resolve_responsible(obj):
        return user_ref(obj.responsible)

    @staticmethod
    def resolve_contact_persons(obj):
        return list(obj.contact_persons.all())

    @staticmethod
    def resolve_size_declarations(obj):
        return list(obj.size_declarations.all())


class EmployerFilter(FilterSchema):
    project: str | None = Field(None, description="Slug of a project.")
    search: str = Field("", description="Words of the name, postcode or city.")
    size_class: SizeClass | None = Field(None, description="Size class ('' for not declared).")
    sector: Sector | None = None
    in_programme_area: bool | None = None
    review_status: ReviewStatus | None = None


class EmployerIn(InputSchema):
    project: str = Field(description="Slug of a project in which you hold an economy role.")
    organisation: str | None = Field(
        None, description="Slug of the owner; default: your organisation in the project."
    )
    name: str = Field(min_length=1, max_length=200)
    legal_form: LegalForm = LegalForm.UNKNOWN
    sector: Sector | None = None
    headcount: int | None = Field(None, ge=0)
    size_class: SizeClass = Field(
        SizeClass.UNKNOWN, description="Leave empty to derive it from the headcount."
    )
    size_declared_on: dt.date | None = Field(None, description="Default: today.")
    street: str = ""
    postcode: str = ""
    city: str = ""
    district: str | None = Field(None, description="Slug of one of the project's districts.")
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    in_programme_area: bool = False
    phone: str = ""
    email: str = ""
    website: str = ""
    notes: str = ""
    responsible: int | None = Field(None, description="Id of a staff member of the project.")
    not_a_duplicate: bool = Field(
        False,
        description="Create it even though the project has an employer with the same name "
        "and postcode.",
    )


class EmployerPatchIn(InputSchema):
    version: int
    name: str | None = Field(None, min_length=1, max_length=200)
    legal_form: LegalForm | None = None
    sector: Sector | None = None
    street: str | None = None
    postcode: str | None = None
    city: str | None = None
    district: str | None = Field(None, description="Slug; null for none.")
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    in_programme_area: bool | None = None
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    notes: str | None = None
    review_status: ReviewStatus | None = None
    responsible: int | None = Field(None, description="Id of a staff member; null for none.")


class SizeDeclarationIn(InputSchema):
    declared_on: dt.date = Field(description="When the employer declared it (not in the future).")
    headcount: int | None = Field(None, ge=0)
    size_class: SizeClass = Field(
        SizeClass.UNKNOWN, description="Leave empty to derive it from the headcount."
    )


_NULLABLE = {"district", "latitude", "longitude", "responsible", "sector"}


def _employer_out(user, pk: int) -> Employer:
    return found(
        selectors.employers_visible_to(user)
        .select_related("project", "organisation", "district", "responsible")
        .prefetch_related("contact_persons", "size_declarations")
        .filter(pk=pk)
        .first()
    )


def _district(project, slug: str | None):
    if not slug:
        return None
    district = selectors.project_district(project=project, slug=slug)
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


def _responsible(user_id: int | None):
    if user_id is None:
        return None
    person = selectors.active_user(user_id)
    if person is None:
        raise ValidationError({"responsible": _("Choose a member of the project's staff.")})
    return person


def _lookups(project, data: dict) -> dict:
    if "district" in data:
        data["district"] = _district(project, data["district"])
    if "responsible" in data:
        data["responsible"] = _responsible(data["responsible"])
    if "sector" in data and data["sector"] is None:
        data["sector"] = ""
    return data


@router.get(
    "/employers/",
    url_name="employers",
    response=list[EmployerOut],
    operation_id="quartier_economy_api_employers_list_employers",
)
@paginate(Pagination)
def list_employers(request, filters: Query[EmployerFilter]):
    """Employers of the projects and organisations you work for, in name order."""
    return (
        selectors.employer_rows(
            user=request.auth,
            query=filters.search,
            project=filters.project or None,
            size_class=filters.size_class,
            sector=filters.sector or None,
            in_programme_area=filters.in_programme_area,
            review_status=filters.review_status or None,
        )
        .select_related("district", "responsible")
        .prefetch_related("contact_persons")
    )


@router.post(
    "/employers/",
    url_name="employers",
    response={201: EmployerOut, **WRITE_ERRORS},
    operation_id="quartier_economy_api_employers_create_employer",
)
def create_employer(request, payload: EmployerIn):
    """Record an employer. If the project has one with the same name and postcode, the
    answer is a 422 naming it; send `not_a_duplicate: true` to create it anyway."""
    user = request.auth
    project = found(selectors.project_by_slug(user=user, slug=payload.project))
    organisation = acting_organisation(
        user, project, slug=payload.organisation, roles=ECONOMY_ROLES
    )
    if organisation is None:
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
    data = _lookups(project, data)
    try:
        employer = services.employer_create(
            actor=user, project=project, organisation=organisation, **data
        )
    except services.DuplicateSuspected as suspected:
        ids = ", ".join(str(other.pk) for other in suspected.duplicates)
        raise ValidationError(
            {
                "name": _(
                    "The project already has an employer with this name and postcode "
                    "(id %(ids)s). Send not_a_duplicate: true to create it anyway."
                )
                % {"ids": ids}
            }
        ) from None
    return Status(201, _employer_out(user, employer.pk))


@router.get(
    "/employers/{int:employer_id}/",
    url_name="employer",
    response={200: EmployerOut, 404: ErrorOut},
    operation_id="quartier_economy_api_employers_get_employer",
)
def get_employer(request, employer_id: int):
    """One employer with its contact persons."""
    return _employer_out(request.auth, employer_id)


@router.patch(
    "/employers/{int:employer_id}/",
    url_name="employer",
    response={200: EmployerOut, **WRITE_ERRORS},
    operation_id="quartier_economy_api_employers_update_employer",
)
def update_employer(request, employer_id: int, payload: EmployerPatchIn):
    """Change the master data; `version` is the one you read (409 if it is stale)."""
    user = request.auth
    employer = _employer_out(user, employer_id)
    data = patch_values(payload, nullable=_NULLABLE)
    data = _lookups(employer.project, data)
    with version_guard(employer, payload.version):
        services.employer_update(
            actor=user, employer=employer, expected_version=payload.version, **data
        )
    return _employer_out(user, employer_id)


@router.post(
    "/employers/{int:employer_id}/size-declarations/",
    url_name="employer_size_declarations",
    response={201: EmployerOut, **WRITE_ERRORS},
    operation_id="quartier_economy_api_employers_declare_employer_size",
)
def declare_employer_size(request, employer_id: int, payload: SizeDeclarationIn):
    """Keep a size the employer declared on a date; the latest declaration becomes the
    employer's current size."""
    user = request.auth
    employer = _employer_out(user, employer_id)
    services.declare_size(actor=user, employer=employer, **payload.model_dump())
    return Status(201, _employer_out(user, employer_id))
