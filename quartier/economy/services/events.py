"""Writes of business events: creating, changing and deleting an event, inviting
employers, recording who came, and the follow-up tasks.

Every write re-checks the permission (`economy.add_record` on the project to create,
`economy.change_event` on the event for everything else), `full_clean()`s and runs in
one transaction. Inviting an employer twice, or recording the same attendance twice,
changes nothing (a double submit is harmless).
"""

from datetime import date, time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.core.models import District, Organisation, Project, User
from quartier.core.services import save_versioned
from quartier.core.tenancy import ECONOMY_ROLES, has_role, may_act_for
from quartier.economy.models import BusinessEvent, Employer, EventInvitation, EventTask

#: The fields of an event that its forms and the API set.
EVENT_FIELDS = (
    "kind",
    "title",
    "date",
    "starts_at",
    "ends_at",
    "place",
    "district",
    "description",
    "supports_companies",
    "responsible",
    "other_guests",
    "notes",
)


def _require(actor: User, perm: str, obj=None) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied(_("You are not allowed to do this."))


def _check_responsible(project_id: int, organisation_id: int, person: User | None, field: str):
    if person is None:
        return
    if not person.is_active or not has_role(
        person, project_id, *ECONOMY_ROLES, organisation=organisation_id
    ):
        raise ValidationError(
            {
                field: _(
                    "Choose a staff member with an economy role in the organisation that "
                    "owns the event."
                )
            }
        )


def _check_district(project_id: int, district: District | None) -> None:
    if district is not None and not district.projects.filter(pk=project_id).exists():
        raise ValidationError({"district": _("Choose one of the project's districts.")})


def _check_employer(actor: User, event: BusinessEvent, employer: Employer, field="employer"):
    """An employer of the event's project that the actor may see."""
    if employer.project_id != event.project_id or not actor.has_perm(
        "economy.view_employer", employer
    ):
        raise ValidationError({field: _("Choose an employer of the event's project.")})


# Events ------------------------------------------------------------------------------


@transaction.atomic
def event_create(
    *,
    actor: User,
    project: Project,
    organisation: Organisation,
    kind: str,
    title: str,
    date: date,
    starts_at: time | None = None,
    ends_at: time | None = None,
    place: str = "",
    district: District | None = None,
    description: str = "",
    supports_companies: bool = False,
    responsible: User | None = None,
    other_guests: int = 0,
    notes: str = "",
) -> BusinessEvent:
    _require(actor, "economy.add_record", project)
    if not may_act_for(actor, project, organisation, roles=ECONOMY_ROLES):
        raise PermissionDenied(_("You are not allowed to do this."))
    _check_responsible(project.pk, organisation.pk, responsible, "responsible")
    _check_district(project.pk, district)
    event = BusinessEvent(
        project=project,
        organisation=organisation,
        kind=kind,
        title=title,
        date=date,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        district=district,
        description=description,
        supports_companies=supports_companies,
        responsible=responsible,
        other_guests=other_guests,
        notes=notes,
        created_by=actor,
    )
    event.full_clean()
    event.save()
    return event


@transaction.atomic
def event_update(
    *, actor: User, event: BusinessEvent, expected_version: int, **data
) -> BusinessEvent:
    """Change an event's fields (`EVENT_FIELDS`); a stale version is refused."""
    _require(actor, "economy.change_event", event)
    unknown = set(data) - set(EVENT_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(unknown)})
    if "responsible" in data:
        _check_responsible(
            event.project_id, event.organisation_id, data["responsible"], "responsible"
        )
    if "district" in data:
        _check_district(event.project_id, data["district"])
    for field, value in data.items():
        setattr(event, field, value)
    save_versioned(event, expected_version=expected_version)
    return event


@transaction.atomic
def event_delete(*, actor: User, event: BusinessEvent) -> None:
    """Delete an event with its invitations and tasks."""
    _require(actor, "economy.change_event", event)
    event.delete()


# Invitations and attendance -----------------------------------------------------------


@transaction.atomic
def event_invite(
    *, actor: User, event: BusinessEvent, employers: list[Employer]
) -> list[EventInvitation]:
    """Invite employers; one already invited keeps its invitation (harmless twice)."""
    _require(actor, "economy.change_event", event)
    invitations = []
    for employer in employers:
        _check_employer(actor, event, employer, field="employers")
        invitation = EventInvitation.objects.filter(event=event, employer=employer).first()
        if invitation is None:
            invitation = EventInvitation(event=event, employer=employer, created_by=actor)
            invitation.full_clean()
            invitation.save()
        invitations.append(invitation)
    return invitations


