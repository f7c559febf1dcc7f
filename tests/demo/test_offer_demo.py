"""seed_demo's offers: the seed projects' modules and cafés in the right project, with
places, schedules and holiday closures, translations, enrolments that respect the
places, attendance on real session dates, certificates that meet the rule and the
practical projects' service requests.

One seed (250 participants: enough that a popular course fills up and keeps a waiting
list) is loaded once for most tests, inside a transaction that is rolled back at the
end; the reseed tests load their own.
"""

import math
from collections import defaultdict
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from quartier.cases.models import Case
from quartier.core.models import ProjectMember, User
from quartier.demo import data, offer_data
from quartier.offers import schedules
from quartier.offers.models import (
    Attendance,
    AttendanceStatus,
    Certificate,
    CertificateKind,
    Enrolment,
    EnrolmentStatus,
    Location,
    Offer,
    OfferTranslation,
    Schedule,
    ScheduleException,
    ServiceRequest,
    ServiceRequestStatus,
)
from quartier.offers.selectors.attendance import register_for
from quartier.offers.selectors.certificates import certificate_eligibility
from quartier.offers.services.attendance import attendance_save_register

PARTICIPANTS = 250

# (project, words in the title, kind): the modules and cafés the seeds name.
SEED_OFFERS = [
    ("dorsten-treff", "Stadtteilservice", "qualification_module"),
    ("dorsten-treff", "Quartiershausmeister", "qualification_module"),
    ("dorsten-treff", "Fahrradrikscha und E-Mobilität", "qualification_module"),
    ("dorsten-treff", "Rikscha-Fahrten", "practical_project"),
    ("dorsten-treff", "Lehrwerkstätten", "workshop"),
    ("dorsten-treff", "Bewerbungstraining", "course"),
    ("dorsten-treff", "DORSTEN TREFF", "cafe_meeting"),
    ("bqb-sued", "Garten- und Landschaftsbau", "practical_project"),
    ("bqb-sued", "Haushaltsnahe Dienstleistungen", "practical_project"),
    ("bqb-sued", "Pflege", "work_opportunity"),
    ("bqb-sued", "Hotel und Gastronomie", "work_opportunity"),
    ("bqb-sued", "Digitale Medien", "course"),
    ("bqb-sued", "Sprachförderung", "course"),
    ("bqb-sued", "Stadtteilcafé Wanne-Süd", "cafe_meeting"),
    ("job-in-west", "Arbeitsweltklasse", "school_class_offer"),
    ("job-in-west", "BVJ-Klasse", "school_class_offer"),
    ("job-in-west", "Café Bär", "cafe_meeting"),
    ("job-in-west", "Arbeitsgelegenheit", "work_opportunity"),
    ("teilhabe-am-wachstum", "Arbeitsladen Lobeda", "counselling_hour"),
    ("teilhabe-am-wachstum", "Arbeitsladen Winzerla", "counselling_hour"),
    ("teilhabe-am-wachstum", "Arbeitserprobung", "qualification_module"),
    ("aktiv-fuer-arbeit", "Netzwerkcoaches in Marxloh", "counselling_hour"),
    ("aktiv-fuer-arbeit", "Netzwerkcoaches in Hochfeld", "counselling_hour"),
]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", "--participants", str(PARTICIPANTS), "--seed", "7")
        yield
        transaction.set_rollback(True)


def _km(lat1, lon1, lat2, lon2) -> float:
    """Distance on the sphere (good enough for "in the district")."""
    lat1, lon1, lat2, lon2 = (math.radians(float(v)) for v in (lat1, lon1, lat2, lon2))
    a = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 6371 * 2 * math.asin(math.sqrt(a))


