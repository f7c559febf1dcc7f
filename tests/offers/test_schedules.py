"""Session dates from schedules, and their RFC 5545 / HSDS / iCalendar exports."""

import datetime as dt
from decimal import Decimal

import pytest
from dateutil import rrule as dateutil_rrule
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from quartier.offers import schedules
from quartier.offers.models import Schedule
from tests.offers.factories import (
    LocationFactory,
    OfferFactory,
    ScheduleExceptionFactory,
    ScheduleFactory,
)

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 1, 5)


def weekly(**fields) -> Schedule:
    values = {
        "weekdays": [0, 2],
        "valid_from": MONDAY,
        "valid_until": dt.date(2026, 12, 31),
        "start_time": dt.time(9),
        "end_time": dt.time(12, 30),
    }
    return ScheduleFactory(**{**values, **fields})


def test_weekly_sessions_fall_on_the_chosen_weekdays_and_skip_exceptions():
    schedule = weekly()
    ScheduleExceptionFactory(schedule=schedule, date=dt.date(2026, 1, 7), reason="Ferien")
    sessions = schedules.occurrences(schedule, MONDAY, dt.date(2026, 1, 18))
    assert [session.date for session in sessions] == [
        dt.date(2026, 1, 5),
        dt.date(2026, 1, 12),
        dt.date(2026, 1, 14),
    ]
    assert sessions[0].start_time == dt.time(9)
    assert sessions[0].end_time == dt.time(12, 30)


def test_every_second_week_counts_weeks_from_the_first_date():
    schedule = weekly(weekdays=[0], interval=2)
    dates = [s.date for s in schedules.occurrences(schedule, MONDAY, dt.date(2026, 2, 1))]
    assert dates == [dt.date(2026, 1, 5), dt.date(2026, 1, 19)]


def test_no_sessions_after_the_last_date():
    schedule = weekly(valid_until=dt.date(2026, 1, 12))
    dates = [s.date for s in schedules.occurrences(schedule, MONDAY, dt.date(2026, 3, 1))]
    assert dates == [dt.date(2026, 1, 5), dt.date(2026, 1, 7), dt.date(2026, 1, 12)]


def test_offer_sessions_merge_all_schedules_in_order():
    offer = OfferFactory()
    weekly(offer=offer, weekdays=[2])
    ScheduleFactory(
        offer=offer,
        kind="one_off",
        weekdays=[],
        valid_from=None,
        date=dt.date(2026, 1, 6),
        start_time=dt.time(14),
        end_time=dt.time(16),
    )
    sessions = schedules.occurrences(offer, MONDAY, dt.date(2026, 1, 11))
    assert [(s.date, s.start_time) for s in sessions] == [
        (dt.date(2026, 1, 6), dt.time(14)),
        (dt.date(2026, 1, 7), dt.time(9)),
    ]


def test_session_length_in_hours():
    assert schedules.session_length(weekly()) == Decimal("3.50")


