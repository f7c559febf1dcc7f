"""The rules of the offers services: catalogue, enrolment with waiting list, the
register, certificates and service requests."""

import datetime as dt
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from quartier.core.models import Role
from quartier.core.services import ConcurrentEditError
from quartier.offers.models import (
    Attendance,
    Certificate,
    Enrolment,
    EnrolmentStatus,
    Offer,
    ServiceRequestStatus,
)
from quartier.offers.selectors.attendance import (
    attendance_totals_by_enrolment,
    attendance_totals_of_case,
    register_for,
)
from quartier.offers.selectors.certificates import (
    certificate_candidates,
    certificate_eligibility,
    certificate_for_verification,
    months_taken_part,
)
from quartier.offers.selectors.enrolments import waiting_list
from quartier.offers.selectors.service_requests import service_request_counts
from quartier.offers.services.attendance import attendance_save_register
from quartier.offers.services.catalogue import offer_create, offer_translation_save, offer_update
from quartier.offers.services.certificates import (
    certificate_attach_pdf,
    certificate_issue,
    certificate_revoke,
)
from quartier.offers.services.enrolments import enrolment_create, enrolment_end
from quartier.offers.services.schedules import schedule_save
from quartier.offers.services.service_requests import (
    service_request_create,
    service_request_done,
    service_request_schedule,
)
from tests.factories import CaseFactory, FunderFactory, GoalFactory, PlanFactory
from tests.offers.factories import (
    AttendanceFactory,
    EnrolmentFactory,
    LocationFactory,
    OfferFactory,
    OfferTranslationFactory,
    ScheduleExceptionFactory,
    ScheduleFactory,
    ServiceRequestFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = dt.timedelta(days=1)


@pytest.fixture
def worker(world):
    return world.member(Role.CASE_WORKER, world.org_a)


@pytest.fixture
def lead(world):
    return world.member(Role.PROJECT_LEAD, world.org_a)


@pytest.fixture
def offer(world):
    offer = OfferFactory(project=world.project, organisation=world.org_a)
    ScheduleFactory(offer=offer)  # a session every day, 9–12
    return offer


def new_case(world, organisation=None, **fields):
    return CaseFactory(
        participant__project=world.project,
        participant__organisation=organisation or world.org_a,
        entry_date=TODAY - 400 * DAY,
        **fields,
    )


# Catalogue ---------------------------------------------------------------------------


def test_offer_create_is_internal_by_default_and_keeps_its_places(world, worker):
    place = LocationFactory(project=world.project, organisation=world.org_a)
    offer = offer_create(
        actor=worker,
        project=world.project,
        organisation=world.org_a,
        locations=[place],
        kind="qualification_module",
        title="Quartiershausmeister",
        target_groups=["long_term_unemployed", "immigrants"],
        languages=["de", "tr"],
    )
    assert offer.published is False
    assert offer.certificate_rule == "months"
    assert offer.certificate_min_months == 4
    assert list(offer.locations.all()) == [place]


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"target_groups": ["astronauts"]}, "target_groups"),
        ({"languages": ["deu"]}, "languages"),
        ({"start_date": TODAY, "end_date": TODAY - DAY}, "end_date"),
        ({"certificate_rule": "hours"}, "certificate_min_hours"),
        ({"capacity": 0}, "capacity"),
    ],
)
def test_offer_with_bad_input_is_refused_and_not_saved(world, worker, fields, error_field):
    with pytest.raises(ValidationError) as error:
        offer_create(
            actor=worker,
            project=world.project,
            organisation=world.org_a,
            kind="course",
            title="Bewerbungstraining",
            **fields,
        )
    assert error_field in error.value.message_dict
    assert not Offer.objects.exists()


def test_offer_for_a_partner_organisation_is_refused(world, worker):
    with pytest.raises(PermissionDenied):
        offer_create(
            actor=worker, project=world.project, organisation=world.org_b, kind="course", title="X"
        )


