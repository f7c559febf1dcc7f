"""The case file's permissions across every role (one row per role and object)."""

import pytest
from django.urls import reverse

from quartier.core.models import Role
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

CASE_ROLES = {Role.PROJECT_LEAD, Role.CASE_WORKER, Role.JOB_COACH}


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("perm", ["cases.view_case", "cases.change_case"])
def test_own_organisations_case_only_for_case_roles(world, role, perm):
    case = CaseFactory(participant__project=world.project, participant__organisation=world.org_a)
    user = world.member(role, world.org_a)
    assert user.has_perm(perm, case) is (role in CASE_ROLES)


@pytest.mark.parametrize("role", list(Role))
def test_partner_organisations_case_is_closed_to_every_role(world, role):
    case = CaseFactory(participant__project=world.project, participant__organisation=world.org_b)
    user = world.member(role, world.org_a)
    assert not user.has_perm("cases.view_case", case)


@pytest.mark.parametrize("role", list(Role))
def test_other_projects_case_is_closed_to_every_role(world, role):
    case = CaseFactory(
        participant__project=world.other_project, participant__organisation=world.org_c
    )
    user = world.member(role, world.org_c)  # same organisation, but a role in project P only
    assert not user.has_perm("cases.view_case", case)


@pytest.mark.parametrize("role", list(Role))
def test_taking_in_participants_needs_a_case_role(world, role):
    user = world.member(role, world.org_a)
    assert user.has_perm("cases.add_case", world.project) is (role in CASE_ROLES)


@pytest.mark.parametrize("role", list(Role))
def test_only_leads_import_participant_lists(world, role):
    user = world.member(role, world.org_a)
    assert user.has_perm("cases.import_participants", world.project) is (role == Role.PROJECT_LEAD)


def test_platform_admin_may_everything(world, platform_admin):
    case = CaseFactory(participant__project=world.project, participant__organisation=world.org_a)
    assert platform_admin.has_perm("cases.view_case", case)
    assert platform_admin.has_perm("cases.import_participants", world.project)


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("perm", ["cases.list_case", "cases.export_case"])
def test_case_list_and_its_export_need_a_case_role_somewhere(world, role, perm):
    user = world.member(role, world.org_a)
    assert user.has_perm(perm) is (role in CASE_ROLES)


def test_case_list_export_is_refused_without_a_case_role(world, client):
    evaluator = world.member(Role.EVALUATOR, world.org_a)
    client.force_login(evaluator)
    assert client.get(reverse("cases:case_list_csv")).status_code == 403
