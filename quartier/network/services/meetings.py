"""Writes of the network's meetings: the meeting itself, its attendees, its outcomes
(information, decisions with the organisation responsible, tasks with the person who
does them), ticking tasks off and reopening them, and the figures it looked at.

Every write re-checks the permission (`network.add_meeting` on the project to create,
`network.change_meeting` on the meeting for everything else, `network.complete_task`
on the task), `full_clean()`s (the model's constraints put their message at the field)
and runs in one transaction. A stale edit of the meeting is refused; ticking a task
off twice changes nothing and says so.
"""

from dataclasses import dataclass
from datetime import date, time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.core.models import District, Organisation, Project, User
from quartier.core.services import save_versioned
from quartier.core.tenancy import NETWORK_VIEW_ROLES, NETWORK_WORK_ROLES, has_role, may_act_for
from quartier.network.models import (
    Attendee,
    Meeting,
    MeetingEvidence,
    MeetingOutcome,
    OutcomeKind,
    Partner,
)
from quartier.network.services.referrals import require_permission

#: The fields of a meeting that its form sets.
MEETING_FIELDS = (
    "kind",
    "level",
    "title",
    "date",
    "starts_at",
    "ends_at",
    "place",
    "district",
    "invited_on",
    "agenda",
    "minutes_public",
    "minutes_internal",
)


def _check_district(project_id: int, district: District | None) -> None:
    if district is not None and not district.projects.filter(pk=project_id).exists():
        raise ValidationError({"district": _("Choose one of the project's districts.")})


def _in_network(meeting: Meeting, organisation: Organisation) -> bool:
    """The project's consortium or one of its network partners' organisations."""
    return (
        meeting.project.organisations.filter(pk=organisation.pk).exists()
        or Partner.objects.filter(
            project_id=meeting.project_id, partner_organisation=organisation
        ).exists()
    )


def _check_organisation(meeting: Meeting, organisation: Organisation | None, field: str) -> None:
    if organisation is not None and not _in_network(meeting, organisation):
        raise ValidationError(
            {
                field: _(
                    "Choose an organisation of the project's consortium or one of its "
                    "network partners."
                )
            }
        )


def _check_staff(meeting: Meeting, person: User | None, field: str) -> None:
    if person is not None and not (
        person.is_active and has_role(person, meeting.project_id, *NETWORK_VIEW_ROLES)
    ):
        raise ValidationError(
            {field: _("Choose a staff member of the project who can open the meeting.")}
        )


# Meetings ----------------------------------------------------------------------------


@transaction.atomic
def meeting_create(
    *,
    actor: User,
    project: Project,
    organisation: Organisation,
    kind: str,
    title: str,
    date: date,
    level: str = "both",
    starts_at: time | None = None,
    ends_at: time | None = None,
    place: str = "",
    district: District | None = None,
    invited_on: date | None = None,
    agenda: str = "",
    minutes_public: str = "",
    minutes_internal: str = "",
) -> Meeting:
    require_permission(actor, "network.add_meeting", project)
    if not may_act_for(actor, project, organisation, roles=NETWORK_WORK_ROLES):
        raise PermissionDenied(_("You are not allowed to do this."))
    _check_district(project.pk, district)
    meeting = Meeting(
        project=project,
        organisation=organisation,
        kind=kind,
        level=level,
        title=title,
        date=date,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        district=district,
        invited_on=invited_on,
        agenda=agenda,
        minutes_public=minutes_public,
        minutes_internal=minutes_internal,
        created_by=actor,
    )
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def meeting_update(*, actor: User, meeting: Meeting, expected_version: int, **data) -> Meeting:
    """Change a meeting's fields (`MEETING_FIELDS`); a stale version is refused."""
    require_permission(actor, "network.change_meeting", meeting)
    unknown = set(data) - set(MEETING_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(unknown)})
    if "district" in data:
        _check_district(meeting.project_id, data["district"])
    for field, value in data.items():
        setattr(meeting, field, value)
    save_versioned(meeting, expected_version=expected_version)
    return meeting


# Attendees ---------------------------------------------------------------------------


@transaction.atomic
def attendee_add(
    *,
    actor: User,
    meeting: Meeting,
    organisation: Organisation | None = None,
    user: User | None = None,
    name: str = "",
    invited: bool = True,
    attended: bool = False,
) -> Attendee:
    """Add an invited or attending organisation and/or person (a name or a staff
    member). The same organisation, person and name again is not added twice."""
    require_permission(actor, "network.change_meeting", meeting)
    _check_organisation(meeting, organisation, "organisation")
    _check_staff(meeting, user, "user")
    name = name.strip()
    existing = Attendee.objects.filter(
        meeting=meeting, organisation=organisation, user=user, name=name
    ).first()
    if existing is not None:
        return existing
    attendee = Attendee(
        meeting=meeting,
        organisation=organisation,
        user=user,
        name=name,
        invited=invited,
        attended=attended,
        created_by=actor,
    )
    attendee.full_clean()
    attendee.save()
    return attendee


