"""`manage.py run_worker`: the background task worker, on every node.

It is django-tasks-db's `db_worker` (same options; it never reloads) plus

- a heartbeat: a `WorkerHeartbeat` row written every QUARTIER_WORKER_STALE_SECONDS / 6
  seconds from a thread of its own, deleted when the worker stops;
- recovery when it starts: tasks left RUNNING by a dead worker go back to the queue
  (`services.workers.stale_tasks_recover`; the leading scheduler does the same on
  every pass).

Its worker id names the host and process (host:pid-random), so the task table says
where a task ran.
"""

import logging
import threading

from django.core.management.base import CommandError
from django.db import connection
from django.db.utils import InterfaceError, OperationalError
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand
from django_tasks_db.management.commands.db_worker import Worker

from quartier.operations.services import workers

logger = logging.getLogger("django_tasks_db")


class HeartbeatWorker(Worker):
    def run(self) -> None:
        started_at = timezone.now()
        workers.heartbeat_write(worker_id=self.worker_id, started_at=started_at)
        recovered = workers.stale_tasks_recover()
        if recovered:
            logger.warning("Put %s task(s) of dead workers back in the queue.", recovered)
        stop = threading.Event()
        beat = threading.Thread(
            target=self._beat, args=(stop, started_at), name="heartbeat", daemon=True
        )
        beat.start()
        try:
            super().run()
        finally:
            stop.set()
            beat.join(timeout=5)
            try:
                workers.heartbeat_delete(worker_id=self.worker_id)
            except (OperationalError, InterfaceError):
                logger.warning("The heartbeat of worker %s could not be deleted.", self.worker_id)

    def _beat(self, stop: threading.Event, started_at) -> None:
        try:
            while not stop.wait(workers.heartbeat_interval()):
                try:
                    workers.heartbeat_write(worker_id=self.worker_id, started_at=started_at)
                except Exception as error:  # the database may be away for a while
                    logger.warning("Heartbeat not written (%s).", type(error).__name__)
        finally:
            connection.close()  # this thread's own connection


class Command(DbWorkerCommand):
    help = "Runs background tasks (django-tasks-db's worker) with a heartbeat and recovery."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(worker_id=workers.worker_id_new(), reload=False)

    def handle(
        self,
        *,
        verbosity,
        queue_name,
        interval,
        batch,
        backend_name,
        startup_delay,
        reload,
        max_tasks,
        worker_id,
        exclude_queues,
        **options,
    ) -> None:
        self.configure_logging(verbosity)
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = HeartbeatWorker(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded,
        )
        worker.configure_signals()
        try:
            worker.run()
        except (OperationalError, InterfaceError) as error:
            first = (str(error).strip().splitlines() or [type(error).__name__])[0]
            raise CommandError(f"The worker cannot reach the database ({first}).") from None
