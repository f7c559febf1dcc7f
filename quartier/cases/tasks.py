"""Background work of the case file: the daily follow-up reminder, a daily job.

`quartier.core.jobs` runs it once a day at QUARTIER_REMINDER_TIME with the other
daily jobs (`manage.py run_daily_jobs`); `manage.py send_follow_up_reminders` runs it
alone, now. What it sends and to whom is `quartier.cases.reminders`.
"""

from quartier.cases import reminders
from quartier.core.jobs import daily_job


class RemindersNotSent(Exception):
    pass


@daily_job("follow_up_reminders")
def follow_up_reminders() -> dict:
    """Send today's follow-up reminders; fail (after sending the others) when the mail
    server refused some, so that the run shows as failed and a later one retries them."""
    run = reminders.reminders_send()
    if run.failed:
        raise RemindersNotSent(
            f"{len(run.failed)} follow-up reminder e-mails could not be sent (see the log). "
            "`manage.py send_follow_up_reminders` sends the missing ones."
        )
    return {"day": run.day.isoformat(), "sent": len(run.sent), "already_sent": run.already_sent}
