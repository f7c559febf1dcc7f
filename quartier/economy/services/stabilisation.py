"""Recording a stabilisation check-in (Nachbetreuung) and what follows from its result.

- "at risk" raises a follow-up (kind "stabilisation") for the case's responsible coach,
  due in seven days;
- "ended" ends the placement (`services.placements.end_placement`: its open check-ins
  go, the case may go back to "profiling");
- a placement becomes "stable" only when its last scheduled check-ins are recorded
  (all of them done, those of the last month stable);
- the first stable check-in with the participant moves a case in "placement" on to
  "stabilisation".

A check-in is recorded once: a second attempt (a double submit, a colleague who was
faster, a stale form) is refused with a message and changes nothing.
"""

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.cases.models import FollowUp, Stage
from quartier.cases.services.cases import case_set_stage
from quartier.core.models import User
from quartier.core.services import ConcurrentEditError, save_versioned
from quartier.core.tenancy import CASE_ROLES, has_role
from quartier.economy.models import (
    CheckStatus,
    CheckWith,
    PlacementStatus,
    RiskFlag,
    StabilisationCheck,
)
from quartier.economy.services.placements import end_placement

#: A follow-up for a check-in at risk falls due this many days later.
AT_RISK_FOLLOW_UP_DAYS = 7


class CheckAlreadyRecorded(ConcurrentEditError):
    """The check-in was recorded meanwhile (a double submit or a colleague)."""

    def __init__(self, check: StabilisationCheck):
        ValidationError.__init__(
            self,
            _(
                "This check-in was already recorded on %(date)s. Nothing was changed; "
                "reload the page to see the result."
            )
            % {"date": check.done_on.strftime("%d.%m.%Y")},
            code="concurrent_edit",
        )


def _at_risk_follow_up(check: StabilisationCheck, actor: User) -> FollowUp:
    case = check.placement.case
    coach = case.responsible
    if coach is None and has_role(
        actor, case.project_id, *CASE_ROLES, organisation=case.organisation_id
    ):
        coach = actor
    labels = dict(RiskFlag.choices)
    flags = ", ".join(str(labels[flag]) for flag in check.risk_flags)
    title = _("Job at risk: %(job)s") % {"job": check.placement.job_title}
    if flags:
        title = f"{title} ({flags})"
    return FollowUp.objects.create(
        case=case,
        due_date=timezone.localdate() + timedelta(days=AT_RISK_FOLLOW_UP_DAYS),
        title=title[:200],
        kind=FollowUp.Kind.STABILISATION,
        assigned_to=coach,
        created_by=actor,
    )


def _maybe_stable(check: StabilisationCheck) -> None:
    placement = check.placement
    checks = list(placement.checks.all())
    if not checks or any(c.done_on is None for c in checks):
        return
    last_month = max(c.months_after_start for c in checks)
    if all(c.status == CheckStatus.STABLE for c in checks if c.months_after_start == last_month):
        placement.status = PlacementStatus.STABLE
        placement.save(update_fields=["status", "updated_at"])


@transaction.atomic
def check_record(
    *,
    actor: User,
    check: StabilisationCheck,
    expected_version: int,
    done_on: date,
    status: str,
    mode: str = "",
    still_employed: bool | None = None,
    same_employer: bool | None = None,
    hours_per_week=None,
    risk_flags: list[str] | None = None,
    support_given: str = "",
    next_step: str = "",
    end_reason: str = "",
) -> StabilisationCheck:
    """Record a check-in that took place, and what its result means."""
    if not actor.has_perm("economy.record_check", check):
        raise PermissionDenied(_("You are not allowed to do this."))
    stored = StabilisationCheck.objects.select_for_update().filter(pk=check.pk).first()
    if stored is None:
        raise ValidationError(_("This check-in no longer exists: the job has ended."))
    if stored.done_on is not None:
        raise CheckAlreadyRecorded(stored)
    if stored.version != expected_version:
        raise ConcurrentEditError()
    placement = check.placement
    if placement.status == PlacementStatus.ENDED:
        raise ValidationError(_("The job has ended; its check-ins are closed."))
    errors = {}
    if status not in (CheckStatus.STABLE, CheckStatus.AT_RISK, CheckStatus.ENDED):
        errors["status"] = _("Choose the result: stable, at risk or ended.")
    if done_on < placement.start_date:
        errors["done_on"] = _("The check-in cannot be before the job started.")
    elif done_on > timezone.localdate():
        errors["done_on"] = _("The check-in cannot be dated in the future.")
    if status == CheckStatus.ENDED and not end_reason:
        errors["end_reason"] = _("Say why the job ended.")
    if status == CheckStatus.STABLE and still_employed is False:
        errors["still_employed"] = _(
            "Someone no longer employed is not stable: choose “job ended”."
        )
    if errors:
        raise ValidationError(errors)
    check.done_on = done_on
    check.done_by = actor
    check.status = status
    check.mode = mode
    check.still_employed = still_employed
    check.same_employer = same_employer
    check.hours_per_week = hours_per_week
    check.risk_flags = list(dict.fromkeys(risk_flags or []))
    check.support_given = support_given
    check.next_step = next_step
    check.end_reason = end_reason if status == CheckStatus.ENDED else ""
    save_versioned(check, expected_version=expected_version)
    case = placement.case
    if status == CheckStatus.AT_RISK:
        _at_risk_follow_up(check, actor)
    elif status == CheckStatus.ENDED:
        end_placement(placement=placement, ended_on=done_on, end_reason=end_reason)
    else:
        _maybe_stable(check)
        if check.with_whom == CheckWith.PARTICIPANT and case.stage == Stage.PLACEMENT:
            case_set_stage(case=case, stage=Stage.STABILISATION)
    return check
