"""Erasure (Art. 17 DSGVO): a request and what it did, and the erasure log.

An `ErasureRequest` is carried out at once: whatever no `RetentionRule` still covers is
anonymised irreversibly; what a rule covers (the funder's indicator fields) stays until
the rule's end, and the request records what is kept, why and until when, so that the
person can be told. The `ErasureLogEntry` rows record each step by object type and a
pseudonymous id, never the erased identity; they are also appended to a file outside the
database (settings.ERASURE_LOG_FILE), from which `manage.py replay_erasures` re-applies
them after a backup older than the erasure was restored.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from quartier.core.models import BaseModel, Project
from quartier.privacy.models.retention import RetentionRule


class ErasureRequest(BaseModel):
    class State(models.TextChoices):
        #: Carried out: identity anonymised; the indicator fields kept until `keep_until`.
        ANONYMISED = "anonymised", _("anonymised, indicator data kept")
        #: The kept rest removed too, after the retention ended.
        REMOVED = "removed", _("removed completely")

    class Channel(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        LETTER = "letter", _("by letter")
        EMAIL = "email", _("by e-mail")
        PHONE = "phone", _("by phone")
        STAFF = "staff", _("by staff (no request of the person)")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="+"
    )
    #: The participant row that remains, anonymised (null once removed completely).
    participant = models.ForeignKey(
        "participants.Participant",
        verbose_name=_("participant"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="erasure_requests",
    )
    #: The participant's pseudonymous id (`privacy.services.erasure.pseudonym`).
    pseudonym = models.CharField(_("pseudonymous id"), max_length=32, db_index=True)
    state = models.CharField(_("state"), max_length=12, choices=State.choices)
    received_on = models.DateField(_("request received on"))
    channel = models.CharField(_("request received"), max_length=12, choices=Channel.choices)
    #: Why (a note without the person's identity).
    reason = models.TextField(_("reason"), blank=True)
    carried_out_at = models.DateTimeField(_("carried out at"), null=True, blank=True)
    #: What stays, why and until when: a list of {"scope", "fields", "legal_basis",
    #: "citation", "until"} (ISO date), as shown to the person.
    kept = models.JSONField(_("kept"), default=list, blank=True)
    #: The latest end of what is kept; the daily jobs remove the rest after it.
    keep_until = models.DateField(_("kept until"), null=True, blank=True)
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return f"{self.pseudonym} ({self.get_state_display()})"


class ErasureLogEntry(models.Model):
    """One step of an erasure: which kind of object, its pseudonymous id, when, who, under
    which rule. Never the erased identity."""

    class Step(models.TextChoices):
        ANONYMISED = "anonymised", _("anonymised")
        DELETED = "deleted", _("deleted")

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    project_id = models.PositiveBigIntegerField(_("project"), null=True)
    #: The model label of what was erased ("participants.participant", "cases.contact").
    object_type = models.CharField(_("object type"), max_length=60)
    #: The participant's pseudonym (the same for every step of one erasure).
    pseudonym = models.CharField(_("pseudonymous id"), max_length=32, db_index=True)
    object_count = models.PositiveIntegerField(_("objects"), default=1)
    step = models.CharField(_("step"), max_length=12, choices=Step.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    #: The rule it followed ("no remaining legal basis" when none), as text: the rule may
    #: be changed or deleted later.
    rule = models.CharField(_("rule"), max_length=300)
    retention_rule = models.ForeignKey(
        RetentionRule,
        verbose_name=_("retention rule"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("erasure log entry")
        verbose_name_plural = _("erasure log")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.step} {self.object_type} {self.pseudonym}"
