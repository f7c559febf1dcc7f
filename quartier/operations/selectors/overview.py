"""What the operations page (/betrieb/) lists: the daily jobs' recent runs, background
tasks that failed or whose worker died, and the live workers."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from quartier.operations.models import JobRun, WorkerHeartbeat
from quartier.operations.services.workers import stale_tasks

PAGE_SIZE = 25
#: Failed tasks older than this are not listed (the admin has them all).
FAILED_TASKS_SHOWN_DAYS = 14


def job_runs_recent() -> QuerySet[JobRun]:
    """Job runs, the newest due date first; runs needing attention first within a day."""
    return JobRun.objects.order_by("-due_date", "status", "job")


def tasks_troubled(*, now: datetime | None = None) -> list[DBTaskResult]:
    """Failed tasks of the last days and running tasks of dead workers, newest first."""
    now = now or timezone.now()
    failed = DBTaskResult.objects.filter(
        status=TaskResultStatus.FAILED,
        finished_at__gte=now - timedelta(days=FAILED_TASKS_SHOWN_DAYS),
    ).defer("traceback", "args_kwargs", "return_value")
    rows = list(failed.order_by("-finished_at")[:200])
    for task in stale_tasks(now=now):
        task.stale = True
        rows.insert(0, task)
    return rows


def workers_live(*, now: datetime | None = None) -> list[WorkerHeartbeat]:
    """Workers seen within the stale time (the others count as dead), newest first."""
    now = now or timezone.now()
    limit = now - timedelta(seconds=settings.QUARTIER_WORKER_STALE_SECONDS)
    return list(WorkerHeartbeat.objects.filter(last_seen__gte=limit).order_by("host", "pid"))
