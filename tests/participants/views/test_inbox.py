"""Appointment requests from the offer map: an inbox on the start page of the
organisation's case staff, assignment, status steps with who and when, closing."""

from datetime import date

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from quartier.core.models import Role
from quartier.participants.models import Channel, FirstContact, RequestEvent
from quartier.participants.selectors import inbox as inbox_selectors
from quartier.participants.services import inbox
from quartier.stadtteilplan.services.appointments import appointment_requests_expire

pytestmark = pytest.mark.django_db


def a_request(project, organisation, name="Leyla Aydın", **values) -> FirstContact:
    return FirstContact.objects.create(
        project=project,
        organisation=organisation,
        date=values.pop("date", date(2026, 11, 30)),
        channel=Channel.REQUEST,
        status=values.pop("status", FirstContact.Status.REQUEST),
        place="Bewerbungstraining · Stadtteilladen",
        language="Türkisch",
        name=name,
        reach="Telefon: 0151 2345678",
        notes="Bitte nachmittags anrufen.",
        **values,
    )


@pytest.fixture
def english(login):
    def _login(user):
        client = login(user)
        client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return _login


@pytest.fixture
def leyla(world):
    return a_request(world.project, world.org_a)


def home(client):
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    return response.content.decode()


def post(client, name, pk, **data):
    return client.post(reverse(f"participants:{name}", args=[pk]), data)


# Who sees the inbox ------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.PROJECT_LEAD, Role.CASE_WORKER, Role.JOB_COACH])
def test_the_case_roles_of_the_organisation_see_the_request_on_their_start_page(
    world, english, leyla, role
):
    page = home(english(world.member(role, world.org_a)))
    assert 'id="requests-heading"' in page
    assert f'id="request-{leyla.pk}"' in page
    assert "Leyla Aydın" in page
    assert "Telefon: 0151 2345678" in page
    assert "Bitte nachmittags anrufen." in page


@pytest.mark.parametrize(
    "role", [Role.NETWORK_COACH, Role.EMPLOYER_LIAISON, Role.EVALUATOR, Role.ORGANISATION_ADMIN]
)
def test_other_roles_do_not_see_requests(world, english, leyla, role):
    page = home(english(world.member(role, world.org_a)))
    assert "Leyla Aydın" not in page
    assert 'id="requests-heading"' not in page


def test_another_organisation_and_another_project_do_not_see_the_request(world, english, leyla):
    partner = world.member(Role.CASE_WORKER, world.org_b)
    elsewhere = world.member(Role.CASE_WORKER, world.org_c, project=world.other_project)
    for user in (partner, elsewhere):
        page = home(english(user))
        assert "Leyla Aydın" not in page
        assert "No open appointment requests." in page


def test_another_organisations_ids_are_not_found(world, english, leyla):
    client = english(world.member(Role.CASE_WORKER, world.org_b))
    partner = world.member(Role.CASE_WORKER, world.org_b)
    assert post(client, "request_assign", leyla.pk, assignee=partner.pk).status_code == 404
    assert post(client, "request_step", leyla.pk, step="called").status_code == 404
    assert post(client, "request_close", leyla.pk).status_code == 404
    leyla.refresh_from_db()
    assert leyla.assigned_to is None
    assert leyla.request_step == ""
    assert leyla.status == FirstContact.Status.REQUEST
    assert not RequestEvent.objects.exists()


def test_the_steps_need_a_post(world, english, worker, leyla):
    client = english(worker)
    assert client.get(reverse("participants:request_close", args=[leyla.pk])).status_code == 405


def test_an_ordinary_first_contact_is_not_in_the_inbox(world, english, worker):
    walk_in = a_request(world.project, world.org_a, name="Walk In", status="open")
    assert "Walk In" not in home(english(worker))
    response = post(english(worker), "request_close", walk_in.pk)
    assert response.status_code == 404


# The way through ---------------------------------------------------------------------


