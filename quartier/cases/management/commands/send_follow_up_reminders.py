"""`manage.py send_follow_up_reminders [--schedule]`: the daily follow-up reminder.

Without options it sends today's reminders now, in this process (for cron, or to send
what a failed run left out): people who already had today's get none. With
`--schedule` it sends nothing and makes sure the worker has one run queued for the
next QUARTIER_REMINDER_TIME; each run then queues the next.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from quartier.cases.reminders import reminders_send
from quartier.cases.tasks import ReminderScheduleError, schedule_follow_up_reminders


class Command(BaseCommand):
    help = (
        "Sends today's follow-up reminder e-mails now. With --schedule, queues the daily "
        "run for the background worker instead (nothing if one is queued already)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Send nothing; make sure one run is queued for the worker (db_worker).",
        )

    def handle(self, *args, schedule: bool, **options):
        if schedule:
            self._schedule()
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

    def _schedule(self) -> None:
        try:
            run_after, queued = schedule_follow_up_reminders()
        except ReminderScheduleError as error:
            raise CommandError(str(error)) from error
        when = (
            "as soon as a worker is free"
            if run_after is None
            else f"at {timezone.localtime(run_after):%Y-%m-%d %H:%M %Z}"
        )
        if queued:
            self.stdout.write(f"Follow-up reminders queued for the worker, to run {when}.")
        else:
            self.stdout.write(f"Follow-up reminders are already queued, to run {when}.")
