"""API endpoints of the network's partners: the list (filtered by project, level and
district; paginated), one partner, adding one and changing its level, role, notes,
target groups and whether it is active (the network coach and the project lead)."""

import datetime as dt

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
from quartier.core.tenancy import NETWORK_WORK_ROLES, acting_organisation
from quartier.network.models import NetworkLevel, Partner
from quartier.network.selectors import partners as selectors
from quartier.network.services import partners as services
from quartier.participants.models import TargetGroup

router = Router(tags=["network partners"])

WRITE_ERRORS = {403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: ErrorOut}


def found(obj):
    if obj is None:
        raise Http404
    return obj


class PartnerOut(Schema):
    id: int
    version: int
    project: str = Field(description="Slug of the project.", alias="project.slug")
    organisation: str = Field(
        description="Slug of the consortium organisation that keeps the record.",
        alias="organisation.slug",
    )
    partner_organisation: str = Field(
        description="Slug of the partner organisation.", alias="partner_organisation.slug"
    )
    name: str = Field(description="The partner organisation's name.")
    level: str = Field(description="activation, strategy or both.")
    role: str
    districts: list[str] = Field(description="Slugs of the districts it serves.")
    target_groups: list[str]
    offers: list[int] = Field(description="Ids of its offers in the offer catalogue.")
    notes: str
    is_active: bool
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_name(obj):
        return obj.partner_organisation.name

    @staticmethod
    def resolve_districts(obj):
        return [district.slug for district in obj.districts.all()]

    @staticmethod
    def resolve_offers(obj):
        return [offer.pk for offer in obj.offers.all()]


class PartnerFilter(FilterSchema):
    project: str | None = Field(None, description="Slug of a project.")
    level: NetworkLevel | None = Field(
        None, description="activation or strategy (each with the partners on both); both."
    )
    district: str | None = Field(None, description="Slug of a district the partner serves.")


class PartnerIn(InputSchema):
    project: str = Field(description="Slug of a project in which you keep the network.")
    partner_organisation: str = Field(description="Slug of the partner organisation.")
    level: NetworkLevel = NetworkLevel.ACTIVATION
    role: str = Field("", max_length=300)
    notes: str = ""
    is_active: bool = True
    target_groups: list[TargetGroup] = Field(default_factory=list)


class PartnerPatchIn(InputSchema):
    version: int
    level: NetworkLevel | None = None
    role: str | None = Field(None, max_length=300)
    notes: str | None = None
    is_active: bool | None = None
    target_groups: list[TargetGroup] | None = None


def _partner(user, pk: int) -> Partner:
    return found(
        selectors.partners_visible_to(user)
        .select_related("project", "organisation", "partner_organisation")
        .prefetch_related("districts", "offers")
        .filter(pk=pk)
        .first()
    )


@router.get(
    "/partners/",
    url_name="network_partners",
    response=list[PartnerOut],
    operation_id="quartier_network_api_partners_list_partners",
)
@paginate(Pagination)
def list_partners(request, filters: Query[PartnerFilter]):
    """The partners of the networks you work in, by project and name."""
    return selectors.partner_rows_by_slug(
        user=request.auth,
        project=filters.project or None,
        level=filters.level or None,
        district=filters.district or None,
    ).prefetch_related("districts", "offers")


@router.post(
    "/partners/",
    url_name="network_partners",
    response={201: PartnerOut, **WRITE_ERRORS},
    operation_id="quartier_network_api_partners_create_partner",
)
def create_partner(request, payload: PartnerIn):
    """Add an organisation to a project's network (network coach, project lead)."""
    user = request.auth
    project = found(selectors.network_project(user, payload.project))
    organisation = acting_organisation(user, project, roles=NETWORK_WORK_ROLES)
    if organisation is None:
        raise PermissionDenied(_("You are not allowed to do this."))
    partner_organisation = selectors.organisation_by_slug(payload.partner_organisation)
    if partner_organisation is None:
        raise ValidationError(
            {
                "partner_organisation": _("Unknown organisation '%(slug)s'.")
                % {"slug": payload.partner_organisation}
            }
        )
    partner = services.partner_create(
        actor=user,
        project=project,
        organisation=organisation,
        partner_organisation=partner_organisation,
        **payload.model_dump(exclude={"project", "partner_organisation"}),
    )
    return Status(201, _partner(user, partner.pk))


@router.get(
    "/partners/{int:partner_id}/",
    url_name="network_partner",
    response={200: PartnerOut, 404: ErrorOut},
    operation_id="quartier_network_api_partners_get_partner",
)
def get_partner(request, partner_id: int):
    """One partner of a network you work in."""
    return _partner(request.auth, partner_id)


@router.patch(
    "/partners/{int:partner_id}/",
    url_name="network_partner",
    response={200: PartnerOut, **WRITE_ERRORS},
    operation_id="quartier_network_api_partners_update_partner",
)
def update_partner(request, partner_id: int, payload: PartnerPatchIn):
    """Change the level, role, notes, target groups or whether the partner is active;
    `version` is the one you read (409 if it is stale)."""
    user = request.auth
    partner = _partner(user, partner_id)
    data = patch_values(payload)
    with version_guard(partner, payload.version):
        services.partner_update(
            actor=user, partner=partner, expected_version=payload.version, **data
        )
    return _partner(user, partner_id)
