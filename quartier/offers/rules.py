"""Permissions of the offers app as `rules` predicates.

- Every member of a project sees its offer catalogue (offers hold no personal data).
- Staff with a case role in the offer's project *and* its provider organisation manage
  the offer: texts, schedules, locations, service requests.
- Staff with a case role anywhere in the offer's project may enrol their own cases and
  fill the register; which rows they see is decided by `cases_visible_to` (a partner's
  participants stay hidden).
- Certificates are issued by staff who may change the case; issuing one although the
  offer's rule is not met needs the project lead, with a recorded reason.
"""

import rules

from quartier.cases.rules import has_case_role_for_case, has_case_role_in_project
from quartier.core.rules import is_platform_admin, is_project_lead, is_project_member
from quartier.core.tenancy import CASE_ROLES, has_role


@rules.predicate
def is_member_of_offers_project(user, offer) -> bool:
    return offer is not None and is_project_member(user, offer.project)


def _case_role_in_project_and_organisation(user, owned) -> bool:
    """A case role in the project and the organisation that own an offer or a place."""
    if owned is None:
        return False
    return has_role(user, owned.project_id, *CASE_ROLES, organisation=owned.organisation_id)


@rules.predicate
def manages_offer(user, offer) -> bool:
    """A case role in the offer's project and its provider organisation."""
    return _case_role_in_project_and_organisation(user, offer)


@rules.predicate
def manages_location(user, location) -> bool:
    """A case role in the place's project and its organisation (what `location_update`
    checks)."""
    return _case_role_in_project_and_organisation(user, location)


@rules.predicate
def has_case_role_in_offers_project(user, offer) -> bool:
    return offer is not None and has_case_role_in_project(user, offer.project)


@rules.predicate
def may_change_enrolments_case(user, enrolment) -> bool:
    return enrolment is not None and has_case_role_for_case(user, enrolment.case)


@rules.predicate
def leads_enrolments_project(user, enrolment) -> bool:
    return enrolment is not None and is_project_lead(user, enrolment.offer.project)


# The object is the offer.
rules.add_perm("offers.view_offer", is_platform_admin | is_member_of_offers_project)
rules.add_perm("offers.change_offer", is_platform_admin | manages_offer)
rules.add_perm("offers.enrol", is_platform_admin | has_case_role_in_offers_project)
rules.add_perm("offers.fill_register", is_platform_admin | has_case_role_in_offers_project)
rules.add_perm("offers.manage_service_requests", is_platform_admin | manages_offer)
# The object is a project: creating offers and locations needs a case role in it (and,
# checked by the service, in the organisation that will own them).
rules.add_perm("offers.add_offer", is_platform_admin | has_case_role_in_project)
# The object is the location (place).
rules.add_perm("offers.change_location", is_platform_admin | manages_location)
# The object is the enrolment.
rules.add_perm("offers.change_enrolment", is_platform_admin | may_change_enrolments_case)
rules.add_perm("offers.issue_certificate", is_platform_admin | may_change_enrolments_case)
# Issuing against the rule is the project lead's decision (platform admins, as Django
# superusers, pass every permission check anyway).
rules.add_perm("offers.override_certificate_rule", is_platform_admin | leads_enrolments_project)
