"""Tenancy: who acts in which project, for which organisation, in which role.

Every question of the form "does this user hold a role here?" is answered in this
module, from `Membership` rows, so that rules predicates, selectors and services ask
it the same way and new roles (employer liaison, network coach) are added once:

- the role sets (`CASE_ROLES`, `AGGREGATE_ONLY_ROLES`, `REPORT_ROLES`,
  `TEAM_MANAGER_ROLES`, `NETWORK_ROLES`), defined here only;
- the user's roles: `roles_in(user, project)`, `roles_of(user)`, `roles_by_project(user)`,
  `memberships_of(user)`;
- `has_role(user, project, *roles, organisation=None)` and `has_role_anywhere(user, *roles)`;
- grants and the tenant condition: `grants(user, *roles)`, `case_grants(user)`,
  `tenant_condition(grants, prefix="")`, `project_ids_with_role(user, *roles)`,
  `projects_with_case_role(user)`;
- the organisation the user acts for: `acting_organisation(user, project)`,
  `may_act_for(user, project, organisation)`;
- the team of a project or of tenants (not about the current user):
  `memberships_with_role(project, ...)`, `memberships_in_tenants(grants, ...)`,
  `staff_with_role(project, ...)`.

Inactive and anonymous users hold no role anywhere. Platform admins hold no role
through this module either (they are not members); callers that let platform admins
through say so (`user.is_platform_admin or has_role(...)`), except
`acting_organisation`, `may_act_for` and `projects_with_case_role`, which answer for
them too.
"""

from django.db.models import Q, QuerySet

from quartier.core.models import Membership, Organisation, Project, Role, User

# Role sets ---------------------------------------------------------------------------

__all__ = [
    "AGGREGATE_ONLY_ROLES",
    "ALL_ROLES",
    "CASE_ROLES",
    "ECONOMY_ROLES",
    "NETWORK_ROLES",
    "NETWORK_VIEW_ROLES",
    "NETWORK_WORK_ROLES",
    "PRIVACY_ROLES",
    "RECIPIENT_ROLES",
    "REPORT_ROLES",
    "TEAM_MANAGER_ROLES",
    "VACANCY_ROLES",
    "acting_organisation",
    "case_grants",
    "grants",
    "has_role",
    "has_role_anywhere",
    "is_active_user",
    "may_act_for",
    "memberships_in_tenants",
    "memberships_of",
    "memberships_with_role",
    "project_ids_with_role",
    "projects_with_case_role",
    "roles_by_project",
    "roles_in",
    "roles_of",
    "staff_with_role",
    "tenant_condition",
]

#: Roles that work with individual participants' cases.
CASE_ROLES = frozenset({Role.PROJECT_LEAD, Role.CASE_WORKER, Role.JOB_COACH})
#: Roles that see only aggregated, pseudonymised figures.
AGGREGATE_ONLY_ROLES = frozenset({Role.EVALUATOR})
#: Every role a membership can hold.
ALL_ROLES = frozenset(Role)
#: Roles that manage the team of their own organisation in a project.
TEAM_MANAGER_ROLES = frozenset({Role.PROJECT_LEAD, Role.ORGANISATION_ADMIN})
#: Roles that see the reports: case work (exact figures) and evaluators (suppressed).
REPORT_ROLES = CASE_ROLES | AGGREGATE_ONLY_ROLES
#: Roles of network and employer work, which see no individual cases.
NETWORK_ROLES = frozenset({Role.NETWORK_COACH, Role.EMPLOYER_LIAISON})
#: Roles that work with employers: their records, services, events, vacant units and
#: vacancies (the employer liaison, and the coaches and leads who place people).
ECONOMY_ROLES = frozenset({Role.PROJECT_LEAD, Role.JOB_COACH, Role.EMPLOYER_LIAISON})
#: Roles that see the vacancies and employers (to match people to them): the economy
#: roles and the case workers.
VACANCY_ROLES = ECONOMY_ROLES | {Role.CASE_WORKER}
#: Roles that keep a project's network: partners, coach teams, meetings, the network's
#: figures (the network coach and the project lead).
NETWORK_WORK_ROLES = frozenset({Role.PROJECT_LEAD, Role.NETWORK_COACH})
#: Roles that see a project's network (partners, coach teams, meetings with their
#: internal minutes): the network roles and those who refer cases to partners.
NETWORK_VIEW_ROLES = CASE_ROLES | NETWORK_ROLES
#: Roles through which an organisation receives and answers referrals addressed to it:
#: its case roles in the referral's project, and the staff of a partner organisation
#: outside the consortium, who see nothing but the referrals to their organisation.
RECIPIENT_ROLES = CASE_ROLES | {Role.PARTNER_STAFF}
#: Roles that do an organisation's data-protection duties for its participants: the
#: consent register, the access log, the right of access (Art. 15) and erasure (Art. 17)
#: (the data-protection officer, and the organisation admin for her organisation).
PRIVACY_ROLES = frozenset({Role.DATA_PROTECTION_OFFICER, Role.ORGANISATION_ADMIN})


