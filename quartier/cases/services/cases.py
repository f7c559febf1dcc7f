"""Writes of a case: its stage, responsible person and entry data.
Also the checks the other case-file services share (may the actor change the case,
holds a person a case role there, no dates in the future)."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.cases.models import (
    Case,
    Stage,
)
from quartier.core.models import User
from quartier.core.periods import check_in_period
from quartier.core.services import save_versioned
from quartier.core.tenancy import CASE_ROLES, memberships_with_role
from quartier.participants.models import Topic


def _dmy(day: date) -> str:
    return day.strftime("%d.%m.%Y")


def _require_change(actor: User, case: Case) -> None:
    if not actor.has_perm("cases.change_case", case):
        raise PermissionDenied(_("You are not allowed to change this case."))


def _check_staff(case: Case, user: User | None, field: str) -> None:
    """A responsible or assigned person must hold a case role in the case's organisation."""
    if user is None:
        return
    team = memberships_with_role(case.project_id, *CASE_ROLES, organisation=case.organisation_id)
    if not team.filter(user=user).exists():
        raise ValidationError(
            {field: _("This person has no case role in the organisation that owns the case.")}
        )


def _not_in_future(day: date | None, field: str, message: str) -> None:
    if day and day > timezone.localdate():
        raise ValidationError({field: message})


def _check_topics(topics: list[str]) -> list[str]:
    unknown = [topic for topic in topics if topic not in Topic.values]
    if unknown:
        raise ValidationError({"topics": _("Unknown topic: %(topic)s") % {"topic": unknown[0]}})
    return list(dict.fromkeys(topics))


@transaction.atomic
def case_update(
    *,
    actor: User,
    case: Case,
    expected_version: int,
    stage: str,
    responsible: User | None,
    entry_date: date,
) -> Case:
    """Change stage, responsible person and entry date of an open case."""
    _require_change(actor, case)
    if stage == Stage.EXITED and case.exit_date is None:
        raise ValidationError({"stage": _("Use the exit form to record that someone leaves.")})
    if case.exit_date and stage != Stage.EXITED:
        raise ValidationError(
            {"stage": _("The case is closed. Undo the exit first to change its stage.")}
        )
    _check_staff(case, responsible, "responsible")
    if case.participant.birth_date > entry_date:
        raise ValidationError({"entry_date": _("The entry date cannot be before the birth date.")})
    if case.participant.unemployed_since and case.participant.unemployed_since > entry_date:
        raise ValidationError(
            {"entry_date": _("The entry date cannot be before 'unemployed since'.")}
        )
    _not_in_future(entry_date, "entry_date", _("The entry date cannot be in the future."))
    if entry_date != case.entry_date:
        check_in_period(case.project, entry_date, field="entry_date", kind="entry")
    case.stage = stage
    case.responsible = responsible
    case.entry_date = entry_date
    save_versioned(case, expected_version=expected_version)
    return case


def case_set_stage(*, case: Case, stage: str) -> Case:
    """Move an open case to `stage` as a consequence of another record (a placement, a
    stabilisation check-in), without a form: the caller has checked its own permission.
    A closed case keeps its stage ("exited"); an unchanged stage is not saved."""
    if case.exit_date is not None or case.stage == stage or stage == Stage.EXITED:
        return case
    case.stage = stage
    case.save(update_fields=["stage", "updated_at"])
    return case
