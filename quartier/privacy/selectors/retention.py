"""Reads of a project's retention rules."""

from django.db.models import QuerySet

from quartier.core.models import Project
from quartier.core.selectors import projects_visible_to
from quartier.privacy.models import RetentionRule


def retention_rules_visible_to(user) -> QuerySet[RetentionRule]:
    """The rules of the projects the user sees (the pages check
    `privacy.view_retention_rules` on the project)."""
    return RetentionRule.objects.filter(project__in=projects_visible_to(user))


def retention_rules_of(*, user, project: Project) -> QuerySet[RetentionRule]:
    return retention_rules_visible_to(user).filter(project=project).order_by("scope", "pk")
