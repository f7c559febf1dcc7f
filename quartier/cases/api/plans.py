"""Plans (Förderpläne) with their goals."""

import datetime as dt

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
)
from quartier.cases.api.common import WRITE_ERRORS, visible_case
from quartier.cases.models import (
    Goal,
    Plan,
)
from quartier.cases.selectors import plans as plan_selectors
from quartier.cases.services import plans as plan_services

router = Router()


class GoalOut(Schema):
    id: int
    title: str
    steps: str
    due_date: dt.date | None
    status: str
    responsible: str
    position: int


class PlanOut(Schema):
    id: int
    version: int
    case: int
    agreed_on: dt.date | None
    summary: str
    goals: list[GoalOut]
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_case(obj):
        return obj.case_id

    @staticmethod
    def resolve_goals(obj):
        return list(obj.goals.all())


class GoalIn(InputSchema):
    id: int | None = Field(None, description="Id of an existing goal of the plan; none for new.")
    title: str
    steps: str = ""
    due_date: dt.date | None = None
    status: Goal.Status = Goal.Status.OPEN
    responsible: str = Field("", description="Who does it, e.g. the participant, the Jobcenter.")


class PlanCreateIn(InputSchema):
    case: int
    agreed_on: dt.date | None = None
    summary: str = ""
    goals: list[GoalIn] = []


class PlanPutIn(InputSchema):
    version: int
    agreed_on: dt.date | None = None
    summary: str = ""
    goals: list[GoalIn] = Field(
        [], description="The whole list in order; goals of the plan left out are deleted."
    )


class PlanFilter(FilterSchema):
    case: int | None = None


def _plan(user, pk: int) -> Plan:
    return get_object_or_404(plan_selectors.plan_list(user=user), pk=pk)


@router.get("/plans/", url_name="plans", response=list[PlanOut], tags=["plans"])
@paginate(PersonalPagination)
def list_plans(request, filters: Query[PlanFilter]):
    """Plans (Förderpläne) with their goals; a case has at most one."""
    return plan_selectors.plan_list(user=request.auth, case=filters.case)


@router.post("/plans/", url_name="plans", response={201: PlanOut, **WRITE_ERRORS}, tags=["plans"])
def create_plan(request, payload: PlanCreateIn):
    """The first plan of a case. A case that has one already gets a 409 naming it."""
    case = visible_case(request.auth, payload.case)
    existing = Plan.objects.filter(case=case).first()
    if existing is not None:
        return Status(
            409,
            {
                "detail": _(
                    "This case already has a plan (id %(id)s, version %(version)s). Change it "
                    "with PUT /api/v1/plans/%(id)s/."
                )
                % {"id": existing.pk, "version": existing.version},
                "version": existing.version,
                "changed": [],
            },
        )
    plan = plan_services.plan_save(
        actor=request.auth,
        case=case,
        expected_version=None,
        agreed_on=payload.agreed_on,
        summary=payload.summary,
        goals=[goal.model_dump() for goal in payload.goals],
    )
    return Status(201, _plan(request.auth, plan.pk))


@router.get(
    "/plans/{int:plan_id}/", url_name="plan", response={200: PlanOut, 404: ErrorOut}, tags=["plans"]
)
def get_plan(request, plan_id: int):
    return _plan(request.auth, plan_id)


@router.put(
    "/plans/{int:plan_id}/",
    url_name="plan",
    response={200: PlanOut, **WRITE_ERRORS},
    tags=["plans"],
)
def replace_plan(request, plan_id: int, payload: PlanPutIn):
    """Replace the plan and its goals as a whole; nothing is saved if one goal is wrong."""
    plan = get_object_or_404(
        plan_selectors.plans_visible_to(request.auth).select_related("case"), pk=plan_id
    )
    goals = [goal.model_dump() for goal in payload.goals]
    kept = {goal["id"] for goal in goals if goal["id"]}
    goals += [
        {"id": goal_id, "delete": True}
        for goal_id in plan.goals.values_list("id", flat=True)
        if goal_id not in kept
    ]
    with version_guard(plan, payload.version):
        plan_services.plan_save(
            actor=request.auth,
            case=plan.case,
            expected_version=payload.version,
            agreed_on=payload.agreed_on,
            summary=payload.summary,
            goals=goals,
        )
    return _plan(request.auth, plan_id)
