"""The tenancy module: roles in a project, grants, the tenant condition, the acting
organisation."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from quartier.core import tenancy
from quartier.core.models import Membership, Project, Role
from quartier.participants.models import Participant
from tests.conftest import ALL_ROLES
from tests.factories import MembershipFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


def test_role_sets_cover_every_role_once_where_they_must():
    assert set(Role.values) == tenancy.ALL_ROLES
    assert not tenancy.CASE_ROLES & tenancy.AGGREGATE_ONLY_ROLES
    assert not tenancy.CASE_ROLES & tenancy.NETWORK_ROLES
    assert tenancy.REPORT_ROLES == tenancy.CASE_ROLES | tenancy.AGGREGATE_ONLY_ROLES


@pytest.mark.parametrize("role", ALL_ROLES)
def test_has_role_in_own_project_only(world, role):
    user = world.member(role)
    assert tenancy.has_role(user, world.project)
    assert tenancy.has_role(user, world.project, role)
    assert tenancy.has_role(user, world.project.pk, role, organisation=world.org_a)
    assert not tenancy.has_role(user, world.project, role, organisation=world.org_b)
    assert not tenancy.has_role(user, world.other_project)
    assert tenancy.roles_in(user, world.project) == {role}
    assert tenancy.roles_of(user) == {role}


def test_has_role_with_other_roles_is_false(world):
    user = world.member(Role.EVALUATOR)
    assert not tenancy.has_role(user, world.project, *tenancy.CASE_ROLES)
    assert tenancy.has_role(user, world.project, *tenancy.REPORT_ROLES)


def test_inactive_and_anonymous_users_hold_no_role(world):
    user = world.member(Role.CASE_WORKER)
    user.is_active = False
    user.save()
    for nobody in (user, AnonymousUser(), None):
        assert not tenancy.has_role(nobody, world.project)
        assert not tenancy.has_role_anywhere(nobody)
        assert tenancy.grants(nobody) == set()
        assert tenancy.roles_in(nobody, world.project) == set()
        assert not tenancy.memberships_of(nobody).exists()


def test_has_role_on_no_project_is_false(world):
    assert not tenancy.has_role(world.member(Role.PROJECT_LEAD), None)


def test_has_role_anywhere_by_organisation(world):
    user = world.member(Role.ORGANISATION_ADMIN, organisation=world.org_b)
    assert tenancy.has_role_anywhere(user, Role.ORGANISATION_ADMIN)
    assert tenancy.has_role_anywhere(user, Role.ORGANISATION_ADMIN, organisation=world.org_b)
    assert not tenancy.has_role_anywhere(user, Role.ORGANISATION_ADMIN, organisation=world.org_a)
    assert not tenancy.has_role_anywhere(user, Role.PROJECT_LEAD)


def test_case_grants_are_the_case_role_pairs(world):
    user = world.member(Role.CASE_WORKER)
    MembershipFactory(
        user=user, project=world.other_project, organisation=world.org_c, role=Role.EVALUATOR
    )
    assert tenancy.case_grants(user) == {(world.project.pk, world.org_a.pk)}
    assert tenancy.grants(user) == {
        (world.project.pk, world.org_a.pk),
        (world.other_project.pk, world.org_c.pk),
    }


def test_tenant_condition_scopes_rows_to_the_grants(world):
    own = ParticipantFactory(project=world.project, organisation=world.org_a)
    ParticipantFactory(project=world.project, organisation=world.org_b)
    ParticipantFactory(project=world.other_project, organisation=world.org_c)
    condition = tenancy.tenant_condition({(world.project.pk, world.org_a.pk)})
    assert list(Participant.objects.filter(condition)) == [own]


def test_tenant_condition_without_grants_is_none():
    assert tenancy.tenant_condition(set()) is None


def test_tenant_condition_through_a_relation():
    condition = tenancy.tenant_condition({(1, 2)}, prefix="case__")
    assert condition == Q() | Q(case__project_id=1, case__organisation_id=2)


def test_project_ids_with_role_is_a_subquery(world):
    user = world.member(Role.JOB_COACH)
    projects = Project.objects.filter(pk__in=tenancy.project_ids_with_role(user))
    assert list(projects) == [world.project]
    assert not Project.objects.filter(
        pk__in=tenancy.project_ids_with_role(user, Role.EVALUATOR)
    ).exists()


def test_acting_organisation_is_the_first_case_role_organisation(world):
    user = world.member(Role.CASE_WORKER, organisation=world.org_b)
    MembershipFactory(
        user=user, project=world.project, organisation=world.org_a, role=Role.CASE_WORKER
    )
    assert tenancy.acting_organisation(user, world.project) == world.org_b
    assert tenancy.acting_organisation(user, world.project, slug=world.org_a.slug) == world.org_a
    assert tenancy.acting_organisation(user, world.project, slug=world.org_c.slug) is None
    assert tenancy.acting_organisation(user, world.other_project) is None


def test_acting_organisation_needs_a_case_role(world):
    user = world.member(Role.EVALUATOR)
    assert tenancy.acting_organisation(user, world.project) is None
    assert tenancy.acting_organisation(user, world.project, roles=tenancy.ALL_ROLES) == world.org_a


def test_platform_admin_acts_for_the_lead_or_a_named_consortium_organisation(world, platform_admin):
    assert tenancy.acting_organisation(platform_admin, world.project) == world.org_a
    assert (
        tenancy.acting_organisation(platform_admin, world.project, slug=world.org_b.slug)
        == world.org_b
    )
    assert tenancy.acting_organisation(platform_admin, world.project, slug=world.org_c.slug) is None


def test_may_act_for(world, platform_admin):
    user = world.member(Role.CASE_WORKER)
    assert tenancy.may_act_for(user, world.project, world.org_a)
    assert not tenancy.may_act_for(user, world.project, world.org_b)
    assert tenancy.may_act_for(platform_admin, world.project, world.org_b)
    assert not tenancy.may_act_for(AnonymousUser(), world.project, world.org_a)
    evaluator = world.member(Role.EVALUATOR, organisation=world.org_b)
    assert not tenancy.may_act_for(evaluator, world.project, world.org_b)
    assert tenancy.may_act_for(evaluator, world.project, world.org_b, roles=tenancy.ALL_ROLES)


def test_memberships_with_role_is_the_team_whoever_asks(world):
    lead = world.member(Role.PROJECT_LEAD)
    world.member(Role.PROJECT_LEAD, organisation=world.org_b)
    world.member(Role.CASE_WORKER)
    leads_of_a = tenancy.memberships_with_role(
        world.project, Role.PROJECT_LEAD, organisation=world.org_a
    )
    assert [m.user for m in leads_of_a] == [lead]
    assert tenancy.memberships_with_role(world.project, Role.PROJECT_LEAD).count() == 2
    assert tenancy.memberships_with_role([world.project.pk, world.other_project.pk]).count() == 3
    assert tenancy.memberships_with_role(world.other_project).count() == 0
    assert Membership.objects.count() == 3


def test_platform_admin_with_a_membership_acts_for_its_organisation(world, platform_admin):
    MembershipFactory(
        user=platform_admin, project=world.project, organisation=world.org_b, role=Role.CASE_WORKER
    )
    assert tenancy.acting_organisation(platform_admin, world.project) == world.org_b
    assert (
        tenancy.acting_organisation(platform_admin, world.project, slug=world.org_a.slug)
        == world.org_a
    )


def test_projects_with_case_role(world, platform_admin):
    worker = world.member(Role.CASE_WORKER)
    world.member(Role.EVALUATOR, project=world.other_project, organisation=world.org_c)
    evaluator = world.member(Role.EVALUATOR)
    assert list(tenancy.projects_with_case_role(worker)) == [world.project]
    assert not tenancy.projects_with_case_role(evaluator).exists()
    assert not tenancy.projects_with_case_role(AnonymousUser()).exists()
    assert set(tenancy.projects_with_case_role(platform_admin)) == {
        world.project,
        world.other_project,
    }


def test_memberships_in_tenants(world):
    worker_a = world.member(Role.CASE_WORKER)
    world.member(Role.EVALUATOR)
    world.member(Role.CASE_WORKER, organisation=world.org_b)
    grants = {(world.project.pk, world.org_a.pk)}
    in_a = tenancy.memberships_in_tenants(grants)
    assert in_a.count() == 2
    assert [m.user for m in tenancy.memberships_in_tenants(grants, *tenancy.CASE_ROLES)] == [
        worker_a
    ]
    assert not tenancy.memberships_in_tenants(set()).exists()
    assert tenancy.memberships_in_tenants(None).count() == 3


def test_staff_with_role_are_active_users_by_name(world):
    lead = world.member(Role.PROJECT_LEAD)
    lead.full_name = "Zora Lead"
    lead.save()
    worker = world.member(Role.CASE_WORKER)
    worker.full_name = "Anna Worker"
    worker.save()
    gone = world.member(Role.CASE_WORKER)
    gone.is_active = False
    gone.save()
    world.member(Role.CASE_WORKER, organisation=world.org_b)
    world.member(Role.EVALUATOR)
    team = tenancy.staff_with_role(world.project, *tenancy.CASE_ROLES, organisation=world.org_a)
    assert list(team) == [worker, lead]
    assert tenancy.staff_with_role([world.other_project.pk]).count() == 0