def test_offer_of_another_project_cannot_use_this_projects_place(world, worker):
    foreign = LocationFactory(project=world.other_project, organisation=world.org_c)
    with pytest.raises(ValidationError) as error:
        offer_create(
            actor=worker,
            project=world.project,
            organisation=world.org_a,
            locations=[foreign],
            kind="course",
            title="X",
        )
    assert "locations" in error.value.message_dict


def test_offer_update_refuses_a_stale_version(worker, offer):
    offer_update(actor=worker, offer=offer, expected_version=offer.version, title="Neu")
    stale = Offer.objects.get(pk=offer.pk)
    with pytest.raises(ConcurrentEditError):
        offer_update(actor=worker, offer=stale, expected_version=1, title="Alt")


def test_partner_staff_cannot_change_the_offer(world, offer):
    partner = world.member(Role.CASE_WORKER, world.org_b)
    with pytest.raises(PermissionDenied):
        offer_update(actor=partner, offer=offer, expected_version=offer.version, title="X")


def test_translation_falls_back_to_german_per_field(worker, offer):
    offer_translation_save(
        actor=worker, offer=offer, language="tr", title="Mahalle hizmeti", reviewed=True
    )
    text = Offer.objects.prefetch_related("translations").get(pk=offer.pk).text_in("tr")
    assert text.title == "Mahalle hizmeti"
    assert text.short_description == offer.short_description  # German fallback
    assert text.fallback == {"short_description", "how_to_take_part"}
    assert text.reviewed is True
    assert offer.text_in("ar").title == offer.title
    assert offer.text_in("ar").language == "de"


def test_changing_a_translation_without_review_marks_it_unreviewed(worker, offer):
    translation = OfferTranslationFactory(offer=offer, reviewed=True, reviewed_by=worker)
    offer_translation_save(
        actor=worker,
        offer=offer,
        language="en",
        title="Neighbourhood service",
        expected_version=translation.version,
    )
    translation.refresh_from_db()
    assert translation.reviewed is False
    assert translation.reviewed_by is None


def test_german_is_not_a_translation(worker, offer):
    with pytest.raises(ValidationError):
        offer_translation_save(actor=worker, offer=offer, language="de", title="X")


# Schedules ---------------------------------------------------------------------------


def test_schedule_save_with_rfc_codes_and_exceptions(worker, offer):
    schedule = schedule_save(
        actor=worker,
        offer=offer,
        kind="weekly",
        weekdays=["MO", "WE"],
        start_time=dt.time(9),
        end_time=dt.time(12),
        valid_from=dt.date(2026, 1, 5),
        exceptions=[{"date": dt.date(2026, 1, 7), "reason": "Ferien"}],
    )
    assert schedule.weekdays == [0, 2]
    assert list(schedule.exceptions.values_list("date", "reason")) == [
        (dt.date(2026, 1, 7), "Ferien")
    ]


def test_schedule_ending_before_it_starts_is_refused(worker, offer):
    with pytest.raises(ValidationError) as error:
        schedule_save(
            actor=worker,
            offer=offer,
            kind="weekly",
            weekdays=[0],
            start_time=dt.time(12),
            end_time=dt.time(9),
            valid_from=dt.date(2026, 1, 5),
        )
    assert "end_time" in error.value.message_dict
    assert offer.schedules.count() == 1


def test_exception_on_a_date_without_session_is_refused_and_nothing_saved(worker, offer):
    with pytest.raises(ValidationError) as error:
        schedule_save(
            actor=worker,
            offer=offer,
            kind="weekly",
            weekdays=[0],
            start_time=dt.time(9),
            end_time=dt.time(12),
            valid_from=dt.date(2026, 1, 5),
            exceptions=[{"date": dt.date(2026, 1, 6), "reason": ""}],
        )
    assert "exceptions" in error.value.message_dict
    assert offer.schedules.count() == 1


