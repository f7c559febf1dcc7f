"""Daily jobs: the work that runs once a day in the background worker, and its schedule.

An app registers a job in its `tasks.py` (found here the way the admin finds
`admin.py`):

    from quartier.core.jobs import daily_job

    @daily_job("follow_up_reminders")
    def follow_up_reminders() -> dict:
        ...  # call a service; return a small summary for the task table and the log

`manage.py run_scheduler` (the operations app) runs on every node; the one that holds
the leader's lock claims one run per job and due date (a `JobRun` row, unique per job
and date) once the day's QUARTIER_REMINDER_TIME has passed, and queues a task that
runs that one job (`quartier.operations.tasks.run_job_run`). Each job thus runs once
per day across all nodes, and a failed one is tried again with backoff.

The earlier self-rescheduling chain (one `run_daily_jobs` task queuing its own next run
for the worker) is retired: the task still runs every job at once when it is queued by
hand, but queues no successor, and `daily_jobs_chain_retire` (called by the scheduler
and by `run_daily_jobs --schedule`) deletes a chain run still waiting in the queue of
an updated installation, so that no job runs twice a day.
`manage.py run_daily_jobs [--only NAME]` runs the jobs now, in its own process (manual
runs and reruns; they do not touch the scheduler's record).
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import router
from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

#: Task paths of the daily run before it moved here; a run of theirs still waiting in
#: the queue of an updated installation is deleted (`daily_jobs_chain_retire`).
_RETIRED_TASK_PATHS = ("quartier.cases.tasks.send_follow_up_reminders",)


# The registry ----------------------------------------------------------------------


@dataclass(frozen=True)
class DailyJob:
    name: str
    function: Callable[[], object]

    @property
    def path(self) -> str:
        return f"{self.function.__module__}.{self.function.__qualname__}"


_jobs: dict[str, DailyJob] = {}
_discovered = False


def register_daily_job(name: str, function: Callable[[], object]) -> DailyJob:
    """Register `function` (no arguments; returns a summary) to run once a day as `name`.
    Registering the same function again is harmless; another function under a taken
    name is a configuration error."""
    job = DailyJob(name=name, function=function)
    existing = _jobs.get(name)
    if existing is not None and existing.path != job.path:
        raise ImproperlyConfigured(
            f"Two daily jobs are named {name!r}: {existing.path} and {job.path}."
        )
    _jobs[name] = job
    return job


def daily_job(name: str):
    """Decorator form of `register_daily_job`; returns the function unchanged."""

    def register(function):
        register_daily_job(name, function)
        return function

    return register


def daily_jobs() -> list[DailyJob]:
    """Every registered job, in the order of registration (apps in INSTALLED_APPS order)."""
    global _discovered
    if not _discovered:
        autodiscover_modules("tasks")
        _discovered = True
    return list(_jobs.values())


def daily_job_named(name: str) -> DailyJob:
    """The registered job `name`; `UnknownDailyJob` if there is none."""
    for job in daily_jobs():
        if job.name == name:
            return job
    raise UnknownDailyJob(f"No daily job is named {name}.")


# Running ---------------------------------------------------------------------------


class UnknownDailyJob(Exception):
    pass


class DailyJobsFailed(Exception):
    pass


@dataclass
class DailyJobsRun:
    results: dict[str, object] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)


def daily_jobs_run(*, only: list[str] | None = None) -> DailyJobsRun:
    """Run every registered job (or those named in `only`), each on its own: a job that
    raises is logged with its traceback, and the next job runs all the same."""
    jobs = daily_jobs()
    if only:
        unknown = sorted(set(only) - {job.name for job in jobs})
        if unknown:
            raise UnknownDailyJob(
                f"No daily job is named {', '.join(unknown)}; "
                f"the jobs are: {', '.join(job.name for job in jobs)}."
            )
        jobs = [job for job in jobs if job.name in only]
    run = DailyJobsRun()
    for job in jobs:
        logger.info("Daily job %s started.", job.name)
        try:
            run.results[job.name] = job.function()
        except Exception as error:
            logger.exception("Daily job %s failed.", job.name)
            run.failed[job.name] = f"{type(error).__name__}: {error}"
        else:
            logger.info("Daily job %s done: %s", job.name, run.results[job.name])
    return run


@task()
def run_daily_jobs() -> dict:
    """Run every daily job now (queued by hand; the scheduler queues one job at a time).

    It no longer queues its own next run: `manage.py run_scheduler` schedules the
    jobs. The task fails at the end (so the task table shows it) when a job failed."""
    run = daily_jobs_run()
    if run.failed:
        raise DailyJobsFailed(
            "Daily jobs failed (see the worker's log): "
            + "; ".join(f"{name}: {reason}" for name, reason in run.failed.items())
            + ". `manage.py run_daily_jobs --only NAME` runs one again."
        )
    return run.results


# Scheduling ------------------------------------------------------------------------


def due_at(day) -> datetime:
    """When the daily jobs of `day` (a local date) are due: its QUARTIER_REMINDER_TIME."""
    return timezone.make_aware(datetime.combine(day, settings.QUARTIER_REMINDER_TIME))


def next_run_at(now: datetime | None = None) -> datetime:
    """The next QUARTIER_REMINDER_TIME in local time, strictly after `now`."""
    now = timezone.localtime(now)
    candidate = due_at(now.date())
    if candidate <= now:
        candidate = due_at(now.date() + timedelta(days=1))
    return candidate


def daily_jobs_chain_retire(*, using: str | None = None) -> int:
    """Delete runs of the retired self-rescheduling chain still waiting in the queue
    (`run_daily_jobs` or the older reminder task); return how many. The scheduler runs
    the daily jobs now, one task per job and day."""
    using = using or router.db_for_write(DBTaskResult)
    deleted, _ = (
        DBTaskResult.objects.using(using)
        .filter(
            status=TaskResultStatus.READY,
            task_path__in=(f"{__name__}.run_daily_jobs", *_RETIRED_TASK_PATHS),
        )
        .delete()
    )
    if deleted:
        logger.info("Deleted %s waiting run(s) of the retired daily chain.", deleted)
    return deleted