def test_assign_step_and_close_each_recorded_with_who_and_when(world, english, worker, leyla):
    client = english(worker)
    response = post(client, "request_assign", leyla.pk, assignee=worker.pk)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('core:home')}#request-{leyla.pk}"
    page = home(client)
    assert "The request is now yours." in page

    post(client, "request_step", leyla.pk, step="called")
    post(client, "request_step", leyla.pk, step="appointment")
    page = home(client)
    assert "Step recorded: appointment made." in page
    assert '<strong class="request-step">appointment made</strong>' in page

    leyla.refresh_from_db()
    assert (leyla.assigned_to, leyla.request_step) == (worker, "appointment")
    response = post(client, "request_close", leyla.pk)
    assert response.status_code == 302
    page = home(client)
    assert "The request was closed." in page
    assert "Leyla Aydın" not in page

    leyla.refresh_from_db()
    assert leyla.status == FirstContact.Status.CLOSED
    assert leyla.closed_by == worker
    assert leyla.closed_at is not None
    events = list(leyla.request_events.values_list("action", "step", "assigned_to", "by"))
    assert events == [
        ("assigned", "", worker.pk, worker.pk),
        ("step", "called", None, worker.pk),
        ("step", "appointment", None, worker.pk),
        ("closed", "appointment", None, worker.pk),
    ]
    assert all(event.at is not None for event in leyla.request_events.all())


def test_a_request_can_be_assigned_to_a_colleague_of_the_team(world, english, worker, leyla):
    colleague = world.member(Role.JOB_COACH, world.org_a)
    client = english(worker)
    post(client, "request_assign", leyla.pk, assignee=colleague.pk)
    leyla.refresh_from_db()
    assert leyla.assigned_to == colleague
    page = home(english(colleague))
    assert "Leyla Aydın" in page
    assert f"assigned to {colleague.full_name}" in page


def test_nobody_outside_the_team_can_be_assigned(world, english, worker, leyla):
    outsider = world.member(Role.CASE_WORKER, world.org_b)
    evaluator = world.member(Role.EVALUATOR, world.org_a)
    client = english(worker)
    for person in (outsider, evaluator):
        post(client, "request_assign", leyla.pk, assignee=person.pk)
    leyla.refresh_from_db()
    assert leyla.assigned_to is None
    assert "Choose a member of the team." in home(client)
    with pytest.raises(ValidationError):
        inbox.request_assign(actor=worker, first_contact=leyla, assignee=outsider)


def test_an_unknown_step_is_refused(world, english, worker, leyla):
    client = english(worker)
    post(client, "request_step", leyla.pk, step="teleported")
    post(client, "request_step", leyla.pk, step="")
    leyla.refresh_from_db()
    assert leyla.request_step == ""
    assert "Choose one of the steps." in home(client)


def test_a_closed_request_takes_no_more_steps(world, worker, leyla):
    inbox.request_close(actor=worker, first_contact=leyla)
    with pytest.raises(ValidationError):
        inbox.request_step_set(actor=worker, first_contact=leyla, step="done")
    with pytest.raises(FirstContact.DoesNotExist):
        inbox_selectors.request_get(user=worker, pk=leyla.pk)


def test_the_services_refuse_someone_outside_the_organisation(world, leyla):
    outsider = world.member(Role.CASE_WORKER, world.org_b)
    with pytest.raises(PermissionDenied):
        inbox.request_close(actor=outsider, first_contact=leyla)
    with pytest.raises(PermissionDenied):
        inbox.request_step_set(actor=outsider, first_contact=leyla, step="called")


def test_own_and_unassigned_requests_come_first(world, worker):
    colleague = world.member(Role.CASE_WORKER, world.org_a)
    theirs = a_request(world.project, world.org_a, name="A", assigned_to=colleague)
    unassigned = a_request(world.project, world.org_a, name="B", date=date(2026, 12, 1))
    mine = a_request(world.project, world.org_a, name="C", assigned_to=worker)
    assert list(inbox_selectors.request_inbox(user=worker)) == [mine, unassigned, theirs]


def test_closed_requests_are_deleted_after_the_retention_period_with_their_steps(world, worker):
    old = a_request(world.project, world.org_a, date=date(2026, 1, 5))
    inbox.request_step_set(actor=worker, first_contact=old, step="not_reached")
    inbox.request_close(actor=worker, first_contact=old)
    appointment_requests_expire(today=date(2026, 12, 4))
    assert not FirstContact.objects.exists()
    assert not RequestEvent.objects.exists()
