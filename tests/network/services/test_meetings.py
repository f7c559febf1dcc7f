"""Writes of the network's meetings (quartier.network.services.meetings)."""

from datetime import date, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from quartier.core.models import Role
from quartier.core.services import ConcurrentEditError
from quartier.network.models import Attendee, Meeting, MeetingOutcome
from quartier.network.services import meetings as services
from tests.factories import OrganisationFactory
from tests.network.factories import MeetingFactory, MeetingOutcomeFactory, PartnerFactory

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime(2026, 5, 13, 10, 0))


@pytest.fixture
def coach(world):
    """The network coach of org B: keeps the network of project P (any organisation)."""
    return world.member(Role.NETWORK_COACH, world.org_b)


@pytest.fixture
def meeting(world):
    return MeetingFactory(project=world.project, organisation=world.org_a)


def test_the_network_coach_records_a_meeting(world, coach):
    meeting = services.meeting_create(
        actor=coach,
        project=world.project,
        organisation=world.org_b,
        kind="board",
        title="Beirat Mai",
        date=date(2026, 5, 12),
        invited_on=date(2026, 4, 20),
    )
    assert meeting.created_by == coach
    assert meeting.organisation == world.org_b


def test_a_case_worker_cannot_record_a_meeting(world, sender):
    with pytest.raises(PermissionDenied):
        services.meeting_create(
            actor=sender,
            project=world.project,
            organisation=world.org_a,
            kind="board",
            title="Beirat",
            date=date(2026, 5, 12),
        )
    assert not Meeting.objects.exists()


def test_a_meeting_before_its_invitation_is_refused_at_the_field(world, coach):
    with pytest.raises(ValidationError) as raised:
        services.meeting_create(
            actor=coach,
            project=world.project,
            organisation=world.org_b,
            kind="board",
            title="Beirat",
            date=date(2026, 5, 12),
            invited_on=date(2026, 5, 13),
        )
    assert raised.value.message_dict["invited_on"] == [
        "The meeting cannot take place before its invitation was sent."
    ]
    assert not Meeting.objects.exists()


def test_a_stale_edit_is_refused(coach, meeting):
    services.meeting_update(actor=coach, meeting=meeting, expected_version=1, title="New")
    stale = Meeting.objects.get(pk=meeting.pk)
    with pytest.raises(ConcurrentEditError):
        services.meeting_update(actor=coach, meeting=stale, expected_version=1, title="Older")
    assert Meeting.objects.get(pk=meeting.pk).title == "New"


def test_attendees_are_consortium_or_partner_organisations(world, coach, meeting):
    partner = PartnerFactory(project=world.project, organisation=world.org_a)
    services.attendee_add(actor=coach, meeting=meeting, organisation=world.org_b)
    services.attendee_add(
        actor=coach, meeting=meeting, organisation=partner.partner_organisation, name="Frau Kaya"
    )
    with pytest.raises(ValidationError) as raised:
        services.attendee_add(actor=coach, meeting=meeting, organisation=world.org_c)
    assert "organisation" in raised.value.message_dict
    assert meeting.attendees.count() == 2


def test_an_attendee_names_someone_and_is_added_once(world, coach, meeting):
    with pytest.raises(ValidationError) as raised:
        services.attendee_add(actor=coach, meeting=meeting, name="  ")
    assert raised.value.message_dict["name"] == ["Name the person or the organisation."]
    first = services.attendee_add(actor=coach, meeting=meeting, name="Herr Yilmaz")
    again = services.attendee_add(actor=coach, meeting=meeting, name="Herr Yilmaz")
    assert first.pk == again.pk
    services.attendee_set(actor=coach, attendee=first, attended=True)
    assert Attendee.objects.get(pk=first.pk).attended is True


def test_a_staff_attendee_must_see_the_meeting(world, coach, meeting):
    outsider = world.member(Role.CASE_WORKER, world.org_c, project=world.other_project)
    with pytest.raises(ValidationError) as raised:
        services.attendee_add(actor=coach, meeting=meeting, user=outsider)
    assert "user" in raised.value.message_dict


def test_a_decision_without_a_responsible_organisation_is_refused(coach, meeting):
    with pytest.raises(ValidationError) as raised:
        services.outcome_add(
            actor=coach, meeting=meeting, kind="decision", text="We open a second office."
        )
    assert raised.value.message_dict["responsible_organisation"] == [
        "A decision needs the organisation responsible for it."
    ]
    assert not MeetingOutcome.objects.exists()


