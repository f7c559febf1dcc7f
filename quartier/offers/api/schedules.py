"""API endpoints of an offer's schedules: one date or weekly, with the dates on which
it does not take place; each answered also as RFC 5545 RRULE and HSDS 3.0 schedule
(from `quartier.offers.schedules`, as the iCalendar and HSDS exports write them)."""

import datetime as dt
import uuid

from ninja import Field, Router, Schema, Status

from quartier.api.conflicts import version_guard
from quartier.api.schemas import ErrorOut, InputSchema, LocalTime
from quartier.offers import schedules
from quartier.offers.api.common import WRITE_ERRORS, found, visible_locations, visible_offer
from quartier.offers.models import Offer, Schedule
from quartier.offers.selectors.catalogue import schedule_rows
from quartier.offers.services.schedules import schedule_delete, schedule_save

router = Router(tags=["schedules"])


class ExceptionOut(Schema):
    date: dt.date
    reason: str


class ScheduleOut(Schema):
    id: int
    version: int
    public_id: uuid.UUID
    offer: int = Field(alias="offer_id")
    location: int | None = Field(alias="location_id")
    kind: str
    date: dt.date | None = Field(description="The date of a one-off schedule.")
    weekdays: list[int] = Field(description="0 = Monday … 6 = Sunday.")
    start_time: LocalTime
    end_time: LocalTime
    valid_from: dt.date | None
    valid_until: dt.date | None
    interval: int = Field(description="Every … weeks.")
    description: str
    exceptions: list[ExceptionOut] = Field(description="Dates on which it does not take place.")
    rrule: str = Field(description="RFC 5545 RRULE of a weekly schedule; empty for one date.")
    hsds: dict = Field(description="The schedule as an Open Referral HSDS 3.0 schedule object.")
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_exceptions(obj):
        return sorted(obj.exceptions.all(), key=lambda item: item.date)

    @staticmethod
    def resolve_rrule(obj):
        return schedules.rrule(obj)

    @staticmethod
    def resolve_hsds(obj):
        return schedules.hsds_schedule(obj)


class ExceptionIn(InputSchema):
    date: dt.date
    reason: str = ""


class ScheduleIn(InputSchema):
    kind: Schedule.Kind = Schedule.Kind.WEEKLY
    date: dt.date | None = Field(None, description="For a one-off schedule.")
    weekdays: list[int | str] = Field([], description="0–6 (Monday 0) or MO, TU … SU.")
    start_time: LocalTime
    end_time: LocalTime
    valid_from: dt.date | None = Field(None, description="First date of a weekly schedule.")
    valid_until: dt.date | None = Field(None, description="Last date; null for open-ended.")
    interval: int = Field(1, description="Every … weeks.")
    description: str = ""
    location: int | None = Field(None, description="Id of a place of the offer's project.")
    exceptions: list[ExceptionIn] = Field([], description="Dates on which it does not take place.")


class SchedulePatchIn(InputSchema):
    version: int
    kind: Schedule.Kind | None = None
    date: dt.date | None = None
    weekdays: list[int | str] | None = None
    start_time: LocalTime | None = None
    end_time: LocalTime | None = None
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    interval: int | None = None
    description: str | None = None
    location: int | None = Field(None, description="Place id; null for none.")
    exceptions: list[ExceptionIn] | None = Field(
        None, description="The whole list; left out, the exceptions stay as they are."
    )


_SCHEDULE_NULLABLE = {"date", "valid_from", "valid_until", "location"}


def _schedule_fields(user, data: dict) -> dict:
    if "location" in data and data["location"] is not None:
        data["location"] = visible_locations(user, [data["location"]])[0]
    if "kind" in data:
        data["kind"] = str(data["kind"])
    return data


def _schedule(offer: Offer, schedule_id: int) -> Schedule:
    return found(schedule_rows(offer=offer).filter(pk=schedule_id).first())


@router.get(
    "/offers/{int:offer_id}/schedules/",
    url_name="offer_schedules",
    response={200: list[ScheduleOut], 404: ErrorOut},
)
def list_schedules(request, offer_id: int):
    """When the offer takes place, each schedule also as RRULE and as HSDS schedule."""
    return list(schedule_rows(offer=visible_offer(request.auth, offer_id)))


@router.post(
    "/offers/{int:offer_id}/schedules/",
    url_name="offer_schedules",
    response={201: ScheduleOut, **WRITE_ERRORS},
)
def create_schedule(request, offer_id: int, payload: ScheduleIn):
    """A single date or a weekly schedule, with the dates on which it does not take place."""
    user = request.auth
    offer = visible_offer(user, offer_id)
    data = _schedule_fields(user, payload.model_dump(exclude={"exceptions"}))
    schedule = schedule_save(
        actor=user,
        offer=offer,
        exceptions=[item.model_dump() for item in payload.exceptions],
        **data,
    )
    return Status(201, _schedule(offer, schedule.pk))


@router.get(
    "/offers/{int:offer_id}/schedules/{int:schedule_id}/",
    url_name="offer_schedule",
    response={200: ScheduleOut, 404: ErrorOut},
)
def get_schedule(request, offer_id: int, schedule_id: int):
    return _schedule(visible_offer(request.auth, offer_id), schedule_id)


@router.patch(
    "/offers/{int:offer_id}/schedules/{int:schedule_id}/",
    url_name="offer_schedule",
    response={200: ScheduleOut, **WRITE_ERRORS},
)
def update_schedule(request, offer_id: int, schedule_id: int, payload: SchedulePatchIn):
    """Change the fields sent; `exceptions`, when sent, is the whole list. Exceptions that
    are no longer dates of the changed schedule are dropped."""
    user = request.auth
    offer = visible_offer(user, offer_id)
    schedule = _schedule(offer, schedule_id)
    data = {
        field: value
        for field, value in payload.model_dump(
            exclude_unset=True, exclude={"version", "exceptions"}
        ).items()
        if value is not None or field in _SCHEDULE_NULLABLE
    }
    exceptions = (
        [item.model_dump() for item in payload.exceptions]
        if payload.exceptions is not None
        else None
    )
    with version_guard(schedule, payload.version):
        schedule_save(
            actor=user,
            offer=offer,
            schedule=schedule,
            expected_version=payload.version,
            exceptions=exceptions,
            **_schedule_fields(user, data),
        )
    return _schedule(offer, schedule_id)


@router.delete(
    "/offers/{int:offer_id}/schedules/{int:schedule_id}/",
    url_name="offer_schedule",
    response={204: None, 403: ErrorOut, 404: ErrorOut},
)
def delete_schedule(request, offer_id: int, schedule_id: int):
    """Remove a schedule with its exceptions. Recorded attendance stays."""
    user = request.auth
    schedule = _schedule(visible_offer(user, offer_id), schedule_id)
    schedule_delete(actor=user, schedule=schedule)
    return Status(204, None)
