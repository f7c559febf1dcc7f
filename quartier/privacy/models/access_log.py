"""The access log (Zugriffsprotokoll): who read, listed, exported, printed or changed
which participant's data, when, in which role, for which organisation, from which
address.

Changes are also recorded in detail by django-auditlog; the access log is the one place
a data-protection officer asks "who touched this person's data?". Entries are written in
the transaction of the read or change itself (never by a background job), are never
changed, and form a hash chain: each entry's `entry_hash` covers its content and the
previous entry's hash, so that `manage.py verify_access_log` detects a changed or
deleted entry. The daily jobs delete entries past their retention period from the start
of the chain and record that in an `AccessLogPrune`, whose hash the first remaining
entry must continue.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AccessLogEntry(models.Model):
    class Action(models.TextChoices):
        VIEW = "view", _("viewed")
        LIST = "list", _("listed")
        EXPORT = "export", _("exported")
        DOWNLOAD = "download", _("downloaded")
        PRINT = "print", _("printed")
        CHANGE = "change", _("changed")
        REFERRAL = "referral", _("passed on (referral)")
        ERASURE = "erasure", _("erased")

    #: Set by `access_log_record` before hashing (the hash covers it).
    at = models.DateTimeField(_("at"), default=timezone.now, editable=False, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    #: The actor's roles in the record's project at the time, comma-separated role codes
    #: ("case_worker"); empty for a command or a platform admin.
    role = models.CharField(_("role"), max_length=120, blank=True)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    # What was read: a model label and its id, e.g. "cases.case" 42; an export names
    # how many rows it held in `detail`.
    record_type = models.CharField(_("record type"), max_length=40)
    record_id = models.PositiveBigIntegerField(_("record id"), null=True)
    #: The participant whose data it was (null for a list of several).
    participant_id = models.PositiveBigIntegerField(_("participant"), null=True)
    project_id = models.PositiveBigIntegerField(_("project"), null=True)
    organisation_id = models.PositiveBigIntegerField(_("organisation"), null=True)
    #: The client's address, as the request's client IP (`core.middleware`).
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    #: A fixed English text (`privacy.display`); blank with a digest other than that of
    #: an empty text: erased (`access_log_scrub`).
    detail = models.CharField(_("detail"), max_length=200, blank=True)
    #: SHA-256 of `detail` as written: the chain covers the digest, so that an erasure may
    #: blank a detail naming the person without breaking the chain (see verify).
    detail_digest = models.CharField(max_length=64, blank=True, editable=False)
    #: The previous entry's `entry_hash` ("" for the very first entry).
    prev_hash = models.CharField(max_length=64, blank=True, editable=False)
    #: SHA-256 over this entry's fields and `prev_hash`.
    entry_hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["record_type", "record_id"], name="accesslog_record"),
            models.Index(fields=["user", "-at"], name="accesslog_user"),
            models.Index(fields=["participant_id", "-at"], name="accesslog_participant"),
            models.Index(fields=["organisation_id", "-at"], name="accesslog_organisation"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.action} {self.record_type} {self.record_id}"


class AccessLogPrune(models.Model):
    """One run of the retention job over the access log: it deleted the entries up to
    `last_id`, whose `entry_hash` was `last_hash`; the first remaining entry's
    `prev_hash` must be that hash."""

    at = models.DateTimeField(_("at"), auto_now_add=True)
    last_id = models.PositiveBigIntegerField(_("last deleted entry"))
    last_hash = models.CharField(max_length=64)
    deleted = models.PositiveIntegerField(_("entries deleted"))
    before = models.DateTimeField(_("entries before"))

    class Meta:
        verbose_name = _("deletion from the access log")
        verbose_name_plural = _("deletions from the access log")
        ordering = ["-last_id"]

    def __str__(self) -> str:
        return f"{self.deleted} ≤ {self.last_id}"
