"""Every core permission against every role, on the user's own project and a foreign one."""

import pytest

from quartier.core.models import Role
from tests.conftest import ALL_ROLES

# permission -> roles that hold it on their own project (platform admins hold all)
GRANTS = {
    "core.manage_members": {Role.PROJECT_LEAD, Role.ORGANISATION_ADMIN},
    "core.change_project_details": {Role.PROJECT_LEAD},
}


@pytest.mark.django_db
@pytest.mark.parametrize("perm", sorted(GRANTS))
@pytest.mark.parametrize("role", ALL_ROLES)
def test_project_permission(world, perm, role):
    user = world.member(role)
    assert user.has_perm(perm, world.project) == (role in GRANTS[perm])
    assert not user.has_perm(perm, world.other_project), "never on a foreign project"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ALL_ROLES)
def test_view_auditlog_only_for_organisation_admins(world, role):
    user = world.member(role)
    assert user.has_perm("core.view_auditlog") == (role == Role.ORGANISATION_ADMIN)


@pytest.mark.django_db
@pytest.mark.parametrize("perm", [*sorted(GRANTS), "core.view_auditlog"])
def test_platform_admin_holds_every_core_permission(world, platform_admin, perm):
    assert platform_admin.has_perm(perm, world.project if perm != "core.view_auditlog" else None)


@pytest.mark.django_db
@pytest.mark.parametrize("perm", [*sorted(GRANTS), "core.view_auditlog"])
def test_deactivated_user_holds_nothing(world, perm):
    user = world.member(Role.PROJECT_LEAD)
    user.is_active = False
    user.save()
    target = world.project if perm != "core.view_auditlog" else None
    assert not user.has_perm(perm, target)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ALL_ROLES)
def test_change_organisation_details_only_for_its_own_admins(world, role):
    user = world.member(role)
    allowed = role == Role.ORGANISATION_ADMIN
    assert user.has_perm("core.change_organisation_details", world.org_a) == allowed
    assert not user.has_perm("core.change_organisation_details", world.org_b)
    assert not user.has_perm("core.change_organisation_details", world.org_c)


# permission -> roles that hold it in some project (the navigation's entries)
NAVIGATION_GRANTS = {
    "core.view_case_work": {Role.PROJECT_LEAD, Role.CASE_WORKER, Role.JOB_COACH},
    "core.view_reports": {Role.PROJECT_LEAD, Role.CASE_WORKER, Role.JOB_COACH, Role.EVALUATOR},
}


@pytest.mark.django_db
@pytest.mark.parametrize("perm", sorted(NAVIGATION_GRANTS))
@pytest.mark.parametrize("role", ALL_ROLES)
def test_navigation_permission(world, perm, role):
    user = world.member(role)
    assert user.has_perm(perm) == (role in NAVIGATION_GRANTS[perm])


@pytest.mark.django_db
@pytest.mark.parametrize("perm", sorted(NAVIGATION_GRANTS))
def test_navigation_permission_of_platform_admin_and_nobody(world, platform_admin, perm):
    from tests.factories import UserFactory

    assert platform_admin.has_perm(perm)
    assert not UserFactory().has_perm(perm)
