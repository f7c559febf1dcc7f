"""Pages of business events: the list, a new event, one event with its invitations,
attendance and follow-up tasks, changing and deleting it; ticking a task off (also
from the start page). Thin: reads through `economy.selectors.events`, writes through
`economy.services.events`. An event outside the user's tenants is a 404; one the user
may see but not change is a 403."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from quartier.core.forms import add_service_error, save_versioned_form
from quartier.core.pagination import page_query
from quartier.core.selectors import projects_visible_to
from quartier.economy.forms.events import (
    AttendanceForm,
    EventFilterForm,
    EventForm,
    InviteForm,
    TaskForm,
    owner_from,
)
from quartier.economy.models import BusinessEvent
from quartier.economy.selectors import events as event_selectors
from quartier.economy.services import events as event_services

PAGE_SIZE = 25


def _require_economy(request) -> None:
    if not request.user.has_perm("core.view_economy"):
        raise PermissionDenied(_("Only staff working with employers see the business events."))


def _event_for_change(request, event_pk: int) -> BusinessEvent:
    event = event_selectors.event_get(user=request.user, pk=event_pk)
    if not request.user.has_perm("economy.change_event", event):
        raise PermissionDenied(_("Only the owning organisation's economy staff change this event."))
    return event


def _safe_next(request, default):
    next_url = request.POST.get("next", "")
    if next_url.startswith("/") and not next_url.startswith("//"):
        return redirect(next_url)
    return default


@require_http_methods(["GET"])
def event_list(request):
    _require_economy(request)
    projects = list(projects_visible_to(request.user).order_by("name"))
    form = EventFilterForm(request.GET or None, projects=projects)
    filters = form.filters()
    events = event_selectors.event_list(user=request.user, filters=filters)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "economy/events/event_list.html",
        {
            "form": form,
            "page": page,
            "filtered": bool(filters),
            "today": timezone.localdate(),
            "query_string": page_query(request),
            "can_create": bool(event_selectors.economy_owners(request.user)),
            "nav_active": "employers",
        },
    )


@require_http_methods(["GET", "POST"])
def event_create(request):
    owners = event_selectors.economy_owners(request.user)
    if not owners:
        raise PermissionDenied(_("Only staff with an economy role in a project record events."))
    form = EventForm(
        request.POST or None,
        owners=owners,
        staff=event_selectors.owners_staff(owners),
        districts=event_selectors.project_districts({o.project_id for o in owners}),
        initial={"responsible": request.user.pk, "date": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        owner = owner_from(form.cleaned_data["owner"], owners)
        project, organisation = event_selectors.owner_records(owner)
        try:
            event = event_services.event_create(
                actor=request.user,
                project=project,
                organisation=organisation,
                **form.event_fields(),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The event was saved. Now invite the employers."))
            return redirect("economy:event_detail", event_pk=event.pk)
    return render(
        request,
        "economy/events/event_form.html",
        {"form": form, "event": None, "changes": [], "nav_active": "employers"},
    )


def _render_detail(request, event, *, invite_form=None, attendance_form=None, task_form=None):
    can_change = request.user.has_perm("economy.change_event", event)
    invitations = event_selectors.event_invitations(event)
    context = {
        "event": event,
        "invitations": invitations,
        "tasks": event_selectors.event_tasks(event),
        "totals": event_selectors.attendance_totals(event),
        "can_change": can_change,
        "today": timezone.localdate(),
        "nav_active": "employers",
    }
    if can_change:
        employers = event_selectors.invitable_employers(user=request.user, event=event)
        context.update(
            invite_form=invite_form or InviteForm(employers=employers),
            attendance_form=attendance_form or AttendanceForm(invitations=invitations),
            task_form=task_form
            or TaskForm(
                staff=event_selectors.event_staff(event),
                employers=event_selectors.visible_project_employers(
                    user=request.user, project_id=event.project_id
                ),
                initial={"due_date": timezone.localdate()},
            ),
        )
    return render(request, "economy/events/event_detail.html", context)


@require_http_methods(["GET"])
def event_detail(request, event_pk: int):
    event = event_selectors.event_get(user=request.user, pk=event_pk)
    if not request.user.has_perm("economy.view_event", event):
        raise Http404
    return _render_detail(request, event)


@require_http_methods(["GET", "POST"])
def event_edit(request, event_pk: int):
    event = _event_for_change(request, event_pk)
    form = EventForm(
        request.POST or None,
        instance=event,
        staff=event_selectors.event_staff(event),
        districts=event_selectors.project_districts([event.project_id]),
    )
    changes = []
    if request.method == "POST" and form.is_valid():
        outcome = save_versioned_form(
            form,
            lambda: event_services.event_update(
                actor=request.user,
                event=BusinessEvent.objects.get(pk=event.pk),
                expected_version=form.cleaned_data["expected_version"],
                **form.event_fields(),
            ),
            stored=lambda: BusinessEvent.objects.get(pk=event.pk),
        )
        if outcome.saved:
            messages.success(request, _("The event was saved."))
            return redirect("economy:event_detail", event_pk=event.pk)
        changes = outcome.changes
    return render(
        request,
        "economy/events/event_form.html",
        {"form": form, "event": event, "changes": changes, "nav_active": "employers"},
    )


@require_http_methods(["GET", "POST"])
def event_delete(request, event_pk: int):
    event = _event_for_change(request, event_pk)
    if request.method == "POST":
        event_services.event_delete(actor=request.user, event=event)
        messages.success(request, _("“%(title)s” was deleted.") % {"title": event.title})
        return redirect("economy:event_list")
    return render(
        request,
        "economy/events/event_delete.html",
        {
            "event": event,
            "totals": event_selectors.attendance_totals(event),
            "task_count": event.tasks.count(),
            "nav_active": "employers",
        },
    )


@require_POST
def event_invite(request, event_pk: int):
    event = _event_for_change(request, event_pk)
    form = InviteForm(
        request.POST,
        employers=event_selectors.visible_project_employers(
            user=request.user, project_id=event.project_id
        ),
    )
    if form.is_valid():
        try:
            invited = event_services.event_invite(
                actor=request.user, event=event, employers=list(form.cleaned_data["employers"])
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("%(count)d employer(s) invited.") % {"count": len(invited)})
            return redirect("economy:event_detail", event_pk=event.pk)
    return _render_detail(request, event, invite_form=form)


@require_POST
def event_attendance(request, event_pk: int):
    event = _event_for_change(request, event_pk)
    form = AttendanceForm(request.POST, invitations=event_selectors.event_invitations(event))
    if form.is_valid():
        try:
            event_services.attendance_save(actor=request.user, event=event, rows=form.attendance())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Who came was saved."))
            return redirect("economy:event_detail", event_pk=event.pk)
    return _render_detail(request, event, attendance_form=form)


@require_POST
def invitation_delete(request, event_pk: int, invitation_pk: int):
    event = _event_for_change(request, event_pk)
    invitation = get_object_or_404(event.invitations.select_related("employer"), pk=invitation_pk)
    event_services.invitation_delete(actor=request.user, invitation=invitation)
    messages.success(
        request, _("The invitation of %(name)s was removed.") % {"name": invitation.employer.name}
    )
    return redirect("economy:event_detail", event_pk=event.pk)


@require_POST
def event_task_create(request, event_pk: int):
    event = _event_for_change(request, event_pk)
    form = TaskForm(
        request.POST,
        staff=event_selectors.event_staff(event),
        employers=event_selectors.visible_project_employers(
            user=request.user, project_id=event.project_id
        ),
    )
    if form.is_valid():
        try:
            event_services.task_create(actor=request.user, event=event, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The task was added."))
            return redirect("economy:event_detail", event_pk=event.pk)
    return _render_detail(request, event, task_form=form)


@require_POST
def event_task_done(request, task_pk: int):
    """Tick a task off (or back on, `done=0`); back to `next` (the start page) or the event."""
    task = get_object_or_404(
        event_selectors.event_tasks_visible_to(request.user).select_related("event"), pk=task_pk
    )
    if not request.user.has_perm("economy.change_event", task.event):
        raise PermissionDenied
    done = request.POST.get("done", "1") != "0"
    event_services.task_set_done(actor=request.user, task=task, done=done)
    messages.success(request, _("Marked as done.") if done else _("Marked as not done."))
    return _safe_next(request, redirect("economy:event_detail", event_pk=task.event_id))
