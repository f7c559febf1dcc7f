"""When offers take place: session dates from schedules, and their exports.

A weekly `Schedule` is an RFC 5545 recurrence (FREQ=WEEKLY, INTERVAL, BYDAY, UNTIL);
its dates are computed with `dateutil.rrule`, the same semantics every calendar uses,
so the dates shown in Quartier, in the iCalendar file and in the HSDS feed agree.
Exceptions (holidays, closures) are left out of the sessions and written as EXDATE.

Times are wall-clock times in `settings.TIME_ZONE`, whatever zone that is. The
iCalendar files are written with the `icalendar` package (escaping, folding at 75
octets, CRLF), which also builds the zone's VTIMEZONE from the zoneinfo database.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

import icalendar
from dateutil import rrule as dateutil_rrule
from django.conf import settings
from django.utils import timezone

from quartier.offers.models import WEEKDAY_CODES, Offer, Schedule


@dataclass(frozen=True)
class Session:
    """One session: a date with its times, from one schedule."""

    date: dt.date
    start_time: dt.time
    end_time: dt.time
    schedule: Schedule

    @property
    def hours(self) -> Decimal:
        return session_length(self.schedule)


def session_length(schedule: Schedule) -> Decimal:
    """The length of one session of `schedule` in hours, to two decimals."""
    day = dt.date(2000, 1, 3)
    delta = dt.datetime.combine(day, schedule.end_time) - dt.datetime.combine(
        day, schedule.start_time
    )
    return (Decimal(delta.total_seconds()) / Decimal(3600)).quantize(Decimal("0.01"))


def _recurrence(schedule: Schedule) -> dateutil_rrule.rrule | None:
    if schedule.kind != Schedule.Kind.WEEKLY or not schedule.weekdays or not schedule.valid_from:
        return None
    until = dt.datetime.combine(schedule.valid_until, dt.time.max) if schedule.valid_until else None
    return dateutil_rrule.rrule(
        dateutil_rrule.WEEKLY,
        interval=schedule.interval or 1,
        byweekday=[dateutil_rrule.weekday(day) for day in sorted(schedule.weekdays)],
        dtstart=dt.datetime.combine(schedule.valid_from, dt.time.min),
        until=until,
        wkst=dateutil_rrule.MO,
    )


def _dates(schedule: Schedule, start: dt.date, end: dt.date) -> list[dt.date]:
    """The schedule's dates in [start, end], exceptions included."""
    if end < start:
        return []
    if schedule.kind == Schedule.Kind.ONE_OFF:
        return [schedule.date] if schedule.date and start <= schedule.date <= end else []
    rule = _recurrence(schedule)
    if rule is None:
        return []
    found = rule.between(
        dt.datetime.combine(start, dt.time.min), dt.datetime.combine(end, dt.time.max), inc=True
    )
    return [moment.date() for moment in found]


def _exception_dates(schedule: Schedule) -> set[dt.date]:
    # `.all()` uses prefetched exceptions (prefetch "schedules__exceptions") when present.
    return {exception.date for exception in schedule.exceptions.all()}


def occurrences(schedule_or_offer: Schedule | Offer, start: dt.date, end: dt.date) -> list[Session]:
    """The sessions between `start` and `end` (both included), without exception dates,
    ordered by date and time. Takes one schedule or an offer (all its schedules)."""
    if isinstance(schedule_or_offer, Offer):
        schedules = list(schedule_or_offer.schedules.all())
    else:
        schedules = [schedule_or_offer]
    sessions = []
    for schedule in schedules:
        skipped = _exception_dates(schedule) if schedule.pk else set()
        sessions.extend(
            Session(day, schedule.start_time, schedule.end_time, schedule)
            for day in _dates(schedule, start, end)
            if day not in skipped
        )
    sessions.sort(key=lambda session: (session.date, session.start_time, session.schedule.pk or 0))
    return sessions


def sessions_on(offer: Offer, day: dt.date) -> list[Session]:
    """The offer's sessions on one date (an empty list: no session that day)."""
    return occurrences(offer, day, day)


def upcoming(offer: Offer, *, now: dt.datetime, until: dt.date) -> list[Session]:
    """The sessions from `now` (an aware moment) up to `until`: today's sessions that
    have already ended are left out, those running or still to come today stay. What
    the pages and the map call the "next dates"."""
    local = timezone.localtime(now)
    today, time_now = local.date(), local.time().replace(tzinfo=None)
    return [
        session
        for session in occurrences(offer, today, until)
        if session.date > today or session.end_time > time_now
    ]


def is_occurrence(schedule: Schedule, day: dt.date) -> bool:
    """Whether the schedule (ignoring its exceptions) has a session on `day`."""
    return bool(_dates(schedule, day, day))


def first_occurrence(schedule: Schedule) -> dt.date | None:
    """The first date of the schedule (ignoring exceptions), or None if it has none."""
    if schedule.kind == Schedule.Kind.ONE_OFF:
        return schedule.date
    rule = _recurrence(schedule)
    if rule is None:
        return None
    first = rule.after(dt.datetime.combine(schedule.valid_from, dt.time.min), inc=True)
    return first.date() if first else None


