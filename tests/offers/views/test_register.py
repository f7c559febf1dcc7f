"""The attendance register page: one session date for the whole group, saved at once or
row by row, with clear messages, optimistic locking and a bounded number of queries."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from quartier.core.models import Role
from quartier.offers.models import Attendance
from quartier.offers.services.attendance import attendance_save_register, attendance_token
from quartier.offers.services.enrolments import enrolment_end
from quartier.privacy.models import AccessLogEntry
from tests.factories import CaseFactory
from tests.offers.factories import (
    AttendanceFactory,
    EnrolmentFactory,
    OfferFactory,
    ScheduleExceptionFactory,
    ScheduleFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]

TODAY = timezone.localdate()
DAY = dt.timedelta(days=1)


@pytest.fixture
def worker(world):
    return world.member(Role.JOB_COACH, world.org_a)


@pytest.fixture
def offer(world):
    """Sessions every day, 9–12 (three hours), for 300 days."""
    offer = OfferFactory(project=world.project, organisation=world.org_a, title="Gartenbau")
    ScheduleFactory(offer=offer)
    return offer


def enrolled(offer, last_name, organisation=None):
    case = CaseFactory(
        participant__project=offer.project,
        participant__organisation=organisation or offer.organisation,
        participant__last_name=last_name,
        entry_date=TODAY - 400 * DAY,
    )
    return EnrolmentFactory(offer=offer, case=case)


def url(offer, day=TODAY):
    return reverse("offers:register", args=[offer.pk, day.isoformat()])


def row_url(offer, enrolment, day=TODAY):
    return reverse("offers:register_row", args=[offer.pk, day.isoformat(), enrolment.pk])


def is_checked(text, enrolment, value) -> bool:
    """Whether the page shows `value` chosen in the enrolment's row."""
    tag = re.search(rf'<input type="radio" id="status-{enrolment.pk}-{value}"[^>]*>', text)
    return bool(tag) and " checked" in tag.group(0)


def hours_shown(text, enrolment) -> str:
    return re.search(rf'id="hours-{enrolment.pk}"[^>]* value="([^"]*)"', text).group(1)


def form(*rows, seen=None):
    """POST data for rows of (enrolment, status, hours)."""
    seen = seen or {}
    data = {"rows": [str(enrolment.pk) for enrolment, _s, _h in rows]}
    for enrolment, status, hours in rows:
        data[f"status-{enrolment.pk}"] = status
        data[f"hours-{enrolment.pk}"] = hours
        data[f"seen-{enrolment.pk}"] = seen.get(enrolment.pk, "")
    return data


# The page ----------------------------------------------------------------------------


def test_register_lists_everyone_taking_part_that_day_with_session_navigation(
    world, worker, login, offer
):
    anna = enrolled(offer, "Albrecht")
    enrolled(offer, "Baran")
    later = enrolled(offer, "Späterstart")
    later.start_date = TODAY
    later.save()
    partner_row = enrolled(offer, "Partnerfall", organisation=world.org_b)
    AttendanceFactory(enrolment=anna, date=TODAY - DAY, hours="2.5")
    response = login(worker).get(url(offer, TODAY - DAY))
    assert response.status_code == 200
    text = response.text
    assert "Albrecht" in text
    assert "Baran" in text
    assert "Späterstart" not in text  # started today, not yesterday
    assert "Partnerfall" not in text
    assert f'name="status-{partner_row.pk}"' not in text
    assert is_checked(text, anna, "present")
    assert hours_shown(text, anna) == "2.5"
    assert url(offer, TODAY - 2 * DAY) in text  # previous session
    assert url(offer, TODAY) in text  # next session
    assert "1 entry" in text  # the date list counts what is recorded
    assert AccessLogEntry.objects.filter(record_type="offers.enrolment", user=worker).exists()


def test_register_start_opens_the_latest_session(world, worker, login):
    offer = OfferFactory(project=world.project, organisation=world.org_a)
    ScheduleFactory(offer=offer, weekdays=[(TODAY - 2 * DAY).weekday()])
    client = login(worker)
    start = reverse("offers:register_start", args=[offer.pk])
    assert client.get(start)["Location"] == url(offer, TODAY - 2 * DAY)
    chosen = client.get(start, {"datum": (TODAY - 9 * DAY).isoformat()})
    assert chosen["Location"] == url(offer, TODAY - 9 * DAY)