@given(
    weekdays=st.lists(st.integers(0, 6), min_size=1, max_size=7, unique=True),
    interval=st.integers(1, 4),
    offset=st.integers(0, 13),
    span=st.integers(0, 120),
)
def test_occurrences_agree_with_a_plain_week_count(weekdays, interval, offset, span):
    """Property: a date is a session iff its weekday is chosen and its Monday-based week
    lies a multiple of `interval` weeks after the first date's week."""
    start = MONDAY + dt.timedelta(days=offset)
    schedule = Schedule(
        kind="weekly",
        weekdays=weekdays,
        valid_from=start,
        start_time=dt.time(9),
        end_time=dt.time(10),
        interval=interval,
    )
    end = start + dt.timedelta(days=span)
    got = [session.date for session in schedules.occurrences(schedule, start, end)]
    first_monday = start - dt.timedelta(days=start.weekday())
    expected = [
        start + dt.timedelta(days=n)
        for n in range(span + 1)
        if (start + dt.timedelta(days=n)).weekday() in weekdays
        and ((start + dt.timedelta(days=n) - first_monday).days // 7) % interval == 0
    ]
    assert got == expected


def test_rrule_string_names_frequency_interval_days_and_until_in_utc():
    schedule = weekly()
    # 31.12.2026 23:59:59 in Berlin (winter time, UTC+1) is 22:59:59 UTC.
    assert schedules.rrule(schedule) == "FREQ=WEEKLY;INTERVAL=1;BYDAY=MO,WE;UNTIL=20261231T225959Z"
    assert schedules.rrule(weekly(valid_until=None, interval=2, weekdays=[4])) == (
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR"
    )


def test_rrule_string_yields_the_same_dates_as_occurrences():
    schedule = weekly(weekdays=[1, 3], interval=2, valid_until=dt.date(2026, 3, 31))
    parsed = dateutil_rrule.rrulestr(
        schedules.rrule(schedule).replace("Z", ""),
        dtstart=dt.datetime.combine(schedules.first_occurrence(schedule), dt.time(9)),
    )
    assert [moment.date() for moment in parsed] == [
        s.date for s in schedules.occurrences(schedule, MONDAY, dt.date(2026, 12, 31))
    ]


def test_hsds_schedule_fields():
    location = LocationFactory()
    schedule = weekly(
        valid_from=dt.date(2026, 1, 1), location=location, offer__project=location.project
    )
    data = schedules.hsds_schedule(schedule)
    assert data["freq"] == "WEEKLY"
    assert data["byday"] == "MO,WE"
    assert data["interval"] == 1
    assert data["wkst"] == "MO"
    assert data["valid_from"] == "2026-01-01"
    assert data["valid_to"] == "2026-12-31"
    assert data["until"] == "2026-12-31"
    assert data["dtstart"] == "2026-01-05"  # the first Monday or Wednesday
    assert data["opens_at"] == "09:00+01:00"
    assert data["closes_at"] == "12:30+01:00"
    assert data["timezone"] == 1
    assert data["id"] == str(schedule.public_id)
    assert data["service_id"] == str(schedule.offer.public_id)
    assert data["location_id"] == str(location.public_id)


def test_hsds_schedule_of_a_single_date_has_no_recurrence():
    schedule = ScheduleFactory(
        kind="one_off", weekdays=[], valid_from=None, date=dt.date(2026, 7, 1)
    )
    data = schedules.hsds_schedule(schedule)
    assert data["freq"] is None
    assert data["byday"] is None
    assert data["valid_from"] == data["valid_to"] == data["dtstart"] == "2026-07-01"
    assert data["opens_at"] == "09:00+02:00"  # summer time


def _unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def _rrule_parts(lines: list[str]) -> dict[str, str]:
    """The parts of the one RRULE line (their order does not matter in RFC 5545)."""
    (line,) = (line for line in lines if line.startswith("RRULE:"))
    return dict(part.split("=", 1) for part in line.removeprefix("RRULE:").split(";"))


def test_ical_has_rrule_exdate_and_crlf_lines_folded_at_75_octets():
    offer = OfferFactory(
        title="Fahrradrikscha: Bau und Fahrt; für Ältere, mit Übung " * 3,
        short_description="Zeile eins\nZeile zwei, mit Komma",
    )
    schedule = weekly(offer=offer)
    ScheduleExceptionFactory(schedule=schedule, date=dt.date(2026, 1, 7))
    ScheduleExceptionFactory(schedule=schedule, date=dt.date(2026, 1, 8))  # no session anyway
    text = schedules.ical(offer)
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    for line in text.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75
    lines = _unfold(text)
    assert "BEGIN:VTIMEZONE" in lines
    assert "DTSTART;TZID=Europe/Berlin:20260105T090000" in lines
    assert "DTEND;TZID=Europe/Berlin:20260105T123000" in lines
    assert _rrule_parts(lines) == {
        "FREQ": "WEEKLY",
        "INTERVAL": "1",
        "BYDAY": "MO,WE",
        "UNTIL": "20261231T225959Z",
    }
    assert [line for line in lines if line.startswith("EXDATE")] == [
        "EXDATE;TZID=Europe/Berlin:20260107T090000"
    ]
    assert "DESCRIPTION:Zeile eins\\nZeile zwei\\, mit Komma" in lines
    summary = next(line for line in lines if line.startswith("SUMMARY:"))
    # TEXT values escape backslash, semicolon and comma (RFC 5545 section 3.3.11).
    assert summary == "SUMMARY:" + offer.title.replace(";", "\\;").replace(",", "\\,")
    assert "\\;" in summary


def test_folding_never_splits_a_multibyte_character():
    offer = OfferFactory(title="ä" * 100, short_description="")
    weekly(offer=offer)
    data = schedules.ical(offer).encode("utf-8")
    for part in data.split(b"\r\n"):
        part.decode("utf-8")  # each physical line is whole characters
        assert len(part) <= 75
    assert "SUMMARY:" + "ä" * 100 in _unfold(data.decode("utf-8"))


def test_the_calendar_carries_the_vtimezone_of_any_time_zone(settings):
    settings.TIME_ZONE = "America/New_York"
    offer = OfferFactory(title="Evening class")
    weekly(offer=offer, valid_until=dt.date(2026, 6, 30))
    lines = _unfold(schedules.ical(offer))
    timezone = lines[lines.index("BEGIN:VTIMEZONE") : lines.index("END:VTIMEZONE")]
    assert "TZID:America/New_York" in timezone
    assert {"TZNAME:EST", "TZNAME:EDT"} <= set(timezone)
    assert "DTSTART;TZID=America/New_York:20260105T090000" in lines
    assert "DTEND;TZID=America/New_York:20260105T123000" in lines
    # 30.6.2026 23:59:59 in New York (summer time, UTC-4) is 1.7. 03:59:59 UTC.
    assert _rrule_parts(lines)["UNTIL"] == "20260701T035959Z"
    assert not any("Europe/Berlin" in line for line in lines)


def test_cancelled_single_date_is_marked_cancelled():
    schedule = ScheduleFactory(
        kind="one_off", weekdays=[], valid_from=None, date=dt.date(2026, 7, 1)
    )
    ScheduleExceptionFactory(schedule=schedule, date=dt.date(2026, 7, 1))
    lines = _unfold(schedules.ical(schedule.offer))
    event = lines[lines.index("BEGIN:VEVENT") :]
    assert "STATUS:CANCELLED" in event
    assert "DTSTART;TZID=Europe/Berlin:20260701T090000" in event
    assert not any(line.startswith("RRULE") for line in event)


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"start_time": dt.time(12), "end_time": dt.time(9)}, "end_time"),
        ({"valid_until": dt.date(2025, 12, 31)}, "valid_until"),
        ({"weekdays": []}, "weekdays"),
        ({"weekdays": [7]}, "weekdays"),
    ],
)
def test_invalid_schedules_are_refused_with_a_message(fields, error_field):
    schedule = Schedule(
        offer=OfferFactory(),
        **{
            "kind": "weekly",
            "weekdays": [0],
            "valid_from": MONDAY,
            "start_time": dt.time(9),
            "end_time": dt.time(12),
            **fields,
        },
    )
    with pytest.raises(ValidationError) as error:
        schedule.full_clean()
    assert error_field in error.value.message_dict


