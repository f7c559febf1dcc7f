"""Background tasks of the case file (`django.tasks`, run by `manage.py db_worker`).

The daily follow-up reminder schedules itself, so no cron is needed: each run first
queues the next one for the next QUARTIER_REMINDER_TIME (`run_after`), then sends.
`manage.py send_follow_up_reminders --schedule` (run before the worker starts) puts the
first run in the queue, or nothing if one is queued already.
"""

import logging
from datetime import datetime

from django.db import connections, router, transaction
from django.tasks import (
    DEFAULT_TASK_BACKEND_ALIAS,
    TaskContext,
    TaskResultStatus,
    task,
    task_backends,
)
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult, get_date_max

from quartier.cases import reminders
from quartier.stadtteilplan.services import appointment_requests_expire

logger = logging.getLogger(__name__)

# Any constant: the PostgreSQL advisory lock that serialises "is a run queued? if not,
# queue one" between two workers starting at the same time.
_SCHEDULE_LOCK = 0x51_7E_31_D0


class ReminderScheduleError(Exception):
    pass


class RemindersNotSent(Exception):
    pass


@task(takes_context=True)
def send_follow_up_reminders(context: TaskContext) -> dict:
    """Queue tomorrow's run, then send today's reminders.

    The next run is queued first, so that a failure while sending does not break the
    daily chain. Backends that cannot run a task later (the immediate backend of the
    tests) only send."""
    alias = context.task_result.backend
    if task_backends[alias].supports_defer:
        schedule_follow_up_reminders(backend_alias=alias)
    # The daily run also keeps the promise of the offer map's consent text: appointment
    # requests that led nowhere are deleted after their retention period.
    expired = appointment_requests_expire()
    run = reminders.reminders_send()
    if run.failed:
        raise RemindersNotSent(
            f"{len(run.failed)} follow-up reminder e-mails could not be sent (see the log). "
            "`manage.py send_follow_up_reminders` sends the missing ones."
        )
    return {
        "day": run.day.isoformat(),
        "sent": len(run.sent),
        "already_sent": run.already_sent,
        "appointment_requests_deleted": expired,
    }


def schedule_follow_up_reminders(
    *, backend_alias: str = DEFAULT_TASK_BACKEND_ALIAS, now: datetime | None = None
) -> tuple[datetime | None, bool]:
    """Make sure one run of the reminder task waits in the queue.

    Returns when the queued run starts (None: as soon as a worker is free) and whether
    this call queued it. A run already waiting (at any time) is left alone, so calling
    this twice, or from two workers at once, queues one run."""
    backend = task_backends[backend_alias]
    if not isinstance(backend, DatabaseBackend):
        raise ReminderScheduleError(
            f"The task backend {backend_alias!r} ({type(backend).__name__}) cannot run tasks "
            "later. Set TASKS_BACKEND=database and run the worker (manage.py db_worker)."
        )
    scheduled = send_follow_up_reminders.using(backend=backend_alias)
    using = router.db_for_write(DBTaskResult)
    with transaction.atomic(using=using):
        connection = connections[using]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_SCHEDULE_LOCK])
        # SQLite needs no lock: its transactions begin IMMEDIATE (config/settings.py), so
        # writers already take turns from the first statement on.
        waiting = (
            DBTaskResult.objects.using(using)
            .filter(
                backend_name=backend_alias,
                task_path=scheduled.module_path,
                status=TaskResultStatus.READY,
            )
            .order_by("run_after")
            .first()
        )
        if waiting is not None:
            run_after = None if waiting.run_after == get_date_max() else waiting.run_after
            return run_after, False
        run_after = reminders.next_run_at(now)
        scheduled.using(run_after=run_after).enqueue()
    logger.info("Next follow-up reminder run queued for %s.", run_after)
    return run_after, True
