"""Pages of the network's meetings: the list, a new meeting, one meeting with its
attendees, outcomes and evidence, changing it, the minutes as a PDF (the internal part
only on request and only for those who keep the network), and ticking tasks off (also
from the start page). Thin: reads through `network.selectors.meetings`, writes through
`network.services.meetings`. A meeting outside the user's projects is a 404; one the
user may see but not change is a 403."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from quartier.core.forms import add_service_error, save_versioned_form
from quartier.core.pagination import page_query
from quartier.core.pdf import render_pdf
from quartier.network.forms.meetings import (
    AttendeeForm,
    EvidenceForm,
    MeetingFilterForm,
    MeetingForm,
    OutcomeForm,
)
from quartier.network.models import Meeting, OutcomeKind
from quartier.network.selectors import meetings as meeting_selectors
from quartier.network.services import meetings as meeting_services

PAGE_SIZE = 25
NAV = "network"


def _meeting_for_view(request, meeting_pk: int) -> Meeting:
    meeting = meeting_selectors.meeting_get(user=request.user, pk=meeting_pk)
    if not request.user.has_perm("network.view_meeting", meeting):
        raise Http404
    return meeting


def _meeting_for_change(request, meeting_pk: int) -> Meeting:
    meeting = _meeting_for_view(request, meeting_pk)
    if not request.user.has_perm("network.change_meeting", meeting):
        raise PermissionDenied(
            _("Only the network coach and the project lead change the project's meetings.")
        )
    return meeting


def _detail_url(meeting) -> str:
    return reverse("network:meeting_detail", args=[meeting.pk])


def _safe_next(request, default):
    next_url = request.POST.get("next", "")
    if next_url.startswith("/") and not next_url.startswith("//"):
        return redirect(next_url)
    return default


@require_GET
def meeting_list(request):
    if not request.user.has_perm("network.view_network"):
        raise PermissionDenied(_("Only the staff of a project's network see its meetings."))
    visible = meeting_selectors.meetings_visible_to(request.user)
    form = MeetingFilterForm(
        request.GET or None,
        projects=meeting_selectors.meeting_projects(request.user),
        years=meeting_selectors.meeting_years(visible),
    )
    filters = form.filters()
    filters.pop("page", None)
    today = timezone.localdate()
    meetings = meeting_selectors.meeting_list(user=request.user, filters=filters, today=today)
    page = Paginator(meetings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "network/meetings/meeting_list.html",
        {
            "form": form,
            "page": page,
            "filtered": bool(filters),
            "today": today,
            "query_string": page_query(request),
            "can_create": meeting_selectors.projects_for_new_meeting(request.user).exists(),
            "nav_active": NAV,
        },
    )


@require_http_methods(["GET", "POST"])
def meeting_create(request):
    projects = meeting_selectors.projects_for_new_meeting(request.user)
    if not projects.exists():
        raise PermissionDenied(
            _("Only the network coach and the project lead record the project's meetings.")
        )
    form = MeetingForm(
        request.POST or None,
        projects=projects,
        districts=meeting_selectors.project_districts(projects.values_list("pk", flat=True)),
        initial={"date": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        project = form.cleaned_data["project"]
        organisation = meeting_selectors.organiser_for(request.user, project)
        try:
            if organisation is None:
                raise PermissionDenied
            meeting = meeting_services.meeting_create(
                actor=request.user,
                project=project,
                organisation=organisation,
                **form.meeting_fields(),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, _("The meeting was saved. Now add who is invited and what was decided.")
            )
            return redirect("network:meeting_detail", meeting_pk=meeting.pk)
    return render(
        request,
        "network/meetings/meeting_form.html",
        {"form": form, "meeting": None, "changes": [], "nav_active": NAV},
    )


@require_http_methods(["GET", "POST"])
def meeting_edit(request, meeting_pk: int):
    meeting = _meeting_for_change(request, meeting_pk)
    form = MeetingForm(
        request.POST or None,
        instance=meeting,
        districts=meeting_selectors.project_districts([meeting.project_id]),
    )
    changes = []
    if request.method == "POST" and form.is_valid():
        outcome = save_versioned_form(
            form,
            lambda: meeting_services.meeting_update(
                actor=request.user,
                meeting=Meeting.objects.get(pk=meeting.pk),
                expected_version=form.cleaned_data["expected_version"],
                **form.meeting_fields(),
            ),
            stored=lambda: Meeting.objects.get(pk=meeting.pk),
        )
        if outcome.saved:
            messages.success(request, _("The meeting was saved."))
            return redirect("network:meeting_detail", meeting_pk=meeting.pk)
        changes = outcome.changes
    return render(
        request,
        "network/meetings/meeting_form.html",
        {"form": form, "meeting": meeting, "changes": changes, "nav_active": NAV},
    )


def _render_detail(request, meeting, *, attendee_form=None, outcome_form=None, evidence_form=None):
    can_change = request.user.has_perm("network.change_meeting", meeting)
    outcomes = meeting_selectors.meeting_outcomes(meeting)
    for outcome in outcomes:
        # Those who change the meeting may tick off its tasks; ask the rule for the rest.
        outcome.can_complete = outcome.kind == OutcomeKind.TASK and (
            can_change or request.user.has_perm("network.complete_task", outcome)
        )
    context = {
        "meeting": meeting,
        "attendees": meeting_selectors.meeting_attendees(meeting),
        "outcomes": outcomes,
        "evidence": meeting_selectors.meeting_evidence(meeting),
        "can_change": can_change,
        "today": timezone.localdate(),
        "nav_active": NAV,
    }
    if can_change:
        organisations = meeting_selectors.meeting_organisations(meeting)
        staff = meeting_selectors.meeting_staff(meeting)
        context.update(
            attendee_form=attendee_form or AttendeeForm(organisations=organisations, staff=staff),
            outcome_form=outcome_form
            or OutcomeForm(
                organisations=organisations,
                staff=staff,
                decisions=meeting_selectors.meeting_decisions(meeting),
            ),
            evidence_form=evidence_form or EvidenceForm(),
        )
    return render(request, "network/meetings/meeting_detail.html", context)


@require_GET
def meeting_detail(request, meeting_pk: int):
    return _render_detail(request, _meeting_for_view(request, meeting_pk))


@require_GET
def meeting_minutes(request, meeting_pk: int):
    """The minutes as a PDF, in German; the internal part only with `?intern=1` and
    only for those who change the meeting (everyone else gets the public minutes)."""
    meeting = _meeting_for_view(request, meeting_pk)
    internal = request.GET.get("intern") == "1" and request.user.has_perm(
        "network.change_meeting", meeting
    )
    with translation.override("de"):
        context = meeting_selectors.minutes_data(meeting=meeting, internal=internal)
        pdf = render_pdf("network/meetings/pdf/minutes.html", context, request=request)
    name = slugify(f"protokoll-{meeting.date:%Y-%m-%d}-{meeting.title}")[:80]
    if internal:
        name += "-intern"
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


# Attendees ---------------------------------------------------------------------------


@require_POST
def attendee_add(request, meeting_pk: int):
    meeting = _meeting_for_change(request, meeting_pk)
    form = AttendeeForm(
        request.POST,
        organisations=meeting_selectors.meeting_organisations(meeting),
        staff=meeting_selectors.meeting_staff(meeting),
    )
    if form.is_valid():
        try:
            meeting_services.attendee_add(actor=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The attendee was added."))
            return redirect(f"{_detail_url(meeting)}#attendees")
    return _render_detail(request, meeting, attendee_form=form)


@require_POST
def attendee_update(request, meeting_pk: int, attendee_pk: int):
    """Toggle "invited" or "attended" (`field` and `value` in the post)."""
    meeting = _meeting_for_change(request, meeting_pk)
    attendee = meeting_selectors.meeting_attendee_get(meeting, attendee_pk)
    field = request.POST.get("field")
    if field not in ("invited", "attended"):
        messages.error(request, _("Nothing was changed."))
    else:
        value = request.POST.get("value") == "1"
        meeting_services.attendee_set(actor=request.user, attendee=attendee, **{field: value})
        messages.success(request, _("Saved."))
    return redirect(f"{_detail_url(meeting)}#attendees")


# Removing an attendee, an outcome, evidence: a confirmation page, then POST ------------


def _confirm_remove(request, meeting, *, record, what: str, question: str, remove, anchor: str):
    if request.method == "POST":
        remove()
        messages.success(request, _("%(what)s was removed.") % {"what": what})
        return redirect(f"{_detail_url(meeting)}#{anchor}")
    return render(
        request,
        "network/meetings/meeting_remove.html",
        {
            "meeting": meeting,
            "record": record,
            "question": question,
            "anchor": anchor,
            "nav_active": NAV,
        },
    )


@require_http_methods(["GET", "POST"])
def attendee_remove(request, meeting_pk: int, attendee_pk: int):
    meeting = _meeting_for_change(request, meeting_pk)
    attendee = meeting_selectors.meeting_attendee_get(meeting, attendee_pk)
    return _confirm_remove(
        request,
        meeting,
        record=attendee,
        what=_("The attendee"),
        question=_("Remove this attendee from the meeting?"),
        remove=lambda: meeting_services.attendee_remove(actor=request.user, attendee=attendee),
        anchor="attendees",
    )


@require_http_methods(["GET", "POST"])
def outcome_remove(request, meeting_pk: int, outcome_pk: int):
    meeting = _meeting_for_change(request, meeting_pk)
    outcome = meeting_selectors.meeting_outcome_get(meeting, outcome_pk)
    question = _("Remove this outcome from the meeting?")
    if outcome.tasks.exists():
        question = _("Remove this decision from the meeting, with the tasks that follow from it?")
    return _confirm_remove(
        request,
        meeting,
        record=outcome,
        what=_("The outcome"),
        question=question,
        remove=lambda: meeting_services.outcome_remove(actor=request.user, outcome=outcome),
        anchor="outcomes",
    )


@require_http_methods(["GET", "POST"])
def evidence_remove(request, meeting_pk: int, evidence_pk: int):
    meeting = _meeting_for_change(request, meeting_pk)
    evidence = meeting_selectors.meeting_evidence_get(meeting, evidence_pk)
    return _confirm_remove(
        request,
        meeting,
        record=evidence,
        what=_("The reference to the figures"),
        question=_("Remove this reference to the figures from the meeting?"),
        remove=lambda: meeting_services.evidence_remove(actor=request.user, evidence=evidence),
        anchor="evidence",
    )


# Outcomes and evidence -----------------------------------------------------------------


@require_POST
def outcome_add(request, meeting_pk: int):
    meeting = _meeting_for_change(request, meeting_pk)
    form = OutcomeForm(
        request.POST,
        organisations=meeting_selectors.meeting_organisations(meeting),
        staff=meeting_selectors.meeting_staff(meeting),
        decisions=meeting_selectors.meeting_decisions(meeting),
    )
    if form.is_valid():
        try:
            meeting_services.outcome_add(
                actor=request.user, meeting=meeting, **form.outcome_fields()
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The outcome was added."))
            return redirect(f"{_detail_url(meeting)}#outcomes")
    return _render_detail(request, meeting, outcome_form=form)


@require_POST
def evidence_add(request, meeting_pk: int):
    meeting = _meeting_for_change(request, meeting_pk)
    form = EvidenceForm(request.POST)
    if form.is_valid():
        try:
            meeting_services.evidence_add(
                actor=request.user, meeting=meeting, **form.evidence_fields()
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The reference to the figures was added."))
            return redirect(f"{_detail_url(meeting)}#evidence")
    return _render_detail(request, meeting, evidence_form=form)


# Tasks ----------------------------------------------------------------------------------


def _task_set_done(request, task_pk: int, *, done: bool):
    task = meeting_selectors.task_get(user=request.user, pk=task_pk)
    if not request.user.has_perm("network.complete_task", task):
        raise PermissionDenied(
            _("Only the person the task is assigned to and the network's staff tick it off.")
        )
    change = meeting_services.task_set_done(actor=request.user, task=task, done=done)
    if change.changed:
        messages.success(request, _("The task is done.") if done else _("The task is open again."))
    else:
        messages.info(
            request,
            _("The task was already done; nothing changed.")
            if done
            else _("The task was already open; nothing changed."),
        )
    return _safe_next(
        request,
        redirect(f"{_detail_url(task.meeting)}#outcomes"),
    )


@require_POST
def task_done(request, task_pk: int):
    """Tick a meeting task off; back to `next` (the start page) or the meeting."""
    return _task_set_done(request, task_pk, done=True)


@require_POST
def task_reopen(request, task_pk: int):
    """Undo ticking a task off."""
    return _task_set_done(request, task_pk, done=False)
