"""Writes of assessments (Potenzialanalysen): creating and correcting one."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.cases.models import (
    NEED_DOMAINS,
    Assessment,
    Case,
    Skill,
    Stage,
)
from quartier.cases.services.cases import _not_in_future, _require_change
from quartier.core.models import User
from quartier.core.periods import check_in_period
from quartier.core.services import save_versioned


@transaction.atomic
def assessment_create(
    *,
    actor: User,
    case: Case,
    date: date,
    needs: dict[str, int],
    skills: list[Skill] | None = None,
    strengths: str = "",
    notes: str = "",
) -> Assessment:
    _require_change(actor, case)
    _not_in_future(date, "date", _("An assessment cannot be dated in the future."))
    if date < case.entry_date:
        raise ValidationError({"date": _("The assessment cannot be before the entry date.")})
    check_in_period(case.project, date, field="date", kind="assessment")
    fields = {field for field, _label in NEED_DOMAINS}
    unknown = set(needs) - fields
    if unknown:
        raise ValidationError(_("Unknown life domain: %(name)s") % {"name": sorted(unknown)[0]})
    assessment = Assessment(
        case=case, date=date, strengths=strengths, notes=notes, created_by=actor, **needs
    )
    assessment.full_clean()
    assessment.save()
    if skills:
        assessment.skills.set(skills)
    if case.stage == Stage.FIRST_COUNSELLING:
        case.stage = Stage.PROFILING
        case.save(update_fields=["stage", "updated_at"])
    return assessment


ASSESSMENT_FIELDS = {"date", "strengths", "notes"} | {field for field, _label in NEED_DOMAINS}


@transaction.atomic
def assessment_update(
    *,
    actor: User,
    assessment: Assessment,
    expected_version: int,
    data: dict,
    skills: list[Skill] | None = None,
) -> Assessment:
    """Correct an assessment: date, need ratings, strengths, notes and (if given) skills."""
    case = assessment.case
    _require_change(actor, case)
    unknown = set(data) - ASSESSMENT_FIELDS
    if unknown:
        raise ValidationError(_("Unknown life domain: %(name)s") % {"name": sorted(unknown)[0]})
    day = data.get("date", assessment.date)
    if day > timezone.localdate():
        raise ValidationError({"date": _("An assessment cannot be dated in the future.")})
    if day < case.entry_date:
        raise ValidationError({"date": _("The assessment cannot be before the entry date.")})
    for field, value in data.items():
        setattr(assessment, field, value)
    save_versioned(assessment, expected_version=expected_version)
    if skills is not None:
        assessment.skills.set(skills)
    return assessment
