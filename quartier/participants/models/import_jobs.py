"""`ImportJob`: one confirmed import of a participant list, run by the background
worker."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from quartier.core.models import BaseModel, Organisation, Project


class ImportJob(BaseModel):
    """One confirmed import of a participant list, run by the background worker.

    The uploaded file waits under MEDIA_ROOT/imports/ (see `services.import_jobs`); the job
    records what to import, how far the worker got and what came out. `created_by`
    (from `BaseModel`) is the person who confirmed it: only they, and platform
    admins, see the job."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting for the background worker")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="import_jobs"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation of new participants"),
        on_delete=models.CASCADE,
        related_name="import_jobs",
    )
    #: The upload's random name; the file is MEDIA_ROOT/imports/<token>.claimed<extension>.
    token = models.CharField(_("upload"), max_length=32)
    extension = models.CharField(_("file type"), max_length=5)
    filename = models.CharField(_("file name"), max_length=200)
    update = models.BooleanField(_("update existing participants"), default=False)
    status = models.CharField(
        _("status"), max_length=7, choices=Status.choices, default=Status.QUEUED
    )
    #: The `django.tasks` result id, to find the worker's record of the run.
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    rows_total = models.PositiveIntegerField(_("rows in the file"), null=True, blank=True)
    rows_done = models.PositiveIntegerField(_("rows saved"), default=0)
    new_count = models.PositiveIntegerField(_("new participants"), default=0)
    updated_count = models.PositiveIntegerField(_("participants updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("participants without changes"), default=0)
    #: Problems found at run time (the project changed since the preview), one line each.
    problems = models.JSONField(_("problems"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("participant list import")
        verbose_name_plural = _("participant list imports")
        ordering = ["-created_at"]
        constraints = [
            # A file is imported once: one job per upload, unless an earlier one failed.
            models.UniqueConstraint(
                fields=["token"],
                condition=~Q(status="failed"),
                name="importjob_once_per_upload",
                violation_error_message=_("This file is already being imported."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["queued", "running", "done", "failed"]),
                name="importjob_status_valid",
                violation_error_message=_("Unknown import status."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}
