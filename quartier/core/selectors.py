"""Reads of core data. Every list starts from a scoping function `<noun>s_visible_to(user)`.

Views, API endpoints and commands read tenant data only through these functions,
so an id from another organisation or project resolves to nothing (a 404).
"""

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q, QuerySet

from quartier.core.models import (
    ApiToken,
    District,
    DistrictStatistic,
    Membership,
    Organisation,
    Project,
    ProjectMember,
    Role,
)
from quartier.core.start_page import start_page_parts
from quartier.core.tenancy import (
    AGGREGATE_ONLY_ROLES,
    CASE_ROLES,
    ECONOMY_ROLES,
    NETWORK_ROLES,
    TEAM_MANAGER_ROLES,
    grants,
    memberships_of,
    project_ids_with_role,
)


def _anonymous(user) -> bool:
    return user is None or not user.is_authenticated or not user.is_active


def projects_visible_to(user) -> QuerySet[Project]:
    """Projects the user holds any role in; all projects for platform admins."""
    if _anonymous(user):
        return Project.objects.none()
    if user.is_platform_admin:
        return Project.objects.all()
    return Project.objects.filter(pk__in=project_ids_with_role(user))


def organisations_visible_to(user) -> QuerySet[Organisation]:
    """Organisations in the consortium of a project the user may see."""
    if _anonymous(user):
        return Organisation.objects.none()
    if user.is_platform_admin:
        return Organisation.objects.all()
    return Organisation.objects.filter(
        project_memberships__project__in=projects_visible_to(user)
    ).distinct()


def districts_visible_to(user) -> QuerySet[District]:
    """Districts of the projects the user may see."""
    if _anonymous(user):
        return District.objects.none()
    if user.is_platform_admin:
        return District.objects.all()
    return District.objects.filter(projects__in=projects_visible_to(user)).distinct()


def memberships_visible_to(user) -> QuerySet[Membership]:
    """A user sees their own memberships, and the whole team of projects in which they
    manage a team (project leads and organisation admins)."""
    if _anonymous(user):
        return Membership.objects.none()
    if user.is_platform_admin:
        return Membership.objects.all()
    managed = project_ids_with_role(user, *TEAM_MANAGER_ROLES)
    return Membership.objects.filter(Q(user=user) | Q(project__in=managed))


def organisations_managed_by(user, project: Project) -> QuerySet[Organisation]:
    """The organisations of the project whose team roles the user may grant and change.

    A project lead or organisation admin manages the roles of their own organisation
    only: roles in a partner organisation would open that partner's participants, so
    the partner grants them itself. Platform admins manage every organisation.
    """
    if _anonymous(user):
        return Organisation.objects.none()
    if user.is_platform_admin:
        return project.organisations.all()
    return Organisation.objects.filter(
        pk__in=memberships_of(user, *TEAM_MANAGER_ROLES)
        .filter(project=project)
        .values("organisation_id")
    )


def api_tokens_visible_to(user) -> QuerySet[ApiToken]:
    """A user sees only their own tokens."""
    if _anonymous(user):
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=user)


def start_page_for(user) -> dict:
    """What the start page shows: 'Mein Tag' for case work, figures for evaluators,
    network work for network coaches and employer liaisons. The feature apps' parts
    come from `quartier.core.start_page`, where the apps register them."""
    memberships = list(user_memberships(user=user))
    roles = {m.role for m in memberships}
    day: dict = {}
    # The request inbox (participants) and "Mein Tag" (cases).
    for part in start_page_parts(roles):
        day.update(part.function(user=user))
    return {
        **day,
        "memberships": memberships,
        "projects": project_list(user=user),
        "is_case_worker": bool(roles & CASE_ROLES),
        "is_aggregate_only": bool(roles) and roles <= AGGREGATE_ONLY_ROLES,
        "is_network": bool(roles & NETWORK_ROLES),
        "is_economy": bool(roles & ECONOMY_ROLES),
        # network inbox: staff of a partner organisation, who see only the referrals to it.
        "is_partner_staff": Role.PARTNER_STAFF in roles
        and not roles & (CASE_ROLES | NETWORK_ROLES),
    }


def project_list(*, user, query: str = "") -> QuerySet[Project]:
    projects = projects_visible_to(user)
    if query:
        projects = projects.filter(Q(name__icontains=query) | Q(slug__icontains=query))
    return projects.prefetch_related(
        "districts",
        "funders",
        Prefetch("consortium", queryset=ProjectMember.objects.select_related("organisation")),
    ).order_by("name")


def project_get(*, user, slug: str) -> Project:
    """The project with this slug if the user may see it; raises Project.DoesNotExist."""
    return project_list(user=user).get(slug=slug)


def project_members(*, user, project: Project, query: str = "") -> QuerySet[Membership]:
    """The project's team as the user may see it, optionally filtered by name or e-mail."""
    members = memberships_visible_to(user).filter(project=project)
    if query:
        members = members.filter(
            Q(user__email__icontains=query) | Q(user__full_name__icontains=query)
        )
    return members.select_related("user", "organisation").order_by(
        "user__full_name", "user__email", "role"
    )


def membership_changeable_by(user, membership: Membership, managed_ids: set[int]) -> bool:
    """Whether the user may change or remove this role: one of their own organisation's
    roles, and never their own (`managed_ids` from organisations_managed_by)."""
    if user.is_platform_admin:
        return True
    return membership.organisation_id in managed_ids and membership.user_id != user.pk


def district_list(*, user) -> QuerySet[District]:
    return (
        districts_visible_to(user)
        .prefetch_related(
            Prefetch("statistics", queryset=DistrictStatistic.objects.order_by("-reference_date"))
        )
        .order_by("city", "name")
    )


def user_memberships(*, user) -> QuerySet[Membership]:
    return (
        memberships_of(user)
        .select_related("project", "organisation")
        .order_by("project__name", "role")
    )


def audit_entries_visible_to(user) -> QuerySet[LogEntry]:
    """Audit entries an organisation admin may read: changes to their organisation, and
    to its consortium seats and staff roles in the projects where they are its admin.

    Entries are scoped by the tenant each model stores with its entry
    (`get_additional_data`), never by who acted: staff also act in other projects.
    Entries about participants are personal data and stay out of this page.
    Platform admins see everything.
    """
    if _anonymous(user):
        return LogEntry.objects.none()
    if user.is_platform_admin:
        return LogEntry.objects.all()
    pairs = grants(user, Role.ORGANISATION_ADMIN)
    if not pairs:
        return LogEntry.objects.none()
    types = ContentType.objects.get_for_models(Organisation, Membership, ProjectMember)
    condition = Q(
        content_type=types[Organisation],
        additional_data__organisation_id__in=[org for _, org in pairs],
    )
    for project_id, organisation_id in pairs:
        condition |= Q(
            content_type__in=[types[Membership], types[ProjectMember]],
            additional_data__organisation_id=organisation_id,
            additional_data__project_id=project_id,
        )
    return LogEntry.objects.filter(condition)


def audit_entry_list(*, user, query: str = "") -> QuerySet[LogEntry]:
    entries = audit_entries_visible_to(user).select_related("actor", "content_type")
    if query:
        entries = entries.filter(
            Q(object_repr__icontains=query)
            | Q(actor__email__icontains=query)
            | Q(actor__full_name__icontains=query)
        )
    return entries.order_by("-timestamp")
