"""Writes of the case file: stage, assessments, plan, contacts, follow-ups, exit.

Each service re-checks `cases.change_case` on the case, validates, and writes in one
transaction. Case, plan and participant saves are optimistic-locked: a form opened
before someone else saved is refused (`ConcurrentEditError`).
"""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.cases.models import (
    EXIT_ESF_FIELDS,
    NEED_DOMAINS,
    Assessment,
    Case,
    Contact,
    FollowUp,
    Goal,
    Plan,
    Skill,
    Stage,
)
from quartier.core.models import CASE_ROLES, Membership, User
from quartier.core.periods import check_in_period
from quartier.core.services import ConcurrentEditError, save_versioned
from quartier.participants.models import ConsentPurpose, Topic
from quartier.participants.selectors.consents import consent_valid

SIX_MONTHS = relativedelta(months=6)


def _dmy(day: date) -> str:
    return day.strftime("%d.%m.%Y")


def _require_change(actor: User, case: Case) -> None:
    if not actor.has_perm("cases.change_case", case):
        raise PermissionDenied(_("You are not allowed to change this case."))


def _check_staff(case: Case, user: User | None, field: str) -> None:
    """A responsible or assigned person must hold a case role in the case's organisation."""
    if user is None:
        return
    if not Membership.objects.filter(
        user=user,
        project_id=case.project_id,
        organisation_id=case.organisation_id,
        role__in=list(CASE_ROLES),
    ).exists():
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
    if followup_contact_allowed(case, on=exit_date):
        FollowUp.objects.create(
            case=case,
            due_date=exit_date + SIX_MONTHS,
            title=_("Six-month follow-up after leaving"),
            kind=FollowUp.Kind.SIX_MONTH,
            assigned_to=case.responsible,
            created_by=actor,
        )
    return case


def followup_6m_earliest(exit_date: date) -> date:
    """The first day on which the six-month follow-up may be recorded: six calendar months
    after the exit (31 August -> 28 February), less the programme's early window
    (`QUARTIER_FOLLOWUP_6M_EARLY_DAYS`, default 0)."""
    return exit_date + SIX_MONTHS - timedelta(days=settings.QUARTIER_FOLLOWUP_6M_EARLY_DAYS)


def check_followup_6m_date(exit_date: date, recorded_on: date) -> None:
    """Refuse a six-month follow-up recorded before its time (page, API and import)."""
    earliest = followup_6m_earliest(exit_date)
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


def followup_contact_allowed(case: Case, *, on: date | None = None) -> bool:
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
def case_record_followup_6m(
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
    check_followup_6m_date(case.exit_date, recorded_on)
    if not followup_contact_allowed(case, on=recorded_on):
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


@transaction.atomic
def plan_save(
    *,
    actor: User,
    case: Case,
    expected_version: int | None,
    agreed_on: date | None,
    summary: str,
    goals: list[dict],
) -> Plan:
    """Create or replace the plan with its goals.

    `goals` is the whole list as the form shows it: dicts with `id` (None for new),
    `title`, `steps`, `due_date`, `status`, `responsible`, and `delete`. The plan's
    version guards the whole list: a stale form is refused, nothing is half-saved.
    """
    _require_change(actor, case)
    plan = Plan.objects.filter(case=case).first()
    if plan is None:
        if expected_version not in (None, 0):
            raise ConcurrentEditError()
        plan = Plan(case=case, created_by=actor, agreed_on=agreed_on, summary=summary)
        plan.full_clean()
        plan.save()
    else:
        if expected_version is None:
            raise ConcurrentEditError()
        plan.agreed_on = agreed_on
        plan.summary = summary
        save_versioned(plan, expected_version=expected_version)
    existing = {goal.pk: goal for goal in plan.goals.all()}
    for position, item in enumerate(goals):
        goal_id = item.get("id")
        if goal_id and goal_id not in existing:
            raise ValidationError(
                _("One of the goals is not (or no longer) part of this plan. Reload the plan.")
            )
        if item.get("delete"):
            if goal_id:
                existing[goal_id].delete()
            continue
        goal = existing.get(goal_id) or Goal(plan=plan, created_by=actor)
        changed = (
            goal.pk is None
            or any(
                getattr(goal, field) != item.get(field, getattr(goal, field))
                for field in ("title", "steps", "due_date", "status", "responsible")
            )
            or goal.position != position
        )
        if not changed:
            continue
        for field in ("title", "steps", "due_date", "status", "responsible"):
            if field in item:
                setattr(goal, field, item[field])
        goal.position = position
        goal.full_clean()
        goal.save()
    return plan


@transaction.atomic
def contact_create(
    *,
    actor: User,
    case: Case,
    date: date,
    duration_minutes: int,
    channel: str,
    topics: list[str],
    notes: str = "",
) -> Contact:
    _require_change(actor, case)
    _not_in_future(date, "date", _("A contact cannot be dated in the future."))
    if date < case.entry_date:
        raise ValidationError({"date": _("The contact cannot be before the entry date.")})
    check_in_period(case.project, date, field="date", kind="contact")
    contact = Contact(
        case=case,
        date=date,
        duration_minutes=duration_minutes,
        channel=channel,
        topics=_check_topics(topics),
        notes=notes,
        staff=actor,
        created_by=actor,
    )
    contact.full_clean()
    contact.save()
    return contact


@transaction.atomic
def contact_update(*, actor: User, contact: Contact, expected_version: int, data: dict) -> Contact:
    _require_change(actor, contact.case)
    if "topics" in data:
        data["topics"] = _check_topics(data["topics"])
    _not_in_future(data.get("date"), "date", _("A contact cannot be dated in the future."))
    if data.get("date") and data["date"] < contact.case.entry_date:
        raise ValidationError({"date": _("The contact cannot be before the entry date.")})
    if data.get("date") and data["date"] != contact.date:
        check_in_period(contact.case.project, data["date"], field="date", kind="contact")
    for field, value in data.items():
        setattr(contact, field, value)
    save_versioned(contact, expected_version=expected_version)
    return contact


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
