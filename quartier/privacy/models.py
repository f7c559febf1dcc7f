"""The access log (Zugriffsprotokoll): who looked at which participant or case, and when.

Writes are recorded by django-auditlog; reads of personal data are recorded here
(SGB X: proof of who looked at what). Entries are never changed.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessLogEntry(models.Model):
    class Action(models.TextChoices):
        VIEW = "view", _("viewed")
        EXPORT = "export", _("exported")
        DOWNLOAD = "download", _("downloaded")
        PRINT = "print", _("printed")

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    # What was read: a model label and its id, e.g. "cases.case" 42; an export names
    # how many rows it held in `detail`.
    record_type = models.CharField(_("record type"), max_length=40)
    record_id = models.PositiveBigIntegerField(_("record id"), null=True)
    project_id = models.PositiveBigIntegerField(_("project"), null=True)
    organisation_id = models.PositiveBigIntegerField(_("organisation"), null=True)
    detail = models.CharField(_("detail"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["record_type", "record_id"], name="accesslog_record"),
            models.Index(fields=["user", "-at"], name="accesslog_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.action} {self.record_type} {self.record_id}"
