"""The task workers' heartbeats and the recovery of tasks whose worker died.

`manage.py run_worker` (django-tasks-db's worker) writes a `WorkerHeartbeat` every few
seconds from a thread of its own. A worker that is killed (SIGKILL, a lost machine)
leaves its task RUNNING for ever in django-tasks-db; `stale_tasks_recover` puts such a
task back to READY, so another worker claims it (django-tasks-db claims with
`SELECT ... FOR UPDATE SKIP LOCKED` and marks the row RUNNING in the same transaction,
so two workers never take the same task). A task's worker counts as dead when its
heartbeat is older than QUARTIER_WORKER_STALE_SECONDS, or at once when the worker ran
on this host and its process is gone. Tasks of workers without a heartbeat (the plain
`db_worker`) are left alone: nothing says whether they are alive.

A recovered task runs again from the start, so tasks must be safe to run again after
a crash: the participant import writes in one transaction and marks its job done in
it; the daily jobs record their run (`JobRun`).

Heartbeats, failed tasks and a manual retry (`task_retry`) are shown on /betrieb/.
"""

import logging
import os
import socket
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.models import DBTaskResult

from quartier.operations.models import WorkerHeartbeat

logger = logging.getLogger(__name__)

#: Heartbeats not seen for this long are deleted (after their tasks were recovered).
HEARTBEAT_KEPT = timedelta(days=1)


def node_name() -> str:
    """This process as host:pid."""
    return f"{socket.gethostname()}:{os.getpid()}"


def worker_id_new() -> str:
    """A worker id that names the host and process (django-tasks-db allows 64 characters)."""
    suffix = get_random_string(8)
    return f"{node_name()[: 64 - len(suffix) - 1]}-{suffix}"


def heartbeat_interval() -> float:
    """How often a worker writes its heartbeat: six times within the stale time."""
    return max(0.5, settings.QUARTIER_WORKER_STALE_SECONDS / 6)


def heartbeat_write(*, worker_id: str, started_at: datetime) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "started_at": started_at,
            "last_seen": timezone.now(),
        },
    )


def heartbeat_delete(*, worker_id: str) -> None:
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def _process_gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, another user's
        return False
    return False


def worker_dead(heartbeat: WorkerHeartbeat, *, now: datetime) -> bool:
    """Whether the worker of `heartbeat` is gone (see the module docstring)."""
    if heartbeat.last_seen < now - timedelta(seconds=settings.QUARTIER_WORKER_STALE_SECONDS):
        return True
    return heartbeat.host == socket.gethostname() and _process_gone(heartbeat.pid)


def stale_tasks(*, now: datetime | None = None) -> list[DBTaskResult]:
    """Tasks RUNNING under a worker that is dead (by its heartbeat)."""
    now = now or timezone.now()
    running = list(DBTaskResult.objects.running().only("id", "worker_ids", "task_path"))
    last_workers = {task.worker_ids[-1] for task in running if task.worker_ids}
    heartbeats = {
        beat.worker_id: beat for beat in WorkerHeartbeat.objects.filter(worker_id__in=last_workers)
    }
    dead = {wid for wid, beat in heartbeats.items() if worker_dead(beat, now=now)}
    return [task for task in running if task.worker_ids and task.worker_ids[-1] in dead]


def stale_tasks_recover(*, now: datetime | None = None) -> int:
    """Put the tasks of dead workers back to READY; return how many. Done when a worker
    starts and on every pass of the leading scheduler."""
    now = now or timezone.now()
    stale = stale_tasks(now=now)
    recovered = 0
    if stale:
        with transaction.atomic():
            recovered = DBTaskResult.objects.filter(
                pk__in=[task.pk for task in stale], status=TaskResultStatus.RUNNING
            ).update(status=TaskResultStatus.READY, started_at=None)
        for task in stale:
            logger.warning(
                "Task %s (%s) of dead worker %s goes back to the queue.",
                task.pk,
                task.task_path,
                task.worker_ids[-1],
            )
    # Old heartbeats of workers that have no running task left.
    still_running = {
        task.worker_ids[-1]
        for task in DBTaskResult.objects.running().only("worker_ids")
        if task.worker_ids
    }
    WorkerHeartbeat.objects.filter(last_seen__lt=now - HEARTBEAT_KEPT).exclude(
        worker_id__in=still_running
    ).delete()
    return recovered


class TaskNotRetryable(Exception):
    pass


def task_retry(*, task_id: str) -> DBTaskResult:
    """Queue a FAILED task again (the same row: a worker runs it as soon as it is free)."""
    with transaction.atomic():
        task = DBTaskResult.objects.select_for_update().filter(pk=task_id).first()
        if task is None or task.status != TaskResultStatus.FAILED:
            raise TaskNotRetryable(task_id)
        task.status = TaskResultStatus.READY
        task.started_at = None
        task.finished_at = None
        task.exception_class_path = ""
        task.traceback = ""
        task.return_value = None
        task.run_after = min(task.run_after, timezone.now())
        task.save()
    logger.info("Task %s (%s) queued again by hand.", task.pk, task.task_path)
    return task
