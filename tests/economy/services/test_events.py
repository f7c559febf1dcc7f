"""Writes of business events (`economy.services.events`): permissions, versions,
invitations that a double submit leaves alone, attendance rules and tasks."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from quartier.core.models import Role
from quartier.core.services import ConcurrentEditError
from quartier.economy.models import BusinessEvent, EventInvitation, EventTask
from quartier.economy.services import events as services
from tests.economy.factories_events import (
    EventEmployerFactory,
    EventFactory,
    EventTaskFactory,
    InvitationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def liaison(world):
    return world.member(Role.EMPLOYER_LIAISON, world.org_a)


@pytest.fixture
def event(world):
    return EventFactory(project=world.project, organisation=world.org_a)


def create(world, actor, **changes):
    data = {
        "actor": actor,
        "project": world.project,
        "organisation": world.org_a,
        "kind": "fair",
        "title": "b2b in Lobeda/Winzerla",
        "date": dt.date(2026, 5, 20),
        "starts_at": dt.time(16, 0),
        "ends_at": dt.time(19, 0),
    }
    data.update(changes)
    return services.event_create(**data)


def test_the_liaison_records_an_event_with_herself_responsible(world, liaison):
    event = create(world, liaison, responsible=liaison, supports_companies=True)
    assert (event.project, event.organisation, event.responsible) == (
        world.project,
        world.org_a,
        liaison,
    )
    assert event.created_by == liaison


def test_a_case_worker_or_a_partner_cannot_create_in_As_name(world):
    worker = world.member(Role.CASE_WORKER, world.org_a)
    partner = world.member(Role.EMPLOYER_LIAISON, world.org_b)
    with pytest.raises(PermissionDenied):
        create(world, worker)
    with pytest.raises(PermissionDenied):
        create(world, partner)
    assert not BusinessEvent.objects.exists()


def test_the_responsible_must_work_with_employers_in_the_organisation(world, liaison):
    worker = world.member(Role.CASE_WORKER, world.org_a)
    with pytest.raises(ValidationError) as error:
        create(world, liaison, responsible=worker)
    assert "responsible" in error.value.message_dict


def test_an_event_ending_before_it_starts_is_refused(world, liaison):
    with pytest.raises(ValidationError):
        create(world, liaison, starts_at=dt.time(18, 0), ends_at=dt.time(17, 0))


def test_update_is_versioned(liaison, event):
    version = event.version
    services.event_update(actor=liaison, event=event, expected_version=version, title="Neu")
    with pytest.raises(ConcurrentEditError):
        services.event_update(
            actor=liaison,
            event=BusinessEvent.objects.get(pk=event.pk),
            expected_version=version,
            place="Anderswo",
        )
    event.refresh_from_db()
    assert (event.title, event.place) == ("Neu", "Stadtteilzentrum Lobeda")


def test_inviting_twice_keeps_one_invitation(world, liaison, event):
    employer = EventEmployerFactory(project=world.project, organisation=world.org_a)
    services.event_invite(actor=liaison, event=event, employers=[employer])
    services.event_invite(actor=liaison, event=event, employers=[employer])
    assert EventInvitation.objects.filter(event=event).count() == 1


def test_only_employers_of_the_project_the_actor_sees_are_invited(world, liaison, event):
    foreign = EventEmployerFactory(project=world.other_project, organisation=world.org_c)
    partners = EventEmployerFactory(project=world.project, organisation=world.org_b)
    for employer in (foreign, partners):
        with pytest.raises(ValidationError):
            services.event_invite(actor=liaison, event=event, employers=[employer])
    assert not EventInvitation.objects.exists()


def test_attendance_rules(liaison, event):
    invitation = InvitationFactory(event=event)
    services.invitation_record(actor=liaison, invitation=invitation, attended=True)
    invitation.refresh_from_db()
    assert (invitation.response, invitation.attended, invitation.attendees) == (
        "accepted",
        True,
        1,
    )
    with pytest.raises(ValidationError):
        services.invitation_record(
            actor=liaison, invitation=invitation, response="declined", attended=True
        )
    with pytest.raises(ValidationError):
        services.invitation_record(
            actor=liaison, invitation=invitation, attended=False, attendees=3
        )
    services.invitation_record(actor=liaison, invitation=invitation, attended=False)
    invitation.refresh_from_db()
    assert (invitation.attended, invitation.attendees) == (False, 0)


def test_saving_the_same_attendance_twice_changes_nothing(liaison, event):
    first, second = InvitationFactory(event=event), InvitationFactory(event=event)
    rows = {
        first.pk: {"response": "accepted", "attended": True, "attendees": 2},
        second.pk: {"response": "declined", "attended": False, "attendees": 0},
    }
    assert services.attendance_save(actor=liaison, event=event, rows=rows) == 2
    assert services.attendance_save(actor=liaison, event=event, rows=rows) == 0
    first.refresh_from_db()
    assert first.attendees == 2


def test_attendance_of_another_events_invitation_is_refused(world, liaison, event):
    other = InvitationFactory(event=EventFactory(project=world.project, organisation=world.org_a))
    with pytest.raises(ValidationError):
        services.attendance_save(
            actor=liaison,
            event=event,
            rows={other.pk: {"response": "accepted", "attended": True, "attendees": 1}},
        )


def test_a_task_goes_to_the_responsible_and_is_ticked_off_once(world, liaison, event):
    event.responsible = liaison
    event.save()
    coach = world.member(Role.JOB_COACH, world.org_a)
    task = services.task_create(
        actor=coach, event=event, title="Nachfassen", due_date=dt.date(2026, 3, 13)
    )
    assert task.assigned_to == liaison
    services.task_set_done(actor=liaison, task=task)
    done_at = EventTask.objects.get(pk=task.pk).done_at
    services.task_set_done(actor=liaison, task=task)
    assert EventTask.objects.get(pk=task.pk).done_at == done_at
    services.task_set_done(actor=liaison, task=task, done=False)
    assert EventTask.objects.get(pk=task.pk).done_at is None


def test_a_task_cannot_go_to_someone_outside_the_economy_staff(world, liaison, event):
    partner = world.member(Role.EMPLOYER_LIAISON, world.org_b)
    with pytest.raises(ValidationError):
        services.task_create(
            actor=liaison,
            event=event,
            title="x",
            due_date=dt.date(2026, 3, 13),
            assigned_to=partner,
        )


def test_a_case_worker_may_not_change_or_delete(world, event):
    worker = world.member(Role.CASE_WORKER, world.org_a)
    with pytest.raises(PermissionDenied):
        services.event_update(actor=worker, event=event, expected_version=event.version, title="x")
    with pytest.raises(PermissionDenied):
        services.task_set_done(actor=worker, task=EventTaskFactory(event=event))
    with pytest.raises(PermissionDenied):
        services.event_delete(actor=worker, event=event)


def test_delete_takes_invitations_and_tasks_along(liaison, event):
    InvitationFactory(event=event)
    EventTaskFactory(event=event)
    services.event_delete(actor=liaison, event=event)
    assert not EventInvitation.objects.exists()
    assert not EventTask.objects.exists()
