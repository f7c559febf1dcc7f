"""`manage.py run_daily_jobs [--schedule] [--only NAME ...]`: the daily jobs.

Without options it runs every daily job now, in this process (for cron, or to redo
what a failed run left out), each on its own, and prints what each did. `--only NAME`
runs only the named job(s). The schedule is `manage.py run_scheduler`'s now; the old
`--schedule` runs nothing, deletes a waiting run of the retired self-rescheduling
chain and says so (`quartier.core.jobs`).
"""

from django.core.management.base import BaseCommand, CommandError

from quartier.core.jobs import UnknownDailyJob, daily_jobs, daily_jobs_chain_retire, daily_jobs_run


class Command(BaseCommand):
    help = (
        "Runs the daily jobs now. The schedule is run_scheduler's (--schedule is kept for "
        "old scripts and queues nothing)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Retired: run nothing (manage.py run_scheduler schedules the daily jobs).",
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
        deleted = daily_jobs_chain_retire()
        self.stdout.write(
            "The daily jobs are scheduled by `manage.py run_scheduler` (run it on every node); "
            "nothing queued."
            + (f" Deleted {deleted} waiting run(s) of the old daily chain." if deleted else "")
        )