def _pk(value):
    """A model instance's primary key, or the value itself if it already is one."""
    return getattr(value, "pk", value)


def is_active_user(user) -> bool:
    """A logged-in, active user (the only kind that can hold a role)."""
    return user is not None and user.is_authenticated and user.is_active


# The user's roles ------------------------------------------------------------------


def memberships_of(user, *roles) -> QuerySet[Membership]:
    """The user's memberships, in any of `roles` (no roles: all of them); none for an
    anonymous or inactive user."""
    if not is_active_user(user):
        return Membership.objects.none()
    memberships = Membership.objects.filter(user=user)
    if roles:
        memberships = memberships.filter(role__in=list(roles))
    return memberships


def roles_in(user, project) -> set[str]:
    """The roles the user holds in `project` (a Project or its id), in any organisation."""
    if project is None:
        return set()
    return set(memberships_of(user).filter(project_id=_pk(project)).values_list("role", flat=True))


def roles_of(user) -> frozenset[str]:
    """The roles the user holds in any project. One query per user object: the answer
    is kept on the user for the rest of the request (like Django's `_perm_cache`), so
    the navigation's several permission checks cost one query together."""
    if not is_active_user(user):
        return frozenset()
    cached = getattr(user, "_tenancy_roles", None)
    if cached is None:
        cached = frozenset(role for roles in roles_by_project(user).values() for role in roles)
        user._tenancy_roles = cached
    return cached


def roles_by_project(user) -> dict[int, frozenset[str]]:
    """The roles the user holds per project id, in any organisation. Kept on the user for
    the request like `roles_of` (the same one query fills both): the access log names the
    actor's roles in the record's project with every entry."""
    if not is_active_user(user):
        return {}
    cached = getattr(user, "_tenancy_project_roles", None)
    if cached is None:
        pairs = memberships_of(user).order_by().values_list("project_id", "role").distinct()
        collected: dict[int, set[str]] = {}
        for project_id, role in pairs:
            collected.setdefault(project_id, set()).add(role)
        cached = {project_id: frozenset(roles) for project_id, roles in collected.items()}
        user._tenancy_project_roles = cached
    return cached


def has_role(user, project, *roles, organisation=None) -> bool:
    """Whether the user holds one of `roles` (no roles: any role) in `project`, and, if
    `organisation` is given, in that organisation. Project and organisation may be
    instances or ids. Platform admins are not let through here."""
    if project is None:
        return False
    memberships = memberships_of(user, *roles).filter(project_id=_pk(project))
    if organisation is not None:
        memberships = memberships.filter(organisation_id=_pk(organisation))
    return memberships.exists()


def has_role_anywhere(user, *roles, organisation=None) -> bool:
    """Whether the user holds one of `roles` (no roles: any role) in some project, and,
    if `organisation` is given, in that organisation."""
    memberships = memberships_of(user, *roles)
    if organisation is not None:
        memberships = memberships.filter(organisation_id=_pk(organisation))
    return memberships.exists()


# Grants and the tenant condition -----------------------------------------------------


def grants(user, *roles) -> set[tuple[int, int]]:
    """(project id, organisation id) pairs in which the user holds one of `roles`
    (no roles: any role)."""
    return set(memberships_of(user, *roles).values_list("project_id", "organisation_id"))


def case_grants(user) -> set[tuple[int, int]]:
    """(project id, organisation id) pairs in which the user holds a case role: the
    tenants whose participants and cases the user sees."""
    return grants(user, *CASE_ROLES)


