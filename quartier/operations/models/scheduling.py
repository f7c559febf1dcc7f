"""The scheduler's record of the daily jobs: one `JobRun` per job and due date.

The unique constraint on (job, due_date) is what makes each daily job run once per
day across all nodes: the scheduler claims a run with `get_or_create`, and a second
scheduler (or the same one a moment later) finds the row instead of making another.
`last_error` holds the exception's type and message only (no traceback, no data of a
person); `result` the small summary the job returns.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class JobRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed, will be tried again")
        GIVEN_UP = "given_up", _("Given up")

    job = models.CharField(_("job"), max_length=100)
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    node = models.CharField(_("node"), max_length=200, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    result = models.JSONField(_("result"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("job run")
        verbose_name_plural = _("job runs")
        ordering = ["-due_date", "job"]
        constraints = [
            models.UniqueConstraint(
                fields=["job", "due_date"],
                name="jobrun_once_per_due_date",
                # Never shown to a user (the scheduler claims runs with get_or_create);
                # an existing, translated message until a better one is translated.
                violation_error_message=_("This task has already been done."),
            )
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="jobrun_status_next")]

    def __str__(self) -> str:
        return f"{self.job} {self.due_date:%Y-%m-%d} ({self.status})"