@pytest.mark.usefixtures("demo")
class TestCatalogue:
    @pytest.mark.parametrize(("project", "words", "kind"), SEED_OFFERS)
    def test_every_seed_module_and_cafe_exists_in_its_project(self, db, project, words, kind):
        offer = Offer.objects.get(project__slug=project, title__contains=words, kind=kind)
        assert offer.active
        assert offer.short_description
        assert offer.locations.exists()
        assert offer.schedules.exists()
        assert offer.languages
        assert offer.target_groups

    def test_providers_are_members_of_the_consortium_and_contacts_work_there(self, db):
        for offer in Offer.objects.select_related("contact_person"):
            assert ProjectMember.objects.filter(
                project_id=offer.project_id, organisation_id=offer.organisation_id
            ).exists(), offer
            assert offer.contact_person.memberships.filter(project_id=offer.project_id).exists()

    def test_places_lie_in_their_projects_districts(self, db):
        outside = 0
        for location in Location.objects.select_related("project", "district"):
            if location.district is None:
                outside += 1
                continue
            assert location.project.districts.filter(pk=location.district_id).exists()
            district = location.district
            distance = _km(
                location.latitude, location.longitude, district.centre_lat, district.centre_lon
            )
            assert distance < 3, (location.name, distance)
            assert location.postcode
            assert location.street
            assert location.city == district.city
        # Only the Lehrwerkstätten are outside: the seed offers them "in addition to" the
        # district's.
        assert outside == 1
        assert Location.objects.get(district=None).name.startswith("Lehrwerkstätten")

    def test_offers_use_only_their_projects_places(self, db):
        for offer in Offer.objects.prefetch_related("locations", "schedules__location"):
            for location in offer.locations.all():
                assert location.project_id == offer.project_id
            for schedule in offer.schedules.all():
                assert schedule.location.project_id == offer.project_id

    def test_most_offers_are_on_the_public_map_and_some_are_internal(self, db):
        published = Offer.objects.filter(published=True).count()
        internal = Offer.objects.filter(published=False)
        assert published > 2 * internal.count()
        assert internal.filter(kind="work_opportunity").exists()
        assert internal.filter(kind="school_class_offer").exists()

    def test_occupational_fields_of_the_seeds_are_covered(self, db):
        fields = set(Offer.objects.values_list("occupational_field", flat=True))
        assert {
            "gardening_landscaping",
            "household_services",
            "care",
            "hotel_catering",
            "emobility_bicycles",
            "office_digital_media",
            "security",
        } <= fields

    def test_dorsten_treff_modules_certify_after_four_months(self, db):
        modules = Offer.objects.filter(project__slug="dorsten-treff", kind="qualification_module")
        assert modules.count() == 3
        for offer in modules:
            assert offer.certificate_rule == "months"
            assert offer.certificate_min_months == 4
            assert offer.certificate_contents

    def test_some_offers_are_translated_reviewed_or_not(self, db):
        languages = set(OfferTranslation.objects.values_list("language", flat=True))
        assert {"en", "tr", "ar", "uk"} <= languages
        reviewed = OfferTranslation.objects.filter(reviewed=True)
        assert reviewed.exists()
        assert OfferTranslation.objects.filter(reviewed=False).exists()
        assert not reviewed.filter(reviewed_by=None).exists()
        assert not OfferTranslation.objects.filter(reviewed=False, reviewed_by__isnull=False)
        cafe = Offer.objects.get(title="Stadtteilcafé Wanne-Süd")
        assert cafe.text_in("tr").title == "Wanne-Süd Mahalle Kafesi"
        assert cafe.text_in("ru").title == "Stadtteilcafé Wanne-Süd"  # German fallback

    def test_weekly_schedules_produce_sessions_up_to_today(self, db):
        today = timezone.localdate()
        weekly = Schedule.objects.filter(kind="weekly").prefetch_related("exceptions")
        assert weekly.count() > 40
        for schedule in weekly:
            assert schedules.occurrences(schedule, today - timedelta(days=28), today), schedule
            assert schedules.rrule(schedule).startswith("FREQ=WEEKLY")

    def test_christmas_week_and_holidays_are_left_out(self, db):
        cafe = Offer.objects.prefetch_related("schedules__exceptions").get(
            title="Stadtteilcafé Wanne-Süd"
        )
        year = timezone.localdate().year - 1
        christmas = schedules.occurrences(cafe, date(year, 12, 22), date(year, 12, 31))
        assert {session.date.day for session in christmas} <= {22, 23}
        exceptions = ScheduleException.objects.filter(schedule__offer=cafe)
        reasons = set(exceptions.values_list("reason", flat=True))
        assert {"Weihnachtsschließung", "Tag der Arbeit", "Fronleichnam"} <= reasons
        # Thuringia has no Fronleichnam but the Reformationstag.
        jena = ScheduleException.objects.filter(
            schedule__offer__project__slug="teilhabe-am-wachstum"
        )
        assert not jena.filter(reason="Fronleichnam").exists()
        assert jena.filter(reason="Reformationstag").exists()
        for exception in exceptions.select_related("schedule")[:200]:
            assert schedules.is_occurrence(exception.schedule, exception.date)

    def test_school_offers_pause_for_the_christmas_holidays(self, db):
        offer = Offer.objects.get(title__contains="Arbeitsweltklasse")
        days = set(
            ScheduleException.objects.filter(
                schedule__offer=offer, reason="Weihnachtsferien"
            ).values_list("date", flat=True)
        )
        assert any(day.month == 1 and day.day <= 6 for day in days)

    def test_events_have_single_dates_one_of_them_ahead(self, db):
        one_off = Schedule.objects.filter(kind="one_off")
        assert one_off.count() >= 8
        assert one_off.filter(date__gt=timezone.localdate()).exists()
        assert one_off.filter(offer__title__contains="MITte blüht auf").count() >= 3


