"""Reads of assessments (Potenzialanalysen), scoped through the visible cases."""

from django.db.models import QuerySet

from quartier.cases.models import Assessment, Case
from quartier.cases.selectors.cases import _of_visible_cases


def assessments_visible_to(user) -> QuerySet[Assessment]:
    return _of_visible_cases(Assessment, user)


def assessment_on_day(*, case: Case, day, exclude: Assessment | None = None):
    """Another assessment of the case on `day` (the first), or None: a second one on the
    same day is usually a mistake that should have been a correction."""
    others = case.assessments.filter(date=day)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    return others.order_by("id").first()


def assessment_list(*, user, case: int | None = None) -> QuerySet[Assessment]:
    assessments = assessments_visible_to(user).prefetch_related("skills")
    if case is not None:
        assessments = assessments.filter(case_id=case)
    return assessments.order_by("case_id", "date", "id")
