"""Saving the attendance register (`services.attendance`), its one hours parser, and the
register's reads and totals (`selectors.attendance`)."""

import datetime as dt
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from quartier.core.models import Role
from quartier.offers.models import Attendance
from quartier.offers.selectors.attendance import (
    attendance_totals_by_enrolment,
    attendance_totals_of_case,
    register_for,
)
from quartier.offers.services.attendance import attendance_save_register, parse_hours
from tests.factories import CaseFactory
from tests.offers.factories import (
    AttendanceFactory,
    EnrolmentFactory,
    OfferFactory,
    ScheduleExceptionFactory,
    ScheduleFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
#: The access log's writers' lock: one more query on PostgreSQL (an advisory lock).
CHAIN_LOCK = int(connection.vendor == "postgresql")
DAY = dt.timedelta(days=1)


def new_case(world, organisation=None, **fields):
    return CaseFactory(
        participant__project=world.project,
        participant__organisation=organisation or world.org_a,
        entry_date=TODAY - 400 * DAY,
        **fields,
    )


# Attendance register -------------------------------------------------------------------


def test_register_saves_all_rows_in_a_bounded_number_of_queries(world, worker, offer):
    enrolments = [EnrolmentFactory(offer=offer) for _ in range(25)]
    rows = [{"enrolment": e.pk, "status": "present", "hours": "3"} for e in enrolments]
    with CaptureQueriesContext(connection) as queries:
        result = attendance_save_register(actor=worker, offer=offer, date=TODAY, rows=rows)
    assert result.created == 25
    # 12, and the access log's change entry of the register (the chain's last hash, the
    # entry; on PostgreSQL also the chain's advisory lock).
    assert len(queries) <= 14 + CHAIN_LOCK
    rows[0]["status"], rows[0]["hours"] = "excused", ""
    with CaptureQueriesContext(connection) as queries:
        result = attendance_save_register(actor=worker, offer=offer, date=TODAY, rows=rows)
    assert (result.created, result.updated) == (0, 1)
    assert len(queries) <= 14 + CHAIN_LOCK
    assert Attendance.objects.get(enrolment=enrolments[0]).hours == 0


def test_register_entry_is_audited_once(world, worker, offer):
    enrolment = EnrolmentFactory(offer=offer)
    attendance_save_register(
        actor=worker, offer=offer, date=TODAY, rows=[{"enrolment": enrolment, "status": "present"}]
    )
    entry = LogEntry.objects.get(additional_data__attendance_register__date=TODAY.isoformat())
    assert entry.actor == worker


def test_present_without_hours_gets_the_session_length(worker, offer):
    enrolment = EnrolmentFactory(offer=offer)
    attendance_save_register(
        actor=worker, offer=offer, date=TODAY, rows=[{"enrolment": enrolment, "status": "present"}]
    )
    assert Attendance.objects.get().hours == Decimal("3.00")


def test_saving_one_row_keeps_the_others(worker, offer):
    first, second = EnrolmentFactory(offer=offer), EnrolmentFactory(offer=offer)
    AttendanceFactory(enrolment=first, date=TODAY)
    attendance_save_register(
        actor=worker, offer=offer, date=TODAY, rows=[{"enrolment": second, "status": "unexcused"}]
    )
    assert Attendance.objects.filter(date=TODAY).count() == 2


def test_register_for_a_date_without_session_is_refused(worker):
    offer = OfferFactory(project=worker.memberships.get().project)
    ScheduleFactory(offer=offer, weekdays=[(TODAY.weekday() + 1) % 7])
    enrolment = EnrolmentFactory(offer=offer)
    with pytest.raises(ValidationError) as error:
        attendance_save_register(
            actor=worker,
            offer=offer,
            date=TODAY,
            rows=[{"enrolment": enrolment, "status": "present"}],
        )
    assert "not a session date" in error.value.message_dict["date"][0]


def test_register_on_a_cancelled_date_is_refused(worker, offer):
    ScheduleExceptionFactory(schedule=offer.schedules.get(), date=TODAY - DAY)
    enrolment = EnrolmentFactory(offer=offer)
    with pytest.raises(ValidationError):
        attendance_save_register(
            actor=worker,
            offer=offer,
            date=TODAY - DAY,
            rows=[{"enrolment": enrolment, "status": "present"}],
        )


def test_hours_beyond_the_session_refuse_the_whole_register(worker, offer):
    ok, too_long = EnrolmentFactory(offer=offer), EnrolmentFactory(offer=offer)
    with pytest.raises(ValidationError) as error:
        attendance_save_register(
            actor=worker,
            offer=offer,
            date=TODAY,
            rows=[
                {"enrolment": ok, "status": "present", "hours": "3"},
                {"enrolment": too_long, "status": "present", "hours": "3.5"},
            ],
        )
    assert "at most 3.00 hours" in error.value.message_dict[str(too_long.pk)][0]
    assert not Attendance.objects.exists()


def test_register_in_the_future_is_refused(worker, offer):
    enrolment = EnrolmentFactory(offer=offer)
    with pytest.raises(ValidationError):
        attendance_save_register(
            actor=worker,
            offer=offer,
            date=TODAY + DAY,
            rows=[{"enrolment": enrolment, "status": "present"}],
        )


def test_register_for_someone_who_had_not_started_is_refused(worker, offer):
    enrolment = EnrolmentFactory(offer=offer, start_date=TODAY)
    with pytest.raises(ValidationError) as error:
        attendance_save_register(
            actor=worker,
            offer=offer,
            date=TODAY - DAY,
            rows=[{"enrolment": enrolment, "status": "present"}],
        )
    assert str(enrolment.pk) in error.value.message_dict


def test_register_with_a_foreign_enrolment_is_a_404(world, worker, offer):
    foreign = EnrolmentFactory(
        offer=offer, case=new_case(world, organisation=world.org_b)
    )  # a partner's participant
    with pytest.raises(Http404):
        attendance_save_register(
            actor=worker,
            offer=offer,
            date=TODAY,
            rows=[{"enrolment": foreign, "status": "present"}],
        )
    assert not Attendance.objects.exists()


def test_register_shows_only_people_taking_part_that_day(world, worker, offer):
    running = EnrolmentFactory(offer=offer)
    EnrolmentFactory(offer=offer, start_date=TODAY)  # starts today: not yesterday
    EnrolmentFactory(offer=offer, case=new_case(world, organisation=world.org_b))  # partner's
    register = register_for(user=worker, offer=offer, day=TODAY - DAY)
    assert [row.enrolment for row in register.rows] == [running]
    assert register.max_hours == Decimal("3.00")


def test_hours_add_up_per_enrolment_and_per_case(world, worker, offer):
    enrolment = EnrolmentFactory(offer=offer)
    AttendanceFactory(enrolment=enrolment, date=TODAY, hours="3")
    AttendanceFactory(enrolment=enrolment, date=TODAY - DAY, hours="2.5")
    AttendanceFactory(enrolment=enrolment, date=TODAY - 2 * DAY, status="excused", hours=0)
    other_offer = OfferFactory(project=world.project, organisation=world.org_a)
    second = EnrolmentFactory(offer=other_offer, case=enrolment.case)
    AttendanceFactory(enrolment=second, date=TODAY, hours="1")
    totals = attendance_totals_by_enrolment([enrolment.pk, second.pk])
    assert totals[enrolment.pk].hours == Decimal("5.5")
    assert (totals[enrolment.pk].present, totals[enrolment.pk].excused) == (2, 1)
    case_totals = attendance_totals_of_case(user=worker, case=enrolment.case)
    assert case_totals.hours == Decimal("6.5")
    partner = world.member(Role.CASE_WORKER, world.org_b)
    assert attendance_totals_of_case(user=partner, case=enrolment.case).hours == 0


# The hours parser ----------------------------------------------------------------------

hundredths = st.decimals(min_value=0, max_value=99, places=2, allow_nan=False)


@given(hundredths)
def test_comma_and_point_read_the_same(hours):
    text = format(hours, "f")
    assert parse_hours(text) == parse_hours(text.replace(".", ",")) == hours


@given(hundredths)
def test_a_decimal_from_the_api_reads_as_itself(hours):
    assert parse_hours(hours) == hours


@given(st.text(alphabet=" \t"))
def test_nothing_typed_is_no_hours(blank):
    assert parse_hours(blank) is None
    assert parse_hours(None) is None


@pytest.mark.parametrize(
    "text", ["-1", "1e1", "NaN", "Infinity", "1_0", "1,5,0", "drei", "1.5h", "+2", ".", ","]
)
def test_anything_but_a_non_negative_decimal_is_refused(text):
    with pytest.raises(ValueError, match="not a number of hours"):
        parse_hours(text)


@pytest.mark.parametrize(("text", "hours"), [(" 2 ", "2"), (",5", "0.5"), ("3.", "3")])
def test_spaces_and_a_bare_separator_are_read(text, hours):
    assert parse_hours(text) == Decimal(hours)
