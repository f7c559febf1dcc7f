"""Skills and assessments (Potenzialanalysen)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from quartier.api.conflicts import version_guard
from quartier.api.pagination import PersonalPagination
from quartier.api.schemas import (
    ErrorOut,
    FilterSchema,
    InputSchema,
    Pagination,
)
from quartier.cases.api.common import WRITE_ERRORS, visible_case
from quartier.cases.models import (
    NEED_DOMAINS,
    NeedRating,
    Skill,
)
from quartier.cases.selectors import assessments as assessment_selectors
from quartier.cases.services import assessments as assessment_services

router = Router()


class SkillOut(Schema):
    id: int
    name: str
    category: str
    esco_uri: str


class AssessmentOut(Schema):
    id: int
    version: int
    case: int
    date: dt.date
    skills: list[SkillOut]
    strengths: str
    need_language: int
    need_childcare: int
    need_health: int
    need_debts: int
    need_housing: int
    need_mobility: int
    need_digital: int
    need_residence: int
    need_stability: int
    need_basic_skills: int
    notes: str
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_case(obj):
        return obj.case_id

    @staticmethod
    def resolve_skills(obj):
        return list(obj.skills.all())


_NEED = Field(NeedRating.NONE, description="0 (no support needed) to 3 (much support).")


class AssessmentIn(InputSchema):
    case: int
    date: dt.date
    skills: list[int] = Field([], description="Ids from /api/v1/skills/.")
    strengths: str = ""
    need_language: NeedRating = _NEED
    need_childcare: NeedRating = _NEED
    need_health: NeedRating = _NEED
    need_debts: NeedRating = _NEED
    need_housing: NeedRating = _NEED
    need_mobility: NeedRating = _NEED
    need_digital: NeedRating = _NEED
    need_residence: NeedRating = _NEED
    need_stability: NeedRating = _NEED
    need_basic_skills: NeedRating = _NEED
    notes: str = ""


class AssessmentPatchIn(InputSchema):
    version: int
    date: dt.date | None = None
    skills: list[int] | None = Field(None, description="The whole list; ids from /skills/.")
    strengths: str | None = None
    need_language: NeedRating | None = None
    need_childcare: NeedRating | None = None
    need_health: NeedRating | None = None
    need_debts: NeedRating | None = None
    need_housing: NeedRating | None = None
    need_mobility: NeedRating | None = None
    need_digital: NeedRating | None = None
    need_residence: NeedRating | None = None
    need_stability: NeedRating | None = None
    need_basic_skills: NeedRating | None = None
    notes: str | None = None


class AssessmentFilter(FilterSchema):
    case: int | None = None


def _skills(ids: list[int]) -> list[Skill]:
    skills = list(Skill.objects.filter(pk__in=ids))
    missing = sorted(set(ids) - {skill.pk for skill in skills})
    if missing:
        raise ValidationError(
            {"skills": _("Unknown skill id: %(id)s (see /api/v1/skills/).") % {"id": missing[0]}}
        )
    return skills


@router.get("/skills/", url_name="skills", response=list[SkillOut], tags=["assessments"])
@paginate(Pagination)
def list_skills(request):
    """The curated strengths and competences an assessment can name."""
    return Skill.objects.order_by("category", "name", "id")


@router.get(
    "/assessments/", url_name="assessments", response=list[AssessmentOut], tags=["assessments"]
)
@paginate(PersonalPagination)
def list_assessments(request, filters: Query[AssessmentFilter]):
    """Assessments (Potenzialanalysen), per case in date order."""
    return assessment_selectors.assessment_list(user=request.auth, case=filters.case)


@router.post(
    "/assessments/",
    url_name="assessments",
    response={201: AssessmentOut, **WRITE_ERRORS},
    tags=["assessments"],
)
def create_assessment(request, payload: AssessmentIn):
    case = visible_case(request.auth, payload.case)
    needs = {field: int(getattr(payload, field)) for field, _label in NEED_DOMAINS}
    assessment = assessment_services.assessment_create(
        actor=request.auth,
        case=case,
        date=payload.date,
        needs=needs,
        skills=_skills(payload.skills),
        strengths=payload.strengths,
        notes=payload.notes,
    )
    return Status(201, _assessment(request.auth, assessment.pk))


def _assessment(user, pk: int):
    return get_object_or_404(assessment_selectors.assessment_list(user=user), pk=pk)


@router.get(
    "/assessments/{int:assessment_id}/",
    url_name="assessment",
    response={200: AssessmentOut, 404: ErrorOut},
    tags=["assessments"],
)
def get_assessment(request, assessment_id: int):
    return _assessment(request.auth, assessment_id)


@router.patch(
    "/assessments/{int:assessment_id}/",
    url_name="assessment",
    response={200: AssessmentOut, **WRITE_ERRORS},
    tags=["assessments"],
)
def update_assessment(request, assessment_id: int, payload: AssessmentPatchIn):
    assessment = get_object_or_404(
        assessment_selectors.assessments_visible_to(request.auth).select_related("case"),
        pk=assessment_id,
    )
    data = payload.model_dump(exclude_unset=True, exclude={"version", "skills"})
    skills = _skills(payload.skills) if payload.skills is not None else None
    with version_guard(assessment, payload.version):
        assessment_services.assessment_update(
            actor=request.auth,
            assessment=assessment,
            expected_version=payload.version,
            data={field: value for field, value in data.items() if value is not None},
            skills=skills,
        )
    return _assessment(request.auth, assessment_id)
