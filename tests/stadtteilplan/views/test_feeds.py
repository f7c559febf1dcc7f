"""The iCalendar feeds of the public offer map: one offer, and all offers of a district.
Parsed by hand (RFC 5545: CRLF line ends, folding at 75 octets)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import DistrictFactory, ProjectFactory
from tests.offers.factories import (
    LocationFactory,
    OfferFactory,
    ScheduleExceptionFactory,
    ScheduleFactory,
)


def unfold(text: str) -> list[str]:
    """The content lines, unfolded; every line must end in CRLF and be at most 75 octets."""
    assert text.endswith("\r\n")
    raw = text.split("\r\n")[:-1]
    for line in raw:
        assert "\n" not in line
        assert "\r" not in line
        assert len(line.encode("utf-8")) <= 75, line
    lines: list[str] = []
    for line in raw:
        if line.startswith(" "):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    return lines


def events(lines: list[str]) -> list[list[str]]:
    found, current = [], None
    for line in lines:
        if line == "BEGIN:VEVENT":
            current = []
        elif line == "END:VEVENT":
            found.append(current)
            current = None
        elif current is not None:
            current.append(line)
    return found


def prop(event: list[str], name: str) -> list[str]:
    return [line for line in event if line.split(":", 1)[0].split(";", 1)[0] == name]


@pytest.fixture
def district_offers(db):
    district = DistrictFactory(name="Wanne-Süd", slug="wanne-sued")
    project = ProjectFactory()
    project.districts.add(district)
    place = LocationFactory(project=project, district=district, name="Stadtteilcafé")
    today = timezone.localdate()
    long_title = "Sprachcafé für Familien, Nachbarinnen und Nachbarn – mit Kinderbetreuung"
    weekly = OfferFactory(project=project, title=long_title, published=True)
    weekly.locations.add(place)
    monday = ScheduleFactory(
        offer=weekly,
        weekdays=[0, 2],
        valid_from=today - dt.timedelta(days=30),
        valid_until=today + dt.timedelta(days=200),
        start_time=dt.time(9),
        end_time=dt.time(12),
    )
    next_monday = today + dt.timedelta(days=(7 - today.weekday()) % 7 or 7)
    ScheduleExceptionFactory(schedule=monday, date=next_monday)
    ScheduleFactory(offer=weekly, weekdays=[4], start_time=dt.time(14), end_time=dt.time(16))
    single = OfferFactory(project=project, title="Stadtteilfest", published=True)
    single.locations.add(place)
    ScheduleFactory(
        offer=single,
        kind="one_off",
        weekdays=[],
        valid_from=None,
        date=today + dt.timedelta(days=20),
        start_time=dt.time(15),
        end_time=dt.time(18),
    )
    hidden = OfferFactory(project=project, title="Interner Kurs", published=False)
    hidden.locations.add(place)
    ScheduleFactory(offer=hidden)
    elsewhere = OfferFactory(title="Anderswo", published=True)
    elsewhere.locations.add(LocationFactory(project=elsewhere.project, district=DistrictFactory()))
    ScheduleFactory(offer=elsewhere)
    return {
        "district": district,
        "weekly": weekly,
        "single": single,
        "hidden": hidden,
        "elsewhere": elsewhere,
        "next_monday": next_monday,
    }


def test_offer_calendar_has_one_event_per_schedule_with_rrule_and_exdate(client, district_offers):
    offer = district_offers["weekly"]
    url = reverse("stadtteilplan:offer_calendar", args=["wanne-sued", offer.public_id])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response["Content-Disposition"].endswith('.ics"')
    assert response.cookies == {}
    lines = unfold(response.content.decode("utf-8"))
    assert lines[0] == "BEGIN:VCALENDAR"
    assert lines[-1] == "END:VCALENDAR"
    found = events(lines)
    assert len(found) == 2
    # The parts of an RRULE in any order (RFC 5545); icalendar writes UNTIL after FREQ.
    rrules = [set(prop(event, "RRULE")[0][6:].split(";")) for event in found]
    rrules = sorted(rrules, key=lambda parts: "BYDAY=FR" not in parts)
    assert {"FREQ=WEEKLY", "INTERVAL=1", "BYDAY=FR"} <= rrules[0]
    assert {"FREQ=WEEKLY", "INTERVAL=1", "BYDAY=MO,WE"} <= rrules[1]
    assert any(part.startswith("UNTIL=") for part in rrules[1])
    exdates = [line for event in found for line in prop(event, "EXDATE")]
    assert exdates == [f"EXDATE;TZID=Europe/Berlin:{district_offers['next_monday']:%Y%m%d}T090000"]
    summaries = [prop(event, "SUMMARY")[0] for event in found]
    assert summaries[0] == "SUMMARY:" + offer.title.replace(",", "\\,")
    assert any(line.startswith(" ") for line in response.content.decode().split("\r\n"))


def test_district_calendar_holds_every_published_offer_of_the_district(client, district_offers):
    response = client.get(reverse("stadtteilplan:district_calendar", args=["wanne-sued"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="wanne-sued.ics"'
    assert response.cookies == {}
    text = response.content.decode("utf-8")
    lines = unfold(text)
    assert lines.count("BEGIN:VCALENDAR") == 1
    assert lines.count("BEGIN:VTIMEZONE") == 1
    assert "X-WR-CALNAME:Wanne-Süd (Herne)" in lines
    found = events(lines)
    assert len(found) == 3  # two weekly schedules, one single date
    summaries = {prop(event, "SUMMARY")[0] for event in found}
    assert "SUMMARY:Stadtteilfest" in summaries
    assert "Interner Kurs" not in text
    assert "Anderswo" not in text
    single = next(event for event in found if "SUMMARY:Stadtteilfest" in event)
    assert prop(single, "RRULE") == []
    day = district_offers["single"].schedules.get().date
    assert f"DTSTART;TZID=Europe/Berlin:{day:%Y%m%d}T150000" in single
    uids = [prop(event, "UID")[0] for event in found]
    assert len(set(uids)) == 3
    assert all(prop(event, "LOCATION") for event in found)


def test_district_calendar_without_offers_is_an_empty_calendar(client, db):
    DistrictFactory(slug="leer")
    response = client.get(reverse("stadtteilplan:district_calendar", args=["leer"]))
    lines = unfold(response.content.decode("utf-8"))
    assert lines[0] == "BEGIN:VCALENDAR"
    assert events(lines) == []


def test_calendar_of_unknown_or_hidden_offers_is_404(client, district_offers):
    hidden = district_offers["hidden"]
    elsewhere = district_offers["elsewhere"]
    for url in (
        reverse("stadtteilplan:district_calendar", args=["nirgendwo"]),
        reverse("stadtteilplan:offer_calendar", args=["wanne-sued", hidden.public_id]),
        reverse("stadtteilplan:offer_calendar", args=["wanne-sued", elsewhere.public_id]),
        reverse("stadtteilplan:offer_calendar", args=["nirgendwo", elsewhere.public_id]),
    ):
        assert client.get(url).status_code == 404, url


def test_calendars_answer_only_get(client, district_offers):
    url = reverse("stadtteilplan:district_calendar", args=["wanne-sued"])
    assert client.post(url).status_code == 405