def test_schedule_outside_the_offers_period_is_refused(worker, offer):
    offer.start_date = dt.date(2026, 2, 1)
    offer.save()
    with pytest.raises(ValidationError) as error:
        schedule_save(
            actor=worker,
            offer=offer,
            kind="one_off",
            date=dt.date(2026, 1, 15),
            start_time=dt.time(9),
            end_time=dt.time(12),
        )
    assert "date" in error.value.message_dict


# Enrolment and waiting list -----------------------------------------------------------


def test_enrolment_beyond_capacity_without_waiting_list_is_refused(world, worker, offer):
    offer.capacity = 1
    offer.save()
    enrolment_create(actor=worker, offer=offer, case=new_case(world))
    second = new_case(world)
    with pytest.raises(ValidationError) as error:
        enrolment_create(actor=worker, offer=offer, case=second)
    assert "full (1 places)" in error.value.message_dict["offer"][0]
    assert not second.enrolments.exists()


def test_full_offer_puts_people_on_the_waiting_list_in_order(world, worker, offer):
    offer.capacity = 1
    offer.save()
    enrolment_create(actor=worker, offer=offer, case=new_case(world))
    first = enrolment_create(actor=worker, offer=offer, case=new_case(world), waiting_list=True)
    second = enrolment_create(actor=worker, offer=offer, case=new_case(world), waiting_list=True)
    assert first.status == second.status == EnrolmentStatus.WAITING
    assert first.start_date is None
    assert list(waiting_list(user=worker, offer=offer)) == [first, second]


def test_ending_an_enrolment_moves_the_first_waiting_person_up(world, worker, offer):
    offer.capacity = 1
    offer.save()
    active = enrolment_create(actor=worker, offer=offer, case=new_case(world))
    first = enrolment_create(actor=worker, offer=offer, case=new_case(world), waiting_list=True)
    second = enrolment_create(actor=worker, offer=offer, case=new_case(world), waiting_list=True)
    ended, moved = enrolment_end(
        actor=worker,
        enrolment=active,
        expected_version=active.version,
        status="dropped_out",
        dropout_reason="found_work",
    )
    assert ended.status == EnrolmentStatus.DROPPED_OUT
    assert ended.end_date == TODAY
    assert moved == [first]
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == EnrolmentStatus.ACTIVE
    assert first.start_date == TODAY
    assert second.status == EnrolmentStatus.WAITING


def test_more_places_move_waiting_people_up(world, worker, offer):
    offer.capacity = 1
    offer.save()
    enrolment_create(actor=worker, offer=offer, case=new_case(world))
    waiting = enrolment_create(actor=worker, offer=offer, case=new_case(world), waiting_list=True)
    offer.refresh_from_db()
    offer_update(actor=worker, offer=offer, expected_version=offer.version, capacity=2)
    waiting.refresh_from_db()
    assert waiting.status == EnrolmentStatus.ACTIVE


def test_dropping_out_needs_a_reason(world, worker, offer):
    enrolment = EnrolmentFactory(offer=offer)
    with pytest.raises(ValidationError) as error:
        enrolment_end(
            actor=worker,
            enrolment=enrolment,
            expected_version=enrolment.version,
            status="dropped_out",
        )
    assert "dropout_reason" in error.value.message_dict


def test_one_open_enrolment_per_offer_and_case(world, worker, offer):
    case = new_case(world)
    enrolment_create(actor=worker, offer=offer, case=case)
    with pytest.raises(ValidationError):
        enrolment_create(actor=worker, offer=offer, case=case)
    assert case.enrolments.count() == 1


def test_enrolment_in_another_projects_offer_is_refused(world, worker):
    foreign = OfferFactory(project=world.other_project, organisation=world.org_c)
    with pytest.raises((PermissionDenied, ValidationError)):
        enrolment_create(actor=worker, offer=foreign, case=new_case(world))
    assert not Enrolment.objects.exists()