@pytest.mark.usefixtures("demo")
class TestParticipation:
    def test_a_share_of_the_participants_takes_part(self, db):
        enrolled = Enrolment.objects.values("case").distinct().count()
        assert 0.15 * PARTICIPANTS <= enrolled <= 0.8 * PARTICIPANTS
        assert Enrolment.objects.filter(goal__isnull=False).exists()

    def test_enrolments_are_in_offers_of_the_cases_project_and_organisation(self, db):
        for enrolment in Enrolment.objects.select_related("case", "offer", "goal__plan"):
            assert enrolment.offer.project_id == enrolment.case.project_id
            assert enrolment.offer.organisation_id == enrolment.case.organisation_id
            if enrolment.goal:
                assert enrolment.goal.plan.case_id == enrolment.case_id

    def test_participation_lies_within_the_case(self, db):
        today = timezone.localdate()
        for enrolment in Enrolment.objects.select_related("case", "offer"):
            case = enrolment.case
            if enrolment.status == EnrolmentStatus.WAITING:
                assert case.exit_date is None
                assert enrolment.start_date is None
                assert enrolment.waiting_since <= timezone.now()
                continue
            assert case.entry_date <= enrolment.start_date < today
            assert enrolment.offer.start_date <= enrolment.start_date
            if enrolment.status == EnrolmentStatus.ACTIVE:
                assert case.exit_date is None
                assert enrolment.end_date is None
                assert enrolment.planned_end_date > today
            else:
                assert enrolment.start_date <= enrolment.end_date < today
                if case.exit_date:
                    assert enrolment.end_date <= case.exit_date
            if enrolment.status == EnrolmentStatus.DROPPED_OUT:
                assert enrolment.dropout_reason

    def test_enrolments_never_exceed_the_places_on_any_day(self, db):
        today = timezone.localdate()
        spans = defaultdict(list)
        for offer_id, start, end in Enrolment.objects.exclude(status="waiting").values_list(
            "offer_id", "start_date", "end_date"
        ):
            spans[offer_id].append((start, end or today))
        capacity = dict(Offer.objects.values_list("id", "capacity"))
        assert spans
        for offer_id, periods in spans.items():
            assert capacity[offer_id] is not None
            # At any start, those begun and not yet ended hold a place.
            for start, _end in periods:
                held = sum(1 for s, e in periods if s <= start <= e)
                assert held <= capacity[offer_id], (offer_id, start)

    def test_full_offers_keep_a_waiting_list_and_only_they(self, db):
        waiting = (
            Enrolment.objects.filter(status="waiting")
            .values("offer")
            .annotate(n=Count("id"))
            .values_list("offer", flat=True)
        )
        assert waiting
        for offer in Offer.objects.filter(pk__in=list(waiting)):
            assert offer.enrolments.filter(status="active").count() == offer.capacity

    def test_attendance_only_on_session_dates_within_the_participation(self, db):
        offers = {
            offer.pk: offer for offer in Offer.objects.prefetch_related("schedules__exceptions")
        }
        today = timezone.localdate()
        lengths = {}
        rows = Attendance.objects.select_related("enrolment")
        assert rows.count() > 20 * Enrolment.objects.exclude(status="waiting").count() / 3
        for attendance in rows:
            enrolment = attendance.enrolment
            key = (enrolment.offer_id, attendance.date)
            if key not in lengths:
                sessions = schedules.sessions_on(offers[enrolment.offer_id], attendance.date)
                lengths[key] = sum(schedules.session_length(s.schedule) for s in sessions)
            assert lengths[key] > 0, key  # a session date, not a holiday
            assert attendance.hours <= lengths[key]
            assert enrolment.runs_on(attendance.date)
            assert attendance.date < today
            if attendance.status == AttendanceStatus.PRESENT:
                assert attendance.hours > 0
            else:
                assert attendance.hours == 0

    def test_attendance_covers_the_last_twelve_weeks_of_a_participation(self, db):
        today = timezone.localdate()
        for enrolment in Enrolment.objects.exclude(status="waiting").annotate(
            n=Count("attendances")
        ):
            last = min(enrolment.end_date or today, today - timedelta(days=1))
            dates = enrolment.attendances.values_list("date", flat=True)
            if enrolment.n:
                assert min(dates) >= last - timedelta(weeks=12)

    def test_demo_logins_find_their_people_in_todays_registers(self, db):
        coach = User.objects.get(email=f"jobcoach@{data.DEMO_DOMAIN}")
        offer = Offer.objects.get(title="Praxisprojekt Haushaltsnahe Dienstleistungen")
        active = offer.enrolments.filter(status="active")
        assert active.exists()
        day = max(Attendance.objects.filter(enrolment__offer=offer).values_list("date", flat=True))
        register = register_for(user=coach, offer=offer, day=day)
        assert register.is_session_date
        assert {row.enrolment.pk for row in register.rows} >= set(
            active.filter(start_date__lte=day).values_list("pk", flat=True)
        )
        # The seeded register can be saved again through the service unchanged.
        rows = [
            {
                "enrolment": row.enrolment,
                "status": row.attendance.status,
                "hours": row.attendance.hours,
            }
            for row in register.rows
            if row.attendance
        ]
        result = attendance_save_register(actor=coach, offer=offer, date=day, rows=rows)
        assert (result.created, result.updated, result.cleared) == (0, 0, 0)


