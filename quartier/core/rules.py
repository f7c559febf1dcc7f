"""Permissions of the core app as `rules` predicates.

Deny by default: a permission holds only when a predicate below says so.
The object is a `Project`, or an `Organisation` for organisation admin rights.
"""

import rules

from quartier.core.models import Role
from quartier.core.tenancy import (
    CASE_ROLES,
    REPORT_ROLES,
    VACANCY_ROLES,
    has_role,
    has_role_anywhere,
    roles_of,
)


@rules.predicate
def is_platform_admin(user) -> bool:
    return bool(user.is_authenticated and user.is_platform_admin)


@rules.predicate
def is_project_member(user, project) -> bool:
    return has_role(user, project)


@rules.predicate
def is_project_lead(user, project) -> bool:
    return has_role(user, project, Role.PROJECT_LEAD)


@rules.predicate
def is_organisation_admin_in_project(user, project) -> bool:
    return has_role(user, project, Role.ORGANISATION_ADMIN)


@rules.predicate
def is_any_organisation_admin(user) -> bool:
    return has_role_anywhere(user, Role.ORGANISATION_ADMIN)


@rules.predicate
def is_organisation_admin(user, organisation) -> bool:
    if organisation is None:
        return False
    return has_role_anywhere(user, Role.ORGANISATION_ADMIN, organisation=organisation)


@rules.predicate
def has_case_role_anywhere(user) -> bool:
    """A case role in some project (the roles are read once per request)."""
    return bool(roles_of(user) & CASE_ROLES)


@rules.predicate
def has_report_role_anywhere(user) -> bool:
    """A role that sees reports in some project (the roles are read once per request)."""
    return bool(roles_of(user) & REPORT_ROLES)


@rules.predicate
def has_vacancy_role_anywhere(user) -> bool:
    """A role that sees employers and vacancies in some project."""
    return bool(roles_of(user) & VACANCY_ROLES)


# Opens the team page; which organisations' roles a person may change is decided by
# selectors.organisations_managed_by (their own organisation, not the partners').
rules.add_perm(
    "core.manage_members",
    is_platform_admin | is_project_lead | is_organisation_admin_in_project,
)
rules.add_perm("core.change_project_details", is_platform_admin | is_project_lead)
rules.add_perm("core.view_auditlog", is_platform_admin | is_any_organisation_admin)
rules.add_perm("core.change_organisation_details", is_platform_admin | is_organisation_admin)
# The navigation: the case work pages (cases, first contacts, offers) and the reports.
# Which project's cases or reports a person sees is the apps' own permissions.
rules.add_perm("core.view_case_work", is_platform_admin | has_case_role_anywhere)
rules.add_perm("core.view_reports", is_platform_admin | has_report_role_anywhere)
# The navigation: employers and vacancies (the local economy).
rules.add_perm("core.view_economy", is_platform_admin | has_vacancy_role_anywhere)
