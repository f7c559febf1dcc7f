"""Permissions of the case file as `rules` predicates.

The object is a `Case` (or a `Project` for creating and importing; none for the case
list and its export). A case is open to
the owning organisation's staff with a case role in its project; evaluators, network
coaches and employer liaisons never see individual cases.
"""

import rules

from quartier.core.models import CASE_ROLES, Membership, Role
from quartier.core.rules import is_platform_admin
from quartier.participants.selectors.participants import case_grants


@rules.predicate
def has_case_role_for_case(user, case) -> bool:
    if not user.is_authenticated or not user.is_active or case is None:
        return False
    return Membership.objects.filter(
        user=user,
        project_id=case.project_id,
        organisation_id=case.organisation_id,
        role__in=list(CASE_ROLES),
    ).exists()


@rules.predicate
def has_case_role_in_project(user, project) -> bool:
    if not user.is_authenticated or not user.is_active or project is None:
        return False
    return Membership.objects.filter(user=user, project=project, role__in=list(CASE_ROLES)).exists()


@rules.predicate
def has_case_role_anywhere(user) -> bool:
    """A case role in some project: the case list and its export are for case staff."""
    return bool(case_grants(user))


@rules.predicate
def is_lead_of_project(user, project) -> bool:
    if not user.is_authenticated or not user.is_active or project is None:
        return False
    return Membership.objects.filter(user=user, project=project, role=Role.PROJECT_LEAD).exists()


rules.add_perm("cases.view_case", is_platform_admin | has_case_role_for_case)
rules.add_perm("cases.change_case", is_platform_admin | has_case_role_for_case)
rules.add_perm("cases.add_case", is_platform_admin | has_case_role_in_project)
rules.add_perm("cases.import_participants", is_platform_admin | is_lead_of_project)
rules.add_perm("cases.list_case", is_platform_admin | has_case_role_anywhere)
rules.add_perm("cases.export_case", is_platform_admin | has_case_role_anywhere)