def test_register_start_finds_a_one_off_date_years_ago(world, worker, login):
    offer = OfferFactory(project=world.project, organisation=world.org_a)
    long_ago = TODAY - 800 * DAY
    ScheduleFactory(offer=offer, kind="one_off", date=long_ago, weekdays=[], valid_from=None)
    response = login(worker).get(reverse("offers:register_start", args=[offer.pk]))
    assert response["Location"] == url(offer, long_ago)


def test_register_start_before_the_first_session_says_when_it_is(world, worker, login):
    offer = OfferFactory(project=world.project, organisation=world.org_a)
    ScheduleFactory(offer=offer, valid_from=TODAY + 3 * DAY)
    response = login(worker).get(reverse("offers:register_start", args=[offer.pk]))
    assert response.status_code == 200
    assert (TODAY + 3 * DAY).strftime("%d.%m.%Y") in response.text


@pytest.mark.parametrize("day", ["x", "2025-02-30", "20250101"])
def test_a_malformed_date_is_a_404(worker, login, offer, day):
    path = reverse("offers:register", args=[offer.pk, day])
    assert login(worker).get(path).status_code == 404


def test_a_date_outside_the_schedule_is_explained_and_cannot_be_saved(worker, login, offer):
    anna = enrolled(offer, "Albrecht")
    ScheduleExceptionFactory(schedule=offer.schedules.get(), date=TODAY - DAY, reason="Feiertag")
    client = login(worker)
    page = client.get(url(offer, TODAY - DAY))
    assert "is not a session date of this offer" in page.text
    assert 'name="rows"' not in page.text
    response = client.post(url(offer, TODAY - DAY), form((anna, "present", "")))
    assert response.status_code == 422
    assert "is not a session date of this offer" in response.text
    assert not Attendance.objects.exists()


def test_the_register_cannot_be_filled_in_advance(worker, login, offer):
    anna = enrolled(offer, "Albrecht")
    client = login(worker)
    assert "not in advance" in client.get(url(offer, TODAY + DAY)).text
    response = client.post(url(offer, TODAY + DAY), form((anna, "present", "")))
    assert response.status_code == 422
    assert "cannot be filled in advance" in response.text
    assert not Attendance.objects.exists()


# Saving the whole register -------------------------------------------------------------


def test_saving_the_register_saves_every_row_with_the_session_length_as_default(
    worker, login, offer
):
    anna, bora, cem = (enrolled(offer, name) for name in ("Albrecht", "Baran", "Celik"))
    response = login(worker).post(
        url(offer),
        form((anna, "present", ""), (bora, "present", "1,5"), (cem, "excused", "")),
        follow=True,
    )
    assert response.redirect_chain[-1][0] == url(offer)
    assert "3 new, 0 changed, 0 removed" in response.text
    saved = {a.enrolment_id: (a.status, a.hours) for a in Attendance.objects.all()}
    assert saved == {
        anna.pk: ("present", Decimal("3.00")),
        bora.pk: ("present", Decimal("1.50")),
        cem.pk: ("excused", Decimal("0.00")),
    }


def test_choosing_no_entry_removes_a_saved_row(worker, login, offer):
    anna = enrolled(offer, "Albrecht")
    attendance = AttendanceFactory(enrolment=anna)
    login(worker).post(
        url(offer), form((anna, "", ""), seen={anna.pk: attendance_token(attendance)})
    )
    assert not Attendance.objects.exists()


def test_an_invalid_row_refuses_the_whole_register_and_keeps_every_input(worker, login, offer):
    anna, bora, cem = (enrolled(offer, name) for name in ("Albrecht", "Baran", "Celik"))
    response = login(worker).post(
        url(offer),
        form((anna, "present", "2"), (bora, "present", "7"), (cem, "unexcused", "")),
    )
    assert response.status_code == 422
    assert not Attendance.objects.exists()
    text = response.text
    assert "Nothing was saved" in text
    assert "at most 3.00 hours on this date (the length of the session)" in text
    assert hours_shown(text, anna) == "2"
    assert hours_shown(text, bora) == "7"
    assert is_checked(text, cem, "unexcused")


def test_hours_for_someone_absent_are_refused_with_the_name(worker, login, offer):
    anna = enrolled(offer, "Albrecht")
    response = login(worker).post(url(offer), form((anna, "excused", "2")))
    assert response.status_code == 422
    assert "only people who were present get hours" in response.text
    assert not Attendance.objects.exists()


