"""The offer catalogue in the browser's terms (views/offers.py): the list with filters,
search, sort and pages; creating and editing offers (stale saves refused); dates with
holidays; the calendar file; and who may see or change what."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from quartier.core.models import Role
from quartier.offers.models import Offer, Schedule
from tests.factories import MembershipFactory
from tests.offers.factories import (
    EnrolmentFactory,
    LocationFactory,
    OfferFactory,
    OfferTranslationFactory,
    ScheduleExceptionFactory,
    ScheduleFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]

TODAY = timezone.localdate()
LIST = reverse("offers:offer_list")
CREATE = reverse("offers:offer_create")


def own_offer(world, **fields):
    return OfferFactory(project=world.project, organisation=world.org_a, **fields)


def url(name, *args):
    return reverse(f"offers:{name}", args=args)


def offer_post(world, **changes) -> dict:
    """A complete, valid offer form as the browser sends it."""
    data = {
        "provider": f"{world.project.pk}-{world.org_a.pk}",
        "kind": "qualification_module",
        "title": "Garten- und Landschaftsbau",
        "short_description": "Grünpflege im Quartier",
        "description": "",
        "how_to_take_part": "Im Stadtteilbüro melden.",
        "occupational_field": "gardening_landscaping",
        "target_groups": ["long_term_unemployed", "women_returning"],
        "languages": "de, tr",
        "start_date": "",
        "end_date": "",
        "capacity": "12",
        "cost": "0",
        "cost_note": "",
        "contact_person": "",
        "contact_phone": "",
        "contact_email": "",
        "active": "on",
        "certificate_rule": "months",
        "certificate_min_months": "4",
        "certificate_min_hours": "",
        "certificate_min_rate": "",
        "certificate_contents": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def edit_post(offer: Offer, **changes) -> dict:
    data = {
        "expected_version": offer.version,
        "kind": offer.kind,
        "title": offer.title,
        "short_description": offer.short_description,
        "occupational_field": offer.occupational_field,
        "target_groups": offer.target_groups,
        "languages": ", ".join(offer.languages),
        "cost": str(offer.cost),
        "active": "on" if offer.active else "",
        "certificate_rule": offer.certificate_rule,
        "certificate_min_months": offer.certificate_min_months,
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value not in (None, "")}


# The list -----------------------------------------------------------------------------


def test_list_shows_the_offers_of_the_users_projects_only(world, worker, login):
    own_offer(world, title="Stadtteilservice Eigene")
    OfferFactory(project=world.project, organisation=world.org_b, title="Partner-Café")
    OfferFactory(project=world.other_project, title="Fremdes Angebot")
    text = login(worker).get(LIST).text
    assert "Stadtteilservice Eigene" in text
    assert "Partner-Café" in text  # the whole project's catalogue
    assert "Fremdes Angebot" not in text


def test_list_search_finds_every_word_of_the_title(world, worker, login):
    own_offer(world, title="Fahrradrikscha E-Mobilität")
    own_offer(world, title="Hotel und Gastronomie")
    text = login(worker).get(LIST, {"q": "rikscha mobil"}).text
    assert "Fahrradrikscha" in text
    assert "Gastronomie" not in text


@pytest.mark.parametrize(
    ("params", "shown", "hidden"),
    [
        ({"kind": "cafe_meeting"}, "Café Bär", "Pflege-Modul"),
        ({"occupational_field": "care"}, "Pflege-Modul", "Café Bär"),
        ({"target_group": "seniors"}, "Café Bär", "Pflege-Modul"),
        ({"published": "published"}, "Café Bär", "Pflege-Modul"),
        ({"published": "internal"}, "Pflege-Modul", "Café Bär"),
        ({"active": "inactive"}, "Altes Modul", "Café Bär"),
        ({"active": "all", "kind": "qualification_module"}, "Altes Modul", "Café Bär"),
    ],
)
def test_list_filters(world, worker, login, params, shown, hidden):
    own_offer(
        world,
        title="Café Bär",
        kind="cafe_meeting",
        occupational_field="",
        target_groups=["seniors", "families"],
        published=True,
    )
    own_offer(world, title="Pflege-Modul", occupational_field="care", published=False)
    own_offer(world, title="Altes Modul", active=False)
    text = login(worker).get(LIST, params).text
    assert shown in text
    assert hidden not in text


def test_list_hides_inactive_offers_by_default(world, worker, login):
    own_offer(world, title="Laufendes Modul")
    own_offer(world, title="Beendetes Modul", active=False)
    text = login(worker).get(LIST).text
    assert "Laufendes Modul" in text
    assert "Beendetes Modul" not in text


def test_list_project_filter(world, worker, login):
    MembershipFactory(
        user=worker, project=world.other_project, organisation=world.org_c, role=Role.JOB_COACH
    )
    own_offer(world, title="Im Projekt P")
    OfferFactory(project=world.other_project, title="Im Projekt Q")
    text = login(worker).get(LIST, {"project": world.other_project.pk}).text
    assert "Im Projekt Q" in text
    assert "Im Projekt P" not in text


def test_list_sorts_by_title_descending(world, worker, login):
    own_offer(world, title="Aaa-Kurs")
    own_offer(world, title="Zzz-Kurs")
    text = login(worker).get(LIST, {"sort": "-title"}).text
    assert text.index("Zzz-Kurs") < text.index("Aaa-Kurs")


def test_list_is_paginated_by_25(world, worker, login):
    for number in range(30):
        own_offer(world, title=f"Kurs {number:02d}")
    client = login(worker)
    first = client.get(LIST).text
    assert "Kurs 24" in first
    assert "Kurs 25" not in first
    assert "Page 1 of 2" in first
    second = client.get(LIST, {"page": 2}).text
    assert "Kurs 25" in second
    assert "Kurs 24" not in second


def test_list_shows_places_taken_and_waiting(world, worker, login):
    offer = own_offer(world, title="Volles Modul", capacity=2)
    EnrolmentFactory.create_batch(2, offer=offer)
    EnrolmentFactory(offer=offer, status="waiting", start_date=None, waiting_since=timezone.now())
    text = login(worker).get(LIST).text
    assert "2 of 2" in text
    assert "1 waiting" in text


def test_htmx_search_returns_only_the_results(world, worker, login):
    own_offer(world, title="Bewerbungstraining")
    response = login(worker).get(LIST, {"q": "bewerb"}, HTTP_HX_REQUEST="true")
    assert "Bewerbungstraining" in response.text
    assert "<html" not in response.text
    assert 'id="offer-results"' in response.text


def test_empty_list_says_what_to_do(world, worker, login):
    client = login(worker)
    assert "Create the first one" in client.get(LIST).text
    own_offer(world, title="Sprachförderung")
    assert "Change the filters or reset them" in client.get(LIST, {"q": "nichts"}).text


def test_empty_list_for_a_member_who_cannot_create(world, login):
    evaluator = world.member(Role.EVALUATOR, world.org_a)
    text = login(evaluator).get(LIST).text
    assert "Staff with a case role in the project can create them" in text
    assert CREATE not in text


def test_list_queries_do_not_grow_with_rows(world, worker, login):
    client = login(worker)
    for _ in range(3):
        EnrolmentFactory(offer=own_offer(world))
    client.get(LIST)  # the first request of a session does more
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for _ in range(22):
        offer = own_offer(world, capacity=5)
        EnrolmentFactory(offer=offer)
        OfferTranslationFactory(offer=offer)
    with CaptureQueriesContext(connection) as many:
        assert client.get(LIST).status_code == 200
    assert len(many) == len(few)


# Creating and editing -----------------------------------------------------------------


def test_create_an_offer(world, worker, login):
    place = LocationFactory(project=world.project, organisation=world.org_a)
    response = login(worker).post(CREATE, offer_post(world, locations=[place.pk]))
    offer = Offer.objects.get(title="Garten- und Landschaftsbau")
    assert response.status_code == 302
    assert response["Location"] == url("offer_detail", offer.pk)
    assert offer.project == world.project
    assert offer.organisation == world.org_a
    assert offer.created_by == worker
    assert offer.languages == ["de", "tr"]
    assert offer.target_groups == ["long_term_unemployed", "women_returning"]
    assert list(offer.locations.all()) == [place]
    assert offer.published is False


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"start_date": "2026-06-01", "end_date": "2026-05-01"}, "The end lies before the start."),
        ({"languages": "de, xx"}, "&#x27;xx&#x27; is not an ISO 639-1 language code"),
        ({"cost": "-5"}, "greater than or equal to 0"),
        ({"title": ""}, "This field is required."),
        ({"capacity": "0"}, "greater than or equal to 1"),
        (
            {"certificate_rule": "hours", "certificate_min_hours": ""},
            "Enter the minimum hours for the certificate.",
        ),
    ],
)
def test_create_with_bad_input_says_why_and_saves_nothing(world, worker, login, changes, message):
    response = login(worker).post(CREATE, offer_post(world, **changes))
    assert response.status_code == 200
    assert "Please check your input" in response.text
    assert message in response.text
    assert not Offer.objects.exists()


def test_create_refuses_a_provider_the_user_does_not_work_for(world, worker, login):
    data = offer_post(world, provider=f"{world.other_project.pk}-{world.org_c.pk}")
    response = login(worker).post(CREATE, data)
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not Offer.objects.exists()


def test_create_refuses_a_place_of_another_project(world, worker, login):
    foreign = LocationFactory(project=world.other_project)
    response = login(worker).post(CREATE, offer_post(world, locations=[foreign.pk]))
    assert response.status_code == 200
    assert not Offer.objects.exists()


def test_members_without_a_case_role_cannot_create(world, login):
    evaluator = world.member(Role.EVALUATOR, world.org_a)
    client = login(evaluator)
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, offer_post(world)).status_code == 403
    assert not Offer.objects.exists()


def test_edit_saves_through_the_service(world, worker, login):
    offer = own_offer(world, title="Alt")
    response = login(worker).post(
        url("offer_edit", offer.pk), edit_post(offer, title="Neu", capacity="8")
    )
    assert response.status_code == 302
    offer.refresh_from_db()
    assert (offer.title, offer.capacity, offer.version) == ("Neu", 8, 2)


def test_stale_edit_is_refused_and_shows_what_changed(world, worker, login):
    offer = own_offer(world, title="Pflege", capacity=10)
    client = login(worker)
    opened = edit_post(offer, title="Pflege und Betreuung")  # version 1 in the form
    other = Offer.objects.get(pk=offer.pk)
    other.title, other.capacity = "Pflegemodul", 15
    other.save()  # someone else saves meanwhile: version 2
    response = client.post(url("offer_edit", offer.pk), opened)
    assert response.status_code == 200
    assert "Someone else changed this record" in response.text
    assert "What was changed meanwhile" in response.text
    assert "Pflegemodul" in response.text  # saved meanwhile
    assert "Pflege und Betreuung" in response.text  # your input
    offer.refresh_from_db()
    assert (offer.title, offer.capacity) == ("Pflegemodul", 15)


def test_partner_organisation_sees_the_offer_but_cannot_edit_it(world, login):
    offer = own_offer(world)
    partner = world.member(Role.CASE_WORKER, world.org_b)
    client = login(partner)
    page = client.get(url("offer_detail", offer.pk))
    assert page.status_code == 200
    assert url("offer_edit", offer.pk) not in page.text
    assert client.get(url("offer_edit", offer.pk)).status_code == 403
    assert client.post(url("offer_edit", offer.pk), edit_post(offer, title="X")).status_code == 403
    offer.refresh_from_db()
    assert offer.title != "X"


@pytest.mark.parametrize(
    "name",
    [
        "offer_detail",
        "offer_edit",
        "offer_ical",
        "schedule_create",
    ],
)
def test_an_offer_of_another_project_is_404(world, worker, login, name):
    foreign = OfferFactory(project=world.other_project)
    assert login(worker).get(url(name, foreign.pk)).status_code == 404


def test_foreign_schedule_translation_and_place_are_404(world, worker, login):
    foreign = OfferFactory(project=world.other_project)
    schedule = ScheduleFactory(offer=foreign)
    OfferTranslationFactory(offer=foreign)
    place = LocationFactory(project=world.other_project)
    client = login(worker)
    assert client.get(url("schedule_edit", foreign.pk, schedule.pk)).status_code == 404
    assert client.post(url("schedule_delete", foreign.pk, schedule.pk)).status_code == 404
    assert client.get(url("translation_edit", foreign.pk, "en")).status_code == 404
    assert client.post(url("translation_delete", foreign.pk, "en")).status_code == 404
    assert client.get(url("location_edit", place.pk)).status_code == 404
    assert Schedule.objects.filter(pk=schedule.pk).exists()


def test_a_schedule_of_another_offer_is_404(world, worker, login):
    mine, other = own_offer(world), own_offer(world)
    schedule = ScheduleFactory(offer=other)
    assert login(worker).get(url("schedule_edit", mine.pk, schedule.pk)).status_code == 404


# The offer's page and calendar file -----------------------------------------------------


def test_detail_shows_fields_places_dates_translations_and_figures(world, worker, login):
    place = LocationFactory(project=world.project, organisation=world.org_a, name="Café Bär")
    offer = own_offer(
        world,
        title="DORSTEN TREFF",
        capacity=3,
        cost=Decimal("0"),
        how_to_take_part="Einfach vorbeikommen.",
        target_groups=["seniors"],
    )
    offer.locations.add(place)
    monday = TODAY - dt.timedelta(days=TODAY.weekday())
    schedule = ScheduleFactory(
        offer=offer,
        weekdays=[0, 2],
        valid_from=monday,
        start_time=dt.time(9, 0),
        end_time=dt.time(12, 30),
    )
    holiday = monday + dt.timedelta(days=7)
    ScheduleExceptionFactory(schedule=schedule, date=holiday, reason="Rosenmontag")
    OfferTranslationFactory(offer=offer, language="tr", title="Buluşma", reviewed=True)
    EnrolmentFactory.create_batch(2, offer=offer)
    EnrolmentFactory(offer=offer, status="waiting", start_date=None, waiting_since=timezone.now())
    text = login(worker).get(url("offer_detail", offer.pk)).text
    assert "Café Bär" in text
    assert "Einfach vorbeikommen." in text
    assert "seniors" in text
    assert "free of charge" in text
    assert "Every Monday and Wednesday, 09:00–12:30" in text
    assert f"Not on: {holiday:%d.%m.%Y} (Rosenmontag)" in text
    assert f"{holiday:%d.%m.%Y}, 09:00" not in text  # the holiday is no session
    next_monday = holiday + dt.timedelta(days=7)
    assert f"{next_monday:%d.%m.%Y}, 09:00–12:30" in text
    assert "Buluşma" in text
    assert ">reviewed<" in text
    assert "1 place free" in text
    assert "<dt>Waiting list</dt><dd>1</dd>" in text
    assert "After taking part for at least 4 months" in text
    assert "offers/_offer_enrolments.html" not in text


def test_detail_of_an_offer_without_dates_says_what_to_do(world, worker, login):
    offer = own_offer(world)
    text = login(worker).get(url("offer_detail", offer.pk)).text
    assert "No dates yet. Add a weekly schedule or a single date" in text
    assert url("schedule_create", offer.pk) in text


def test_ical_download(world, worker, login):
    offer = own_offer(world, title="Sprachcafé")
    ScheduleFactory(offer=offer, weekdays=[1, 3], valid_until=TODAY + dt.timedelta(days=60))
    response = login(worker).get(url("offer_ical", offer.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n")
    (rrule,) = (line for line in body.split("\r\n") if line.startswith("RRULE:"))
    assert {"FREQ=WEEKLY", "INTERVAL=1", "BYDAY=TU,TH"} <= set(rrule[6:].split(";"))
    assert "SUMMARY:Sprachcafé" in body


# Schedules ----------------------------------------------------------------------------


def schedule_post(**changes) -> dict:
    data = {
        "kind": "weekly",
        "weekdays": ["0", "2"],
        "start_time": "09:00",
        "end_time": "12:00",
        "valid_from": "2026-03-02",
        "valid_until": "2026-06-30",
        "interval": "1",
        "exceptions": "06.04.2026 Ostermontag\n2026-05-25 Pfingstmontag",
    }
    data.update(changes)
    return data


def test_add_a_weekly_schedule_with_holidays(world, worker, login):
    offer = own_offer(world)
    response = login(worker).post(url("schedule_create", offer.pk), schedule_post())
    assert response.status_code == 302
    schedule = offer.schedules.get()
    assert schedule.weekdays == [0, 2]
    assert (schedule.valid_from, schedule.valid_until) == (
        dt.date(2026, 3, 2),
        dt.date(2026, 6, 30),
    )
    assert {(e.date, e.reason) for e in schedule.exceptions.all()} == {
        (dt.date(2026, 4, 6), "Ostermontag"),
        (dt.date(2026, 5, 25), "Pfingstmontag"),
    }


def test_add_a_single_date(world, worker, login):
    offer = own_offer(world)
    data = {"kind": "one_off", "date": "2026-05-14", "start_time": "18:00", "end_time": "20:00"}
    assert login(worker).post(url("schedule_create", offer.pk), data).status_code == 302
    schedule = offer.schedules.get()
    assert (schedule.kind, schedule.date, schedule.weekdays) == (
        "one_off",
        dt.date(2026, 5, 14),
        [],
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"end_time": "08:00"}, "The end time must be after the start time."),
        ({"valid_until": "2026-02-01"}, "The last date lies before the first date."),
        ({"weekdays": []}, "Choose at least one weekday."),
        ({"exceptions": "Ostern"}, "Line 1: “Ostern” does not start with a date"),
        (
            {"exceptions": "07.04.2026 Dienstag"},
            "07.04.2026 is not a date of this schedule, so it cannot be cancelled.",
        ),
    ],
)
def test_bad_schedule_says_why_and_saves_nothing(world, worker, login, changes, message):
    offer = own_offer(world)
    response = login(worker).post(url("schedule_create", offer.pk), schedule_post(**changes))
    assert response.status_code == 200
    assert message in response.text
    assert not Schedule.objects.exists()


def test_schedule_outside_the_offers_period_is_refused(world, worker, login):
    offer = own_offer(world, start_date=dt.date(2026, 4, 1), end_date=dt.date(2026, 9, 30))
    response = login(worker).post(url("schedule_create", offer.pk), schedule_post())
    assert response.status_code == 200
    assert "the schedule cannot begin earlier" in response.text
    assert not Schedule.objects.exists()


def test_change_a_schedule_and_its_holidays(world, worker, login):
    offer = own_offer(world)
    client = login(worker)
    client.post(url("schedule_create", offer.pk), schedule_post())
    schedule = offer.schedules.get()
    form = client.get(url("schedule_edit", offer.pk, schedule.pk)).text
    assert "06.04.2026 Ostermontag" in form
    response = client.post(
        url("schedule_edit", offer.pk, schedule.pk),
        schedule_post(expected_version=schedule.version, end_time="13:00", exceptions=""),
    )
    assert response.status_code == 302
    schedule.refresh_from_db()
    assert schedule.end_time == dt.time(13, 0)
    assert not schedule.exceptions.exists()


def test_stale_schedule_edit_is_refused(world, worker, login):
    offer = own_offer(world)
    schedule = ScheduleFactory(offer=offer, valid_from=dt.date(2026, 3, 2), weekdays=[0])
    Schedule.objects.get(pk=schedule.pk).save()  # someone else: version 2
    response = login(worker).post(
        url("schedule_edit", offer.pk, schedule.pk),
        schedule_post(expected_version=1, exceptions=""),
    )
    assert response.status_code == 200
    assert "Someone else changed this record" in response.text
    assert "What was changed meanwhile" in response.text
    schedule.refresh_from_db()
    assert schedule.weekdays == [0]


def test_remove_a_schedule(world, worker, login):
    offer = own_offer(world)
    schedule = ScheduleFactory(offer=offer)
    client = login(worker)
    assert client.get(url("schedule_delete", offer.pk, schedule.pk)).status_code == 405
    assert client.post(url("schedule_delete", offer.pk, schedule.pk)).status_code == 302
    assert not Schedule.objects.exists()


# Navigation ---------------------------------------------------------------------------


def test_navigation_shows_offers_to_case_roles_only(world, worker, login, client):
    assert f'href="{LIST}"' in login(worker).get(reverse("core:home")).text
    client.logout()
    evaluator = world.member(Role.EVALUATOR, world.org_a)
    assert f'href="{LIST}"' not in login(evaluator).get(reverse("core:home")).text


def test_project_page_links_to_its_offers(world, worker, login):
    text = login(worker).get(reverse("core:project_detail", args=[world.project.slug])).text
    assert f"{LIST}?project={world.project.pk}" in text


def test_detail_next_dates_leave_out_a_session_that_ended_today(world, worker, login):
    """Pinned to Wednesday 7 January 2026, 15:00: the 9:00–12:30 session of that day is
    over, so the next date is Monday 12 January."""
    from unittest import mock
    from zoneinfo import ZoneInfo

    from django.conf import settings

    offer = own_offer(world, title="Frühstückstreff")
    ScheduleFactory(
        offer=offer,
        weekdays=[0, 2],
        valid_from=dt.date(2026, 1, 5),
        valid_until=dt.date(2026, 3, 31),
        start_time=dt.time(9, 0),
        end_time=dt.time(12, 30),
    )
    now = dt.datetime(2026, 1, 7, 15, tzinfo=ZoneInfo(settings.TIME_ZONE))
    client = login(worker)
    with mock.patch("django.utils.timezone.now", return_value=now):
        response = client.get(url("offer_detail", offer.pk))
    sessions = response.context["next_sessions"]
    assert sessions[0].date == dt.date(2026, 1, 12)
    assert "07.01.2026, 09:00" not in response.text
