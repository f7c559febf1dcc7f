"""API endpoints of attendance: the recorded attendance list and the register of one
session date, read and saved whole in one request.

Only the cases the user may see are listed or written (`cases_visible_to`), so a
partner's participants stay hidden even in a shared offer.

The operations moved here from `api.enrolments` keep their operationIds
(`operation_id=`), so that generated API clients keep their method names.
"""

import datetime as dt
from decimal import Decimal
from typing import Literal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from quartier.api.pagination import PersonalPagination
from quartier.api.schemas import (
    ErrorOut,
    FilterSchema,
    InputSchema,
    LocalTime,
)
from quartier.offers.api.common import WRITE_ERRORS, ParticipantRef, found
from quartier.offers.models import Attendance, Offer
from quartier.offers.selectors.attendance import (
    Register,
    attendance_rows,
    recorded_attendance,
    register_for,
)
from quartier.offers.selectors.offers import offer_with_schedules
from quartier.offers.services.attendance import (
    RegisterConflictError,
    RegisterRowInput,
    attendance_token,
    register_save,
)

router = Router()


class AttendanceOut(Schema):
    id: int
    version: int
    enrolment: int = Field(alias="enrolment_id")
    offer: int = Field(alias="enrolment.offer_id")
    case: int = Field(alias="enrolment.case_id")
    date: dt.date
    status: str
    hours: Decimal
    created_at: dt.datetime
    updated_at: dt.datetime


class AttendanceFilter(FilterSchema):
    offer: int | None = None
    enrolment: int | None = None
    case: int | None = None
    date_from: dt.date | None = Field(None, description="Inclusive.")
    date_to: dt.date | None = Field(None, description="Inclusive.")


class SessionOut(Schema):
    schedule: int
    start_time: LocalTime
    end_time: LocalTime
    hours: Decimal


class RegisterRowOut(Schema):
    enrolment: int
    case: int
    participant: ParticipantRef
    status: str | None = Field(description="null: nothing recorded yet.")
    hours: Decimal | None
    version: int | None = Field(description="Version of the recorded attendance.")


class RegisterOut(Schema):
    offer: int
    date: dt.date
    is_session_date: bool
    max_hours: Decimal = Field(description="The most hours one person can attend that day.")
    sessions: list[SessionOut]
    rows: list[RegisterRowOut] = Field(description="Everyone taking part that day, by name.")


class RegisterRowIn(InputSchema):
    enrolment: int
    status: Literal["present", "excused", "unexcused"] | None = Field(
        None, description="null clears what was recorded for the person."
    )
    hours: Decimal | None = Field(
        None, description="Default: the session's length when present, else 0."
    )
    version: int | None = Field(
        None,
        description="The row's `version` as read (null: nothing was recorded). Sent, the "
        "save is refused with 409 if someone saved another value for the row since; left "
        "out, the row is not checked.",
    )


class RegisterIn(InputSchema):
    rows: list[RegisterRowIn]


class RegisterSavedOut(RegisterOut):
    """The register after saving, with what the save did."""

    created: int
    updated: int
    cleared: int


def _register_offer(user, offer_id: int) -> Offer:
    # The register's session dates read every schedule with its exceptions.
    return found(offer_with_schedules(user=user, pk=offer_id))


def _seen(row: RegisterRowIn, stored: Attendance | None) -> str:
    """The state of the row the client says it read, as the register's lock compares it:
    without a `version` the row as stored now (no check)."""
    if "version" not in row.model_fields_set:
        return attendance_token(stored)
    if not row.version:
        return ""
    return attendance_token(Attendance(pk=stored.pk if stored else 0, version=row.version))


def _register_out(register: Register) -> dict:
    return {
        "offer": register.offer.pk,
        "date": register.date,
        "is_session_date": register.is_session_date,
        "max_hours": register.max_hours,
        "sessions": [
            {
                "schedule": session.schedule.pk,
                "start_time": session.start_time,
                "end_time": session.end_time,
                "hours": session.hours,
            }
            for session in register.sessions
        ],
        "rows": [
            {
                "enrolment": row.enrolment.pk,
                "case": row.enrolment.case_id,
                "participant": row.enrolment.case.participant,
                "status": row.attendance.status if row.attendance else None,
                "hours": row.attendance.hours if row.attendance else None,
                "version": row.attendance.version if row.attendance else None,
            }
            for row in register.rows
        ],
    }


@router.get(
    "/attendance/",
    url_name="attendance",
    response=list[AttendanceOut],
    tags=["attendance"],
    operation_id="quartier_offers_api_enrolments_list_attendance",
)
@paginate(PersonalPagination)
def list_attendance(request, filters: Query[AttendanceFilter]):
    """Recorded attendance of the people you may see, by date."""
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise ValidationError({"date_to": _("'date_to' cannot be before 'date_from'.")})
    return attendance_rows(
        user=request.auth,
        offer=filters.offer,
        enrolment=filters.enrolment,
        case=filters.case,
        date_from=filters.date_from,
        date_to=filters.date_to,
    )


@router.get(
    "/offers/{int:offer_id}/register/{day}/",
    url_name="offer_register",
    response={200: RegisterOut, 404: ErrorOut, 422: ErrorOut},
    tags=["attendance"],
    operation_id="quartier_offers_api_enrolments_get_register",
)
def get_register(request, offer_id: int, day: dt.date):
    """The register of one date (YYYY-MM-DD): the sessions that day and everyone (you may
    see) taking part, with what is recorded."""
    user = request.auth
    offer = _register_offer(user, offer_id)
    return _register_out(register_for(user=user, offer=offer, day=day))


@router.put(
    "/offers/{int:offer_id}/register/{day}/",
    url_name="offer_register",
    response={200: RegisterSavedOut, **WRITE_ERRORS},
    tags=["attendance"],
    operation_id="quartier_offers_api_enrolments_put_register",
)
def put_register(request, offer_id: int, day: dt.date, payload: RegisterIn):
    """Save the register of one session date in one step: a row per person (present,
    excused or unexcused, hours). People not listed keep what is recorded, so two
    devices never erase each other's rows; a row sent with the `version` read is refused
    (409, `changed` names the enrolment ids) if someone saved another value since. On
    any error nothing is saved; the messages name the enrolment id."""
    user = request.auth
    offer = _register_offer(user, offer_id)
    stored = recorded_attendance(
        user=user, offer=offer, day=day, enrolment_ids=[row.enrolment for row in payload.rows]
    )
    rows = [
        RegisterRowInput(
            enrolment_id=row.enrolment,
            status=row.status or "",
            hours="" if row.hours is None else format(row.hours, "f"),
            seen=_seen(row, stored.get(row.enrolment)),
        )
        for row in payload.rows
    ]
    try:
        result = register_save(actor=user, offer=offer, date=day, rows=rows)
    except RegisterConflictError as conflict:
        return Status(
            409,
            {
                "detail": conflict.messages[0],
                "version": None,
                "changed": [str(row.enrolment_id) for row in conflict.conflicts],
            },
        )
    register = register_for(user=user, offer=offer, day=day)
    return {
        **_register_out(register),
        "created": result.created,
        "updated": result.updated,
        "cleared": result.cleared,
    }