def test_hours_that_are_not_a_number_are_refused(worker, login, offer):
    anna = enrolled(offer, "Albrecht")
    response = login(worker).post(url(offer), form((anna, "present", "drei")))
    assert "enter the hours as a number" in response.text
    assert not Attendance.objects.exists()


# One row at a time ---------------------------------------------------------------------


def test_saving_one_row_with_htmx_saves_only_that_row_and_answers_with_it(worker, login, offer):
    anna, bora = enrolled(offer, "Albrecht"), enrolled(offer, "Baran")
    AttendanceFactory(enrolment=anna, date=TODAY - DAY, hours="3")
    response = login(worker).post(
        row_url(offer, bora),
        form((anna, "present", ""), (bora, "present", "2")),
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "<html" not in response.text
    assert f'id="row-{bora.pk}"' in response.text
    assert "Saved" in response.text
    assert "2 h attended in all" in response.text
    assert [(a.enrolment_id, a.hours) for a in Attendance.objects.filter(date=TODAY)] == [
        (bora.pk, Decimal("2.00"))
    ]


def test_a_failing_row_keeps_its_input_and_leaves_the_saved_rows_alone(worker, login, offer):
    anna, bora = enrolled(offer, "Albrecht"), enrolled(offer, "Baran")
    client = login(worker)
    client.post(row_url(offer, anna), form((anna, "present", "")), HTTP_HX_REQUEST="true")
    response = client.post(
        row_url(offer, bora), form((bora, "present", "9")), HTTP_HX_REQUEST="true"
    )
    assert "at most 3.00 hours" in response.text
    assert 'value="9"' in response.text
    assert [a.enrolment_id for a in Attendance.objects.all()] == [anna.pk]


def test_without_javascript_the_row_button_saves_that_row_only(worker, login, offer):
    anna, bora = enrolled(offer, "Albrecht"), enrolled(offer, "Baran")
    data = form((anna, "present", ""), (bora, "present", "12"))
    data["row"] = str(anna.pk)
    response = login(worker).post(url(offer), data, follow=True)
    assert "The row was saved." in response.text
    assert [a.enrolment_id for a in Attendance.objects.all()] == [anna.pk]


def test_a_row_of_another_offer_is_a_404(world, worker, login, offer):
    other = OfferFactory(project=world.project, organisation=world.org_a)
    ScheduleFactory(offer=other)
    stranger = enrolled(other, "Fremd")
    client = login(worker)
    response = client.post(row_url(offer, stranger), form((stranger, "present", "")))
    assert response.status_code == 404
    assert client.post(url(offer), form((stranger, "present", ""))).status_code == 404
    assert not Attendance.objects.exists()


def test_a_partners_participant_is_a_404(world, worker, login, offer):
    hidden = enrolled(offer, "Partnerfall", organisation=world.org_b)
    client = login(worker)
    assert client.post(url(offer), form((hidden, "present", ""))).status_code == 404
    assert client.post(row_url(offer, hidden), form((hidden, "present", ""))).status_code == 404
    assert not Attendance.objects.exists()


def test_a_register_of_another_project_is_a_404(world, worker, login):
    foreign = OfferFactory(project=world.other_project, organisation=world.org_c)
    ScheduleFactory(offer=foreign)
    assert login(worker).get(url(foreign)).status_code == 404


def test_an_evaluator_may_not_fill_the_register(world, login, offer):
    evaluator = world.member(Role.EVALUATOR, world.org_a)
    assert login(evaluator).get(url(offer)).status_code == 403


# Two trainers, one register ------------------------------------------------------------


def test_a_row_a_colleague_saved_meanwhile_refuses_the_save_and_keeps_the_input(
    world, worker, login, offer
):
    anna, bora = enrolled(offer, "Albrecht"), enrolled(offer, "Baran")
    colleague = world.member(Role.CASE_WORKER, world.org_a)
    # The form was opened when nothing was recorded; meanwhile the colleague saved Anna.
    attendance_save_register(
        actor=colleague,
        offer=offer,
        date=TODAY,
        rows=[{"enrolment": anna.pk, "status": "excused", "hours": ""}],
    )
    client = login(worker)
    response = client.post(url(offer), form((anna, "present", ""), (bora, "present", "")))
    assert response.status_code == 409
    text = response.text
    assert "Someone else saved the row of" in text
    assert "Albrecht" in text.split("Nothing was saved")[1]
    assert "Saved meanwhile by someone else: excused" in text
    assert is_checked(text, anna, "present")
    assert list(Attendance.objects.values_list("enrolment_id", "status")) == [(anna.pk, "excused")]
    # The form now carries the colleague's version: saving again keeps the input knowingly.
    token = attendance_token(Attendance.objects.get(enrolment=anna))
    assert f'name="seen-{anna.pk}" value="{token}"' in text
    client.post(
        url(offer), form((anna, "present", ""), (bora, "present", ""), seen={anna.pk: token})
    )
    assert set(Attendance.objects.values_list("enrolment_id", "status")) == {
        (anna.pk, "present"),
        (bora.pk, "present"),
    }


def test_a_colleague_who_saved_the_same_value_is_no_conflict(world, worker, login, offer):
    anna = enrolled(offer, "Albrecht")
    colleague = world.member(Role.CASE_WORKER, world.org_a)
    attendance_save_register(
        actor=colleague,
        offer=offer,
        date=TODAY,
        rows=[{"enrolment": anna.pk, "status": "present", "hours": "3"}],
    )
    response = login(worker).post(url(offer), form((anna, "present", "")))
    assert response.status_code == 302


def test_a_row_cleared_meanwhile_is_a_conflict_too(world, worker, login, offer):
    anna = enrolled(offer, "Albrecht")
    seen = attendance_token(AttendanceFactory(enrolment=anna, hours="3"))
    Attendance.objects.all().delete()
    response = login(worker).post(
        row_url(offer, anna),
        form((anna, "present", "2"), seen={anna.pk: seen}),
        HTTP_HX_REQUEST="true",
    )
    assert "Saved meanwhile by someone else: no entry" in response.text
    assert not Attendance.objects.exists()


def test_a_participation_ended_before_the_date_is_refused_with_its_message(worker, login, offer):
    anna, bora = enrolled(offer, "Albrecht"), enrolled(offer, "Baran")
    enrolment_end(
        actor=worker,
        enrolment=bora,
        expected_version=bora.version,
        status="completed",
        end_date=TODAY - 3 * DAY,
    )
    # The form was opened before Bora's participation was ended.
    response = login(worker).post(
        url(offer, TODAY - DAY), form((anna, "present", ""), (bora, "present", ""))
    )
    assert response.status_code == 422
    assert "did not take part in the offer on this date" in response.text
    assert not Attendance.objects.exists()


# Speed -----------------------------------------------------------------------------------


def test_saving_25_rows_needs_as_many_queries_as_saving_5(worker, login, offer):
    people = [enrolled(offer, f"Person{number:02d}") for number in range(25)]
    client = login(worker)
    client.get(url(offer))  # the first request of a session does more

    def save(day, rows):
        with CaptureQueriesContext(connection) as queries:
            response = client.post(url(offer, day), form(*[(e, "present", "") for e in rows]))
        assert response.status_code == 302
        return len(queries)

    few = save(TODAY - DAY, people[:5])
    many = save(TODAY - 2 * DAY, people)
    assert many == few
    # 32, and the access log's change entry of the register (the chain's last hash, the
    # entry; on PostgreSQL also the chain's advisory lock).
    assert many <= 34 + (connection.vendor == "postgresql")
    assert Attendance.objects.filter(date=TODAY - 2 * DAY).count() == 25
    # Changing every row of a saved register stays as cheap.
    tokens = {
        a.enrolment_id: attendance_token(a) for a in Attendance.objects.filter(date=TODAY - 2 * DAY)
    }
    with CaptureQueriesContext(connection) as queries:
        client.post(
            url(offer, TODAY - 2 * DAY),
            form(*[(e, "unexcused", "") for e in people], seen=tokens),
        )
    assert len(queries) <= 34 + (connection.vendor == "postgresql")  # the chain's lock
    assert set(
        Attendance.objects.filter(date=TODAY - 2 * DAY).values_list("status", flat=True)
    ) == {"unexcused"}


# Hours add up ------------------------------------------------------------------------------


def test_hours_add_up_per_enrolment_and_per_case(world, worker, login, offer):
    anna = enrolled(offer, "Albrecht")
    second = OfferFactory(project=world.project, organisation=world.org_a, title="Sprachkurs")
    ScheduleFactory(offer=second)
    in_second = EnrolmentFactory(offer=second, case=anna.case)
    client = login(worker)
    for days in (1, 2, 3):
        client.post(url(offer, TODAY - days * DAY), form((anna, "present", "")))
    client.post(url(second, TODAY - DAY), form((in_second, "present", "1,5")))
    participants = client.get(reverse("offers:offer_participants", args=[offer.pk])).text
    assert ">9<" in participants
    case_page = client.get(reverse("cases:case_detail", args=[anna.case_id])).text
    assert "9 h attended" in case_page
    assert "1.5 h attended" in case_page
    assert "10.5 hours attended in all offers" in case_page


# The date picker: recent and coming sessions first -----------------------------------


def pinned(day: dt.date):
    """The clock at 10:00 on `day` (Berlin), for one request."""
    from unittest import mock
    from zoneinfo import ZoneInfo

    from django.conf import settings

    moment = dt.datetime.combine(day, dt.time(10), tzinfo=ZoneInfo(settings.TIME_ZONE))
    return mock.patch("django.utils.timezone.now", return_value=moment)


def picker_dates(text) -> list[str]:
    select = re.search(r'<select id="datum".*?</select>', text, re.S).group(0)
    return re.findall(r'<option value="(\d{4}-\d\d-\d\d)"', select)


@pytest.fixture
def since_2020(world):
    """Mondays and Thursdays from 6 January 2020 on."""
    offer = OfferFactory(
        project=world.project, organisation=world.org_a, start_date=dt.date(2020, 1, 6)
    )
    ScheduleFactory(offer=offer, weekdays=[0, 3], valid_from=dt.date(2020, 1, 6), valid_until=None)
    return offer


def test_the_date_picker_offers_the_last_and_next_two_weeks(worker, login, since_2020):
    from quartier.offers.selectors.attendance import register_dates

    today = dt.date(2026, 3, 11)  # a Wednesday
    dates = register_dates(user=worker, offer=since_2020, day=dt.date(2026, 3, 9), today=today)
    assert dates.dates == [  # recent, newest first
        dt.date(2026, 3, 9),
        dt.date(2026, 3, 5),
        dt.date(2026, 3, 2),
        dt.date(2026, 2, 26),
    ]
    assert dates.coming == [
        dt.date(2026, 3, 12),
        dt.date(2026, 3, 16),
        dt.date(2026, 3, 19),
        dt.date(2026, 3, 23),
    ]
    assert dates.has_older  # sessions back to 2020 are a click away
    assert dates.older == []
    assert dates.previous == dt.date(2026, 3, 5)
    assert dates.next is None  # no session from 10 to 11 March

    every = register_dates(
        user=worker, offer=since_2020, day=dt.date(2026, 3, 9), today=today, older=True
    )
    assert every.dates == dates.dates
    assert every.older[0] == dt.date(2026, 2, 23)
    assert every.older[-1] == dt.date(2020, 1, 6)
    assert not every.has_older


def test_a_chosen_old_date_stays_in_the_picker(worker, login, since_2020):
    from quartier.offers.selectors.attendance import register_dates

    old = register_dates(
        user=worker, offer=since_2020, day=dt.date(2021, 6, 3), today=dt.date(2026, 3, 11)
    )
    assert dt.date(2021, 6, 3) in old.dates
    assert len(old.dates) == 5


def test_the_register_page_lists_recent_and_coming_sessions_with_a_link_to_older_ones(
    worker, login, since_2020
):
    client = login(worker)
    page = url(since_2020, dt.date(2026, 3, 9))
    with pinned(dt.date(2026, 3, 11)):
        text = client.get(page).text
        every = client.get(page, {"termine": "alle"}).text
        german = client.get(page, HTTP_ACCEPT_LANGUAGE="de").text
    listed = picker_dates(text)
    assert listed == [
        "2026-03-09",
        "2026-03-05",
        "2026-03-02",
        "2026-02-26",
        "2026-03-12",
        "2026-03-16",
        "2026-03-19",
        "2026-03-23",
    ]
    assert "2020-01-06" not in text
    assert "Coming sessions" in text
    assert f'href="{page}?termine=alle"' in text
    assert "Older sessions" in text
    assert "Kommende Termine" in german
    assert "Ältere Termine" in german
    all_listed = picker_dates(every)
    assert all_listed[-1] == "2020-01-06"
    assert len(all_listed) > 600
