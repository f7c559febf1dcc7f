"""The steps of an appointment request in the start page's inbox (`inbox`).

Each is a form posted from the start page, which it shows again afterwards (htmx is
not needed). A request the user may not work on, or one closed already, is not found.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from quartier.participants import inbox
from quartier.participants.models import FirstContact, RequestStep


def _request_or_404(request, pk: int) -> FirstContact:
    try:
        return inbox.request_get(user=request.user, pk=pk)
    except FirstContact.DoesNotExist as error:
        raise Http404(_("There is no such open request.")) from error


def _back(pk: int):
    return redirect(f"{reverse('core:home')}#request-{pk}")


def _refused(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@require_POST
def request_assign(request, pk: int):
    first_contact = _request_or_404(request, pk)
    assignee_id = request.POST.get("assignee", "")
    assignee = (
        inbox.request_assignees(first_contact).filter(pk=assignee_id).first()
        if assignee_id.isdigit()
        else None
    )
    if assignee is None:
        messages.error(request, _("Choose a member of the team."))
        return _back(pk)
    try:
        inbox.request_assign(actor=request.user, first_contact=first_contact, assignee=assignee)
    except ValidationError as error:
        _refused(request, error)
    else:
        if assignee == request.user:
            messages.success(request, _("The request is now yours."))
        else:
            messages.success(
                request,
                _("The request was assigned to %(name)s.")
                % {"name": assignee.full_name or assignee.email},
            )
    return _back(pk)


@require_POST
def request_step(request, pk: int):
    first_contact = _request_or_404(request, pk)
    step = request.POST.get("step", "")
    try:
        inbox.request_step_set(actor=request.user, first_contact=first_contact, step=step)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("Step recorded: %(step)s.") % {"step": RequestStep(step).label})
    return _back(pk)


@require_POST
def request_close(request, pk: int):
    first_contact = _request_or_404(request, pk)
    try:
        inbox.request_close(actor=request.user, first_contact=first_contact)
    except ValidationError as error:
        _refused(request, error)
        return _back(pk)
    messages.success(request, _("The request was closed."))
    return redirect("core:home")
