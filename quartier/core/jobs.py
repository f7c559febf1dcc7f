"""Daily jobs: the work that runs once a day in the background worker, and its schedule.

An app registers a job in its `tasks.py` (found here the way the admin finds
`admin.py`):

    from quartier.core.jobs import daily_job

    @daily_job("follow_up_reminders")
    def follow_up_reminders() -> dict:
        ...  # call a service; return a small summary for the task table and the log

One `django.tasks` task, `run_daily_jobs`, runs every registered job once, each on its
own: a job that raises is logged and the next one still runs; the task fails at the
end (so the task table shows it) when one did. The task schedules itself, so no cron
is needed: each run first queues the next one for the next QUARTIER_REMINDER_TIME
(`run_after`), then runs the jobs. `manage.py run_daily_jobs --schedule` (run before
the worker starts) puts the first run in the queue, or nothing if one is waiting;
a PostgreSQL advisory lock makes two workers starting at once queue one run.
`manage.py run_daily_jobs [--only NAME]` runs the jobs now, in its own process.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, router, transaction
from django.tasks import (
    DEFAULT_TASK_BACKEND_ALIAS,
    TaskContext,
    TaskResultStatus,
    task,
    task_backends,
)
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult, get_date_max

logger = logging.getLogger(__name__)

# Any constant: the PostgreSQL advisory lock that serialises "is a run queued? if not,
# queue one" between two workers starting at the same time.
_SCHEDULE_LOCK = 0x51_7E_31_D0

#: Task paths of the daily run before it moved here; a run of theirs still waiting in
#: the queue of an updated installation is replaced by this module's task.
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


@task(takes_context=True)
def run_daily_jobs(context: TaskContext) -> dict:
    """Queue tomorrow's run, then run every daily job.

    The next run is queued first, so that a failing job does not break the daily
    chain. Backends that cannot run a task later (the immediate backend of the tests)
    only run the jobs."""
    alias = context.task_result.backend
    if task_backends[alias].supports_defer:
        daily_jobs_schedule(backend_alias=alias)
    run = daily_jobs_run()
    if run.failed:
        raise DailyJobsFailed(
            "Daily jobs failed (see the worker's log): "
            + "; ".join(f"{name}: {reason}" for name, reason in run.failed.items())
            + ". `manage.py run_daily_jobs --only NAME` runs one again."
        )
    return run.results


# Scheduling ------------------------------------------------------------------------


class DailyJobsScheduleError(Exception):
    pass


def next_run_at(now: datetime | None = None) -> datetime:
    """The next QUARTIER_REMINDER_TIME in local time, strictly after `now`."""
    now = timezone.localtime(now)
    at = settings.QUARTIER_REMINDER_TIME
    candidate = timezone.make_aware(datetime.combine(now.date(), at))
    if candidate <= now:
        candidate = timezone.make_aware(datetime.combine(now.date() + timedelta(days=1), at))
    return candidate


def daily_jobs_schedule(
    *, backend_alias: str = DEFAULT_TASK_BACKEND_ALIAS, now: datetime | None = None
) -> tuple[datetime | None, bool]:
    """Make sure one run of the daily jobs waits in the queue.

    Returns when the queued run starts (None: as soon as a worker is free) and whether
    this call queued it. A run already waiting (at any time) is left alone, so calling
    this twice, or from two workers at once, queues one run."""
    backend = task_backends[backend_alias]
    if not isinstance(backend, DatabaseBackend):
        raise DailyJobsScheduleError(
            f"The task backend {backend_alias!r} ({type(backend).__name__}) cannot run tasks "
            "later. Set TASKS_BACKEND=database and run the worker (manage.py db_worker)."
        )
    scheduled = run_daily_jobs.using(backend=backend_alias)
    using = router.db_for_write(DBTaskResult)
    with transaction.atomic(using=using):
        connection = connections[using]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_SCHEDULE_LOCK])
        # SQLite needs no lock: its transactions begin IMMEDIATE (config/settings.py), so
        # writers already take turns from the first statement on.
        waiting_runs = DBTaskResult.objects.using(using).filter(
            backend_name=backend_alias, status=TaskResultStatus.READY
        )
        waiting_runs.filter(task_path__in=_RETIRED_TASK_PATHS).delete()
        waiting = waiting_runs.filter(task_path=scheduled.module_path).order_by("run_after").first()
        if waiting is not None:
            run_after = None if waiting.run_after == get_date_max() else waiting.run_after
            return run_after, False
        run_after = next_run_at(now)
        scheduled.using(run_after=run_after).enqueue()
    logger.info("Next run of the daily jobs queued for %s.", run_after)
    return run_after, True
