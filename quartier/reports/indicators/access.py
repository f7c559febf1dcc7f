"""Who may see a project's indicators, and whether exactly.

Staff with a case role in the project (project lead, case worker, job coach) and
platform admins see exact figures; evaluators see counts from 1 to 4 as "<5"
(small-cell suppression, INDICATORS.md section 3). Other roles see no indicators.
The figures are aggregates of the whole project, whichever organisation a person
belongs to: the funder reports for the consortium.
"""

from typing import Literal

from django.db.models import QuerySet

from quartier.core.models import Project
from quartier.core.selectors import projects_visible_to
from quartier.core.tenancy import (
    AGGREGATE_ONLY_ROLES,
    CASE_ROLES,
    REPORT_ROLES,
    project_ids_with_role,
    roles_in,
)

EXACT = "exact"
SUPPRESSED = "suppressed"
IndicatorAccess = Literal["exact", "suppressed"]


def _active(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def indicator_access(*, user, project: Project) -> IndicatorAccess | None:
    """ "exact", "suppressed" or None (may not see this project's indicators)."""
    if not _active(user):
        return None
    if user.is_platform_admin:
        return EXACT
    roles = roles_in(user, project)
    if roles & CASE_ROLES:
        return EXACT
    if roles & AGGREGATE_ONLY_ROLES:
        return SUPPRESSED
    return None


def indicator_projects_visible_to(user) -> QuerySet[Project]:
    """The projects whose indicators the user may see (exactly or suppressed)."""
    if not _active(user):
        return Project.objects.none()
    if user.is_platform_admin:
        return Project.objects.all()
    return projects_visible_to(user).filter(pk__in=project_ids_with_role(user, *REPORT_ROLES))
