"""Pages of the participant list import and export for project leads.

Upload → preview (a dry run in the background worker: the problems, or what would be
created, updated and left unchanged, and rows that may be people the project has
already) → confirm → the job page. Between preview and confirm the file waits under
MEDIA_ROOT/imports/ with a random name that only the uploader's session knows. The
confirm step hands the file to an `ImportJob` that the background worker runs
(`services.import_jobs`); the job page shows its progress, polled by htmx every two seconds,
and then the result. Files older than a day are swept away at the next upload.
"""

import re
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from quartier.core import selectors
from quartier.core.models import Organisation, Project, Role
from quartier.core.tenancy import memberships_of
from quartier.participants.forms import ParticipantListUploadForm
from quartier.participants.listformat.columns import FILE_FORMATS
from quartier.participants.models import ImportJob, Participant
from quartier.participants.selectors.import_jobs import (
    WORKER_HINT_AFTER,
    import_job_get,
    import_job_of_upload,
    import_job_progress,
    import_job_stalled,
    import_job_waiting_long,
    import_jobs_visible_to,
    waiting_path,
)
from quartier.participants.selectors.participant_list import participants_export
from quartier.participants.services.import_jobs import (
    ImportAlreadyStarted,
    UploadMissing,
    import_job_start,
    preview_discard,
    upload_store,
)
from quartier.participants.services.import_previews import PREVIEW_QUEUED, preview_start
from quartier.privacy.services.access_log import access_log_record

#: Default upload limit; `PARTICIPANT_IMPORT_MAX_BYTES` in the settings overrides it.
DEFAULT_MAX_BYTES = 20_000_000
#: How many problems the preview lists (all of them count).
PROBLEMS_SHOWN = 500
#: How many of the user's latest imports the upload page lists.
RECENT_JOBS_SHOWN = 5
PENDING = "participant_import_pending"
_TOKEN = re.compile(r"^[0-9a-f]{32}$")