def test_partner_cannot_enrol_a_case_they_do_not_see(world, offer):
    partner = world.member(Role.CASE_WORKER, world.org_b)
    with pytest.raises(PermissionDenied):
        enrolment_create(actor=partner, offer=offer, case=new_case(world))


def test_partner_may_enrol_own_case_in_the_lead_organisations_offer(world, offer):
    partner = world.member(Role.CASE_WORKER, world.org_b)
    enrolment = enrolment_create(
        actor=partner, offer=offer, case=new_case(world, organisation=world.org_b)
    )
    assert enrolment.status == EnrolmentStatus.ACTIVE


def test_enrolment_links_only_a_goal_of_the_same_case(world, worker, offer):
    case = new_case(world)
    other_goal = GoalFactory(plan=PlanFactory(case=new_case(world)))
    with pytest.raises(ValidationError) as error:
        enrolment_create(actor=worker, offer=offer, case=case, goal=other_goal)
    assert "goal" in error.value.message_dict
    own_goal = GoalFactory(plan=PlanFactory(case=case))
    enrolment = enrolment_create(actor=worker, offer=offer, case=case, goal=own_goal)
    assert enrolment.goal == own_goal


# Attendance register -------------------------------------------------------------------


def test_register_saves_all_rows_in_a_bounded_number_of_queries(world, worker, offer):
    enrolments = [EnrolmentFactory(offer=offer) for _ in range(25)]
    rows = [{"enrolment": e.pk, "status": "present", "hours": "3"} for e in enrolments]
    with CaptureQueriesContext(connection) as queries:
        result = attendance_save_register(actor=worker, offer=offer, date=TODAY, rows=rows)
    assert result.created == 25
    assert len(queries) <= 12
    rows[0]["status"], rows[0]["hours"] = "excused", ""
    with CaptureQueriesContext(connection) as queries:
        result = attendance_save_register(actor=worker, offer=offer, date=TODAY, rows=rows)
    assert (result.created, result.updated) == (0, 1)
    assert len(queries) <= 12
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


# Certificates ----------------------------------------------------------------------------


def months_ago(months: int) -> dt.date:
    from dateutil.relativedelta import relativedelta

    return TODAY - relativedelta(months=months)


def test_four_full_months_make_a_participant_eligible(offer):
    # A mid-month day: at a month's end "four months ago + 1 day" is no longer a rule.
    today = dt.date(2026, 11, 4)
    eligible = EnrolmentFactory(offer=offer, start_date=dt.date(2026, 7, 5))
    not_yet = EnrolmentFactory(offer=offer, start_date=dt.date(2026, 7, 6))
    assert certificate_eligibility(eligible, today=today).eligible
    result = certificate_eligibility(not_yet, today=today)
    assert not result.eligible
    assert result.months == 3
    assert "needs 4" in result.reason


def test_months_are_counted_to_the_end_of_an_ended_enrolment():
    assert months_taken_part(dt.date(2026, 3, 1), dt.date(2026, 6, 30)) == 4
    assert months_taken_part(dt.date(2026, 3, 1), dt.date(2026, 6, 29)) == 3


def test_hours_rule(offer):
    offer.certificate_rule, offer.certificate_min_hours = "hours", Decimal("5")
    offer.save()
    enrolment = EnrolmentFactory(offer=offer)
    AttendanceFactory(enrolment=enrolment, date=TODAY, hours="3")
    assert not certificate_eligibility(enrolment).eligible
    AttendanceFactory(enrolment=enrolment, date=TODAY - DAY, hours="2")
    assert certificate_eligibility(enrolment).eligible


def test_rate_rule_counts_sessions_held_since_the_start(offer):
    offer.certificate_rule, offer.certificate_min_rate = "rate", Decimal("75")
    offer.save()
    enrolment = EnrolmentFactory(offer=offer, start_date=TODAY - 3 * DAY)  # 4 sessions
    for days in range(3):
        AttendanceFactory(enrolment=enrolment, date=TODAY - days * DAY)
    result = certificate_eligibility(enrolment)
    assert result.eligible
    assert result.rate == Decimal("75.0")
    Attendance.objects.filter(date=TODAY).delete()
    assert not certificate_eligibility(enrolment).eligible


