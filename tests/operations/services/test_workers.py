"""Recovery of tasks whose worker died (by its heartbeat), the manual retry of a failed
task, and a daily job's run whose worker died: it runs again and ends done once."""

import os
import socket
import subprocess
import sys
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from quartier.core import jobs
from quartier.operations.models import JobRun, WorkerHeartbeat
from quartier.operations.services import scheduling, workers
from tests.workers import run_worker, task_backend

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")


def running_task(worker_id: str, **values) -> DBTaskResult:
    values.setdefault("task_path", "quartier.core.jobs.run_daily_jobs")
    return DBTaskResult.objects.create(
        backend_name="default",
        queue_name="default",
        priority=0,
        args_kwargs={"args": [], "kwargs": {}},
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now(),
        run_after=timezone.now(),
        worker_ids=[worker_id],
        **values,
    )


def heartbeat(worker_id: str, *, seconds_ago: float = 0, host=None, pid=None) -> None:
    now = timezone.now()
    WorkerHeartbeat.objects.create(
        worker_id=worker_id,
        host=host or socket.gethostname(),
        pid=pid or os.getpid(),
        started_at=now - timedelta(hours=1),
        last_seen=now - timedelta(seconds=seconds_ago),
    )


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_tasks_of_dead_workers_go_back_to_the_queue(settings):
    settings.QUARTIER_WORKER_STALE_SECONDS = 60
    heartbeat("alive")  # this very process
    heartbeat("silent", seconds_ago=61, host="other-node", pid=1)
    heartbeat("killed", pid=dead_pid())
    heartbeat("elsewhere", seconds_ago=5, host="other-node", pid=1)
    alive = running_task("alive")
    silent = running_task("silent")
    killed = running_task("killed")
    elsewhere = running_task("elsewhere")
    unknown = running_task("a-db_worker-without-heartbeat")

    assert {task.pk for task in workers.stale_tasks()} == {silent.pk, killed.pk}
    assert workers.stale_tasks_recover() == 2

    status = dict(DBTaskResult.objects.values_list("pk", "status"))
    assert status[silent.pk] == status[killed.pk] == TaskResultStatus.READY
    assert (
        status[alive.pk] == status[elsewhere.pk] == status[unknown.pk] == (TaskResultStatus.RUNNING)
    )
    assert DBTaskResult.objects.get(pk=killed.pk).worker_ids == ["killed"]


def test_old_heartbeats_without_tasks_are_deleted():
    heartbeat("gone-yesterday", seconds_ago=2 * 86400, host="other-node", pid=1)
    heartbeat("gone-but-busy", seconds_ago=2 * 86400, host="other-node", pid=1)
    heartbeat("alive")
    DBTaskResult.objects.filter(pk=running_task("gone-but-busy").pk).update(
        status=TaskResultStatus.SUCCESSFUL
    )
    workers.stale_tasks_recover()
    assert set(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == {"alive"}


def test_a_failed_task_can_be_queued_again():
    task = running_task("w")
    with pytest.raises(workers.TaskNotRetryable):
        workers.task_retry(task_id=str(task.pk))
    DBTaskResult.objects.filter(pk=task.pk).update(
        status=TaskResultStatus.FAILED, traceback="Traceback ...", finished_at=timezone.now()
    )
    workers.task_retry(task_id=str(task.pk))
    task.refresh_from_db()
    assert (task.status, task.traceback, task.finished_at) == (TaskResultStatus.READY, "", None)


@pytest.mark.django_db(transaction=True)
def test_a_job_run_whose_worker_died_runs_again_and_ends_done_once(monkeypatch, settings):
    settings.QUARTIER_REMINDER_TIME = datetime(2026, 5, 4, 6, 30).time()
    monkeypatch.setattr(jobs, "_jobs", {})
    monkeypatch.setattr(jobs, "_discovered", True)
    calls = []
    jobs.register_daily_job("probe", lambda: calls.append(1) or {"ok": True})
    with (
        task_backend("django_tasks_db.DatabaseBackend"),
        time_machine.travel(datetime(2026, 5, 4, 8, 0, tzinfo=BERLIN), tick=True),
    ):
        assert scheduling.scheduler_pass().claimed == 1
        run = JobRun.objects.get()
        # A worker claimed the task, marked the run running, and was killed.
        DBTaskResult.objects.filter(pk=run.task_id).update(
            status=TaskResultStatus.RUNNING, worker_ids=["killed"], started_at=timezone.now()
        )
        JobRun.objects.filter(pk=run.pk).update(status=JobRun.Status.RUNNING, attempts=1)
        heartbeat("killed", pid=dead_pid())

        assert scheduling.scheduler_pass().recovered == 1
        run_worker()
        assert not scheduling.scheduler_pass()

    run.refresh_from_db()
    assert (run.status, run.attempts) == (JobRun.Status.DONE, 2)
    assert calls == [1]
    task = DBTaskResult.objects.get(pk=run.task_id)
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert task.worker_ids[0] == "killed"
    assert len(task.worker_ids) == 2