# RFC 5545 ---------------------------------------------------------------------------


def _zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _until(schedule: Schedule) -> str:
    """UNTIL: the end of the last day. With a TZID on DTSTART, RFC 5545 wants it in UTC."""
    last = dt.datetime.combine(schedule.valid_until, dt.time(23, 59, 59), tzinfo=_zone())
    return f"{last.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}"


def rrule(schedule: Schedule) -> str:
    """The RFC 5545 RRULE value of a weekly schedule, e.g.
    ``FREQ=WEEKLY;INTERVAL=1;BYDAY=MO,WE;UNTIL=20261231T225959Z``; "" for a single date."""
    if schedule.kind != Schedule.Kind.WEEKLY or not schedule.weekdays:
        return ""
    parts = [
        "FREQ=WEEKLY",
        f"INTERVAL={schedule.interval or 1}",
        "BYDAY=" + ",".join(WEEKDAY_CODES[day] for day in sorted(schedule.weekdays)),
    ]
    if schedule.valid_until:
        parts.append(f"UNTIL={_until(schedule)}")
    return ";".join(parts)


def _utc_offset(day: dt.date, time: dt.time) -> dt.timedelta:
    moment = dt.datetime.combine(day, time).replace(tzinfo=ZoneInfo(settings.TIME_ZONE))
    return moment.utcoffset() or dt.timedelta(0)


def _offset_text(offset: dt.timedelta) -> str:
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def hsds_schedule(schedule: Schedule) -> dict:
    """The schedule as an Open Referral HSDS 3.0 `schedule` object.

    `opens_at`/`closes_at` carry the UTC offset of the first session (HSDS asks for
    timezone information); `timezone` is that offset in hours.
    """
    weekly = schedule.kind == Schedule.Kind.WEEKLY
    first = first_occurrence(schedule) or schedule.first_date
    offset = _utc_offset(first, schedule.start_time) if first else dt.timedelta(0)
    suffix = _offset_text(offset)
    location = schedule.location
    return {
        "id": str(schedule.public_id),
        "service_id": str(schedule.offer.public_id),
        "location_id": str(location.public_id) if location else None,
        "valid_from": schedule.first_date.isoformat() if schedule.first_date else None,
        "valid_to": schedule.last_date.isoformat() if schedule.last_date else None,
        "dtstart": first.isoformat() if first else None,
        "timezone": offset.total_seconds() / 3600,
        "until": schedule.valid_until.isoformat() if weekly and schedule.valid_until else None,
        "count": None,
        "wkst": "MO" if weekly else None,
        "freq": "WEEKLY" if weekly else None,
        "interval": (schedule.interval or 1) if weekly else None,
        "byday": ",".join(WEEKDAY_CODES[day] for day in sorted(schedule.weekdays))
        if weekly
        else None,
        "opens_at": f"{schedule.start_time:%H:%M}{suffix}",
        "closes_at": f"{schedule.end_time:%H:%M}{suffix}",
        "description": schedule.description or str(schedule),
    }


def _local(day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=_zone())


def _location_text(schedule: Schedule, offer: Offer) -> str:
    location = schedule.location or next(iter(offer.locations.all()), None)
    if location is None:
        return ""
    return ", ".join(part for part in (location.name, location.address) if part)


def _event(schedule: Schedule, offer: Offer, stamp: dt.datetime) -> icalendar.Event | None:
    first = first_occurrence(schedule)
    if first is None:
        return None
    exceptions = sorted(_exception_dates(schedule))
    event = icalendar.Event()
    event.add("uid", f"{schedule.public_id}@quartier")
    event.add("dtstamp", stamp)
    event.add("dtstart", _local(first, schedule.start_time))
    event.add("dtend", _local(first, schedule.end_time))
    event.add("summary", offer.title)
    if schedule.kind == Schedule.Kind.WEEKLY:
        event.add("rrule", icalendar.vRecur.from_ical(rrule(schedule)))
        for day in exceptions:
            if is_occurrence(schedule, day):
                event.add("exdate", _local(day, schedule.start_time))
    elif first in exceptions:
        event.add("status", "CANCELLED")
    description = offer.short_description or offer.description
    if description:
        event.add("description", description)
    location = _location_text(schedule, offer)
    if location:
        event.add("location", location)
    return event


def ical_many(offers, *, name: str) -> str:
    """Several offers' schedules in one iCalendar file (one VEVENT per schedule, weekly
    ones with RRULE and EXDATE; a district's calendar), with the VTIMEZONE of
    `settings.TIME_ZONE`, the calendar named `name`."""
    calendar = icalendar.Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", "-//Quartier//Offers//DE")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
    starts = []
    for offer in offers:
        for schedule in offer.schedules.all():
            event = _event(schedule, offer, stamp)
            if event is not None:
                calendar.add_component(event)
                starts.append(event.DTSTART.date())
    if starts:
        # The zone's rules from the first session on (the library's default reaches
        # back to 1970 and forward to 2038).
        calendar.add_missing_timezones(first_date=min(starts))
    return calendar.to_ical().decode("utf-8")


def ical(offer: Offer) -> str:
    """The offer's schedules as an iCalendar file named after the offer."""
    return ical_many([offer], name=offer.title)