def test_certificate_snapshots_what_it_prints_and_gets_a_unique_number(world, worker, offer):
    world.project.funders.add(FunderFactory(name="ESF Plus"), FunderFactory(name="Land NRW"))
    offer.certificate_contents = "Grünpflege, Arbeitssicherheit"
    offer.save()
    enrolment = EnrolmentFactory(offer=offer, start_date=months_ago(5))
    AttendanceFactory(enrolment=enrolment, date=TODAY, hours="3")
    certificate = certificate_issue(actor=worker, enrolment=enrolment)
    participant = enrolment.case.participant
    assert certificate.number == f"Q-{TODAY.year}-000001"
    assert certificate.participant_name == f"{participant.first_name} {participant.last_name}"
    assert certificate.offer_title == offer.title
    assert certificate.project_name == world.project.name
    assert certificate.funder_names == ["ESF Plus", "Land NRW"]
    assert certificate.contents == "Grünpflege, Arbeitssicherheit"
    assert certificate.hours == Decimal("3")
    assert (certificate.period_start, certificate.period_end) == (months_ago(5), TODAY)
    assert len(certificate.verification_token) >= 32
    assert certificate_for_verification(certificate.verification_token) == certificate
    confirmation = certificate_issue(actor=worker, enrolment=enrolment, kind="confirmation")
    assert confirmation.number == f"Q-{TODAY.year}-000002"


def test_issued_certificate_cannot_be_changed(worker, offer):
    enrolment = EnrolmentFactory(offer=offer, start_date=months_ago(5))
    certificate = certificate_issue(actor=worker, enrolment=enrolment)
    offer.title = "Renamed"
    offer.save()
    certificate.participant_name = "Someone else"
    with pytest.raises(ValueError, match="cannot be changed"):
        certificate.save()
    with pytest.raises(ValueError, match="cannot be changed"):
        certificate.save(update_fields=["participant_name"])
    certificate.refresh_from_db()
    assert certificate.offer_title != "Renamed"


def test_second_certificate_for_the_same_enrolment_is_refused(worker, offer):
    enrolment = EnrolmentFactory(offer=offer, start_date=months_ago(5))
    first = certificate_issue(actor=worker, enrolment=enrolment)
    with pytest.raises(ValidationError) as error:
        certificate_issue(actor=worker, enrolment=enrolment)
    assert first.number in str(error.value)
    certificate_revoke(actor=worker, certificate=first, reason="Falscher Zeitraum")
    assert certificate_issue(actor=worker, enrolment=enrolment).number != first.number


def test_certificate_for_someone_not_eligible_is_refused_for_staff(worker, offer):
    enrolment = EnrolmentFactory(offer=offer)
    with pytest.raises(PermissionDenied) as error:
        certificate_issue(actor=worker, enrolment=enrolment, override_reason="Bitte")
    assert "project lead" in str(error.value)
    assert not Certificate.objects.exists()


def test_lead_issues_against_the_rule_only_with_a_reason(lead, offer):
    enrolment = EnrolmentFactory(offer=offer)
    with pytest.raises(ValidationError) as error:
        certificate_issue(actor=lead, enrolment=enrolment)
    assert "override_reason" in error.value.message_dict
    certificate = certificate_issue(
        actor=lead, enrolment=enrolment, override_reason="Krankheit, Module nachgeholt"
    )
    assert certificate.override_reason == "Krankheit, Module nachgeholt"


def test_confirmation_of_participation_for_anyone_who_started(worker, offer):
    enrolment = EnrolmentFactory(offer=offer, start_date=TODAY - 3 * DAY)
    confirmation = certificate_issue(actor=worker, enrolment=enrolment, kind="confirmation")
    assert confirmation.kind == "confirmation"


