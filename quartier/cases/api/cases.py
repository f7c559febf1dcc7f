"""Cases: the list with its filters, one case, changing it, the exit and undoing it,
and the six-month survey after exit."""

import datetime as dt
import enum
from typing import Literal

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from quartier.api.conflicts import version_guard
from quartier.api.pagination import PersonalPagination
from quartier.api.schemas import (
    ErrorOut,
    FilterSchema,
    InputSchema,
    Integer,
    UserRef,
    user_ref,
)
from quartier.cases.api.common import WRITE_ERRORS, staff_member, visible_case
from quartier.cases.models import (
    Case,
    ExitReason,
    Stage,
    YesNo,
    YesNoUnknown,
)
from quartier.cases.selectors import cases as case_selectors
from quartier.cases.selectors.cases import CASE_LIST_TARGET_GROUPS, CASE_SORTS, CaseFilter
from quartier.cases.services import cases as case_services
from quartier.cases.services import exits as exit_services
from quartier.privacy.services.access_log import access_log_record

router = Router()


#: The target groups the case list can derive from the entry data.
CaseTargetGroup = enum.Enum(
    "CaseTargetGroup", {group.name: group.value for group in CASE_LIST_TARGET_GROUPS}, type=str
)


CaseOrdering = Literal[tuple(CASE_SORTS)]


class ParticipantRef(Schema):
    id: int
    external_id: str
    first_name: str
    last_name: str


class CaseOut(Schema):
    id: int
    version: int
    participant: ParticipantRef
    project: str = Field(description="Slug of the project.")
    organisation: str = Field(description="Slug of the owning organisation.")
    district: str | None = Field(description="Slug of the participant's district.")
    responsible: UserRef | None
    stage: str
    entry_date: dt.date
    exit_date: dt.date | None
    exit_reason: str
    exit_job_searching: str
    exit_education_training: str
    exit_qualification: str
    exit_employed: str
    followup_6m_employed: str
    followup_6m_better_situation: str
    followup_6m_recorded_on: dt.date | None
    has_overdue: bool = Field(description="An open follow-up is past its due date.")
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_project(obj):
        return obj.project.slug

    @staticmethod
    def resolve_organisation(obj):
        return obj.organisation.slug

    @staticmethod
    def resolve_district(obj):
        district = obj.participant.district
        return district.slug if district else None

    @staticmethod
    def resolve_responsible(obj):
        return user_ref(obj.responsible)


class CaseListFilter(FilterSchema):
    project: str | None = Field(None, description="Slug of a project.")
    stage: Stage | None = None
    responsible: int | None = Field(None, description="Id of the responsible staff member.")
    district: str | None = Field(None, description="Slug of the participant's district.")
    target_group: CaseTargetGroup | None = None
    overdue: bool = Field(False, description="Only cases with an overdue follow-up.")
    entry_from: dt.date | None = None
    entry_to: dt.date | None = None
    search: str = Field("", description="Words of the name, or the participant number.")
    ordering: CaseOrdering = "-entry"
    include_exited: bool = Field(
        False, description="Without a stage filter, exited cases are left out unless set."
    )


class CasePatchIn(InputSchema):
    version: int
    stage: Stage | None = None
    responsible: int | None = Field(None, description="User id; null for nobody.")
    entry_date: dt.date | None = None


class CaseExitIn(InputSchema):
    version: int
    exit_date: dt.date
    exit_reason: ExitReason
    exit_job_searching: YesNo
    exit_education_training: YesNo
    exit_qualification: YesNo
    exit_employed: YesNo


class SixMonthSurveyIn(InputSchema):
    version: int
    followup_6m_employed: YesNoUnknown
    followup_6m_better_situation: YesNoUnknown
    followup_6m_recorded_on: dt.date | None = Field(None, description="Default: today.")


def _case_out(user, case_id: int) -> Case:
    return get_object_or_404(
        case_selectors.case_rows(user=user, filters=CaseFilter(show_exited=True)), pk=case_id
    )


