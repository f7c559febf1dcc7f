"""The operations page for platform admins (/betrieb/): the daily jobs' runs, failed or
stranded background tasks and the live workers, with a retry button for a failed run
or task (POST, confirmed in the browser)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from quartier.core.pagination import page_query
from quartier.operations.models import JobRun
from quartier.operations.selectors import overview as selectors
from quartier.operations.services import scheduling, workers


def _require(request, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


@require_GET
def index(request):
    _require(request, "operations.view_operations")
    runs = Paginator(selectors.job_runs_recent(), selectors.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    tasks = Paginator(selectors.tasks_troubled(), selectors.PAGE_SIZE).get_page(
        request.GET.get("tasks_page")
    )
    return render(
        request,
        "operations/index.html",
        {
            "page": runs,
            "tasks": tasks,
            "workers": selectors.workers_live(),
            "query_string": page_query(request),
            "retryable": scheduling.RETRYABLE,
        },
    )


@require_POST
def job_run_retry(request, run_pk: int):
    _require(request, "operations.retry_job_run")
    run = get_object_or_404(JobRun, pk=run_pk)
    try:
        scheduling.job_run_retry(run=run)
    except scheduling.RunNotRetryable:
        messages.error(request, _("This run is not failed (any more); nothing was queued."))
    else:
        messages.success(
            request,
            _("%(job)s for %(day)s is queued again.")
            % {"job": run.job, "day": run.due_date.isoformat()},
        )
    return redirect("operations:index")


@require_POST
def task_retry(request, task_id):
    _require(request, "operations.retry_job_run")
    try:
        workers.task_retry(task_id=str(task_id))
    except workers.TaskNotRetryable:
        messages.error(request, _("This task is not failed (any more); nothing was queued."))
    else:
        messages.success(request, _("The task is queued again."))
    return redirect("operations:index")
