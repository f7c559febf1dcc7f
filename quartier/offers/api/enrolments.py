"""API endpoints of enrolments (with the waiting list): list, enrol, read, change and
end an enrolment.

Only the cases the user may see are listed or written (`cases_visible_to`), so a
partner's participants stay hidden even in a shared offer.
"""

import datetime as dt
from decimal import Decimal
from typing import Literal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from quartier.api.conflicts import version_guard
from quartier.api.pagination import PersonalPagination
from quartier.api.schemas import ErrorOut, FilterSchema, InputSchema
from quartier.offers.api.common import (
    WRITE_ERRORS,
    ParticipantRef,
    found,
    visible_enrolment,
    visible_offer,
)
from quartier.offers.models import DropoutReason, Enrolment, EnrolmentStatus
from quartier.offers.selectors.enrolments import (
    case_for_write,
    enrolment_rows,
    goal_of_case,
    visible_enrolment_ids,
)
from quartier.offers.services.enrolments import enrolment_create, enrolment_end, enrolment_update

router = Router()


class EnrolmentOut(Schema):
    id: int
    version: int
    offer: int = Field(alias="offer_id")
    offer_title: str = Field(alias="offer.title")
    case: int = Field(alias="case_id")
    participant: ParticipantRef = Field(alias="case.participant")
    status: str
    start_date: dt.date | None
    planned_end_date: dt.date | None
    end_date: dt.date | None
    dropout_reason: str
    waiting_since: dt.datetime | None
    goal: int | None = Field(
        description="Id of the plan goal the enrolment serves.", alias="goal_id"
    )
    notes: str
    attended_hours: Decimal = Field(description="Hours present, from the register.")
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_attended_hours(obj):
        return obj.attended_hours or Decimal(0)


class EnrolmentFilter(FilterSchema):
    offer: int | None = None
    case: int | None = None
    status: list[EnrolmentStatus] = Field([], description="One or more; default: all.")


class EnrolmentIn(InputSchema):
    offer: int
    case: int
    start_date: dt.date | None = Field(None, description="Default: today or the offer's start.")
    planned_end_date: dt.date | None = None
    goal: int | None = Field(None, description="Id of a goal of the case's plan.")
    waiting_list: bool = Field(
        False,
        description="When the offer is full, put the person on the waiting list; without "
        "it a full offer refuses the enrolment.",
    )
    notes: str = ""


class EnrolmentPatchIn(InputSchema):
    version: int
    planned_end_date: dt.date | None = None
    goal: int | None = Field(None, description="Goal id; null for none.")
    notes: str | None = None


class EnrolmentEndIn(InputSchema):
    version: int
    status: Literal["completed", "dropped_out"]
    end_date: dt.date | None = Field(None, description="Default: today.")
    dropout_reason: DropoutReason | None = Field(None, description="Needed when dropped out.")
    notes: str | None = None


class EnrolmentEndOut(Schema):
    enrolment: EnrolmentOut
    moved_up: list[int] = Field(
        description="Ids of the enrolments that got the freed place from the waiting list "
        "(those you may see)."
    )


def _enrolment_out(user, pk: int) -> Enrolment:
    return found(enrolment_rows(user=user).filter(pk=pk).first())


def _goal(case, goal_id: int | None):
    if goal_id is None:
        return None
    goal = goal_of_case(case=case, pk=goal_id)
    if goal is None:
        raise ValidationError({"goal": _("Choose a goal from this person's plan.")})
    return goal


@router.get("/enrolments/", url_name="enrolments", response=list[EnrolmentOut], tags=["enrolments"])
@paginate(PersonalPagination)
def list_enrolments(request, filters: Query[EnrolmentFilter]):
    """Enrolments of the cases you may see, with their attended hours; per offer, the
    waiting list in its order."""
    return enrolment_rows(
        user=request.auth,
        offer=filters.offer,
        case=filters.case,
        statuses=[str(status) for status in filters.status],
    )


@router.post(
    "/enrolments/",
    url_name="enrolments",
    response={201: EnrolmentOut, **WRITE_ERRORS},
    tags=["enrolments"],
)
def create_enrolment(request, payload: EnrolmentIn):
    """Enrol a case in an offer of its project. A full offer refuses (422) unless
    `waiting_list` is set; then the person waits and moves up when a place frees."""
    user = request.auth
    offer = visible_offer(user, payload.offer)
    case = found(case_for_write(user=user, pk=payload.case))
    enrolment = enrolment_create(
        actor=user,
        offer=offer,
        case=case,
        start_date=payload.start_date,
        planned_end_date=payload.planned_end_date,
        goal=_goal(case, payload.goal),
        waiting_list=payload.waiting_list,
        notes=payload.notes,
    )
    return Status(201, _enrolment_out(user, enrolment.pk))


@router.get(
    "/enrolments/{int:enrolment_id}/",
    url_name="enrolment",
    response={200: EnrolmentOut, 404: ErrorOut},
    tags=["enrolments"],
)
def get_enrolment(request, enrolment_id: int):
    return _enrolment_out(request.auth, enrolment_id)


@router.patch(
    "/enrolments/{int:enrolment_id}/",
    url_name="enrolment",
    response={200: EnrolmentOut, **WRITE_ERRORS},
    tags=["enrolments"],
)
def update_enrolment(request, enrolment_id: int, payload: EnrolmentPatchIn):
    """Change the planned end, the plan goal or the notes. Ending is
    `POST /enrolments/{id}/end/`."""
    user = request.auth
    enrolment = visible_enrolment(user, enrolment_id)
    sent = payload.model_fields_set
    goal = _goal(enrolment.case, payload.goal) if "goal" in sent else enrolment.goal
    with version_guard(enrolment, payload.version):
        enrolment_update(
            actor=user,
            enrolment=enrolment,
            expected_version=payload.version,
            planned_end_date=(
                payload.planned_end_date
                if "planned_end_date" in sent
                else enrolment.planned_end_date
            ),
            goal=goal,
            notes=payload.notes if payload.notes is not None else enrolment.notes,
        )
    return _enrolment_out(user, enrolment_id)


@router.post(
    "/enrolments/{int:enrolment_id}/end/",
    url_name="enrolment_end",
    response={200: EnrolmentEndOut, **WRITE_ERRORS},
    tags=["enrolments"],
)
def end_enrolment(request, enrolment_id: int, payload: EnrolmentEndIn):
    """End as completed, or as dropped out with a reason (also: off the waiting list).
    A freed place goes to the first on the waiting list in the same step."""
    user = request.auth
    enrolment = visible_enrolment(user, enrolment_id)
    with version_guard(enrolment, payload.version):
        _ended, moved = enrolment_end(
            actor=user,
            enrolment=enrolment,
            expected_version=payload.version,
            status=payload.status,
            end_date=payload.end_date,
            dropout_reason=str(payload.dropout_reason or ""),
            notes=payload.notes,
        )
    return {
        "enrolment": _enrolment_out(user, enrolment_id),
        "moved_up": visible_enrolment_ids(user=user, ids=[item.pk for item in moved]),
    }
