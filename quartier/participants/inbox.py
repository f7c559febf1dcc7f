"""The inbox of appointment requests from the offer map, on the start page of case staff.

A resident's request becomes a `FirstContact` with status "request"
(`stadtteilplan.services.appointment_request_create`) of one project and one
organisation. The organisation's case staff in that project (project leads, case
workers, job coaches) see it in their inbox, assign it to one of them, record how far
they got (`RequestStep`: called, appointment made, done, not reached) and close it.
Every one of these is a `RequestEvent`, dated, with who did it. A closed request
leaves the inbox; the retention rule of the offer map deletes it in time like any
request that did not lead to taking part.

Reads start from `first_contacts_visible_to(user)`: someone without a case role in
the request's project and organisation does not find it at all (the views answer 404).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case, Prefetch, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.core.models import CASE_ROLES, User
from quartier.participants.models import FirstContact, RequestEvent, RequestStep
from quartier.participants.selectors import first_contacts_visible_to

#: Requests the start page lists (the oldest first; more are counted).
INBOX_SHOWN = 50


# Reads -------------------------------------------------------------------------------


def open_requests_visible_to(user) -> QuerySet[FirstContact]:
    """Appointment requests not yet closed that the user may work on."""
    return first_contacts_visible_to(user).filter(status=FirstContact.Status.REQUEST)


def request_inbox(*, user) -> QuerySet[FirstContact]:
    """The open requests for the start page: the user's own and the unassigned ones
    first, then those of colleagues; the oldest first; with their steps."""
    mine_first = Case(
        When(assigned_to=user, then=Value(0)),
        When(assigned_to__isnull=True, then=Value(1)),
        default=Value(2),
    )
    return (
        open_requests_visible_to(user)
        .select_related("project", "organisation", "assigned_to")
        .prefetch_related(
            Prefetch(
                "request_events",
                queryset=RequestEvent.objects.select_related("by", "assigned_to"),
            )
        )
        .alias(mine_first=mine_first)
        .order_by("mine_first", "date", "id")
    )


def request_assignees(first_contact: FirstContact) -> QuerySet[User]:
    """Who a request may be assigned to: the active staff with a case role in its
    project and organisation."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__project_id=first_contact.project_id,
            memberships__organisation_id=first_contact.organisation_id,
            memberships__role__in=list(CASE_ROLES),
        )
        .distinct()
        .order_by("full_name", "email")
    )


def with_assignees(requests: list[FirstContact]) -> list[FirstContact]:
    """Set `assignee_choices` on each request (one query per team, not per request)."""
    teams: dict[tuple[int, int], list[User]] = {}
    for first_contact in requests:
        team = (first_contact.project_id, first_contact.organisation_id)
        if team not in teams:
            teams[team] = list(request_assignees(first_contact))
        first_contact.assignee_choices = teams[team]
    return requests


def request_get(*, user, pk: int) -> FirstContact:
    """An open request the user may work on; `FirstContact.DoesNotExist` otherwise."""
    return open_requests_visible_to(user).get(pk=pk)


# Writes ------------------------------------------------------------------------------


def _locked(actor: User, first_contact: FirstContact) -> FirstContact:
    """The request, locked for the change, if the actor may still work on it."""
    try:
        return first_contacts_visible_to(actor).select_for_update().get(pk=first_contact.pk)
    except FirstContact.DoesNotExist as error:
        raise PermissionDenied(_("You are not allowed to do this.")) from error


def _still_open(first_contact: FirstContact) -> None:
    if first_contact.status != FirstContact.Status.REQUEST:
        raise ValidationError(_("This request has been closed already."))


@transaction.atomic
def request_assign(*, actor: User, first_contact: FirstContact, assignee: User) -> FirstContact:
    """Assign the request to `assignee`, a member of its team (the actor themself, too)."""
    first_contact = _locked(actor, first_contact)
    _still_open(first_contact)
    if not request_assignees(first_contact).filter(pk=assignee.pk).exists():
        raise ValidationError(
            {"assignee": _("This person has no case role in the request's organisation.")}
        )
    if first_contact.assigned_to_id == assignee.pk:
        return first_contact
    first_contact.assigned_to = assignee
    first_contact.save(update_fields=["assigned_to", "updated_at"])
    RequestEvent.objects.create(
        first_contact=first_contact,
        action=RequestEvent.Action.ASSIGNED,
        assigned_to=assignee,
        step=first_contact.request_step,
        by=actor,
    )
    return first_contact


@transaction.atomic
def request_step_set(*, actor: User, first_contact: FirstContact, step: str) -> FirstContact:
    """Record how far the team got (called, appointment made, done, not reached)."""
    first_contact = _locked(actor, first_contact)
    _still_open(first_contact)
    if step not in RequestStep.values or step == RequestStep.NEW:
        raise ValidationError({"step": _("Choose one of the steps.")})
    if first_contact.request_step == step:
        return first_contact
    first_contact.request_step = step
    first_contact.save(update_fields=["request_step", "updated_at"])
    RequestEvent.objects.create(
        first_contact=first_contact, action=RequestEvent.Action.STEP, step=step, by=actor
    )
    return first_contact


@transaction.atomic
def request_close(*, actor: User, first_contact: FirstContact) -> FirstContact:
    """Close the request: it leaves the inbox (and is deleted with the other requests
    that did not lead to taking part, after the retention period)."""
    first_contact = _locked(actor, first_contact)
    _still_open(first_contact)
    now = timezone.now()
    first_contact.status = FirstContact.Status.CLOSED
    first_contact.closed_at = now
    first_contact.closed_by = actor
    first_contact.save(update_fields=["status", "closed_at", "closed_by", "updated_at"])
    RequestEvent.objects.create(
        first_contact=first_contact,
        action=RequestEvent.Action.CLOSED,
        step=first_contact.request_step,
        at=now,
        by=actor,
    )
    return first_contact
