"""The scoping functions of partners and meetings, as the API reads them:

- `partners_visible_to(user)`: the partners of the projects in which the user holds
  a network view role (`NETWORK_VIEW_ROLES`), every one for a platform admin;
- `meetings_visible_to(user)`: the meetings of those projects;
- `outcomes_visible_to(user)`: the outcomes of those meetings, and the tasks
  assigned to the user wherever they come from;
- `partner_rows`, `meeting_rows`, `decision_rows`, `task_rows`: the API's lists with
  their filters.

A partner, meeting or task outside these is not found (404).
"""

from django.db.models import Q, QuerySet

from quartier.core.models import District, Organisation, Project
from quartier.core.tenancy import NETWORK_VIEW_ROLES, is_active_user, project_ids_with_role
from quartier.network.models import (
    Meeting,
    MeetingOutcome,
    OutcomeKind,
    Partner,
    level_condition,
)


def _network_project_ids(user):
    return project_ids_with_role(user, *NETWORK_VIEW_ROLES)


def partners_visible_to(user) -> QuerySet[Partner]:
    """Partners of the projects in which the user holds a network view role."""
    if not is_active_user(user):
        return Partner.objects.none()
    if user.is_platform_admin:
        return Partner.objects.all()
    return Partner.objects.filter(project_id__in=_network_project_ids(user))


def meetings_visible_to(user) -> QuerySet[Meeting]:
    """Meetings of the projects in which the user holds a network view role."""
    if not is_active_user(user):
        return Meeting.objects.none()
    if user.is_platform_admin:
        return Meeting.objects.all()
    return Meeting.objects.filter(project_id__in=_network_project_ids(user))


def outcomes_visible_to(user) -> QuerySet[MeetingOutcome]:
    """Outcomes of the meetings the user sees, and the tasks assigned to the user."""
    if not is_active_user(user):
        return MeetingOutcome.objects.none()
    if user.is_platform_admin:
        return MeetingOutcome.objects.all()
    return MeetingOutcome.objects.filter(
        Q(meeting__project_id__in=_network_project_ids(user))
        | Q(kind=OutcomeKind.TASK, assignee=user)
    )


def project_visible_to(user, slug: str) -> Project | None:
    """A project of the user's network by its slug, or None."""
    if not is_active_user(user):
        return None
    projects = Project.objects.all()
    if not user.is_platform_admin:
        projects = projects.filter(pk__in=_network_project_ids(user))
    return projects.filter(slug=slug).first()


def organisation_by_slug(slug: str) -> Organisation | None:
    return Organisation.objects.filter(slug=slug).first()


def partner_rows(
    user, *, project: str | None = None, level: str | None = None, district: str | None = None
) -> QuerySet[Partner]:
    """The partners the user sees, in the order of the project and the partner's name;
    `level` counts the partners on both levels for either."""
    rows = partners_visible_to(user)
    if project:
        rows = rows.filter(project__slug=project)
    if level:
        rows = rows.filter(level_condition(level))
    if district:
        rows = rows.filter(
            districts__in=District.objects.filter(slug=district).values("pk")
        ).distinct()
    return rows.select_related("project", "organisation", "partner_organisation").order_by(
        "project__slug", "partner_organisation__name", "id"
    )


def meeting_rows(
    user, *, project: str | None = None, kind: str | None = None, level: str | None = None
) -> QuerySet[Meeting]:
    """The meetings the user sees, newest first."""
    rows = meetings_visible_to(user)
    if project:
        rows = rows.filter(project__slug=project)
    if kind:
        rows = rows.filter(kind=kind)
    if level:
        rows = rows.filter(level_condition(level))
    return rows.select_related("project", "organisation", "district").order_by(
        "-date", "-starts_at", "-id"
    )


def decision_rows(
    user, *, project: str | None = None, open_only: bool = False
) -> QuerySet[MeetingOutcome]:
    """The decisions of the meetings the user sees, by due date (those without last)."""
    rows = outcomes_visible_to(user).filter(kind=OutcomeKind.DECISION)
    if project:
        rows = rows.filter(meeting__project__slug=project)
    if open_only:
        rows = rows.filter(done_at__isnull=True)
    return rows.select_related("meeting", "responsible_organisation").order_by(
        "due_date", "meeting__date", "position", "id"
    )


def task_rows(
    user, *, project: str | None = None, mine: bool = False, open_only: bool = False
) -> QuerySet[MeetingOutcome]:
    """The tasks the user sees (`mine`: only those assigned to the user), by due date."""
    rows = outcomes_visible_to(user).filter(kind=OutcomeKind.TASK)
    if mine:
        rows = rows.filter(assignee=user)
    if project:
        rows = rows.filter(meeting__project__slug=project)
    if open_only:
        rows = rows.filter(done_at__isnull=True)
    return rows.select_related("meeting", "assignee", "done_by", "decision").order_by(
        "due_date", "meeting__date", "position", "id"
    )
