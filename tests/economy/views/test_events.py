"""The business event pages (`economy.views.events`): list, create, detail with
invitations, attendance and tasks, versioned edit, delete with confirmation, and the
employer liaison's start page."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from quartier.core.models import Role
from quartier.economy.models import BusinessEvent, EventInvitation, EventTask
from tests.economy.factories_events import (
    EventEmployerFactory,
    EventFactory,
    EventTaskFactory,
    InvitationFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]

#: The start-page tests read today: they run on a pinned day (the clock ticking).
ON_A_TUESDAY = time_machine.travel(dt.datetime(2026, 3, 10, 10, 0, tzinfo=dt.UTC), tick=True)


@pytest.fixture
def english_pages(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def liaison(world):
    return world.member(Role.EMPLOYER_LIAISON, world.org_a)


@pytest.fixture
def event(world, liaison):
    return EventFactory(project=world.project, organisation=world.org_a, responsible=liaison)


def url(name, *args):
    return reverse(f"economy:{name}", args=args)


def test_the_list_shows_the_users_events_only(world, liaison, login, event):
    EventFactory(project=world.project, organisation=world.org_b, title="Fremder Abend")
    response = login(liaison).get(url("event_list"))
    assert response.status_code == 200
    assert event.title in response.text
    assert "Fremder Abend" not in response.text


def test_the_empty_list_says_what_to_do(liaison, login):
    response = login(liaison).get(url("event_list"))
    assert "No events yet. Record your next entrepreneurs' evening" in response.text
    response = login(liaison).get(url("event_list"), {"q": "nichts"})
    assert "No event matches." in response.text


def test_the_list_filters_and_paginates(world, liaison, login):
    for number in range(27):
        EventFactory(
            project=world.project,
            organisation=world.org_a,
            title=f"Messe {number}",
            kind="fair",
        )
    EventFactory(project=world.project, organisation=world.org_a, title="Stammtisch")
    client = login(liaison)
    page_one = client.get(url("event_list"), {"kind": "fair"})
    assert "27 events" in page_one.text
    assert "Stammtisch" not in page_one.text
    page_two = client.get(url("event_list"), {"kind": "fair", "page": 2})
    assert "kind=fair&amp;page=1" in page_two.text


def test_roles_without_economy_work_get_403_on_the_list(world, login):
    assert login(world.member(Role.NETWORK_COACH)).get(url("event_list")).status_code == 403


def test_create_an_event(world, liaison, login):
    response = login(liaison).post(
        url("event_create"),
        {
            "owner": f"{world.project.pk}-{world.org_a.pk}",
            "kind": "fair",
            "title": "b2b in Lobeda/Winzerla",
            "date": "2026-05-20",
            "starts_at": "16:00",
            "ends_at": "19:00",
            "supports_companies": "on",
            "responsible": liaison.pk,
            "other_guests": "3",
        },
    )
    event = BusinessEvent.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("event_detail", event.pk)
    assert (event.supports_companies, event.responsible, event.other_guests) == (
        True,
        liaison,
        3,
    )


def test_the_create_form_explains_the_eeco19_flag(liaison, login):
    response = login(liaison).get(url("event_create"))
    assert "EECO19" in response.text
    assert "company-aimed service" in response.text


def test_bad_input_says_why_and_saves_nothing(world, liaison, login):
    response = login(liaison).post(
        url("event_create"),
        {
            "owner": f"{world.project.pk}-{world.org_a.pk}",
            "kind": "fair",
            "title": "Messe",
            "date": "2026-05-20",
            "starts_at": "19:00",
            "ends_at": "16:00",
            "other_guests": "0",
        },
    )
    assert response.status_code == 200
    assert "The event must end after it starts." in response.text
    assert not BusinessEvent.objects.exists()


def test_a_partners_event_is_a_404(world, login, event):
    partner = world.member(Role.EMPLOYER_LIAISON, world.org_b)
    client = login(partner)
    for name in ("event_detail", "event_edit", "event_delete"):
        assert client.get(url(name, event.pk)).status_code == 404
    assert client.post(url("event_invite", event.pk), {}).status_code == 404


def test_a_case_worker_reads_the_event_but_changes_nothing(world, login, event):
    worker = world.member(Role.CASE_WORKER, world.org_a)
    client = login(worker)
    response = client.get(url("event_detail", event.pk))
    assert response.status_code == 200
    assert "Save who came" not in response.text
    assert client.get(url("event_edit", event.pk)).status_code == 403


def test_stale_edit_shows_what_changed(liaison, login, event):
    client = login(liaison)
    data = {
        "expected_version": event.version,
        "kind": event.kind,
        "title": "Neuer Titel",
        "date": "2026-03-12",
        "other_guests": "0",
    }
    BusinessEvent.objects.filter(pk=event.pk).update(version=event.version + 1, title="Anders")
    response = client.post(url("event_edit", event.pk), data)
    assert response.status_code == 200
    assert "Someone else changed this record" in response.text
    assert "What was changed meanwhile" in response.text
    event.refresh_from_db()
    assert event.title == "Anders"


def test_invite_twice_and_record_attendance(world, liaison, login, event):
    client = login(liaison)
    employer = EventEmployerFactory(project=world.project, organisation=world.org_a)
    for _ in range(2):
        response = client.post(url("event_invite", event.pk), {"employers": [employer.pk]})
        assert response.status_code in (200, 302)
    invitation = EventInvitation.objects.get()
    response = client.post(
        url("event_attendance", event.pk),
        {
            f"response_{invitation.pk}": "accepted",
            f"attended_{invitation.pk}": "on",
            f"attendees_{invitation.pk}": "2",
        },
    )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert (invitation.attended, invitation.attendees) == (True, 2)
    page = client.get(url("event_detail", event.pk))
    assert employer.name in page.text


def test_inviting_a_foreign_employer_is_refused(world, liaison, login, event):
    foreign = EventEmployerFactory(project=world.other_project, organisation=world.org_c)
    response = login(liaison).post(url("event_invite", event.pk), {"employers": [foreign.pk]})
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not EventInvitation.objects.exists()


def test_remove_an_invitation(liaison, login, event):
    invitation = InvitationFactory(event=event)
    response = login(liaison).post(url("event_invitation_delete", event.pk, invitation.pk))
    assert response.status_code == 302
    assert not EventInvitation.objects.exists()


@ON_A_TUESDAY
def test_add_a_task_and_tick_it_off_from_the_start_page(liaison, login, event):
    client = login(liaison)
    today = timezone.localdate()
    response = client.post(
        url("event_task_create", event.pk),
        {"task-title": "Fotos verschicken", "task-due_date": today.isoformat()},
    )
    assert response.status_code == 302
    task = EventTask.objects.get()
    assert task.assigned_to == liaison
    home = client.get(reverse("core:home"))
    assert "Events to prepare" in home.text
    assert "Fotos verschicken" in home.text
    done = client.post(url("event_task_done", task.pk), {"done": "1", "next": "/"})
    assert done.status_code == 302
    assert done["Location"] == "/"
    task.refresh_from_db()
    assert task.done_at is not None
    assert "Fotos verschicken" not in client.get(reverse("core:home")).text


def test_a_task_of_a_foreign_event_is_a_404(world, login):
    partner = world.member(Role.EMPLOYER_LIAISON, world.org_b)
    task = EventTaskFactory(event=EventFactory(project=world.project, organisation=world.org_a))
    assert login(partner).post(url("event_task_done", task.pk)).status_code == 404


def test_delete_asks_first(liaison, login, event):
    client = login(liaison)
    confirm = client.get(url("event_delete", event.pk))
    assert confirm.status_code == 200
    assert "This cannot be undone" in confirm.text
    assert BusinessEvent.objects.exists()
    response = client.post(url("event_delete", event.pk))
    assert response.status_code == 302
    assert not BusinessEvent.objects.exists()


@ON_A_TUESDAY
def test_the_start_page_lists_events_of_the_next_two_weeks(world, liaison, login):
    soon = timezone.localdate() + dt.timedelta(days=3)
    EventFactory(project=world.project, organisation=world.org_a, date=soon, title="Bald")
    response = login(liaison).get(reverse("core:home"))
    assert "Bald" in response.text


def test_the_event_page_costs_the_same_queries_for_more_invitations(world, liaison, login, event):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(liaison)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("event_detail", event.pk)).status_code == 200
        return len(queries)

    InvitationFactory(event=event)
    EventTaskFactory(event=event, assigned_to=liaison)
    EventEmployerFactory(project=world.project, organisation=world.org_a)
    count()  # the first request fills the caches (session, content types)
    one = count()
    for _ in range(4):
        InvitationFactory(event=event, attended=True, attendees=2)
        EventTaskFactory(event=event, assigned_to=liaison)
        EventEmployerFactory(project=world.project, organisation=world.org_a)
    assert count() == one


def test_an_invitation_added_meanwhile_keeps_its_state(liaison, login, event):
    on_the_page = InvitationFactory(event=event)
    added_meanwhile = InvitationFactory(event=event, response="declined")
    response = login(liaison).post(
        url("event_attendance", event.pk),
        {f"response_{on_the_page.pk}": "accepted", f"attended_{on_the_page.pk}": "on"},
    )
    assert response.status_code == 302
    added_meanwhile.refresh_from_db()
    assert (added_meanwhile.response, added_meanwhile.attended) == ("declined", False)
