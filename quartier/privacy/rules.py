"""Permissions of the privacy app as `rules` predicates.

A data-protection officer (and the organisation admin, `PRIVACY_ROLES`) does the
data-protection duties of her organisation in a project: she sees its participants'
consents and their access log, withdraws a consent on the person's behalf, exports
what is stored about a person (Art. 15) and erases a person (Art. 17). She sees no case
work otherwise. Everything is per organisation: the participants of another
organisation of the same project are not hers (a 404).

Per project:

- the retention rules are kept by the project lead or a data-protection officer in the
  project, and read by every privacy role and the project lead;
- the register of processing activities (Art. 30) is read by the same people;
- the pseudonymised case-level export is only for the project's evaluators.

Case staff withdraw a consent from the case page as before (`cases.change_case`).
"""

import rules

from quartier.core.models import Role
from quartier.core.rules import is_platform_admin
from quartier.core.tenancy import PRIVACY_ROLES, has_role, roles_of


def _participant(record):
    """The participant a record is about: a participant itself, or a consent's or case's."""
    if record is None:
        return None
    if hasattr(record, "birth_date"):
        return record
    return getattr(record, "participant", None)


def _project_id(project):
    return getattr(project, "pk", project)


@rules.predicate
def is_privacy_officer_for(user, record) -> bool:
    """A privacy role in the project and organisation of the participant the record is
    about."""
    participant = _participant(record)
    return participant is not None and has_role(
        user,
        participant.project_id,
        *PRIVACY_ROLES,
        organisation=participant.organisation_id,
    )


@rules.predicate
def has_privacy_role_anywhere(user) -> bool:
    # `roles_of` keeps the user's roles for the request: the navigation asks this on
    # every page without a query of its own.
    return bool(roles_of(user) & PRIVACY_ROLES)


@rules.predicate
def has_privacy_role_in_project(user, project) -> bool:
    return project is not None and has_role(user, _project_id(project), *PRIVACY_ROLES)


@rules.predicate
def is_dpo_in_project(user, project) -> bool:
    return project is not None and has_role(
        user, _project_id(project), Role.DATA_PROTECTION_OFFICER
    )


@rules.predicate
def is_project_lead_of(user, project) -> bool:
    return project is not None and has_role(user, _project_id(project), Role.PROJECT_LEAD)


@rules.predicate
def is_evaluator_in_project(user, project) -> bool:
    return project is not None and has_role(user, _project_id(project), Role.EVALUATOR)


@rules.predicate
def has_case_change(user, consent) -> bool:
    """The case staff of the consent's participant (they record and withdraw consents on
    the case page)."""
    participant = _participant(consent)
    case = getattr(participant, "case", None) if participant is not None else None
    return case is not None and user.has_perm("cases.change_case", case)


# The privacy area: start page part, navigation, consent register, access log, erasure log.
rules.add_perm("privacy.view_privacy", is_platform_admin | has_privacy_role_anywhere)
# A person's data-protection page, their consents, their access log.
rules.add_perm("privacy.view_person", is_platform_admin | is_privacy_officer_for)
rules.add_perm(
    "privacy.withdraw_consent", is_platform_admin | is_privacy_officer_for | has_case_change
)
rules.add_perm("privacy.export_person_data", is_platform_admin | is_privacy_officer_for)
rules.add_perm("privacy.erase_person", is_platform_admin | is_privacy_officer_for)
# Per project.
rules.add_perm(
    "privacy.view_retention_rules",
    is_platform_admin | has_privacy_role_in_project | is_project_lead_of,
)
rules.add_perm(
    "privacy.manage_retention_rules", is_platform_admin | is_dpo_in_project | is_project_lead_of
)
rules.add_perm(
    "privacy.view_processing_register",
    is_platform_admin | has_privacy_role_in_project | is_project_lead_of,
)
rules.add_perm("privacy.export_evaluation_data", is_evaluator_in_project)
