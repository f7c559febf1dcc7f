"""Permissions of the local economy as `rules` predicates.

Employers, their services, events, vacant units and vacancies belong to a project and
an owning organisation, like every other record:

- staff with a vacancy role (`VACANCY_ROLES`: project lead, case worker, job coach,
  employer liaison) in that project *and* organisation see them (case workers to match
  people to vacancies);
- staff with an economy role (`ECONOMY_ROLES`: project lead, job coach, employer
  liaison) there change them; creating one needs that role in the project (the service
  checks the organisation it will belong to);
- the inbox of what employers report, and the import from the Bundesagentur, are the
  employer liaison's and the project lead's;
- a placement is part of a case: those who may change the case record it; a
  stabilisation check-in with the employer may also be recorded by the employer
  liaison of the case's organisation (she sees the participant's name and job there,
  nothing else of the case);
- a project's settings (check-in schedule) are the project lead's.

Evaluators, network coaches and organisation admins see none of it (the evaluator
sees the figures in the reports).
"""

import rules

from quartier.cases.rules import has_case_role_for_case
from quartier.core.models import Role
from quartier.core.rules import is_platform_admin, is_project_lead
from quartier.core.tenancy import ECONOMY_ROLES, VACANCY_ROLES, has_role

#: Who runs the inbox of reported vacancies and the job search import.
INBOX_ROLES = frozenset({Role.PROJECT_LEAD, Role.EMPLOYER_LIAISON})


def _owned(record):
    """The record that carries project and organisation (an employer's child: the
    employer; an event's invitation or task: the event)."""
    for attribute in ("event", "unit", "employer"):
        if record is not None and not hasattr(record, "project_id") and hasattr(record, attribute):
            record = getattr(record, attribute)
    return record


def _role_in_tenant(user, record, roles) -> bool:
    owned = _owned(record)
    if owned is None:
        return False
    return has_role(user, owned.project_id, *roles, organisation=owned.organisation_id)


@rules.predicate
def sees_economy_record(user, record) -> bool:
    """A vacancy role in the record's project and organisation."""
    return _role_in_tenant(user, record, VACANCY_ROLES)


@rules.predicate
def works_on_economy_record(user, record) -> bool:
    """An economy role in the record's project and organisation."""
    return _role_in_tenant(user, record, ECONOMY_ROLES)


@rules.predicate
def has_economy_role_in_project(user, project) -> bool:
    return project is not None and has_role(user, project, *ECONOMY_ROLES)


@rules.predicate
def has_vacancy_role_in_project(user, project) -> bool:
    return project is not None and has_role(user, project, *VACANCY_ROLES)


@rules.predicate
def runs_inbox_in_project(user, project) -> bool:
    return project is not None and has_role(user, project, *INBOX_ROLES)


@rules.predicate
def may_change_placements_case(user, placement) -> bool:
    return placement is not None and has_case_role_for_case(user, placement.case)


@rules.predicate
def may_record_check(user, check) -> bool:
    """The case's staff; for a check-in with the employer also the employer liaison of
    the case's project and organisation."""
    if check is None:
        return False
    case = check.placement.case
    if has_case_role_for_case(user, case):
        return True
    return check.with_whom == "employer" and has_role(
        user, case.project_id, Role.EMPLOYER_LIAISON, organisation=case.organisation_id
    )


# The object is the employer (or an employer's contact person, contact or service).
rules.add_perm("economy.view_employer", is_platform_admin | sees_economy_record)
rules.add_perm("economy.change_employer", is_platform_admin | works_on_economy_record)
# The object is the business event (or its invitation or task).
rules.add_perm("economy.view_event", is_platform_admin | sees_economy_record)
rules.add_perm("economy.change_event", is_platform_admin | works_on_economy_record)
# The object is the vacant unit.
rules.add_perm("economy.view_unit", is_platform_admin | sees_economy_record)
rules.add_perm("economy.change_unit", is_platform_admin | works_on_economy_record)
# The object is the vacancy.
rules.add_perm("economy.view_vacancy", is_platform_admin | sees_economy_record)
rules.add_perm("economy.change_vacancy", is_platform_admin | works_on_economy_record)
# The object is a project: creating records there, the lists and the inbox.
rules.add_perm("economy.add_record", is_platform_admin | has_economy_role_in_project)
rules.add_perm("economy.view_records", is_platform_admin | has_vacancy_role_in_project)
rules.add_perm("economy.review_reports", is_platform_admin | runs_inbox_in_project)
rules.add_perm("economy.import_vacancies", is_platform_admin | runs_inbox_in_project)
rules.add_perm("economy.change_settings", is_platform_admin | is_project_lead)
# The object is the case (recording a placement) or the placement.
rules.add_perm("economy.add_placement", is_platform_admin | has_case_role_for_case)
rules.add_perm("economy.change_placement", is_platform_admin | may_change_placements_case)
# The object is the stabilisation check-in.
rules.add_perm("economy.record_check", is_platform_admin | may_record_check)
