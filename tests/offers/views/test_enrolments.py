"""Enrolments in the browser's terms: from the case page and from the offer, the waiting
list when full, ending with the waiting list moving up, the case page and timeline."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from quartier.core.models import Role
from quartier.offers.models import Enrolment, EnrolmentStatus
from quartier.offers.services.enrolments import enrolment_create, enrolment_end, enrolment_update
from quartier.privacy.models import AccessLogEntry
from tests.factories import CaseFactory, GoalFactory, PlanFactory
from tests.offers.factories import (
    AttendanceFactory,
    EnrolmentFactory,
    OfferFactory,
    ScheduleFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]

TODAY = timezone.localdate()
DAY = dt.timedelta(days=1)


@pytest.fixture
def offer(world):
    offer = OfferFactory(project=world.project, organisation=world.org_a, title="Stadtteilservice")
    ScheduleFactory(offer=offer)
    return offer


def new_case(world, organisation=None, last_name="Yılmaz", **fields):
    return CaseFactory(
        participant__project=world.project,
        participant__organisation=organisation or world.org_a,
        participant__last_name=last_name,
        entry_date=TODAY - 400 * DAY,
        **fields,
    )


def enrol_url(case):
    return reverse("offers:enrol_from_case", args=[case.pk])


# Enrolling from the case page --------------------------------------------------------


def test_case_worker_enrols_a_case_with_a_plan_goal_from_the_case_page(world, worker, login, offer):
    case = new_case(world)
    goal = GoalFactory(plan=PlanFactory(case=case), title="Arbeit im Garten")
    client = login(worker)
    page = client.get(enrol_url(case))
    assert "Stadtteilservice" in page.text
    assert "Arbeit im Garten" in page.text
    response = client.post(
        enrol_url(case),
        {
            "offer": offer.pk,
            "start_date": (TODAY - 7 * DAY).isoformat(),
            "planned_end_date": (TODAY + 90 * DAY).isoformat(),
            "goal": goal.pk,
        },
        follow=True,
    )
    enrolment = Enrolment.objects.get(case=case)
    assert (enrolment.status, enrolment.start_date, enrolment.goal) == (
        "active",
        TODAY - 7 * DAY,
        goal,
    )
    assert response.redirect_chain[-1][0] == reverse("cases:case_detail", args=[case.pk])
    assert "was enrolled in Stadtteilservice" in response.text


def test_offers_of_another_project_are_not_offered_and_cannot_be_posted(world, worker, login):
    case = new_case(world)
    foreign = OfferFactory(project=world.other_project, organisation=world.org_c, title="Fremd")
    client = login(worker)
    assert "Fremd" not in client.get(enrol_url(case)).text
    response = client.post(enrol_url(case), {"offer": foreign.pk})
    assert response.status_code == 200
    assert not Enrolment.objects.exists()


def test_planned_end_before_start_is_refused(world, worker, login, offer):
    case = new_case(world)
    response = login(worker).post(
        enrol_url(case),
        {
            "offer": offer.pk,
            "start_date": TODAY.isoformat(),
            "planned_end_date": (TODAY - DAY).isoformat(),
        },
    )
    assert "The planned end lies before the start." in response.text
    assert not Enrolment.objects.exists()


def test_full_offer_is_refused_without_the_waiting_list_and_then_offers_it(
    world, worker, login, offer
):
    offer.capacity = 1
    offer.save()
    EnrolmentFactory(offer=offer)
    case = new_case(world, last_name="Kowalski")
    client = login(worker)
    assert "full (1 places, 0 waiting)" in client.get(enrol_url(case)).text
    refused = client.post(enrol_url(case), {"offer": offer.pk})
    assert refused.status_code == 200
    assert "The offer is full (1 places)" in refused.text
    assert 'name="waiting_list"' in refused.text
    assert not Enrolment.objects.filter(case=case).exists()
    client.post(enrol_url(case), {"offer": offer.pk, "waiting_list": "on"})
    enrolment = Enrolment.objects.get(case=case)
    assert enrolment.status == EnrolmentStatus.WAITING
    assert enrolment.start_date is None


def test_waiting_list_box_is_not_shown_while_places_are_free(world, worker, login, offer):
    offer.capacity = 5
    offer.save()
    text = login(worker).get(enrol_url(new_case(world))).text
    assert 'name="waiting_list"' not in text
    assert "5 of 5 places free" in text


def test_closed_case_cannot_be_enrolled(world, worker, login, offer):
    case = new_case(world, exit_date=TODAY - DAY)
    response = login(worker).post(enrol_url(case), {"offer": offer.pk})
    assert "The case is closed" in response.text
    assert not Enrolment.objects.exists()


def test_partner_gets_404_on_enrolling_a_case_of_the_lead(world, login, offer):
    case = new_case(world)
    partner = world.member(Role.CASE_WORKER, world.org_b)
    assert login(partner).post(enrol_url(case), {"offer": offer.pk}).status_code == 404
    assert not Enrolment.objects.exists()


# Enrolling from the offer ------------------------------------------------------------


def test_offer_search_finds_only_open_cases_the_user_may_see(world, worker, login, offer):
    new_case(world, last_name="Sichtbar")
    new_case(world, organisation=world.org_b, last_name="Sichtbarpartner")
    new_case(world, last_name="Sichtbarausgetreten", exit_date=TODAY - DAY)
    url = reverse("offers:enrol_from_offer", args=[offer.pk])
    response = login(worker).get(url, {"q": "sichtbar"}, HTTP_HX_REQUEST="true")
    assert "<html" not in response.text
    assert "Sichtbar," in response.text
    assert "Sichtbarpartner" not in response.text
    assert "Sichtbarausgetreten" not in response.text


def test_enrol_from_the_offer_page(world, worker, login, offer):
    case = new_case(world, last_name="Neumann")
    url = reverse("offers:enrol_from_offer", args=[offer.pk])
    client = login(worker)
    assert "Neumann" in client.get(url, {"fall": case.pk}).text
    response = client.post(url, {"case": case.pk, "start_date": TODAY.isoformat()}, follow=True)
    assert Enrolment.objects.get(case=case).status == EnrolmentStatus.ACTIVE
    assert response.redirect_chain[-1][0] == reverse("offers:offer_participants", args=[offer.pk])
    assert "Neumann" in response.text


def test_full_offer_page_asks_for_the_waiting_list_up_front(world, worker, login, offer):
    offer.capacity = 1
    offer.save()
    EnrolmentFactory(offer=offer)
    case = new_case(world)
    url = reverse("offers:enrol_from_offer", args=[offer.pk])
    client = login(worker)
    assert 'name="waiting_list"' in client.get(url, {"fall": case.pk}).text
    refused = client.post(url, {"case": case.pk})
    assert "The offer is full" in refused.text
    assert not Enrolment.objects.filter(case=case).exists()
    client.post(url, {"case": case.pk, "waiting_list": "on"})
    assert Enrolment.objects.get(case=case).status == EnrolmentStatus.WAITING


@pytest.mark.parametrize("whose", ["partner", "other_project"])
def test_enrolling_a_foreign_case_from_the_offer_is_a_404(world, worker, login, offer, whose):
    if whose == "partner":
        case = new_case(world, organisation=world.org_b)
    else:
        case = CaseFactory(
            participant__project=world.other_project, participant__organisation=world.org_c
        )
    url = reverse("offers:enrol_from_offer", args=[offer.pk])
    assert login(worker).post(url, {"case": case.pk}).status_code == 404
    assert not Enrolment.objects.exists()


def test_offer_of_another_project_is_a_404(world, worker, login):
    foreign = OfferFactory(project=world.other_project, organisation=world.org_c)
    client = login(worker)
    for name in ("enrol_from_offer", "offer_participants", "register_start"):
        assert client.get(reverse(f"offers:{name}", args=[foreign.pk])).status_code == 404


def test_evaluator_may_not_enrol(world, login, offer):
    evaluator = world.member(Role.EVALUATOR, world.org_a)
    url = reverse("offers:enrol_from_offer", args=[offer.pk])
    assert login(evaluator).get(url).status_code == 403


# Ending ------------------------------------------------------------------------------


def end_url(enrolment):
    return reverse("offers:enrolment_end", args=[enrolment.pk])


def test_ending_moves_the_first_waiting_person_up_and_says_who(world, worker, login, offer):
    offer.capacity = 1
    offer.save()
    leaving = EnrolmentFactory(offer=offer)
    first = enrolment_create(
        actor=worker,
        offer=offer,
        case=new_case(world, last_name="Erstewartende"),
        waiting_list=True,
    )
    enrolment_create(
        actor=worker, offer=offer, case=new_case(world, last_name="Zweite"), waiting_list=True
    )
    response = login(worker).post(
        end_url(leaving),
        {
            "expected_version": leaving.version,
            "status": "dropped_out",
            "end_date": TODAY.isoformat(),
            "dropout_reason": "found_work",
        },
        follow=True,
    )
    leaving.refresh_from_db()
    first.refresh_from_db()
    assert (leaving.status, leaving.dropout_reason) == ("dropped_out", "found_work")
    assert first.status == EnrolmentStatus.ACTIVE
    assert "Moved up from the waiting list:" in response.text
    assert "Erstewartende" in response.text
    assert Enrolment.objects.filter(status="waiting").count() == 1


def test_completing_returns_to_the_page_named_in_next(world, worker, login, offer):
    enrolment = EnrolmentFactory(offer=offer)
    back = reverse("offers:offer_participants", args=[offer.pk])
    response = login(worker).post(
        end_url(enrolment) + f"?next={back}",
        {
            "expected_version": enrolment.version,
            "status": "completed",
            "end_date": TODAY.isoformat(),
            "next": back,
        },
    )
    assert response["Location"] == back
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.COMPLETED


def test_next_pointing_elsewhere_is_ignored(world, worker, login, offer):
    enrolment = EnrolmentFactory(offer=offer)
    response = login(worker).post(
        end_url(enrolment),
        {
            "expected_version": enrolment.version,
            "status": "completed",
            "end_date": TODAY.isoformat(),
            "next": "https://evil.example/",
        },
    )
    assert response["Location"] == reverse("cases:case_detail", args=[enrolment.case_id])


def test_dropping_out_without_a_reason_is_refused(world, worker, login, offer):
    enrolment = EnrolmentFactory(offer=offer)
    response = login(worker).post(
        end_url(enrolment),
        {"expected_version": enrolment.version, "status": "dropped_out", "end_date": TODAY},
    )
    assert "Say why the person dropped out." in response.text
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ACTIVE


def test_end_in_the_future_is_refused(world, worker, login, offer):
    enrolment = EnrolmentFactory(offer=offer)
    response = login(worker).post(
        end_url(enrolment),
        {
            "expected_version": enrolment.version,
            "status": "completed",
            "end_date": (TODAY + DAY).isoformat(),
        },
    )
    assert "The end cannot be in the future." in response.text
    enrolment.refresh_from_db()
    assert enrolment.is_open


def test_ending_with_a_stale_version_is_refused(world, worker, login, offer):
    enrolment = EnrolmentFactory(offer=offer)
    seen = enrolment.version
    enrolment_update(
        actor=worker,
        enrolment=enrolment,
        expected_version=seen,
        planned_end_date=None,
        goal=None,
        notes="geändert",
    )
    response = login(worker).post(
        end_url(enrolment),
        {"expected_version": seen, "status": "completed", "end_date": TODAY.isoformat()},
    )
    assert "Someone else changed this record" in response.text
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ACTIVE


def test_partner_gets_404_on_ending_the_leads_enrolment(world, login, offer):
    enrolment = EnrolmentFactory(offer=offer)
    partner = world.member(Role.CASE_WORKER, world.org_b)
    response = login(partner).post(
        end_url(enrolment),
        {"expected_version": enrolment.version, "status": "completed", "end_date": TODAY},
    )
    assert response.status_code == 404
    enrolment.refresh_from_db()
    assert enrolment.is_open


def test_change_links_a_goal_of_the_case(world, worker, login, offer):
    enrolment = EnrolmentFactory(offer=offer)
    goal = GoalFactory(plan=PlanFactory(case=enrolment.case))
    response = login(worker).post(
        reverse("offers:enrolment_change", args=[enrolment.pk]),
        {"expected_version": enrolment.version, "goal": goal.pk, "notes": "passt gut"},
    )
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert (enrolment.goal, enrolment.notes) == (goal, "passt gut")


# The case page and the offer's participants --------------------------------------------


def test_case_page_lists_enrolments_with_status_hours_and_an_enrol_link(
    world, worker, login, offer
):
    enrolment = EnrolmentFactory(offer=offer)
    AttendanceFactory(enrolment=enrolment, date=TODAY - DAY, hours="3")
    AttendanceFactory(enrolment=enrolment, date=TODAY, hours="2.5")
    AttendanceFactory(enrolment=enrolment, date=TODAY - 2 * DAY, status="excused", hours="0")
    text = login(worker).get(reverse("cases:case_detail", args=[enrolment.case_id])).text
    assert "Stadtteilservice" in text
    assert "5.5 h attended" in text
    assert "5.5 hours attended in all offers" in text
    assert enrol_url(enrolment.case) in text


def test_status_changes_appear_in_the_case_timeline(world, worker, login, offer):
    offer.capacity = 1
    offer.save()
    leaving = EnrolmentFactory(offer=offer)
    case = new_case(world)
    waiting = enrolment_create(actor=worker, offer=offer, case=case, waiting_list=True)
    enrolment_end(
        actor=worker, enrolment=leaving, expected_version=leaving.version, status="completed"
    )
    waiting.refresh_from_db()
    enrolment_end(
        actor=worker,
        enrolment=waiting,
        expected_version=waiting.version,
        status="dropped_out",
        dropout_reason="health",
    )
    timeline = login(worker).get(reverse("cases:case_detail", args=[case.pk])).text
    timeline = timeline.split('class="timeline"')[1]
    assert "Put on the waiting list: Stadtteilservice" in timeline
    assert "Moved up from the waiting list: Stadtteilservice" in timeline
    assert "Dropped out of an offer: Stadtteilservice (health reasons)" in timeline


def test_case_page_queries_do_not_grow_with_enrolments_and_attendance(world, worker, login):
    case = new_case(world)
    client = login(worker)
    url = reverse("cases:case_detail", args=[case.pk])
    EnrolmentFactory(case=case, offer=OfferFactory(project=world.project, organisation=world.org_a))
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(6):
        enrolment = EnrolmentFactory(
            case=case, offer=OfferFactory(project=world.project, organisation=world.org_a)
        )
        for days in range(3):
            AttendanceFactory(enrolment=enrolment, date=TODAY - days * DAY)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_offer_participants_show_hours_waiting_order_and_only_visible_cases(
    world, worker, login, offer
):
    offer.capacity = 1
    offer.save()
    taking_part = EnrolmentFactory(offer=offer, case=new_case(world, last_name="Teilnehmerin"))
    AttendanceFactory(enrolment=taking_part, hours="3")
    AttendanceFactory(enrolment=taking_part, date=TODAY - DAY, hours="1.5")
    for name in ("Erste", "Zweiter"):
        enrolment_create(
            actor=worker, offer=offer, case=new_case(world, last_name=name), waiting_list=True
        )
    partner = world.member(Role.CASE_WORKER, world.org_b)
    enrolment_create(
        actor=partner,
        offer=offer,
        case=new_case(world, organisation=world.org_b, last_name="Partnerperson"),
        waiting_list=True,
    )
    text = login(worker).get(reverse("offers:offer_participants", args=[offer.pk])).text
    assert "Teilnehmerin" in text
    assert ">4.5<" in text
    assert text.index("Erste") < text.index("Zweiter")
    assert "Partnerperson" not in text
    assert "1 of 1 places taken" in text
    assert "3 waiting" in text  # counted over everyone, named only where visible
    assert AccessLogEntry.objects.filter(record_type="offers.enrolment", user=worker).exists()


def test_offer_page_shows_the_participants_and_logs_the_view(world, worker, offer, login):
    EnrolmentFactory(offer=offer, case=new_case(world, last_name="Panelperson"))
    html = login(worker).get(reverse("offers:offer_detail", args=[offer.pk])).text
    assert "Panelperson" in html
    assert reverse("offers:register_start", args=[offer.pk]) in html
    entry = AccessLogEntry.objects.get(record_type="offers.enrolment", user=worker)
    assert entry.detail == f"participants of offer {offer.pk}"


def test_offer_page_without_participants_writes_no_access_log(worker, offer, login):
    assert login(worker).get(reverse("offers:offer_detail", args=[offer.pk])).status_code == 200
    assert not AccessLogEntry.objects.filter(record_type="offers.enrolment").exists()
