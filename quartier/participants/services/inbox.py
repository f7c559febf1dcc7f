"""The steps of an appointment request in the start page's inbox: assign, record a
step, close. Each writes a `RequestEvent`. Reads are in `selectors.inbox`.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.core.models import User
from quartier.participants.models import FirstContact, RequestEvent, RequestStep
from quartier.participants.selectors.inbox import request_assignees
from quartier.participants.selectors.participants import first_contacts_visible_to

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