def _attendance_values(response: str, attended: bool, attendees: int | None) -> tuple:
    if attendees is not None and attendees < 0:
        raise ValidationError({"attendees": _("Enter a number of zero or more.")})
    if not attended:
        if attendees:
            raise ValidationError({"attendees": _("Tick “came” for a company that sent people.")})
        return response, False, 0
    if response == EventInvitation.Response.DECLINED:
        raise ValidationError(
            {"attended": _("A company that declined cannot have come; change its response.")}
        )
    return response, True, attendees or 1


@transaction.atomic
def invitation_record(
    *,
    actor: User,
    invitation: EventInvitation,
    response: str | None = None,
    attended: bool | None = None,
    attendees: int | None = None,
) -> EventInvitation:
    """Record an invited employer's response and whether (and with how many people) it
    came. A company that came sends at least one person; one that did not, none.
    Recording the same values again changes nothing."""
    _require(actor, "economy.change_event", invitation.event)
    response = invitation.response if response is None else response
    attended = invitation.attended if attended is None else attended
    if attended and response == EventInvitation.Response.INVITED:
        response = EventInvitation.Response.ACCEPTED
    if attendees is None:
        attendees = invitation.attendees if attended else 0
    response, attended, attendees = _attendance_values(response, attended, attendees)
    if (invitation.response, invitation.attended, invitation.attendees) == (
        response,
        attended,
        attendees,
    ):
        return invitation
    invitation.response, invitation.attended, invitation.attendees = response, attended, attendees
    invitation.full_clean()
    invitation.save()
    return invitation


@transaction.atomic
def attendance_save(*, actor: User, event: BusinessEvent, rows: dict) -> int:
    """Record the attendance of several invitations at once: `rows` maps an invitation
    id to `{"response", "attended", "attendees"}`. Every id must be an invitation of
    this event. Returns how many invitations changed."""
    _require(actor, "economy.change_event", event)
    invitations = {
        invitation.pk: invitation
        for invitation in EventInvitation.objects.select_for_update().filter(
            event=event, pk__in=list(rows)
        )
    }
    if set(rows) - set(invitations):
        raise ValidationError(_("One of the invitations does not belong to this event."))
    changed = 0
    errors = {}
    for pk, values in rows.items():
        invitation = invitations[pk]
        before = invitation.version
        try:
            invitation_record(actor=actor, invitation=invitation, **values)
        except ValidationError as error:
            errors[invitation.employer.name] = error.messages
            continue
        changed += invitation.version != before
    if errors:
        raise ValidationError(
            [f"{name}: {' '.join(messages)}" for name, messages in errors.items()]
        )
    return changed


@transaction.atomic
def invitation_delete(*, actor: User, invitation: EventInvitation) -> None:
    _require(actor, "economy.change_event", invitation.event)
    invitation.delete()


# Tasks --------------------------------------------------------------------------------


@transaction.atomic
def task_create(
    *,
    actor: User,
    event: BusinessEvent,
    title: str,
    due_date: date,
    assigned_to: User | None = None,
    employer: Employer | None = None,
) -> EventTask:
    """A follow-up task of an event, for a staff member with an economy role in the
    event's organisation (default: the event's responsible, else the actor)."""
    _require(actor, "economy.change_event", event)
    assigned_to = assigned_to or event.responsible or actor
    _check_responsible(event.project_id, event.organisation_id, assigned_to, "assigned_to")
    if employer is not None:
        _check_employer(actor, event, employer)
    task = EventTask(
        event=event,
        title=title,
        due_date=due_date,
        assigned_to=assigned_to,
        employer=employer,
        created_by=actor,
    )
    task.full_clean()
    task.save()
    return task


@transaction.atomic
def task_set_done(*, actor: User, task: EventTask, done: bool = True) -> EventTask:
    """Tick a task off (or reopen it); ticking twice changes nothing."""
    _require(actor, "economy.change_event", task.event)
    if done and task.done_at is None:
        task.done_at = timezone.now()
        task.done_by = actor
    elif not done and task.done_at is not None:
        task.done_at = None
        task.done_by = None
    else:
        return task
    task.save(update_fields=["done_at", "done_by", "updated_at"])
    return task


@transaction.atomic
def task_delete(*, actor: User, task: EventTask) -> None:
    _require(actor, "economy.change_event", task.event)
    task.delete()
