"""The scheduler: each registered daily job once per due date, across all nodes.

`manage.py run_scheduler` runs on every node; the one holding the lock
(`services.leadership`) calls `scheduler_pass` every QUARTIER_SCHEDULER_INTERVAL
seconds. A pass

1. puts tasks of dead workers back in the queue (`services.workers`);
2. deletes a waiting run of the retired self-rescheduling chain (`quartier.core.jobs`);
3. claims today's `JobRun` of every daily job once the day's QUARTIER_REMINDER_TIME has
   passed: `get_or_create` against the unique (job, due_date), in one transaction with
   the queuing of its task, so a second pass or a second scheduler finds the row and
   queues nothing;
4. queues failed runs whose next attempt is due again;
5. queues again a run whose task has vanished from the queue (a pruned task table),
   and fails a run whose task ended without finishing it.

The task (`tasks.run_job_run`) calls `job_run_execute`: the run goes RUNNING (one
attempt more), the job runs, and the run ends DONE with the job's summary or FAILED
with the error's type and message and the time of the next attempt (after
QUARTIER_SCHEDULER_RETRY_MINUTES, one after the other); after the last it is
GIVEN_UP. A platform admin can queue a failed or given-up run again (`job_run_retry`).
"""

import json
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.tasks import TaskResultStatus, task_backends
from django.utils import timezone
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from quartier.core.jobs import daily_job_named, daily_jobs, daily_jobs_chain_retire, due_at
from quartier.operations.models import JobRun
from quartier.operations.services.workers import node_name, stale_tasks_recover

logger = logging.getLogger(__name__)

#: A run in these states may be started by its task.
STARTABLE = (JobRun.Status.QUEUED, JobRun.Status.RUNNING)
#: A run in these states may be queued again by hand.
RETRYABLE = (JobRun.Status.FAILED, JobRun.Status.GIVEN_UP)
#: The error text kept on a run (type and message; the traceback is in the log).
ERROR_LENGTH = 1000


def max_attempts() -> int:
    """The first attempt and one per retry delay."""
    return len(settings.QUARTIER_SCHEDULER_RETRY_MINUTES) + 1


def retry_delay(attempts: int) -> timedelta | None:
    """The wait after the `attempts`-th failed attempt; None: give up."""
    delays = settings.QUARTIER_SCHEDULER_RETRY_MINUTES
    if attempts > len(delays):
        return None
    return timedelta(minutes=delays[max(attempts, 1) - 1])


@dataclass
class PassSummary:
    recovered: int = 0
    retired: int = 0
    claimed: int = 0
    retried: int = 0
    requeued: int = 0

    def __bool__(self) -> bool:
        return any(vars(self).values())

    def __str__(self) -> str:
        return ", ".join(f"{name} {value}" for name, value in vars(self).items())


def _enqueue(run: JobRun) -> None:
    """Queue the task of `run` and remember its id (inside the caller's transaction)."""
    from quartier.operations.tasks import run_job_run

    result = run_job_run.enqueue(run_id=run.pk)
    JobRun.objects.filter(pk=run.pk).update(task_id=str(result.id)[:64])


def due_runs_claim(*, now: datetime) -> int:
    """Claim and queue today's run of every job that is due; return how many were new."""
    today = timezone.localdate(now)
    if now < due_at(today):
        return 0
    claimed = 0
    existing = set(JobRun.objects.filter(due_date=today).values_list("job", flat=True))
    for job in daily_jobs():
        if job.name in existing:
            continue  # one query a pass once the day's runs are claimed
        with transaction.atomic():
            run, created = JobRun.objects.get_or_create(
                job=job.name, due_date=today, defaults={"node": node_name()}
            )
            if created:
                _enqueue(run)
                claimed += 1
                logger.info("Daily job %s for %s queued.", job.name, today)
    return claimed


def failed_runs_retry(*, now: datetime) -> int:
    """Queue again the failed runs whose next attempt is due; return how many."""
    retried = 0
    due = JobRun.objects.filter(status=JobRun.Status.FAILED, next_attempt_at__lte=now)
    for run in due.order_by("next_attempt_at"):
        with transaction.atomic():
            if JobRun.objects.filter(pk=run.pk, status=JobRun.Status.FAILED).update(
                status=JobRun.Status.QUEUED, next_attempt_at=None
            ):
                _enqueue(run)
                retried += 1
                logger.info("Daily job %s for %s tried again.", run.job, run.due_date)
    return retried


