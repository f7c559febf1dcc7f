"""Placements and their stabilisation check-ins under /api/v1/.

Scoped like the pages: placements are the case's (case roles in the case's project and
organisation); a check-in with the employer is also the employer liaison's there. A
foreign id, also a case, vacancy or employer named in a body, is a 404 (vacancy and
employer: a 422 at the field when they belong to another project); a stale `version`
is a 409; a check-in recorded twice is a 409 saying when it was recorded.
"""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from quartier.api.conflicts import VersionConflict, version_guard
from quartier.api.pagination import PersonalPagination
from quartier.api.schemas import (
    ConflictOut,
    ErrorOut,
    FilterSchema,
    InputSchema,
    UserRef,
    user_ref,
)
from quartier.cases.selectors import cases as case_selectors
from quartier.economy.models import (
    CheckMode,
    CheckStatus,
    ContractKind,
    EndReason,
    PlacementStatus,
    RiskFlag,
    StabilisationCheck,
    WageSubsidy,
)
from quartier.economy.selectors import placements as selectors
from quartier.economy.services import placements as services
from quartier.economy.services.stabilisation import CheckAlreadyRecorded, check_record

router = Router(tags=["placements"])

WRITE_ERRORS = {403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: ErrorOut}


class CheckOut(Schema):
    id: int
    version: int
    placement: int
    with_whom: str
    months_after_start: int
    due_date: dt.date
    assigned_to: UserRef | None
    done_on: dt.date | None
    done_by: UserRef | None
    mode: str
    still_employed: bool | None
    same_employer: bool | None
    hours_per_week: Decimal | None
    risk_flags: list[str]
    support_given: str
    next_step: str
    status: str
    end_reason: str

    @staticmethod
    def resolve_placement(obj):
        return obj.placement_id

    @staticmethod
    def resolve_assigned_to(obj):
        return user_ref(obj.assigned_to)

    @staticmethod
    def resolve_done_by(obj):
        return user_ref(obj.done_by)


class PlacementOut(Schema):
    id: int
    version: int
    case: int
    vacancy: int | None
    employer: int | None
    employer_name: str = Field(description="The employer's name (listed or named free-text).")
    job_title: str
    contract_kind: str
    start_date: dt.date
    hours_per_week: Decimal | None
    wage_subsidy: str
    probation_end: dt.date | None
    status: str
    ended_on: dt.date | None
    end_reason: str
    notes: str
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_case(obj):
        return obj.case_id

    @staticmethod
    def resolve_vacancy(obj):
        return obj.vacancy_id

    @staticmethod
    def resolve_employer(obj):
        return obj.employer_id

    @staticmethod
    def resolve_employer_name(obj):
        return obj.employer_label


class PlacementFilter(FilterSchema):
    case: int | None = None
    status: PlacementStatus | None = None
    search: str = Field("", description="Words of the job title or the employer's name.")


class PlacementIn(InputSchema):
    case: int
    vacancy: int | None = Field(None, description="A vacancy of the case's project.")
    employer: int | None = Field(None, description="An employer of the case's project.")
    employer_name: str = Field("", description="For a job found elsewhere, no employer listed.")
    job_title: str = Field("", description="Default: the vacancy's title.")
    contract_kind: ContractKind
    start_date: dt.date
    hours_per_week: Decimal | None = None
    wage_subsidy: WageSubsidy = WageSubsidy.NONE
    probation_end: dt.date | None = None
    notes: str = ""


class PlacementPatchIn(InputSchema):
    version: int
    employer: int | None = None
    employer_name: str | None = None
    job_title: str | None = None
    contract_kind: ContractKind | None = None
    start_date: dt.date | None = None
    hours_per_week: Decimal | None = None
    wage_subsidy: WageSubsidy | None = None
    probation_end: dt.date | None = None
    notes: str | None = None
    ended_on: dt.date | None = Field(
        None, description="The job ended on this day (with `end_reason`); nothing else then."
    )
    end_reason: EndReason | None = None


class CheckRecordIn(InputSchema):
    version: int
    done_on: dt.date
    status: CheckStatus = Field(description="stable, at_risk or ended.")
    mode: CheckMode
    still_employed: bool | None = None
    same_employer: bool | None = None
    hours_per_week: Decimal | None = None
    risk_flags: list[RiskFlag] = []
    support_given: str = ""
    next_step: str = ""
    end_reason: EndReason | None = None


def _placement(user, pk: int):
    return selectors.placement_get(user=user, pk=pk)


def _vacancy(user, case, pk):
    if pk is None:
        return None
    return get_object_or_404(selectors.vacancies_for_case(user=user, case=case), pk=pk)


def _employer(user, case, pk):
    if pk is None:
        return None
    return get_object_or_404(selectors.employers_for_case(user=user, case=case), pk=pk)