def test_a_task_needs_its_assignee_from_the_project(world, coach, meeting):
    with pytest.raises(ValidationError) as raised:
        services.outcome_add(actor=coach, meeting=meeting, kind="task", text="Call the school.")
    assert raised.value.message_dict["assignee"] == ["A task needs the person who does it."]
    outsider = world.member(Role.CASE_WORKER, world.org_c, project=world.other_project)
    with pytest.raises(ValidationError):
        services.outcome_add(
            actor=coach, meeting=meeting, kind="task", text="Call.", assignee=outsider
        )
    assert not MeetingOutcome.objects.exists()


def test_outcomes_keep_their_order_and_tasks_follow_decisions(world, coach, sender, meeting):
    info = services.outcome_add(actor=coach, meeting=meeting, kind="information", text="News.")
    decision = services.outcome_add(
        actor=coach,
        meeting=meeting,
        kind="decision",
        text="A joint flyer.",
        responsible_organisation=world.org_b,
        due_date=date(2026, 6, 30),
    )
    task = services.outcome_add(
        actor=coach,
        meeting=meeting,
        kind="task",
        text="Draft the flyer.",
        assignee=sender,
        due_date=date(2026, 6, 1),
        decision=decision,
    )
    assert [o.pk for o in meeting.outcomes.order_by("position", "id")] == [
        info.pk,
        decision.pk,
        task.pk,
    ]
    assert list(decision.tasks.all()) == [task]
    other = MeetingFactory(project=world.project)
    with pytest.raises(ValidationError) as raised:
        services.outcome_add(
            actor=coach, meeting=other, kind="task", text="X", assignee=sender, decision=decision
        )
    assert "decision" in raised.value.message_dict


def test_a_case_worker_cannot_add_outcomes(world, sender, meeting):
    with pytest.raises(PermissionDenied):
        services.outcome_add(actor=sender, meeting=meeting, kind="information", text="News.")


def test_the_assignee_ticks_a_task_off_once_and_reopens_it(world, sender, meeting):
    task = MeetingOutcomeFactory(meeting=meeting, kind="task", text="Call.", assignee=sender)
    first = services.task_set_done(actor=sender, task=task, now=NOW)
    second = services.task_set_done(actor=sender, task=task, now=NOW)
    assert (first.changed, second.changed) == (True, False)
    task.refresh_from_db()
    assert task.done_at == NOW
    assert task.done_by == sender
    assert task.version == 2
    reopened = services.task_set_done(actor=sender, task=task, done=False)
    assert reopened.changed
    assert MeetingOutcome.objects.get(pk=task.pk).done_at is None


def test_someone_else_without_a_network_role_cannot_tick_a_task_off(world, sender, meeting):
    task = MeetingOutcomeFactory(meeting=meeting, kind="task", text="Call.", assignee=sender)
    colleague = world.member(Role.CASE_WORKER, world.org_a)
    with pytest.raises(PermissionDenied):
        services.task_set_done(actor=colleague, task=task)
    lead = world.member(Role.PROJECT_LEAD, world.org_b)
    assert services.task_set_done(actor=lead, task=task).changed


def test_evidence_needs_a_period_in_order(coach, meeting):
    with pytest.raises(ValidationError) as raised:
        services.evidence_add(
            actor=coach,
            meeting=meeting,
            kind="indicators",
            period_start=date(2026, 4, 1),
            period_end=date(2026, 3, 1),
        )
    assert "period_end" in raised.value.message_dict
    item = services.evidence_add(
        actor=coach,
        meeting=meeting,
        kind="indicators",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 3, 31),
    )
    again = services.evidence_add(
        actor=coach,
        meeting=meeting,
        kind="indicators",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 3, 31),
    )
    assert item.pk == again.pk


def test_removing_a_decision_removes_its_tasks(world, coach, sender, meeting):
    decision = MeetingOutcomeFactory(
        meeting=meeting, kind="decision", responsible_organisation=world.org_a
    )
    MeetingOutcomeFactory(meeting=meeting, kind="task", assignee=sender, decision=decision)
    services.outcome_remove(actor=coach, outcome=decision)
    assert not MeetingOutcome.objects.filter(meeting=meeting).exists()


def test_an_outside_organisation_is_not_responsible(world, coach, meeting):
    with pytest.raises(ValidationError) as raised:
        services.outcome_add(
            actor=coach,
            meeting=meeting,
            kind="decision",
            text="X",
            responsible_organisation=OrganisationFactory(),
        )
    assert "responsible_organisation" in raised.value.message_dict


def test_a_double_submitted_outcome_is_added_once(world, coach, meeting):
    first = services.outcome_add(
        actor=coach,
        meeting=meeting,
        kind="decision",
        text="A joint flyer.",
        responsible_organisation=world.org_b,
    )
    again = services.outcome_add(
        actor=coach,
        meeting=meeting,
        kind="decision",
        text="A joint flyer.",
        responsible_organisation=world.org_b,
    )
    assert first.pk == again.pk
    assert meeting.outcomes.count() == 1