def lost_runs_requeue(*, now: datetime) -> int:
    """Runs whose task is gone from the queue are queued again; runs whose task ended
    without finishing them (an error outside the job) count as a failed attempt."""
    if not isinstance(task_backends["default"], DatabaseBackend):
        return 0  # the immediate backend keeps no task rows
    live = list(JobRun.objects.filter(status__in=STARTABLE).exclude(task_id=""))
    tasks = {
        str(task.pk): task
        for task in DBTaskResult.objects.filter(pk__in=[run.task_id for run in live]).only(
            "id", "status", "exception_class_path"
        )
    }
    requeued = 0
    for run in live:
        task = tasks.get(run.task_id)
        if task is None:
            with transaction.atomic():
                if JobRun.objects.filter(pk=run.pk, status=run.status, task_id=run.task_id).update(
                    status=JobRun.Status.QUEUED
                ):
                    _enqueue(run)
                    requeued += 1
        elif task.status in (TaskResultStatus.FAILED, TaskResultStatus.SUCCESSFUL):
            reason = task.exception_class_path or "the task ended without a result"
            _record_failure(run, f"The task ended without finishing the run: {reason}", now=now)
            requeued += 1
    return requeued


def scheduler_pass(*, now: datetime | None = None) -> PassSummary:
    """One pass of the leading scheduler (see the module docstring)."""
    now = now or timezone.now()
    summary = PassSummary()
    summary.recovered = stale_tasks_recover(now=now)
    summary.retired = daily_jobs_chain_retire()
    summary.claimed = due_runs_claim(now=now)
    summary.retried = failed_runs_retry(now=now)
    summary.requeued = lost_runs_requeue(now=now)
    return summary


# The task's side ----------------------------------------------------------------------


def _jsonable(value) -> object:
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _record_failure(run: JobRun, error: str, *, now: datetime) -> JobRun.Status:
    attempts = JobRun.objects.values_list("attempts", flat=True).get(pk=run.pk)
    delay = retry_delay(attempts)
    status = JobRun.Status.GIVEN_UP if delay is None else JobRun.Status.FAILED
    # Only a run still in progress: one that its task finished meanwhile stays as it is.
    JobRun.objects.filter(pk=run.pk, status__in=STARTABLE).update(
        status=status,
        finished_at=now,
        last_error=error[:ERROR_LENGTH],
        next_attempt_at=None if delay is None else now + delay,
    )
    return status


def job_run_execute(*, run_id: int) -> dict:
    """Run the job of `run_id` once (its task calls this). A run that is not queued or
    running (done, or a task that ran twice) is left alone."""
    with transaction.atomic():
        run = JobRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.status not in STARTABLE:
            return {"run": run_id, "status": "skipped"}
        run.status = JobRun.Status.RUNNING
        run.attempts += 1
        run.started_at = timezone.now()
        run.finished_at = None
        run.node = node_name()
        run.save(update_fields=["status", "attempts", "started_at", "finished_at", "node"])
    logger.info("Daily job %s for %s started (attempt %s).", run.job, run.due_date, run.attempts)
    try:
        result = _jsonable(daily_job_named(run.job).function())
    except Exception as error:
        logger.exception("Daily job %s for %s failed.", run.job, run.due_date)
        status = _record_failure(run, f"{type(error).__name__}: {error}", now=timezone.now())
        return {"run": run_id, "job": run.job, "status": status.value}
    JobRun.objects.filter(pk=run.pk).update(
        status=JobRun.Status.DONE,
        finished_at=timezone.now(),
        result=result,
        last_error="",
        next_attempt_at=None,
    )
    logger.info("Daily job %s for %s done: %s", run.job, run.due_date, result)
    return {"run": run_id, "job": run.job, "status": JobRun.Status.DONE.value}


class RunNotRetryable(Exception):
    pass


def job_run_retry(*, run: JobRun) -> JobRun:
    """Queue a failed or given-up run again now (a platform admin's button)."""
    with transaction.atomic():
        if not JobRun.objects.filter(pk=run.pk, status__in=RETRYABLE).update(
            status=JobRun.Status.QUEUED, next_attempt_at=None
        ):
            raise RunNotRetryable(run.pk)
        _enqueue(run)
    logger.info("Daily job %s for %s queued again by hand.", run.job, run.due_date)
    run.refresh_from_db()
    return run