@router.get(
    "/placements/",
    url_name="placements",
    response=list[PlacementOut],
    operation_id="quartier_economy_api_placements_list_placements",
)
@paginate(PersonalPagination)
def list_placements(request, filters: Query[PlacementFilter]):
    """Placements of the cases you may see, newest start first."""
    return selectors.placement_list(
        user=request.auth, case=filters.case, status=filters.status or "", search=filters.search
    )


@router.post(
    "/placements/",
    url_name="placements",
    response={201: PlacementOut, **WRITE_ERRORS},
    operation_id="quartier_economy_api_placements_create_placement",
)
def create_placement(request, payload: PlacementIn):
    """Record a placement: the case moves to "placement", the vacancy is filled when its
    places are taken, and the stabilisation check-ins are planned."""
    user = request.auth
    case = get_object_or_404(
        case_selectors.cases_visible_to(user).select_related("participant", "project"),
        pk=payload.case,
    )
    data = payload.model_dump(exclude={"case", "vacancy", "employer"})
    placement = services.placement_record(
        actor=user,
        case=case,
        vacancy=_vacancy(user, case, payload.vacancy),
        employer=_employer(user, case, payload.employer),
        **data,
    )
    return Status(201, _placement(user, placement.pk))


@router.get(
    "/placements/{int:placement_id}/",
    url_name="placement",
    response={200: PlacementOut, 404: ErrorOut},
    operation_id="quartier_economy_api_placements_get_placement",
)
def get_placement(request, placement_id: int):
    return _placement(request.auth, placement_id)


@router.patch(
    "/placements/{int:placement_id}/",
    url_name="placement",
    response={200: PlacementOut, **WRITE_ERRORS},
    operation_id="quartier_economy_api_placements_update_placement",
)
def update_placement(request, placement_id: int, payload: PlacementPatchIn):
    """Change a placement, or (with `ended_on` and `end_reason`) record that the job ended."""
    user = request.auth
    placement = _placement(user, placement_id)
    data = payload.model_dump(exclude_unset=True, exclude={"version", "ended_on", "end_reason"})
    with version_guard(placement, payload.version):
        if payload.ended_on is not None or payload.end_reason is not None:
            if payload.ended_on is None:
                raise ValidationError({"ended_on": _("Enter the date the job ended.")})
            services.placement_end(
                actor=user,
                placement=placement,
                expected_version=payload.version,
                ended_on=payload.ended_on,
                end_reason=payload.end_reason or "",
            )
        if data:
            if "employer" in data:
                data["employer"] = _employer(user, placement.case, data["employer"])
            for field in ("job_title", "contract_kind", "start_date", "employer_name", "notes"):
                if field in data and data[field] is None:
                    del data[field]
            if data.get("wage_subsidy") is None and "wage_subsidy" in data:
                data["wage_subsidy"] = ""
            services.placement_update(
                actor=user,
                placement=placement,
                expected_version=payload.version,
                data=data,
            )
    return _placement(user, placement_id)


@router.get(
    "/placements/{int:placement_id}/checks/",
    url_name="placement_checks",
    response={200: list[CheckOut], 404: ErrorOut},
    operation_id="quartier_economy_api_placements_list_checks",
)
def list_checks(request, placement_id: int):
    """The placement's stabilisation check-ins by due date."""
    return selectors.placement_checks(_placement(request.auth, placement_id))


def _check(user, pk: int) -> StabilisationCheck:
    return get_object_or_404(
        selectors.checks_visible_to(user).select_related(
            "placement", "placement__case", "assigned_to", "done_by"
        ),
        pk=pk,
    )


@router.get(
    "/stabilisation-checks/{int:check_id}/",
    url_name="stabilisation_check",
    response={200: CheckOut, 404: ErrorOut},
    operation_id="quartier_economy_api_placements_get_check",
)
def get_check(request, check_id: int):
    return _check(request.auth, check_id)


@router.patch(
    "/stabilisation-checks/{int:check_id}/",
    url_name="stabilisation_check",
    response={200: CheckOut, **WRITE_ERRORS},
    operation_id="quartier_economy_api_placements_record_check",
)
def record_check(request, check_id: int, payload: CheckRecordIn):
    """Record a check-in that took place (once: a second time is a 409)."""
    user = request.auth
    check = _check(user, check_id)
    try:
        with version_guard(check, payload.version):
            check_record(
                actor=user,
                check=check,
                expected_version=payload.version,
                done_on=payload.done_on,
                status=payload.status,
                mode=payload.mode,
                still_employed=payload.still_employed,
                same_employer=payload.same_employer,
                hours_per_week=payload.hours_per_week,
                risk_flags=[str(flag) for flag in payload.risk_flags],
                support_given=payload.support_given,
                next_step=payload.next_step,
                end_reason=payload.end_reason or "",
            )
    except VersionConflict as conflict:
        if isinstance(conflict.__cause__, CheckAlreadyRecorded):
            raise conflict.__cause__ from None
        raise
    return _check(user, check_id)
