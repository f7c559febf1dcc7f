"""Permissions of the network as `rules` predicates.

Partners, coach teams and meetings belong to a project's network, which the whole
consortium shares:

- staff with a network view role (`NETWORK_VIEW_ROLES`: case roles, network coach,
  employer liaison) in the project see them (case workers to pick whom to refer to);
- the network coach and the project lead (`NETWORK_WORK_ROLES`) keep them, for any
  organisation of the consortium;
- a meeting's task may also be ticked off by the person it is assigned to.

Referrals are part of a case, and of the recipient's work while they are open:

- the sender side is the case's staff (case roles in the case's project and
  organisation): they draft, send, cancel, and record the answer of a partner that
  gets a letter, and answer an assignment that came in from outside;
- sending without a valid consent is only for the project lead of the case's
  organisation (`network.refer_without_consent`), with a written justification;
- the recipient side is the recipient organisation's staff with a recipient role
  (`RECIPIENT_ROLES`: case roles, partner staff) in the referral's project: they see
  the shared packet and answer, only while the referral is open and its consent holds
  (`Referral.packet_is_open`); then it is a 404 for them;
- the network coach and the project lead see the referrals of their project without
  the packet (state, purpose, organisations, dates), for the network's figures.
"""

import rules

from quartier.cases.rules import has_case_role_for_case
from quartier.core.models import Role
from quartier.core.rules import is_platform_admin
from quartier.core.tenancy import (
    CASE_ROLES,
    NETWORK_VIEW_ROLES,
    NETWORK_WORK_ROLES,
    RECIPIENT_ROLES,
    has_role,
    roles_of,
)
from quartier.network.models import Direction, ReferralState


def _project_id(record):
    """The project of a network record (a partner's child: the partner's; a meeting's
    child: the meeting's; a team member: the team's), or a project itself."""
    for attribute in ("partner", "meeting", "team"):
        if record is not None and not hasattr(record, "project_id") and hasattr(record, attribute):
            record = getattr(record, attribute)
    if record is None:
        return None
    return getattr(record, "project_id", getattr(record, "pk", None))


@rules.predicate
def sees_network(user, record) -> bool:
    """A network view role in the record's (or project's) project."""
    project_id = _project_id(record)
    return project_id is not None and has_role(user, project_id, *NETWORK_VIEW_ROLES)


@rules.predicate
def works_on_network(user, record) -> bool:
    """A network work role (network coach, project lead) in the record's project."""
    project_id = _project_id(record)
    return project_id is not None and has_role(user, project_id, *NETWORK_WORK_ROLES)


@rules.predicate
def has_network_view_role_anywhere(user) -> bool:
    # `roles_of` keeps the user's roles for the request: the navigation asks this and
    # the next one on every page without a query of their own.
    return bool(roles_of(user) & NETWORK_VIEW_ROLES)


@rules.predicate
def has_case_role_anywhere(user) -> bool:
    return bool(roles_of(user) & CASE_ROLES)


@rules.predicate
def works_on_a_network(user) -> bool:
    return bool(roles_of(user) & NETWORK_WORK_ROLES)


@rules.predicate
def receives_referrals_anywhere(user) -> bool:
    return bool(roles_of(user) & RECIPIENT_ROLES)


@rules.predicate
def is_task_assignee(user, outcome) -> bool:
    return outcome is not None and outcome.assignee_id == user.pk


@rules.predicate
def is_project_lead_of_case(user, case) -> bool:
    return case is not None and has_role(
        user, case.project_id, Role.PROJECT_LEAD, organisation=case.organisation_id
    )


@rules.predicate
def is_project_lead_in_project(user, project) -> bool:
    return project is not None and has_role(user, project, Role.PROJECT_LEAD)


# Referrals ---------------------------------------------------------------------------


@rules.predicate
def is_sender_side(user, referral) -> bool:
    """The case's staff (for an assignment from outside: the recipient, who owns the
    case)."""
    return referral is not None and has_case_role_for_case(user, referral.case)


@rules.predicate
def is_recipient_side(user, referral) -> bool:
    """The recipient organisation's staff, for an outgoing referral."""
    return (
        referral is not None
        and referral.direction == Direction.OUTGOING
        and has_role(
            user, referral.project_id, *RECIPIENT_ROLES, organisation=referral.recipient_id
        )
    )


@rules.predicate
def packet_is_open(_user, referral) -> bool:
    return referral is not None and referral.packet_is_open()


@rules.predicate
def answered_by_sender(_user, referral) -> bool:
    """The sender records the answer: a letter to a partner without Quartier, or an
    assignment from outside, which the case's own staff answer."""
    return referral is not None and (referral.by_letter or referral.direction == Direction.INCOMING)


@rules.predicate
def may_still_be_cancelled(_user, referral) -> bool:
    return (
        referral is not None
        and referral.direction == Direction.OUTGOING
        and referral.state in (ReferralState.DRAFT, ReferralState.SENT, ReferralState.ACCEPTED)
    )


@rules.predicate
def sees_project_referrals(user, referral) -> bool:
    """The network coach and the project lead: the referrals of their project, without
    the packet."""
    return referral is not None and has_role(user, referral.project_id, *NETWORK_WORK_ROLES)


# Navigation: the network pages, the referral inbox.
rules.add_perm("network.view_network", is_platform_admin | has_network_view_role_anywhere)
rules.add_perm("network.view_inbox", is_platform_admin | receives_referrals_anywhere)
# The list of referrals: those of the user's cases, or (network coach, project lead)
# the projects' referrals without person data.
rules.add_perm("network.list_case_referrals", is_platform_admin | has_case_role_anywhere)
rules.add_perm("network.list_network_referrals", is_platform_admin | works_on_a_network)

# Partners and coach teams (the object: the record, or the project for adding).
rules.add_perm("network.view_partner", is_platform_admin | sees_network)
rules.add_perm("network.add_partner", is_platform_admin | works_on_network)
rules.add_perm("network.change_partner", is_platform_admin | works_on_network)
rules.add_perm("network.view_coachteam", is_platform_admin | sees_network)
rules.add_perm("network.change_coachteam", is_platform_admin | works_on_network)

# Meetings, their outcomes and tasks.
rules.add_perm("network.view_meeting", is_platform_admin | sees_network)
rules.add_perm("network.add_meeting", is_platform_admin | works_on_network)
rules.add_perm("network.change_meeting", is_platform_admin | works_on_network)
rules.add_perm("network.complete_task", is_platform_admin | works_on_network | is_task_assignee)

# The network's figures (the object: the project), the project's deadlines.
rules.add_perm("network.view_figures", is_platform_admin | sees_network)
rules.add_perm("network.change_settings", is_platform_admin | is_project_lead_in_project)

# Referrals (the object: the case for creating, the referral otherwise).
rules.add_perm("network.refer_case", is_platform_admin | has_case_role_for_case)
rules.add_perm("network.refer_without_consent", is_platform_admin | is_project_lead_of_case)
rules.add_perm(
    "network.view_referral",
    is_platform_admin | is_sender_side | (is_recipient_side & packet_is_open),
)
rules.add_perm(
    "network.view_referral_status", is_platform_admin | is_sender_side | sees_project_referrals
)
rules.add_perm(
    "network.answer_referral",
    (is_recipient_side & packet_is_open) | (is_sender_side & answered_by_sender & packet_is_open),
)
rules.add_perm("network.cancel_referral", is_sender_side & may_still_be_cancelled)
