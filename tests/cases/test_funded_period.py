"""Entries and activity lie in the project's funded period: every service that records
something dated refuses a date outside it, with a message that names the period."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError

from quartier.cases.models import Case, FollowUp
from quartier.cases.services import assessments as assessment_services
from quartier.cases.services import cases as case_services
from quartier.cases.services import contacts as contact_services
from quartier.cases.services import exits as exit_services
from quartier.cases.services import follow_ups as follow_up_services
from quartier.core.models import Role
from quartier.core.periods import check_in_period, period_message
from quartier.offers.services.attendance import attendance_save_register
from quartier.offers.services.enrolments import enrolment_create
from quartier.participants.services import intake as participant_services
from tests.factories import CaseFactory, ConsentFactory, ContactFactory, FollowUpFactory
from tests.offers.factories import EnrolmentFactory, OfferFactory, ScheduleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def on_1_march_2027():
    with time_machine.travel(date(2027, 3, 1), tick=False):
        yield


#: The test project ran from 01.01.2024 to 31.12.2026 (set in `ended`); "today" is 01.03.2027.
AFTER = date(2027, 1, 4)
BEFORE = date(2023, 12, 29)
EXIT = {
    "exit_reason": "employment",
    "exit_job_searching": "no",
    "exit_education_training": "no",
    "exit_qualification": "yes",
    "exit_employed": "yes",
}


def outside(day: date, what: str) -> str:
    return (
        f"The project runs from 01.01.2024 to 31.12.2026; {what} on {day:%d.%m.%Y} lies outside it."
    )


@pytest.fixture
def ended(world):
    world.project.start_date, world.project.end_date = date(2024, 1, 1), date(2026, 12, 31)
    world.project.save()
    return world.project


@pytest.fixture
def worker(world, ended):
    return world.member(Role.CASE_WORKER, world.org_a)


@pytest.fixture
def case(world, ended):
    return CaseFactory(
        participant__project=world.project,
        participant__organisation=world.org_a,
        entry_date=date(2025, 3, 1),
    )


def test_the_message_names_the_period_as_the_issue_asks(world):
    world.project.start_date, world.project.end_date = date(2019, 1, 1), date(2022, 12, 31)
    assert period_message(world.project, date(2026, 12, 4), "entry") == (
        "The project runs from 01.01.2019 to 31.12.2022; an entry on 04.12.2026 lies outside it."
    )


def test_the_first_and_last_day_belong_to_the_period(ended):
    check_in_period(ended, date(2024, 1, 1), field="date", kind="contact")
    check_in_period(ended, date(2026, 12, 31), field="date", kind="contact")
    with pytest.raises(ValidationError):
        check_in_period(ended, date(2027, 1, 1), field="date", kind="contact")


def test_without_an_end_there_is_no_limit_at_the_end(ended):
    ended.end_date = None
    check_in_period(ended, date(2099, 1, 1), field="date", kind="contact")
    with pytest.raises(ValidationError, match="starts on 01.01.2024"):
        check_in_period(ended, BEFORE, field="date", kind="contact")


@pytest.mark.parametrize("day", [AFTER, BEFORE])
def test_intake_outside_the_period_is_refused(world, worker, day):
    with pytest.raises(ValidationError) as error:
        participant_services.participant_intake(
            actor=worker,
            project=world.project,
            organisation=world.org_a,
            participant_data={
                "external_id": "BQB-1",
                "first_name": "Ayşe",
                "last_name": "Yılmaz",
                "birth_date": date(1988, 4, 2),
                "gender": "female",
                "postcode": "44649",
                "labour_status": "inactive",
            },
            entry_date=day,
        )
    assert error.value.message_dict["entry_date"] == [outside(day, "an entry")]
    assert not Case.objects.exists()


def test_moving_the_case_entry_outside_is_refused(worker, case):
    with pytest.raises(ValidationError) as error:
        case_services.case_update(
            actor=worker,
            case=case,
            expected_version=case.version,
            stage=case.stage,
            responsible=worker,
            entry_date=BEFORE,
        )
    assert error.value.message_dict["entry_date"] == [outside(BEFORE, "an entry")]


def test_a_contact_after_the_end_is_refused(worker, case):
    with pytest.raises(ValidationError) as error:
        contact_services.contact_create(
            actor=worker, case=case, date=AFTER, duration_minutes=30, channel="phone", topics=[]
        )
    assert error.value.message_dict["date"] == [outside(AFTER, "a contact")]
    contact = ContactFactory(case=case, date=date(2026, 5, 4))
    with pytest.raises(ValidationError, match="a contact on 04.01.2027"):
        contact_services.contact_update(
            actor=worker, contact=contact, expected_version=contact.version, data={"date": AFTER}
        )


def test_an_assessment_after_the_end_is_refused(worker, case):
    with pytest.raises(ValidationError) as error:
        assessment_services.assessment_create(actor=worker, case=case, date=AFTER, needs={})
    assert error.value.message_dict["date"] == [outside(AFTER, "an assessment")]


def test_a_follow_up_after_the_end_is_refused(worker, case):
    with pytest.raises(ValidationError) as error:
        follow_up_services.follow_up_create(
            actor=worker, case=case, due_date=AFTER, title="Anrufen"
        )
    assert error.value.message_dict["due_date"] == [outside(AFTER, "a follow-up")]
    follow_up = FollowUpFactory(case=case, due_date=date(2026, 12, 1))
    with pytest.raises(ValidationError, match="a follow-up on 04.01.2027"):
        follow_up_services.follow_up_update(
            actor=worker,
            follow_up=follow_up,
            expected_version=follow_up.version,
            data={"due_date": AFTER},
        )


def test_the_six_month_follow_up_of_a_late_exit_lies_after_the_end(worker, case):
    """ESF Plus asks for it six months after leaving, also when the project has ended."""
    ConsentFactory(participant=case.participant, purpose="followup_contact")
    exit_services.case_exit(
        actor=worker, case=case, expected_version=case.version, exit_date=date(2026, 8, 31), **EXIT
    )
    assert case.follow_ups.get(kind=FollowUp.Kind.SIX_MONTH).due_date == date(2027, 2, 28)
    exit_services.case_record_six_month_survey(
        actor=worker,
        case=Case.objects.get(pk=case.pk),
        expected_version=case.version,
        employed="yes",
        better_situation="no",
        recorded_on=date(2027, 3, 1),
    )


def test_an_exit_after_the_end_is_refused(worker, case):
    with pytest.raises(ValidationError) as error:
        exit_services.case_exit(
            actor=worker, case=case, expected_version=case.version, exit_date=AFTER, **EXIT
        )
    assert error.value.message_dict["exit_date"] == [outside(AFTER, "an exit")]
    assert Case.objects.get(pk=case.pk).exit_date is None


def test_an_enrolment_starting_after_the_end_is_refused(world, worker, case):
    offer = OfferFactory(project=world.project, organisation=world.org_a)
    with pytest.raises(ValidationError) as error:
        enrolment_create(actor=worker, offer=offer, case=case, start_date=AFTER)
    assert error.value.message_dict["start_date"] == [outside(AFTER, "a participation starting")]
    assert not offer.enrolments.exists()


def test_attendance_after_the_end_is_refused(world, worker, case):
    offer = OfferFactory(project=world.project, organisation=world.org_a)
    ScheduleFactory(offer=offer, valid_from=date(2026, 1, 1))  # every day, 9-12
    enrolment = EnrolmentFactory(offer=offer, case=case, start_date=date(2026, 6, 1))
    with pytest.raises(ValidationError) as error:
        attendance_save_register(
            actor=worker,
            offer=offer,
            date=AFTER,
            rows=[{"enrolment": enrolment.pk, "status": "present", "hours": ""}],
        )
    assert error.value.message_dict["date"] == [outside(AFTER, "attendance")]
    assert not enrolment.attendances.exists()
    result = attendance_save_register(
        actor=worker,
        offer=offer,
        date=date(2026, 12, 30),
        rows=[{"enrolment": enrolment.pk, "status": "present", "hours": ""}],
    )
    assert result.created == 1
