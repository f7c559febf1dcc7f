"""Reads of vacant units (`economy.selectors.units`): scoping and the list's filter."""

import pytest

from quartier.core.models import Role
from quartier.economy.selectors import units as selectors
from tests.economy.factories_events import EventEmployerFactory, UnitFactory

pytestmark = pytest.mark.django_db


def test_units_are_seen_by_the_vacancy_roles_of_their_tenant(world):
    own = UnitFactory(project=world.project, organisation=world.org_a)
    UnitFactory(project=world.project, organisation=world.org_b)
    UnitFactory(project=world.other_project, organisation=world.org_c)
    for role in (Role.EMPLOYER_LIAISON, Role.CASE_WORKER, Role.JOB_COACH, Role.PROJECT_LEAD):
        assert list(selectors.units_visible_to(world.member(role))) == [own]
    for role in (Role.NETWORK_COACH, Role.EVALUATOR, Role.ORGANISATION_ADMIN):
        assert not selectors.units_visible_to(world.member(role)).exists()


def test_the_list_filters_by_status_and_address(world):
    liaison = world.member(Role.EMPLOYER_LIAISON)
    own = {"project": world.project, "organisation": world.org_a}
    vacant = UnitFactory(**own, street="Karl-Marx-Allee 3", postcode="07747")
    talks = UnitFactory(**own, street="Emil-Wölk-Straße 4", status="in_talks", postcode="07745")

    def listed(**filters):
        return list(selectors.unit_list(user=liaison, filters=filters))

    assert listed() == [vacant, talks]  # vacant first
    assert listed(status="vacant") == [vacant]
    assert listed(q="wölk") == [talks]
    assert listed(q="07747") == [vacant]
    assert listed(project=world.other_project.pk) == []


def test_tenant_choices_are_the_projects_employers_the_user_sees(world):
    liaison = world.member(Role.EMPLOYER_LIAISON)
    unit = UnitFactory(project=world.project, organisation=world.org_a)
    mine = EventEmployerFactory(project=world.project, organisation=world.org_a)
    EventEmployerFactory(project=world.project, organisation=world.org_b)
    EventEmployerFactory(project=world.other_project, organisation=world.org_c)
    assert list(selectors.tenant_choices(user=liaison, unit=unit)) == [mine]
