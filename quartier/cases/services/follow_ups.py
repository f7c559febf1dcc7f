"""Writes of follow-ups (Wiedervorlagen): creating, changing, ticking off."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.cases.models import (
    Case,
    FollowUp,
)
from quartier.cases.services.cases import _check_staff, _require_change
from quartier.core.models import User
from quartier.core.periods import check_in_period
from quartier.core.services import ConcurrentEditError, save_versioned


def _follow_up_not_before_entry(case: Case, due_date: date | None) -> None:
    """A follow-up belongs to the participation: it cannot be due before the entry."""
    if due_date is not None and due_date < case.entry_date:
        raise ValidationError(
            {
                "due_date": _("A follow-up cannot be due before the entry date (%(date)s).")
                % {"date": case.entry_date.strftime("%d.%m.%Y")}
            }
        )


def _check_follow_up_period(case: Case, kind: str, due_date: date | None) -> None:
    """A follow-up lies in the funded period, except the six-month follow-up: it belongs to
    an exit within the period, and ESF Plus asks for it also after the project's end."""
    if kind != FollowUp.Kind.SIX_MONTH:
        check_in_period(case.project, due_date, field="due_date", kind="follow_up")


@transaction.atomic
def follow_up_create(
    *,
    actor: User,
    case: Case,
    due_date: date,
    title: str,
    assigned_to: User | None = None,
    kind: str = FollowUp.Kind.GENERAL,
) -> FollowUp:
    _require_change(actor, case)
    _check_staff(case, assigned_to, "assigned_to")
    _follow_up_not_before_entry(case, due_date)
    _check_follow_up_period(case, kind, due_date)
    follow_up = FollowUp(
        case=case,
        due_date=due_date,
        title=title,
        kind=kind,
        assigned_to=assigned_to or case.responsible or actor,
        created_by=actor,
    )
    follow_up.full_clean()
    follow_up.save()
    return follow_up


@transaction.atomic
def follow_up_update(
    *, actor: User, follow_up: FollowUp, expected_version: int, data: dict
) -> FollowUp:
    _require_change(actor, follow_up.case)
    if "assigned_to" in data:
        _check_staff(follow_up.case, data["assigned_to"], "assigned_to")
    _follow_up_not_before_entry(follow_up.case, data.get("due_date"))
    if data.get("due_date") and data["due_date"] != follow_up.due_date:
        _check_follow_up_period(follow_up.case, data.get("kind", follow_up.kind), data["due_date"])
    for field, value in data.items():
        setattr(follow_up, field, value)
    save_versioned(follow_up, expected_version=expected_version)
    return follow_up


@transaction.atomic
def follow_up_set_done(*, actor: User, follow_up: FollowUp, done: bool) -> FollowUp:
    """Tick a follow-up off or back on; ticking twice changes nothing."""
    _require_change(actor, follow_up.case)
    if done and follow_up.done_at is None:
        follow_up.done_at = timezone.now()
        follow_up.done_by = actor
    elif not done and follow_up.done_at is not None:
        follow_up.done_at = None
        follow_up.done_by = None
    else:
        return follow_up
    follow_up.save(update_fields=["done_at", "done_by", "updated_at"])
    return follow_up


@transaction.atomic
def follow_up_change(
    *,
    actor: User,
    follow_up: FollowUp,
    expected_version: int,
    data: dict,
    done: bool | None = None,
) -> FollowUp:
    """Change a follow-up's fields and/or tick it off (`done`) in one step.

    The version is checked either way, so a client that read an old state cannot tick
    off or reopen a follow-up someone else has changed meanwhile.
    """
    _require_change(actor, follow_up.case)
    if data:
        follow_up_update(
            actor=actor, follow_up=follow_up, expected_version=expected_version, data=data
        )
    else:
        stored = (
            FollowUp.objects.select_for_update()
            .filter(pk=follow_up.pk)
            .values_list("version", flat=True)
            .first()
        )
        if stored != expected_version:
            raise ConcurrentEditError()
    if done is not None:
        follow_up_set_done(actor=actor, follow_up=follow_up, done=done)
    return follow_up
