"""Permissions of matching as `rules` predicates.

- A participant's ranked vacancies and offers are part of the case: those who may see
  the case see them; those who may change it record a decision (propose, contact,
  dismiss).
- A vacancy's ranked participants are shown to staff who see the vacancy *and* hold a
  case role in its project; the list holds only the participants whose cases they may
  see (`cases_visible_to`), so a partner's participants never appear.
- The weights are the project lead's.
"""

import rules

from quartier.cases.rules import has_case_role_for_case
from quartier.core.rules import is_platform_admin, is_project_lead
from quartier.core.tenancy import CASE_ROLES, VACANCY_ROLES, has_role


@rules.predicate
def may_match_for_vacancy(user, vacancy) -> bool:
    if vacancy is None:
        return False
    return has_role(
        user, vacancy.project_id, *VACANCY_ROLES, organisation=vacancy.organisation_id
    ) and has_role(user, vacancy.project_id, *CASE_ROLES)


# The object is the case.
rules.add_perm("matching.view_matches", is_platform_admin | has_case_role_for_case)
rules.add_perm("matching.decide", is_platform_admin | has_case_role_for_case)
# The object is the vacancy.
rules.add_perm("matching.view_vacancy_matches", is_platform_admin | may_match_for_vacancy)
# The object is the project.
rules.add_perm("matching.change_weights", is_platform_admin | is_project_lead)
