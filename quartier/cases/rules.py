"""Permissions of the case file as `rules` predicates.

The object is a `Case` (or a `Project` for creating and importing; none for the case
list and its export). A case is open to
the owning organisation's staff with a case role in its project; evaluators, network
coaches and employer liaisons never see individual cases.
"""

import rules

from quartier.core.rules import has_case_role_anywhere, is_platform_admin, is_project_lead
from quartier.core.tenancy import CASE_ROLES, has_role


@rules.predicate
def has_case_role_for_case(user, case) -> bool:
    if case is None:
        return False
    return has_role(user, case.project_id, *CASE_ROLES, organisation=case.organisation_id)


@rules.predicate
def has_case_role_in_project(user, project) -> bool:
    return has_role(user, project, *CASE_ROLES)


rules.add_perm("cases.view_case", is_platform_admin | has_case_role_for_case)
rules.add_perm("cases.change_case", is_platform_admin | has_case_role_for_case)
rules.add_perm("cases.add_case", is_platform_admin | has_case_role_in_project)
rules.add_perm("cases.import_participants", is_platform_admin | is_project_lead)
# The case list and its export are for case staff: a case role in some project.
rules.add_perm("cases.list_case", is_platform_admin | has_case_role_anywhere)
rules.add_perm("cases.export_case", is_platform_admin | has_case_role_anywhere)
