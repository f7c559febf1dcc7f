"""Writes of an offer's schedules and their exceptions."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from quartier.core.models import User
from quartier.core.services import ConcurrentEditError, save_versioned
from quartier.offers import schedules
from quartier.offers.models import (
    Offer,
    Schedule,
    ScheduleException,
    weekdays_from_codes,
)
from quartier.offers.services.checks import _day, _require, _set_fields

# Schedules --------------------------------------------------------------------------

SCHEDULE_FIELDS = (
    "kind",
    "date",
    "weekdays",
    "start_time",
    "end_time",
    "valid_from",
    "valid_until",
    "interval",
    "description",
    "location",
)


def _check_schedule_in_offer(schedule: Schedule, offer: Offer) -> None:
    first, last = schedule.first_date, schedule.last_date
    if offer.start_date and first and first < offer.start_date:
        raise ValidationError(
            {
                "valid_from" if schedule.kind == Schedule.Kind.WEEKLY else "date": _(
                    "The offer starts on %(date)s; the schedule cannot begin earlier."
                )
                % {"date": _day(offer.start_date)}
            }
        )
    if offer.end_date and (last is None or last > offer.end_date):
        raise ValidationError(
            {
                "valid_until" if schedule.kind == Schedule.Kind.WEEKLY else "date": _(
                    "The offer ends on %(date)s; the schedule must end by then."
                )
                % {"date": _day(offer.end_date)}
            }
        )
    if schedule.location_id and schedule.location.project_id != offer.project_id:
        raise ValidationError({"location": _("Choose a place of this project.")})


def _clean_exceptions(schedule: Schedule, exceptions: list[dict]) -> dict[dt.date, str]:
    wanted: dict[dt.date, str] = {}
    for item in exceptions:
        day = item["date"]
        if day in wanted:
            raise ValidationError(
                {"exceptions": _("%(date)s is listed twice.") % {"date": _day(day)}}
            )
        if not schedules.is_occurrence(schedule, day):
            raise ValidationError(
                {
                    "exceptions": _(
                        "%(date)s is not a date of this schedule, so it cannot be cancelled."
                    )
                    % {"date": _day(day)}
                }
            )
        wanted[day] = (item.get("reason") or "").strip()
    return wanted


@transaction.atomic
def schedule_save(
    *,
    actor: User,
    offer: Offer,
    schedule: Schedule | None = None,
    expected_version: int | None = None,
    exceptions: list[dict] | None = None,
    **fields,
) -> Schedule:
    """Create (`schedule=None`) or change a schedule of the offer, and with it the dates
    on which it does not take place (`exceptions`: dicts with `date` and `reason`; the
    whole list, or None to leave them). Weekdays may be 0–6 or MO..SU."""
    _require(actor, "offers.change_offer", offer)
    if schedule is not None and schedule.offer_id != offer.pk:
        raise Http404
    if "weekdays" in fields:
        fields["weekdays"] = weekdays_from_codes(fields["weekdays"] or [])
    creating = schedule is None
    schedule = schedule or Schedule(offer=offer, created_by=actor)
    _set_fields(schedule, SCHEDULE_FIELDS, fields)
    if schedule.kind == Schedule.Kind.ONE_OFF:
        schedule.weekdays, schedule.valid_from, schedule.valid_until = [], None, None
    schedule.full_clean()
    _check_schedule_in_offer(schedule, offer)
    if creating:
        schedule.save()
    else:
        if expected_version is None:
            raise ConcurrentEditError()
        save_versioned(schedule, expected_version=expected_version)
    current = {item.date: item for item in schedule.exceptions.all()}
    if exceptions is not None:
        wanted = _clean_exceptions(schedule, exceptions)
        schedule.exceptions.filter(date__in=set(current) - set(wanted)).delete()
        for day, reason in wanted.items():
            existing = current.get(day)
            if existing is None:
                ScheduleException.objects.create(
                    schedule=schedule, date=day, reason=reason, created_by=actor
                )
            elif existing.reason != reason:
                existing.reason = reason
                existing.save(update_fields=["reason", "updated_at"])
    elif current:
        # A changed schedule must not keep cancelling dates it no longer has.
        stale = [day for day in current if not schedules.is_occurrence(schedule, day)]
        schedule.exceptions.filter(date__in=stale).delete()
    return schedule


@transaction.atomic
def schedule_delete(*, actor: User, schedule: Schedule) -> None:
    _require(actor, "offers.change_offer", schedule.offer)
    schedule.delete()