def tenant_condition(grants: set[tuple[int, int]], prefix: str = "") -> Q | None:
    """A filter for rows whose project and owning organisation are one of `grants`;
    None when there are none (the caller returns `.none()`). `prefix` reaches the
    project and organisation through a relation (`"case__"`)."""
    if not grants:
        return None
    condition = Q()
    for project_id, organisation_id in sorted(grants):
        condition |= Q(
            **{f"{prefix}project_id": project_id, f"{prefix}organisation_id": organisation_id}
        )
    return condition


def project_ids_with_role(user, *roles) -> QuerySet:
    """The ids of the projects in which the user holds one of `roles` (no roles: any
    role), as a subquery (`Project.objects.filter(pk__in=...)`)."""
    return memberships_of(user, *roles).values("project_id")


def projects_with_case_role(user) -> QuerySet[Project]:
    """Projects in which the user may record participants and first contacts: those in
    which they hold a case role; every project for a platform admin."""
    if is_active_user(user) and user.is_platform_admin:
        return Project.objects.all()
    return Project.objects.filter(pk__in=project_ids_with_role(user, *CASE_ROLES))


# The organisation the user acts for ----------------------------------------------------


def acting_organisation(
    user, project: Project, *, slug: str | None = None, roles=CASE_ROLES
) -> Organisation | None:
    """The organisation in whose name the user works in `project`: the first (oldest
    membership) in which they hold one of `roles`, or the one named by `slug` if they
    hold such a role there. A platform admin without such a membership acts for any
    consortium organisation named by `slug`, else for the project's lead organisation.
    None when the user may act for no organisation.

    A platform admin who also holds such a membership acts, without a slug, for that
    membership's organisation (like any other member), not for the lead organisation:
    the intake API used to pick the lead organisation for them, the pages their own
    one; the pages' answer is the one kept."""
    memberships = memberships_of(user, *roles).filter(project=project)
    if slug:
        memberships = memberships.filter(organisation__slug=slug)
    membership = memberships.select_related("organisation").order_by("id").first()
    if membership is not None:
        return membership.organisation
    if is_active_user(user) and user.is_platform_admin:
        if slug:
            return project.organisations.filter(slug=slug).first()
        return project.lead_organisation
    return None


def may_act_for(user, project, organisation, *, roles=CASE_ROLES) -> bool:
    """Whether the user may create records in `organisation`'s name in `project`: one of
    `roles` there (case roles by default), or a platform admin."""
    if not is_active_user(user):
        return False
    return user.is_platform_admin or has_role(user, project, *roles, organisation=organisation)


# The team of a project ----------------------------------------------------------------


def memberships_with_role(project, *roles, organisation=None) -> QuerySet[Membership]:
    """The memberships of `project` (instance, id, or an iterable of ids) in one of
    `roles` (no roles: any), optionally of one organisation: who works there, whoever
    is asking. Inactive users are included; filter `user__is_active` where it matters."""
    if isinstance(project, (list, tuple, set, frozenset)):
        memberships = Membership.objects.filter(project_id__in=[_pk(p) for p in project])
    else:
        memberships = Membership.objects.filter(project_id=_pk(project))
    if roles:
        memberships = memberships.filter(role__in=list(roles))
    if organisation is not None:
        memberships = memberships.filter(organisation_id=_pk(organisation))
    return memberships


def memberships_in_tenants(grants, *roles) -> QuerySet[Membership]:
    """The memberships whose project and organisation are one of `grants` ((project id,
    organisation id) pairs, as from `grants(user)`; None: every tenant), in one of
    `roles` (no roles: any): the staff of the teams a user works in."""
    if grants is None:
        memberships = Membership.objects.all()
    else:
        condition = tenant_condition(grants)
        if condition is None:
            return Membership.objects.none()
        memberships = Membership.objects.filter(condition)
    if roles:
        memberships = memberships.filter(role__in=list(roles))
    return memberships


def staff_with_role(project, *roles, organisation=None) -> QuerySet[User]:
    """The active users holding one of `roles` (no roles: any) in `project` (instance, id,
    or an iterable of ids), optionally in one organisation, by name: whom a case, a
    request or an offer may name as its responsible or contact person."""
    return User.objects.filter(
        is_active=True,
        pk__in=memberships_with_role(project, *roles, organisation=organisation).values("user_id"),
    ).order_by("full_name", "email")