def test_upcoming_leaves_out_todays_sessions_that_have_ended():
    """At 13:00 on Wednesday 7 January 2026 the morning session (9:00–12:30) is over:
    the next date is Monday 12; at 12:00 the session is still running and counts."""
    from zoneinfo import ZoneInfo

    from django.conf import settings

    schedule = weekly()
    offer = schedule.offer
    wednesday = dt.date(2026, 1, 7)
    zone = ZoneInfo(settings.TIME_ZONE)
    until = dt.date(2026, 1, 31)
    at_one = dt.datetime.combine(wednesday, dt.time(13), tzinfo=zone)
    assert [s.date for s in schedules.upcoming(offer, now=at_one, until=until)][:2] == [
        dt.date(2026, 1, 12),
        dt.date(2026, 1, 14),
    ]
    at_noon = dt.datetime.combine(wednesday, dt.time(12), tzinfo=zone)
    assert schedules.upcoming(offer, now=at_noon, until=until)[0].date == wednesday
    # The moment counts in local time, whatever zone it is given in (12:30 Berlin).
    at_end_in_utc = dt.datetime(2026, 1, 7, 11, 30, tzinfo=dt.UTC)
    assert schedules.upcoming(offer, now=at_end_in_utc, until=until)[0].date == dt.date(2026, 1, 12)
