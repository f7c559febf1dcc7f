"""Enrolment with waiting list: enrol, change and end an enrolment."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.cases.models import Case, Goal
from quartier.core.models import User
from quartier.core.periods import check_in_period
from quartier.core.services import save_versioned
from quartier.offers.models import (
    DropoutReason,
    Enrolment,
    EnrolmentStatus,
    Offer,
)
from quartier.offers.services.checks import _day, _require, _today

# Enrolment --------------------------------------------------------------------------


def _lock(offer: Offer) -> Offer:
    """Serialise enrolments of one offer (a row lock on PostgreSQL; SQLite writes one at
    a time anyway), so two people cannot both take the last place."""
    return Offer.objects.select_for_update().get(pk=offer.pk)


def _active_count(offer: Offer) -> int:
    return Enrolment.objects.filter(offer=offer, status=EnrolmentStatus.ACTIVE).count()


def _move_up_waiting(offer: Offer) -> list[Enrolment]:
    """Give free places to the waiting list, first come first served. Runs inside the
    caller's transaction with the offer row locked."""
    offer = _lock(offer)
    waiting = Enrolment.objects.filter(
        offer=offer, status=EnrolmentStatus.WAITING, case__exit_date__isnull=True
    ).order_by("waiting_since", "id")
    if offer.capacity is not None:
        free = offer.capacity - _active_count(offer)
        if free <= 0:
            return []
        waiting = waiting[:free]
    start = max(_today(), offer.start_date or _today())
    moved = []
    for enrolment in waiting.select_for_update(of=("self",)):
        enrolment.status = EnrolmentStatus.ACTIVE
        enrolment.start_date = start
        if enrolment.planned_end_date and enrolment.planned_end_date < start:
            enrolment.planned_end_date = None
        enrolment.full_clean()
        enrolment.save()
        moved.append(enrolment)
    return moved


def _check_goal(case: Case, goal: Goal | None) -> None:
    if goal is not None and goal.plan.case_id != case.pk:
        raise ValidationError({"goal": _("Choose a goal from this person's plan.")})


@transaction.atomic
def enrolment_create(
    *,
    actor: User,
    offer: Offer,
    case: Case,
    start_date: dt.date | None = None,
    planned_end_date: dt.date | None = None,
    goal: Goal | None = None,
    waiting_list: bool = False,
    notes: str = "",
) -> Enrolment:
    """Enrol a case in an offer of its project. When the offer is full the person goes
    on the waiting list if `waiting_list` is set; otherwise nothing is saved and the
    message says so."""
    _require(actor, "offers.enrol", offer)
    _require(actor, "cases.change_case", case)
    if offer.project_id != case.project_id:
        raise ValidationError({"offer": _("This offer belongs to another project.")})
    if not offer.active:
        raise ValidationError({"offer": _("This offer is no longer active.")})
    if case.exit_date is not None:
        raise ValidationError({"case": _("The case is closed; reopen it to enrol the person.")})
    _check_goal(case, goal)
    start_date = start_date or max(_today(), offer.start_date or _today())
    if start_date < case.entry_date:
        raise ValidationError(
            {"start_date": _("The start cannot be before the person's entry into the project.")}
        )
    if offer.start_date and start_date < offer.start_date:
        raise ValidationError(
            {"start_date": _("The offer starts on %(date)s.") % {"date": _day(offer.start_date)}}
        )
    if offer.end_date and start_date > offer.end_date:
        raise ValidationError(
            {"start_date": _("The offer ended on %(date)s.") % {"date": _day(offer.end_date)}}
        )
    check_in_period(case.project, start_date, field="start_date", kind="enrolment")
    offer = _lock(offer)
    if Enrolment.objects.filter(
        offer=offer, case=case, status__in=[EnrolmentStatus.WAITING, EnrolmentStatus.ACTIVE]
    ).exists():
        raise ValidationError(
            {"case": _("This person is already enrolled in the offer or on its waiting list.")}
        )
    enrolment = Enrolment(
        offer=offer,
        case=case,
        goal=goal,
        planned_end_date=planned_end_date,
        notes=notes,
        created_by=actor,
    )
    full = offer.capacity is not None and _active_count(offer) >= offer.capacity
    if full and not waiting_list:
        raise ValidationError(
            {
                "offer": _(
                    "The offer is full (%(capacity)s places). Put the person on the waiting "
                    "list, or choose another offer."
                )
                % {"capacity": offer.capacity}
            }
        )
    if full:
        enrolment.status = EnrolmentStatus.WAITING
        enrolment.waiting_since = timezone.now()
    else:
        enrolment.status = EnrolmentStatus.ACTIVE
        enrolment.start_date = start_date
    enrolment.full_clean()
    enrolment.save()
    return enrolment


@transaction.atomic
def enrolment_update(
    *,
    actor: User,
    enrolment: Enrolment,
    expected_version: int,
    planned_end_date: dt.date | None,
    goal: Goal | None,
    notes: str = "",
) -> Enrolment:
    _require(actor, "offers.change_enrolment", enrolment)
    _check_goal(enrolment.case, goal)
    enrolment.planned_end_date = planned_end_date
    enrolment.goal = goal
    enrolment.notes = notes
    save_versioned(enrolment, expected_version=expected_version)
    return enrolment


@transaction.atomic
def enrolment_end(
    *,
    actor: User,
    enrolment: Enrolment,
    expected_version: int,
    status: str,
    end_date: dt.date | None = None,
    dropout_reason: str = "",
    notes: str | None = None,
) -> tuple[Enrolment, list[Enrolment]]:
    """End an enrolment as completed or dropped out (with a reason), or take someone off
    the waiting list (dropped out). A freed place goes to the first on the waiting list
    in the same transaction. Returns the ended enrolment and those moved up."""
    _require(actor, "offers.change_enrolment", enrolment)
    if not enrolment.is_open:
        raise ValidationError(_("This participation has already ended."))
    if status not in (EnrolmentStatus.COMPLETED, EnrolmentStatus.DROPPED_OUT):
        raise ValidationError({"status": _("Choose completed or dropped out.")})
    was_active = enrolment.status == EnrolmentStatus.ACTIVE
    if status == EnrolmentStatus.COMPLETED and not was_active:
        raise ValidationError(
            {"status": _("Someone on the waiting list cannot complete the offer.")}
        )
    if status == EnrolmentStatus.DROPPED_OUT and dropout_reason not in DropoutReason.values:
        raise ValidationError({"dropout_reason": _("Say why the person dropped out.")})
    end_date = end_date or _today()
    if end_date > _today():
        raise ValidationError({"end_date": _("The end cannot be in the future.")})
    if enrolment.start_date and end_date < enrolment.start_date:
        raise ValidationError({"end_date": _("The end cannot be before the start.")})
    enrolment.status = status
    enrolment.end_date = end_date
    enrolment.dropout_reason = dropout_reason if status == EnrolmentStatus.DROPPED_OUT else ""
    if notes is not None:
        enrolment.notes = notes
    save_versioned(enrolment, expected_version=expected_version)
    moved = _move_up_waiting(enrolment.offer) if was_active else []
    return enrolment, moved
