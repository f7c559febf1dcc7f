"""The steps of an appointment request in the start page's inbox
(`selectors.inbox`, `services.inbox`).

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

from quartier.participants.models import FirstContact, RequestStep
from quartier.participants.selectors.inbox import request_assignees, request_get
from quartier.participants.services import inbox as services


def _request_or_404(request, first_contact_pk: int) -> FirstContact:
    try:
        return request_get(user=request.user, pk=first_contact_pk)
    except FirstContact.DoesNotExist as error:
        raise Http404(_("There is no such open request.")) from error


def _back(first_contact_pk: int):
    return redirect(f"{reverse('core:home')}#request-{first_contact_pk}")


def _refused(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@require_POST
def request_assign(request, first_contact_pk: int):
    first_contact = _request_or_404(request, first_contact_pk)
    assignee_id = request.POST.get("assignee", "")
    assignee = (
        request_assignees(first_contact).filter(pk=assignee_id).first()
        if assignee_id.isdigit()
        else None
    )
    if assignee is None:
        messages.error(request, _("Choose a member of the team."))
        return _back(first_contact_pk)
    try:
        services.request_assign(actor=request.user, first_contact=first_contact, assignee=assignee)
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
    return _back(first_contact_pk)


@require_POST
def request_step(request, first_contact_pk: int):
    first_contact = _request_or_404(request, first_contact_pk)
    step = request.POST.get("step", "")
    try:
        services.request_step_set(actor=request.user, first_contact=first_contact, step=step)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("Step recorded: %(step)s.") % {"step": RequestStep(step).label})
    return _back(first_contact_pk)


@require_POST
def request_close(request, first_contact_pk: int):
    first_contact = _request_or_404(request, first_contact_pk)
    try:
        services.request_close(actor=request.user, first_contact=first_contact)
    except ValidationError as error:
        _refused(request, error)
        return _back(first_contact_pk)
    messages.success(request, _("The request was closed."))
    return redirect("core:home")
