"""Follow-ups (Wiedervorlagen), with ticking them off."""

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from quartier.api.conflicts import version_guard
from quartier.api.pagination import PersonalPagination
from quartier.api.schemas import (
    ErrorOut,
    FilterSchema,
    InputSchema,
    UserRef,
    user_ref,
)
from quartier.cases.api.common import WRITE_ERRORS, staff_member, visible_case
from quartier.cases.models import (
    FollowUp,
)
from quartier.cases.selectors import follow_ups as follow_up_selectors
from quartier.cases.services import follow_ups as follow_up_services

router = Router()


class FollowUpOut(Schema):
    id: int
    version: int
    case: int
    due_date: dt.date
    title: str
    kind: str
    assigned_to: UserRef | None
    done: bool
    done_at: dt.datetime | None
    done_by: UserRef | None
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_case(obj):
        return obj.case_id

    @staticmethod
    def resolve_assigned_to(obj):
        return user_ref(obj.assigned_to)

    @staticmethod
    def resolve_done_by(obj):
        return user_ref(obj.done_by)

    @staticmethod
    def resolve_done(obj):
        return obj.done_at is not None


class FollowUpIn(InputSchema):
    case: int
    due_date: dt.date
    title: str
    assigned_to: int | None = Field(None, description="User id; default: the responsible.")
    kind: FollowUp.Kind = FollowUp.Kind.GENERAL


class FollowUpPatchIn(InputSchema):
    version: int
    due_date: dt.date | None = None
    title: str | None = None
    assigned_to: int | None = Field(None, description="User id; null for nobody.")
    kind: FollowUp.Kind | None = None
    done: bool | None = Field(None, description="true ticks it off, false reopens it.")


class FollowUpFilter(FilterSchema):
    case: int | None = None
    assigned_to_me: bool = False
    due_before: dt.date | None = Field(None, description="Due strictly before this date.")
    open: bool | None = Field(None, description="true: not done yet; false: done.")


def _follow_up(user, pk: int) -> FollowUp:
    return get_object_or_404(follow_up_selectors.follow_up_list(user=user), pk=pk)


@router.get("/follow-ups/", url_name="follow_ups", response=list[FollowUpOut], tags=["follow-ups"])
@paginate(PersonalPagination)
def list_follow_ups(request, filters: Query[FollowUpFilter]):
    """Follow-ups (Wiedervorlagen) by due date."""
    return follow_up_selectors.follow_up_list(
        user=request.auth,
        case=filters.case,
        assigned_to_me=filters.assigned_to_me,
        due_before=filters.due_before,
        is_open=filters.open,
    )


@router.post(
    "/follow-ups/",
    url_name="follow_ups",
    response={201: FollowUpOut, **WRITE_ERRORS},
    tags=["follow-ups"],
)
def create_follow_up(request, payload: FollowUpIn):
    case = visible_case(request.auth, payload.case)
    follow_up = follow_up_services.follow_up_create(
        actor=request.auth,
        case=case,
        due_date=payload.due_date,
        title=payload.title,
        assigned_to=staff_member(payload.assigned_to, "assigned_to"),
        kind=payload.kind,
    )
    return Status(201, _follow_up(request.auth, follow_up.pk))


@router.get(
    "/follow-ups/{int:follow_up_id}/",
    url_name="follow_up",
    response={200: FollowUpOut, 404: ErrorOut},
    tags=["follow-ups"],
)
def get_follow_up(request, follow_up_id: int):
    return _follow_up(request.auth, follow_up_id)


@router.patch(
    "/follow-ups/{int:follow_up_id}/",
    url_name="follow_up",
    response={200: FollowUpOut, **WRITE_ERRORS},
    tags=["follow-ups"],
)
def update_follow_up(request, follow_up_id: int, payload: FollowUpPatchIn):
    """Change a follow-up and/or tick it off (`done`)."""
    follow_up = get_object_or_404(
        follow_up_selectors.follow_ups_visible_to(request.auth).select_related("case"),
        pk=follow_up_id,
    )
    data = payload.model_dump(exclude_unset=True, exclude={"version", "done"})
    if "assigned_to" in data:
        data["assigned_to"] = staff_member(data["assigned_to"], "assigned_to")
    for field in ("due_date", "title", "kind"):
        if field in data and data[field] is None:
            del data[field]
    with version_guard(follow_up, payload.version):
        follow_up_services.follow_up_change(
            actor=request.auth,
            follow_up=follow_up,
            expected_version=payload.version,
            data=data,
            done=payload.done,
        )
    return _follow_up(request.auth, follow_up_id)