@pytest.mark.usefixtures("demo")
class TestCertificatesAndRequests:
    def test_a_few_certificates_are_issued_and_meet_the_rule(self, db):
        certificates = Certificate.objects.select_related(
            "enrolment__offer", "enrolment__case__participant", "enrolment__offer__project"
        )
        kinds = set(certificates.values_list("kind", flat=True))
        assert CertificateKind.CERTIFICATE in kinds
        assert 3 <= certificates.count() <= 40
        for certificate in certificates:
            enrolment = certificate.enrolment
            participant = enrolment.case.participant
            assert (
                certificate.participant_name == f"{participant.first_name} {participant.last_name}"
            )
            assert certificate.offer_title == enrolment.offer.title
            assert certificate.project_name == enrolment.offer.project.name
            assert certificate.funder_names
            assert (certificate.period_start, certificate.period_end) == (
                enrolment.start_date,
                enrolment.end_date,
            )
            assert not certificate.pdf
            assert certificate.number.startswith(f"Q-{certificate.issued_on.year}-")
            if certificate.kind == CertificateKind.CERTIFICATE:
                eligibility = certificate_eligibility(enrolment, today=certificate.issued_on)
                assert eligibility.eligible, eligibility.reason
                assert eligibility.hours == certificate.hours
                assert not certificate.override_reason

    def test_rickshaw_rides_and_household_jobs_are_requested(self, db):
        for title in ("Rikscha-Fahrten", "Haushaltsnahe Dienstleistungen", "Garten- und"):
            requests = ServiceRequest.objects.filter(offer__title__contains=title)
            assert requests.filter(status=ServiceRequestStatus.REQUESTED).exists()
            assert requests.filter(status=ServiceRequestStatus.DONE).exists(), title
            for request in requests:
                assert request.contact_phone
                assert request.district in request.offer.project.districts.all()

    def test_service_request_teams_took_part_in_the_project_that_day(self, db):
        teams = ServiceRequest.objects.exclude(status__in=["requested", "cancelled"])
        assert teams.exists()
        for request in teams.prefetch_related("team"):
            day = timezone.localdate(request.scheduled_for)
            assert request.team.exists(), request
            for case in request.team.all():
                assert any(
                    enrolment.runs_on(day)
                    for enrolment in request.offer.enrolments.filter(case=case)
                ), (request, case)