def test_no_certificate_for_the_waiting_list(world, worker, offer):
    waiting = EnrolmentFactory(
        offer=offer, status="waiting", start_date=None, waiting_since=timezone.now()
    )
    with pytest.raises(ValidationError):
        certificate_issue(actor=worker, enrolment=waiting, kind="confirmation")


def test_pdf_is_stored_once(worker, offer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    enrolment = EnrolmentFactory(offer=offer, start_date=months_ago(5))
    certificate = certificate_issue(actor=worker, enrolment=enrolment)
    certificate_attach_pdf(actor=worker, certificate=certificate, content=b"%PDF-1.7")
    assert certificate.pdf.read() == b"%PDF-1.7"
    with pytest.raises(ValidationError):
        certificate_attach_pdf(actor=worker, certificate=certificate, content=b"%PDF")


def test_certificate_candidates_show_who_is_eligible(worker, offer):
    ready = EnrolmentFactory(offer=offer, start_date=months_ago(6))
    early = EnrolmentFactory(offer=offer)
    results = dict(certificate_candidates(user=worker, offer=offer))
    assert results[ready].eligible
    assert not results[early].eligible


# Service requests -------------------------------------------------------------------------


@pytest.fixture
def rickshaw(world):
    offer = OfferFactory(
        project=world.project, organisation=world.org_a, kind="practical_project", published=True
    )
    ScheduleFactory(offer=offer)
    return offer


def test_resident_request_from_the_public_map(rickshaw):
    request = service_request_create(
        actor=None,
        offer=rickshaw,
        requested_by_name="Frau Kowalski",
        contact_phone="02362 1234",
        description="Fahrt zum Markt",
        preferred_date=TODAY + 3 * DAY,
    )
    assert request.status == ServiceRequestStatus.REQUESTED


def test_public_request_to_an_internal_offer_is_a_404(rickshaw):
    rickshaw.published = False
    rickshaw.save()
    with pytest.raises(Http404):
        service_request_create(
            actor=None, offer=rickshaw, requested_by_name="X", contact_phone="1", description="Y"
        )


def test_request_needs_a_way_to_reply_and_a_practical_project(rickshaw, offer):
    with pytest.raises(ValidationError) as error:
        service_request_create(actor=None, offer=rickshaw, requested_by_name="X", description="Y")
    assert "contact_phone" in error.value.message_dict
    with pytest.raises(ValidationError):
        service_request_create(
            actor=None, offer=offer, requested_by_name="X", contact_phone="1", description="Y"
        )


def test_request_is_scheduled_to_enrolled_participants_and_done(world, worker, rickshaw):
    request = ServiceRequestFactory(offer=rickshaw)
    member = EnrolmentFactory(offer=rickshaw)
    outsider = new_case(world)
    when = timezone.now() + dt.timedelta(days=2)
    with pytest.raises(ValidationError) as error:
        service_request_schedule(
            actor=worker,
            service_request=request,
            expected_version=request.version,
            scheduled_for=when,
            team=[member.case, outsider],
        )
    assert "team" in error.value.message_dict
    service_request_schedule(
        actor=worker,
        service_request=request,
        expected_version=request.version,
        scheduled_for=when,
        team=[member.case],
    )
    assert list(request.team.all()) == [member.case]
    service_request_done(actor=worker, service_request=request, expected_version=request.version)
    assert request.status == ServiceRequestStatus.DONE
    assert request.done_at is not None
    assert service_request_counts(user=worker, project=world.project)["done"] == 1


def test_partner_staff_cannot_schedule_requests(world, rickshaw):
    request = ServiceRequestFactory(offer=rickshaw)
    partner = world.member(Role.CASE_WORKER, world.org_b)
    with pytest.raises(PermissionDenied):
        service_request_schedule(
            actor=partner,
            service_request=request,
            expected_version=request.version,
            scheduled_for=timezone.now(),
            team=[],
        )