def _max_bytes() -> int:
    return getattr(settings, "PARTICIPANT_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)


def _project_for_import(request, slug: str) -> Project:
    """The project if the user may see it (else 404) and import into it (else 403)."""
    try:
        project = selectors.project_get(user=request.user, slug=slug)
    except Project.DoesNotExist as error:
        raise Http404(_("No such project, or you have no role in it.")) from error
    if not request.user.has_perm("cases.import_participants", project):
        raise PermissionDenied
    return project


def _import_organisations(user, project: Project):
    """Where the user may put new participants: the organisations in which they lead
    this project (platform admins: the whole consortium)."""
    if user.is_platform_admin:
        return project.organisations.order_by("name")
    leads = memberships_of(user, Role.PROJECT_LEAD).filter(project=project)
    return Organisation.objects.filter(pk__in=leads.values("organisation_id")).order_by("name")


# Waiting uploads -------------------------------------------------------------------


def _pending(request, project: Project, token: str) -> dict:
    """The session's record of an upload waiting for this project, or 404."""
    pending = request.session.get(PENDING, {}).get(token) if _TOKEN.match(token) else None
    if pending is None or pending["project"] != project.pk:
        raise Http404(_("This upload is unknown or has expired. Please upload the file again."))
    return pending


def _organisation(request, project: Project, pending: dict) -> Organisation:
    try:
        return _import_organisations(request.user, project).get(pk=pending["organisation"])
    except Organisation.DoesNotExist as error:
        raise PermissionDenied from error


def _forget(request, token: str) -> None:
    waiting = request.session.get(PENDING, {})
    if token in waiting:
        del waiting[token]
        request.session[PENDING] = waiting


# Pages -----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def import_upload(request, slug: str):
    project = _project_for_import(request, slug)
    organisations = _import_organisations(request.user, project)
    lead = project.lead_organisation
    form = ParticipantListUploadForm(
        request.POST or None,
        request.FILES or None,
        organisations=organisations,
        max_bytes=_max_bytes(),
        initial={"organisation": lead.pk if lead in organisations else None},
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        token, extension = upload_store(upload)
        waiting = request.session.get(PENDING, {})
        waiting[token] = {
            "project": project.pk,
            "organisation": form.cleaned_data["organisation"].pk,
            "filename": Path(upload.name).name[:200],
            "extension": extension,
        }
        request.session[PENDING] = waiting
        update = "1" if form.cleaned_data["update"] else "0"
        return redirect(
            f"{_url('import_preview', project, token)}?update={update}",
        )
    recent_jobs = import_jobs_visible_to(request.user).filter(project=project)
    context = {
        "project": project,
        "form": form,
        "max_mb": _max_bytes() // 1_000_000,
        # To come back to an import that runs (or waits) in the background.
        "recent_jobs": recent_jobs[:RECENT_JOBS_SHOWN],
    }
    return render(request, "participants/import_upload.html", context)


@require_GET
def import_preview(request, slug: str, token: str):
    """The check of a waiting upload: started for the background worker (it reads the
    file, which may be large or crafted), then its progress, polled by htmx, then its
    result. `check=1` checks the file again (the project's participants may have
    changed)."""
    project = _project_for_import(request, slug)
    job = import_job_of_upload(user=request.user, token=token)
    if job is not None and job.project_id == project.pk:
        # Confirmed already (the browser's back button): show the job instead.
        return redirect(_job_url(job))
    pending = _pending(request, project, token)
    organisation = _organisation(request, project, pending)
    update = request.GET.get("update") == "1"
    if not waiting_path(token, pending["extension"]).exists():
        _forget(request, token)
        messages.error(request, _("The uploaded file is no longer there. Please upload it again."))
        return redirect("participants:import_upload", slug=project.slug)
    again = request.GET.get("check") == "1"
    state = preview_start(
        actor=request.user,
        project=project,
        organisation=organisation,
        token=token,
        extension=pending["extension"],
        filename=pending["filename"],
        update=update,
        again=again,
    )
    url = f"{_url('import_preview', project, token)}?update={int(update)}"
    if again and not request.htmx:
        # A reload of the page shows this check instead of starting another one.
        return redirect(url)
    if request.htmx:
        if state.is_finished:
            response = HttpResponse(status=204)
            response["HX-Refresh"] = "true"
            return response
        return render(
            request,
            "participants/import_preview.html#preview-status",
            _preview_context(project, token, pending, organisation, update, state, url),
        )
    context = _preview_context(project, token, pending, organisation, update, state, url)
    return render(request, "participants/import_preview.html", context)


def _preview_context(project, token, pending, organisation, update, state, url) -> dict:
    context = {
        "project": project,
        "token": token,
        "pending": pending,
        "organisation": organisation,
        "update": update,
        "state": state,
        "poll_url": url,
        "waiting_long": (
            state.status == PREVIEW_QUEUED
            and state.started_at is not None
            and timezone.now() - state.started_at > WORKER_HINT_AFTER
        ),
    }
    result = state.result
    if state.file_error:
        context["file_error"] = state.file_error
    elif result is not None:
        context["result"] = result
        context["problems_shown"] = result["problems"][:PROBLEMS_SHOWN]
        context["problems_hidden"] = max(0, result["problem_count"] - PROBLEMS_SHOWN)
        # Rows refused only because the participant exists: "update" would take them.
        context["update_would_help"] = not update and bool(result["existing_count"])
        context["duplicates_hidden"] = max(0, result["duplicate_count"] - len(result["duplicates"]))
    return context


@require_POST
def import_confirm(request, slug: str, token: str):
    project = _project_for_import(request, slug)
    job = import_job_of_upload(user=request.user, token=token)
    if job is not None and job.project_id == project.pk:
        _already_started(request, job)
        return redirect(_job_url(job))
    pending = _pending(request, project, token)
    organisation = _organisation(request, project, pending)
    update = request.POST.get("update") == "1"
    try:
        job = import_job_start(
            actor=request.user,
            project=project,
            organisation=organisation,
            token=token,
            extension=pending["extension"],
            filename=pending["filename"],
            update=update,
        )
    except ImportAlreadyStarted as already:
        _already_started(request, already.job)
        if already.job is None:
            return redirect("participants:import_upload", slug=project.slug)
        return redirect(_job_url(already.job))
    except UploadMissing:
        _forget(request, token)
        messages.error(request, _("The uploaded file is no longer there. Please upload it again."))
        return redirect("participants:import_upload", slug=project.slug)
    return redirect(_job_url(job))


def _already_started(request, job: ImportJob | None) -> None:
    if job is not None and job.status == ImportJob.Status.DONE:
        message = _("This list has already been imported. It was not imported again.")
    else:
        message = _("This list is already being imported. It was not imported a second time.")
    messages.info(request, message)


@require_GET
def import_job(request, slug: str, job_pk: int):
    """The job page: progress while the worker runs it, then the result. An htmx
    request (the page polling itself) gets only the status part. Someone else's job
    is not found, whatever their role."""
    try:
        project = selectors.project_get(user=request.user, slug=slug)
        job = import_job_get(user=request.user, project=project, pk=job_pk)
    except (Project.DoesNotExist, ImportJob.DoesNotExist) as error:
        raise Http404(_("There is no such import.")) from error
    if not request.user.has_perm("cases.import_participants", project):
        raise PermissionDenied
    if job.status == ImportJob.Status.DONE:
        _forget(request, job.token)
    progress = import_job_progress(job)
    pending = request.session.get(PENDING, {}).get(job.token)
    context = {
        "project": project,
        "job": job,
        "progress": progress,
        "waiting_long": import_job_waiting_long(job),
        "stalled": import_job_stalled(progress, job),
        # A failed job's file waits again; the uploader's session can check it again.
        "can_check_again": (
            job.status == ImportJob.Status.FAILED
            and pending is not None
            and waiting_path(job.token, job.extension).exists()
        ),
    }
    template = "participants/import_job.html"
    if request.htmx:
        template += "#job-status"
        if request.GET.get("shown") != job.status:
            context["announce"] = _STATUS_ANNOUNCEMENTS.get(job.status)
    return render(request, template, context)


#: What screen readers hear when a polled job changes its status.
_STATUS_ANNOUNCEMENTS = {
    ImportJob.Status.RUNNING: gettext_lazy("Importing the participant list"),
    ImportJob.Status.DONE: gettext_lazy("Participant list imported"),
    ImportJob.Status.FAILED: gettext_lazy("Nothing was imported"),
}


@require_POST
def import_cancel(request, slug: str, token: str):
    project = _project_for_import(request, slug)
    pending = _pending(request, project, token)
    waiting_path(token, pending["extension"]).unlink(missing_ok=True)
    preview_discard(token)
    _forget(request, token)
    messages.info(request, _("The upload was discarded. Nothing was imported."))
    return redirect("participants:import_upload", slug=project.slug)


@require_GET
def export(request, slug: str, file_format: str):
    project = _project_for_import(request, slug)
    if file_format not in FILE_FORMATS:
        raise Http404
    result = participants_export(project=project, file_format=file_format, user=request.user)
    access_log_record(
        actor=request.user,
        action="export",
        record=Participant,
        project_id=project.pk,
        detail=f"participant list ({file_format}): {result.rows} rows",
    )
    response = HttpResponse(result.content, content_type=result.content_type)
    response["Content-Disposition"] = f'attachment; filename="{result.filename(project)}"'
    response["Cache-Control"] = "no-store"
    return response


def _url(name: str, project: Project, token: str) -> str:
    return reverse(f"participants:{name}", kwargs={"slug": project.slug, "token": token})


def _job_url(job: ImportJob) -> str:
    return reverse("participants:import_job", kwargs={"slug": job.project.slug, "job_pk": job.pk})