def _snapshot():
    return (
        list(Offer.objects.order_by("public_id").values_list("public_id", "title", "kind")),
        list(Location.objects.order_by("public_id").values_list("public_id", "name")),
        ScheduleException.objects.count(),
        OfferTranslation.objects.count(),
        list(
            Enrolment.objects.order_by(
                "offer__title", "case__participant__external_id"
            ).values_list(
                "offer__title",
                "case__participant__external_id",
                "status",
                "start_date",
                "end_date",
            )
        ),
        list(
            Attendance.objects.order_by(
                "enrolment__case__participant__external_id", "enrolment__offer__title", "date"
            ).values_list("date", "status", "hours")
        ),
        list(Certificate.objects.order_by("number").values_list("number", "participant_name")),
        list(
            ServiceRequest.objects.order_by(
                "offer__title", "status", "preferred_date", "requested_by_name", "description"
            ).values_list("offer__title", "status", "preferred_date", "requested_by_name")
        ),
    )


def test_reseeding_replaces_the_offers_with_the_same_ones(db):
    call_command("seed_demo", "--participants", "60", "--seed", "5")
    first = _snapshot()
    assert len(first[0]) == len(offer_data.OFFERS)
    assert first[4]
    call_command("seed_demo", "--participants", "60", "--seed", "5")
    assert _snapshot() == first
    call_command("seed_demo", "--participants", "60", "--seed", "6")
    other = _snapshot()
    assert other[0] == first[0]  # the catalogue (and its public ids) stays
    assert other[4] != first[4]


def test_without_participants_the_offers_exist_without_enrolments(db, capsys):
    call_command("seed_demo", "--participants", "0")
    assert Offer.objects.count() == len(offer_data.OFFERS)
    assert not Enrolment.objects.exists()
    assert not Certificate.objects.exists()
    assert ServiceRequest.objects.filter(status="requested").exists()
    assert not ServiceRequest.objects.filter(status__in=["done", "scheduled"]).exists()
    assert f"{len(offer_data.OFFERS)} offers, 0 enrolments" in capsys.readouterr().out


def test_a_smaller_seed_leaves_no_enrolment_of_removed_cases(db):
    call_command("seed_demo", "--participants", "200")
    call_command("seed_demo", "--participants", "20")
    assert not Enrolment.objects.exclude(case__in=Case.objects.all()).exists()
    assert Offer.objects.count() == len(offer_data.OFFERS)
