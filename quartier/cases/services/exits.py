"""The exit of a case, undoing it, and the six-month survey after exit (Nachbefragung):
when it may be recorded, whether the participant may be contacted for it, and recording it."""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.cases.models import (
    EXIT_ESF_FIELDS,
    Case,
    FollowUp,
    Stage,
)
from quartier.cases.services.cases import _dmy, _not_in_future, _require_change
from quartier.core.models import User
from quartier.core.periods import check_in_period
from quartier.core.services import save_versioned
from quartier.participants.models import ConsentPurpose
from quartier.participants.selectors.consents import consent_valid

SIX_MONTHS = relativedelta(months=6)


@transaction.atomic
def case_exit(
    *,
    actor: User,
    case: Case,
    expected_version: int,
    exit_date: date,
    exit_reason: str,
    exit_job_searching: str,
    exit_education_training: str,
    exit_qualification: str,
    exit_employed: str,
) -> Case:
    """Close a case with the ESF Plus exit data and plan the six-month follow-up.

    The follow-up is created only while the participant's consent to be contacted
    after leaving is valid; otherwise the case page says why there is none.
    """
    _require_change(actor, case)
    if case.exit_date is not None:
        raise ValidationError(_("This case is already closed."))
    if exit_date < case.entry_date:
        raise ValidationError({"exit_date": _("The exit date cannot be before the entry date.")})
    _not_in_future(exit_date, "exit_date", _("The exit date cannot be in the future."))
    check_in_period(case.project, exit_date, field="exit_date", kind="exit")
    values = {
        "exit_job_searching": exit_job_searching,
        "exit_education_training": exit_education_training,
        "exit_qualification": exit_qualification,
        "exit_employed": exit_employed,
    }
    missing = {
        field: _("Please answer yes or no.")
        for field, v in values.items()
        if v not in ("yes", "no")
    }
    if missing:
        raise ValidationError(missing)
    case.exit_date = exit_date
    case.exit_reason = exit_reason
    for field, value in values.items():
        setattr(case, field, value)
    case.stage = Stage.EXITED
    save_versioned(case, expected_version=expected_version)
    if survey_contact_allowed(case, on=exit_date):
        FollowUp.objects.create(
            case=case,
            due_date=exit_date + SIX_MONTHS,
            title=_("Six-month follow-up after leaving"),
            kind=FollowUp.Kind.SIX_MONTH,
            assigned_to=case.responsible,
            created_by=actor,
        )
    return case


def six_month_survey_earliest(exit_date: date) -> date:
    """The first day on which the six-month follow-up may be recorded: six calendar months
    after the exit (31 August -> 28 February), less the programme's early window
    (`QUARTIER_FOLLOWUP_6M_EARLY_DAYS`, default 0)."""
    return exit_date + SIX_MONTHS - timedelta(days=settings.QUARTIER_FOLLOWUP_6M_EARLY_DAYS)


def check_six_month_survey_date(exit_date: date, recorded_on: date) -> None:
    """Refuse a six-month follow-up recorded before its time (page, API and import)."""
    earliest = six_month_survey_earliest(exit_date)
    if recorded_on < earliest:
        raise ValidationError(
            {
                "recorded_on": _(
                    "The six-month follow-up can be recorded from %(earliest)s on "
                    "(six months after the exit on %(exit)s)."
                )
                % {"earliest": _dmy(earliest), "exit": _dmy(exit_date)}
            }
        )


def survey_contact_allowed(case: Case, *, on: date | None = None) -> bool:
    """Whether the participant's consent to be contacted after leaving is valid on `on`."""
    return consent_valid(case.participant, ConsentPurpose.FOLLOWUP_CONTACT, on=on)


@transaction.atomic
def case_exit_undo(*, actor: User, case: Case, expected_version: int) -> Case:
    """Reopen a case closed by mistake: the exit data go, the open six-month follow-up too."""
    _require_change(actor, case)
    if case.exit_date is None:
        raise ValidationError(_("This case is open."))
    case.exit_date = None
    case.exit_reason = ""
    for field in EXIT_ESF_FIELDS:
        setattr(case, field, "")
    case.followup_6m_employed = "unknown"
    case.followup_6m_better_situation = "unknown"
    case.followup_6m_recorded_on = None
    case.stage = Stage.STABILISATION if case.stage == Stage.EXITED else case.stage
    save_versioned(case, expected_version=expected_version)
    case.follow_ups.filter(kind=FollowUp.Kind.SIX_MONTH, done_at__isnull=True).delete()
    return case


@transaction.atomic
def case_record_six_month_survey(
    *,
    actor: User,
    case: Case,
    expected_version: int,
    employed: str,
    better_situation: str,
    recorded_on: date | None = None,
) -> Case:
    """The six-month follow-up: `followup_6m_employed` and `followup_6m_better_situation`."""
    _require_change(actor, case)
    if case.exit_date is None:
        raise ValidationError(_("The six-month follow-up is recorded after the exit."))
    for field, value in (("employed", employed), ("better_situation", better_situation)):
        if value not in ("yes", "no", "unknown"):
            raise ValidationError({field: _("Please answer yes, no or unknown.")})
    recorded_on = recorded_on or timezone.localdate()
    if recorded_on < case.exit_date:
        raise ValidationError(
            {"recorded_on": _("The follow-up cannot be recorded before the exit date.")}
        )
    _not_in_future(recorded_on, "recorded_on", _("The follow-up cannot be dated in the future."))
    check_six_month_survey_date(case.exit_date, recorded_on)
    if not survey_contact_allowed(case, on=recorded_on):
        raise ValidationError(
            {
                "recorded_on": _(
                    "On %(date)s there is no valid consent to contact the participant after "
                    "leaving, so the six-month follow-up cannot be recorded. Record the consent "
                    "for contact after leaving first."
                )
                % {"date": _dmy(recorded_on)}
            }
        )
    case.followup_6m_employed = employed
    case.followup_6m_better_situation = better_situation
    case.followup_6m_recorded_on = recorded_on
    save_versioned(case, expected_version=expected_version)
    for follow_up in case.follow_ups.filter(kind=FollowUp.Kind.SIX_MONTH, done_at__isnull=True):
        follow_up.done_at = timezone.now()
        follow_up.done_by = actor
        follow_up.save(update_fields=["done_at", "done_by", "updated_at"])
    return case
