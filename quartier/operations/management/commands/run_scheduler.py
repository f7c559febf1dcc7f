"""`manage.py run_scheduler [--once] [--interval SECONDS]`: the daily jobs' scheduler.

Run it on every node (systemd, docs/deployment.md). Every QUARTIER_SCHEDULER_INTERVAL
seconds each scheduler tries to take the leader's lock (`services.leadership`: a
PostgreSQL advisory lock, a file lock on SQLite); the one that holds it makes a pass
(`services.scheduling.scheduler_pass`), the others wait and try again, so one takes
over within an interval when the leader dies. `--once` makes one try and exits.

Without a reachable database it prints one line (no traceback) and tries again after
1, 2, 4, ... seconds (up to a minute, or the interval if longer); with `--once` it
exits with status 1.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections, connections
from django.db.utils import InterfaceError, OperationalError

from quartier.operations.services.leadership import Leadership
from quartier.operations.services.scheduling import scheduler_pass
from quartier.operations.services.workers import node_name

DATABASE_ERRORS = (OperationalError, InterfaceError)


def _first_line(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


class Command(BaseCommand):
    help = (
        "Runs the daily jobs once per due date across all nodes (run it on every node; "
        "one leads). --once makes one pass and exits."
    )
    requires_system_checks = []  # it must start (and say why it waits) without a database

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="One pass, then exit.")
        parser.add_argument(
            "--interval",
            type=float,
            default=None,
            help="Seconds between passes (default: QUARTIER_SCHEDULER_INTERVAL).",
        )

    def handle(self, *args, once: bool, interval: float | None, **options):
        interval = interval if interval is not None else settings.QUARTIER_SCHEDULER_INTERVAL
        leadership = Leadership()
        self.stdout.write(f"Scheduler {node_name()} started (every {interval:g} s).")
        failures = 0
        leading = None
        try:
            while True:
                close_old_connections()
                try:
                    leading = self._try(leadership, leading)
                    failures = 0
                except DATABASE_ERRORS as error:
                    leadership.release()
                    leading = None
                    connections.close_all()
                    failures += 1
                    if once:
                        raise CommandError(
                            f"The scheduler cannot reach the database ({_first_line(error)})."
                        ) from None
                    delay = min(2 ** (failures - 1), max(60.0, interval))
                    self.stderr.write(
                        f"The scheduler cannot reach the database ({_first_line(error)}); "
                        f"trying again in {delay:g} s."
                    )
                    time.sleep(delay)
                    continue
                if once:
                    return
                time.sleep(interval)
        except KeyboardInterrupt:
            self.stdout.write("Scheduler stopped.")
        finally:
            leadership.release()

    def _try(self, leadership: Leadership, leading: bool | None) -> bool:
        if not leadership.acquire():
            if leading is not False:
                self.stdout.write("Another scheduler leads; this one waits and tries again.")
            return False
        if leading is not True:
            self.stdout.write(f"This scheduler ({node_name()}) leads.")
        summary = scheduler_pass()
        if summary:
            self.stdout.write(f"Pass: {summary}.")
        return True