@transaction.atomic
def attendee_set(
    *, actor: User, attendee: Attendee, invited: bool | None = None, attended: bool | None = None
) -> Attendee:
    """Toggle whether an attendee was invited and whether they came; the same values
    again change nothing."""
    require_permission(actor, "network.change_meeting", attendee.meeting)
    invited = attendee.invited if invited is None else invited
    attended = attendee.attended if attended is None else attended
    if (attendee.invited, attendee.attended) == (invited, attended):
        return attendee
    attendee.invited, attendee.attended = invited, attended
    attendee.full_clean()
    attendee.save()
    return attendee


@transaction.atomic
def attendee_remove(*, actor: User, attendee: Attendee) -> None:
    require_permission(actor, "network.change_meeting", attendee.meeting)
    attendee.delete()


# Outcomes ----------------------------------------------------------------------------


@transaction.atomic
def outcome_add(
    *,
    actor: User,
    meeting: Meeting,
    kind: str,
    text: str,
    responsible_organisation: Organisation | None = None,
    assignee: User | None = None,
    due_date: date | None = None,
    decision: MeetingOutcome | None = None,
) -> MeetingOutcome:
    """Add an outcome at the end of the meeting's outcomes: an information; a decision
    (the organisation responsible is required, a due date optional); a task (the staff
    member who does it is required, a due date and the decision it follows from
    optional). Fields that do not belong to the kind are dropped. The same outcome
    again (a double submit) is not added twice."""
    require_permission(actor, "network.change_meeting", meeting)
    if kind == OutcomeKind.INFORMATION:
        responsible_organisation, assignee, due_date, decision = None, None, None, None
    elif kind == OutcomeKind.DECISION:
        assignee, decision = None, None
    elif kind == OutcomeKind.TASK:
        responsible_organisation = None
    if kind == OutcomeKind.DECISION and responsible_organisation is None:
        raise ValidationError(
            {"responsible_organisation": _("A decision needs the organisation responsible for it.")}
        )
    if kind == OutcomeKind.TASK and assignee is None:
        raise ValidationError({"assignee": _("A task needs the person who does it.")})
    _check_organisation(meeting, responsible_organisation, "responsible_organisation")
    _check_staff(meeting, assignee, "assignee")
    if decision is not None and (
        decision.meeting_id != meeting.pk or decision.kind != OutcomeKind.DECISION
    ):
        raise ValidationError({"decision": _("Choose a decision of this meeting.")})
    fields = {
        "kind": kind,
        "text": text,
        "responsible_organisation": responsible_organisation,
        "assignee": assignee,
        "due_date": due_date,
        "decision": decision,
    }
    # A double submit finds the outcome it added and adds nothing.
    existing = MeetingOutcome.objects.filter(meeting=meeting, **fields).first()
    if existing is not None:
        return existing
    last = MeetingOutcome.objects.filter(meeting=meeting).aggregate(last=Max("position"))["last"]
    outcome = MeetingOutcome(
        meeting=meeting,
        kind=kind,
        text=text,
        responsible_organisation=responsible_organisation,
        assignee=assignee,
        due_date=due_date,
        decision=decision,
        position=(last or 0) + 1,
        created_by=actor,
    )
    outcome.full_clean()
    outcome.save()
    return outcome


@transaction.atomic
def outcome_remove(*, actor: User, outcome: MeetingOutcome) -> None:
    """Remove an outcome; a decision's tasks go with it."""
    require_permission(actor, "network.change_meeting", outcome.meeting)
    outcome.delete()


@dataclass(frozen=True)
class TaskChange:
    task: MeetingOutcome
    changed: bool


@transaction.atomic
def task_set_done(*, actor: User, task: MeetingOutcome, done: bool = True, now=None) -> TaskChange:
    """Tick a task off (`done`) or reopen it. The row is locked, so a second submit
    finds it already so and changes nothing (`changed` is False)."""
    require_permission(actor, "network.complete_task", task)
    if task.kind != OutcomeKind.TASK:
        raise ValidationError(_("Only a task can be ticked off."))
    task = MeetingOutcome.objects.select_for_update().select_related("meeting").get(pk=task.pk)
    if done == task.is_done:
        return TaskChange(task=task, changed=False)
    if done:
        task.done_at = now or timezone.now()
        task.done_by = actor
    else:
        task.done_at = None
        task.done_by = None
    task.save(update_fields=["done_at", "done_by", "updated_at"])
    return TaskChange(task=task, changed=True)


# Evidence ----------------------------------------------------------------------------


@transaction.atomic
def evidence_add(
    *,
    actor: User,
    meeting: Meeting,
    kind: str,
    period_start: date,
    period_end: date,
    note: str = "",
) -> MeetingEvidence:
    """Record that the meeting looked at the network's figures or the ESF Plus
    indicator table of a period (the same kind and period again is not added twice)."""
    require_permission(actor, "network.change_meeting", meeting)
    existing = MeetingEvidence.objects.filter(
        Q(meeting=meeting, kind=kind, period_start=period_start, period_end=period_end)
    ).first()
    if existing is not None:
        return existing
    evidence = MeetingEvidence(
        meeting=meeting,
        kind=kind,
        period_start=period_start,
        period_end=period_end,
        note=note,
        created_by=actor,
    )
    evidence.full_clean()
    evidence.save()
    return evidence


@transaction.atomic
def evidence_remove(*, actor: User, evidence: MeetingEvidence) -> None:
    require_permission(actor, "network.change_meeting", evidence.meeting)
    evidence.delete()