@router.get("/cases/", url_name="cases", response=list[CaseOut], tags=["cases"])
@paginate(PersonalPagination)
def list_cases(request, filters: Query[CaseListFilter]):
    """Cases of the organisations in which you hold a case role, newest entry first."""
    if filters.entry_from and filters.entry_to and filters.entry_from > filters.entry_to:
        raise ValidationError({"entry_to": _("'entry_to' cannot be before 'entry_from'.")})
    case_filter = CaseFilter(
        query=filters.search,
        stage=filters.stage or "",
        responsible=filters.responsible,
        target_group=filters.target_group.value if filters.target_group else "",
        overdue=filters.overdue,
        entry_from=filters.entry_from,
        entry_to=filters.entry_to,
        show_exited=filters.include_exited,
        sort=filters.ordering,
    )
    return case_selectors.case_rows(
        user=request.auth,
        filters=case_filter,
        project=filters.project or "",
        district=filters.district or "",
    )


@router.get(
    "/cases/{int:case_id}/", url_name="case", response={200: CaseOut, 404: ErrorOut}, tags=["cases"]
)
def get_case(request, case_id: int):
    """One case; the read is recorded in the access log."""
    case = _case_out(request.auth, case_id)
    access_log_record(actor=request.auth, action="view", record=case)
    return case


@router.patch(
    "/cases/{int:case_id}/",
    url_name="case",
    response={200: CaseOut, **WRITE_ERRORS},
    tags=["cases"],
)
def update_case(request, case_id: int, payload: CasePatchIn):
    """Change stage, responsible person or entry date of an open case. Exiting is
    `POST /cases/{id}/exit/`."""
    case = visible_case(request.auth, case_id)
    data = payload.model_dump(exclude_unset=True)
    responsible = (
        staff_member(data["responsible"], "responsible")
        if "responsible" in data
        else case.responsible
    )
    with version_guard(case, payload.version):
        case_services.case_update(
            actor=request.auth,
            case=case,
            expected_version=payload.version,
            stage=payload.stage or case.stage,
            responsible=responsible,
            entry_date=payload.entry_date or case.entry_date,
        )
    return _case_out(request.auth, case_id)


@router.post(
    "/cases/{int:case_id}/exit/",
    url_name="case_exit",
    response={200: CaseOut, **WRITE_ERRORS},
    tags=["cases"],
)
def exit_case(request, case_id: int, payload: CaseExitIn):
    """Close the case with the ESF Plus exit data. With a valid consent to be contacted
    after leaving, the six-month follow-up is planned."""
    case = visible_case(request.auth, case_id)
    with version_guard(case, payload.version):
        exit_services.case_exit(
            actor=request.auth,
            case=case,
            expected_version=payload.version,
            **payload.model_dump(exclude={"version"}),
        )
    return _case_out(request.auth, case_id)


@router.delete(
    "/cases/{int:case_id}/exit/",
    url_name="case_exit",
    response={200: CaseOut, **WRITE_ERRORS},
    tags=["cases"],
)
def undo_exit(request, case_id: int, version: Integer):
    """Reopen a case closed by mistake: the exit data and the open six-month follow-up go."""
    case = visible_case(request.auth, case_id)
    with version_guard(case, version):
        exit_services.case_exit_undo(actor=request.auth, case=case, expected_version=version)
    return _case_out(request.auth, case_id)


@router.put(
    "/cases/{int:case_id}/followup-6m/",
    url_name="case_six_month_survey",
    response={200: CaseOut, **WRITE_ERRORS},
    tags=["cases"],
)
def record_six_month_survey(request, case_id: int, payload: SixMonthSurveyIn):
    """The six-month follow-up after leaving (EECR05, EECR06)."""
    case = visible_case(request.auth, case_id)
    with version_guard(case, payload.version):
        exit_services.case_record_six_month_survey(
            actor=request.auth,
            case=case,
            expected_version=payload.version,
            employed=payload.followup_6m_employed,
            better_situation=payload.followup_6m_better_situation,
            recorded_on=payload.followup_6m_recorded_on,
        )
    return _case_out(request.auth, case_id)
