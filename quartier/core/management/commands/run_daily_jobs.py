"""`manage.py run_daily_jobs [--schedule] [--only NAME ...]`: the daily jobs.

Without options it runs every daily job now, in this process (for cron, or to redo
what a failed run left out), each on its own, and prints what each did. `--only NAME`
runs only the named job(s). With `--schedule` it runs nothing and makes sure the
worker has one run queued for the next QUARTIER_REMINDER_TIME; each run then queues
the next (`quartier.core.jobs`).
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from quartier.core.jobs import (
    DailyJobsScheduleError,
    UnknownDailyJob,
    daily_jobs,
    daily_jobs_run,
    daily_jobs_schedule,
)


class Command(BaseCommand):
    help = (
        "Runs the daily jobs now. With --schedule, queues the daily run for the background "
        "worker instead (nothing if one is queued already)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Run nothing; make sure one daily run is queued for the worker (db_worker).",
        )
        parser.add_argument(
            "--only",
            action="append",
            metavar="NAME",
            help="Run only this job (repeatable); `--list` names them.",
        )
        parser.add_argument(
            "--list", action="store_true", dest="list_jobs", help="List the daily jobs."
        )

    def handle(self, *args, schedule: bool, only: list[str] | None, list_jobs: bool, **options):
        if list_jobs:
            for job in daily_jobs():
                self.stdout.write(f"{job.name}  ({job.path})")
            return
        if schedule:
            self._schedule()
            return
        try:
            run = daily_jobs_run(only=only)
        except UnknownDailyJob as error:
            raise CommandError(str(error)) from error
        for name, result in run.results.items():
            self.stdout.write(f"{name}: {result}")
        if run.failed:
            raise CommandError(
                "Failed (see the log): "
                + "; ".join(f"{name}: {reason}" for name, reason in run.failed.items())
            )

    def _schedule(self) -> None:
        try:
            run_after, queued = daily_jobs_schedule()
        except DailyJobsScheduleError as error:
            raise CommandError(str(error)) from error
        when = (
            "as soon as a worker is free"
            if run_after is None
            else f"at {timezone.localtime(run_after):%Y-%m-%d %H:%M %Z}"
        )
        if queued:
            self.stdout.write(f"Daily jobs queued for the worker, to run {when}.")
        else:
            self.stdout.write(f"Daily jobs are already queued, to run {when}.")
