"""Retention rules (Aufbewahrungsregeln): how long a project must or may keep which
data, on which legal basis, counted from which event.

The funder's retention (ESF Plus: the indicator data until the end of the retention
period after the programme's closure) is configured per project here, never hard-coded.
An erasure request (Art. 17) removes at once what no rule still covers and keeps the
rest until the rule's end; the daily jobs remove it then.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from quartier.core.models import BaseModel, Project


class RetentionScope(models.TextChoices):
    #: Names, contact data, free-text notes, documents, identifying fields.
    CASE_FILE = "case_file", _("case file (identity, contact data, notes, documents)")
    #: The fields the funder's indicators and participant list need (INDICATORS.md).
    INDICATOR_DATA = "indicator_data", _("data for the funder's indicators")
    #: Issued certificates (the public check page says "valid").
    CERTIFICATES = "certificates", _("issued certificates")
    #: The access log of reads and changes.
    ACCESS_LOG = "access_log", _("access log")


class StartEvent(models.TextChoices):
    EXIT = "exit", _("the participant's exit")
    FUNDED_PERIOD_END = "funded_period_end", _("the end of the project's funded period")
    RECORDED = "recorded", _("the day it was recorded")


class RetentionRule(BaseModel):
    """One retention duty or right of a project for one scope of data."""

    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="retention_rules",
    )
    scope = models.CharField(_("data"), max_length=20, choices=RetentionScope)
    legal_basis = models.TextField(
        _("legal basis"),
        help_text=_("In words: why the data must or may be kept."),
    )
    citation = models.CharField(
        _("citation"),
        max_length=200,
        help_text=_("The provision, e.g. “Art. 82 VO (EU) 2021/1060”."),
    )
    start_event = models.CharField(
        _("counted from"), max_length=20, choices=StartEvent, default=StartEvent.EXIT
    )
    duration_months = models.PositiveSmallIntegerField(
        _("duration in months"),
        help_text=_("How long after the start event the data is kept (0: not at all)."),
    )

    class Meta:
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")
        ordering = ["project", "scope", "-duration_months"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_months__lte=1200),
                name="retentionrule_duration_bounded",
                violation_error_message=_(
                    "A retention period of more than 100 years is not a rule."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_scope_display()}: {self.citation}"
