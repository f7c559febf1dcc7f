"""`manage.py send_follow_up_reminders [--schedule]`: the follow-up reminder alone, now.

It sends today's reminders in this process (for cron, or to send what a failed run
left out): people who already had today's get none. The daily run in the worker is
scheduled by `manage.py run_scheduler` (`quartier.core.jobs`); `--schedule` is kept
for existing deployments and does what `run_daily_jobs --schedule` does (nothing now).
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from quartier.cases.reminders import reminders_send


class Command(BaseCommand):
    help = (
        "Sends today's follow-up reminder e-mails now. --schedule is retired (run_scheduler "
        "schedules the daily jobs) and sends nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Send nothing; same as `run_daily_jobs --schedule`.",
        )

    def handle(self, *args, schedule: bool, **options):
        if schedule:
            call_command("run_daily_jobs", "--schedule", stdout=self.stdout)
            return
        run = reminders_send()
        self.stdout.write(
            f"Follow-up reminders for {run.day:%Y-%m-%d}: {len(run.sent)} sent, "
            f"{run.already_sent} sent earlier today."
        )
        if run.failed:
            raise CommandError(
                f"{len(run.failed)} reminder e-mails could not be sent (see the log). "
                "Running this command again sends only those."
            )
