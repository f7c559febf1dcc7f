"""Reads of business events (`economy.selectors.events`): who sees which event, the
list's filters, whom an event may invite, and the employer liaison's start-page part."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quartier.core.models import Role
from quartier.economy.selectors import events as selectors
from tests.economy.factories_events import (
    EventEmployerFactory,
    EventFactory,
    EventTaskFactory,
    InvitationFactory,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 10)


@pytest.fixture
def liaison(world):
    return world.member(Role.EMPLOYER_LIAISON, world.org_a)


def test_events_are_seen_by_the_vacancy_roles_of_their_tenant(world, liaison, platform_admin):
    own = EventFactory(project=world.project, organisation=world.org_a)
    partners = EventFactory(project=world.project, organisation=world.org_b)
    EventFactory(project=world.other_project, organisation=world.org_c)
    assert list(selectors.events_visible_to(liaison)) == [own]
    assert list(selectors.events_visible_to(world.member(Role.CASE_WORKER))) == [own]
    for role in (Role.NETWORK_COACH, Role.EVALUATOR, Role.ORGANISATION_ADMIN):
        assert not selectors.events_visible_to(world.member(role)).exists()
    assert {e.pk for e in selectors.events_visible_to(platform_admin)} >= {own.pk, partners.pk}


@time_machine.travel(dt.datetime(2026, 3, 10, 10, 0), tick=False)
def test_the_list_filters_by_time_kind_project_and_words(world, liaison):
    past = EventFactory(
        project=world.project, organisation=world.org_a, date=dt.date(2026, 2, 1), kind="fair"
    )
    soon = EventFactory(
        project=world.project,
        organisation=world.org_a,
        date=dt.date(2026, 3, 20),
        title="Gewerbestammtisch Winzerla",
        kind="regulars_table",
    )
    later = EventFactory(project=world.project, organisation=world.org_a, date=dt.date(2026, 4, 2))
    InvitationFactory(event=soon, attended=True)
    InvitationFactory(event=soon)

    def listed(**filters):
        return list(selectors.event_list(user=liaison, filters=filters))

    assert listed() == [later, soon, past]
    assert listed(when="upcoming") == [soon, later]
    assert listed(when="past") == [past]
    assert listed(kind="fair") == [past]
    assert listed(q="stammtisch winzerla") == [soon]
    assert listed(project=world.other_project.pk) == []
    counted = listed(q="Stammtisch")[0]
    assert (counted.invited_count, counted.attended_count) == (2, 1)


def test_the_list_costs_the_same_queries_for_more_events(world, liaison):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            for event in selectors.event_list(user=liaison, filters={}):
                str(event.project.name) + str(event.responsible)
        return len(queries)

    EventFactory(project=world.project, organisation=world.org_a, responsible=liaison)
    one = count()
    for _ in range(4):
        InvitationFactory(
            event=EventFactory(project=world.project, organisation=world.org_a, responsible=liaison)
        )
    assert count() == one


def test_invitable_employers(world, liaison):
    event = EventFactory(project=world.project, organisation=world.org_a)
    invited = InvitationFactory(event=event).employer
    free = EventEmployerFactory(project=world.project, organisation=world.org_a, name="Aaa")
    EventEmployerFactory(project=world.project, organisation=world.org_a, review_status="rejected")
    EventEmployerFactory(project=world.project, organisation=world.org_b)
    EventEmployerFactory(project=world.other_project, organisation=world.org_c)
    assert list(selectors.invitable_employers(user=liaison, event=event)) == [free]
    assert invited not in selectors.invitable_employers(user=liaison, event=event)


def test_event_staff_are_the_economy_roles_of_the_events_organisation(world, liaison):
    coach = world.member(Role.JOB_COACH, world.org_a)
    world.member(Role.CASE_WORKER, world.org_a)
    world.member(Role.EMPLOYER_LIAISON, world.org_b)
    event = EventFactory(project=world.project, organisation=world.org_a)
    assert set(selectors.event_staff(event)) == {liaison, coach}


def test_start_page_part(world, liaison):
    other_liaison = world.member(Role.EMPLOYER_LIAISON, world.org_a)
    own = {"project": world.project, "organisation": world.org_a}
    in_a_week = EventFactory(**own, date=TODAY + dt.timedelta(days=7))
    today = EventFactory(**own, date=TODAY, responsible=liaison)
    EventFactory(**own, date=TODAY + dt.timedelta(days=15))
    EventFactory(**own, date=TODAY - dt.timedelta(days=1))
    EventFactory(project=world.project, organisation=world.org_b, date=TODAY)
    overdue = EventTaskFactory(
        event=in_a_week, assigned_to=liaison, due_date=TODAY - dt.timedelta(days=3)
    )
    due = EventTaskFactory(event=today, assigned_to=liaison, due_date=TODAY)
    EventTaskFactory(event=today, assigned_to=liaison, due_date=TODAY + dt.timedelta(days=1))
    EventTaskFactory(event=today, assigned_to=other_liaison, due_date=TODAY)
    EventTaskFactory(
        event=today,
        assigned_to=liaison,
        due_date=TODAY,
        done_at=dt.datetime(2026, 3, 9, 12, 0, tzinfo=dt.UTC),
    )
    part = selectors.events_part(user=liaison, today=TODAY)["events_start"]
    assert part["events"] == [today, in_a_week]
    assert part["tasks"] == [overdue, due]


def test_start_page_part_is_empty_for_a_case_worker(world):
    worker = world.member(Role.CASE_WORKER, world.org_a)
    EventFactory(project=world.project, organisation=world.org_a, date=TODAY)
    part = selectors.events_part(user=worker, today=TODAY)["events_start"]
    assert (part["events"], part["tasks"]) == ([], [])
