"""Meetings of the network: network meetings, sessions of the advisory board (Beirat),
district conferences; who was invited and came, agenda and minutes (a public and an
internal part), and their outcomes (information, decisions, tasks), and the figures a
meeting looked at."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from quartier.core.models import BaseModel, District, Organisation, Project
from quartier.network.models.partners import NetworkLevel


class MeetingKind(models.TextChoices):
    NETWORK = "network", _("network meeting")
    BOARD = "board", _("advisory board (Beirat)")
    DISTRICT_CONFERENCE = "district_conference", _("district conference")
    OTHER = "other", _("other")


class Meeting(BaseModel):
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="meetings"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organised by"),
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=MeetingKind, default=MeetingKind.NETWORK
    )
    level = models.CharField(
        _("network level"), max_length=10, choices=NetworkLevel, default=NetworkLevel.BOTH
    )
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"), null=True, blank=True)
    ends_at = models.TimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
    )
    invited_on = models.DateField(_("invitation sent on"), null=True, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes_public = models.TextField(
        _("minutes (public part)"),
        blank=True,
        help_text=_("What may go to every participant and partner."),
    )
    minutes_internal = models.TextField(
        _("minutes (internal part)"),
        blank=True,
        help_text=_("Only for the project's staff; not in the public minutes."),
    )

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-date", "-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(invited_on__isnull=True) | Q(invited_on__lte=models.F("date")),
                name="meeting_not_before_invitation",
                violation_error_message=_(
                    "The meeting cannot take place before its invitation was sent."
                ),
            ),
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True)
                | Q(ends_at__isnull=True)
                | Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
                violation_error_message=_("The meeting ends before it starts."),
            ),
        ]
        indexes = [models.Index(fields=["project", "date"], name="meeting_project_date")]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%d.%m.%Y})"

    def get_additional_data(self) -> dict:
        return {"organisation_id": self.organisation_id, "project_id": self.project_id}


class MeetingChild(BaseModel):
    class Meta:
        abstract = True

    def get_additional_data(self) -> dict:
        return {"meeting_id": self.meeting_id}


class Attendee(MeetingChild):
    """An invited or attending person or organisation."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendees"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    invited = models.BooleanField(_("invited"), default=True)
    attended = models.BooleanField(_("attended"), default=False)

    class Meta:
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")
        ordering = ["meeting", "organisation__name", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False) | Q(user__isnull=False) | ~Q(name=""),
                name="attendee_names_someone",
                violation_error_message=_("Name the person or the organisation."),
            )
        ]

    def __str__(self) -> str:
        return self.name or str(self.user or self.organisation)


class OutcomeKind(models.TextChoices):
    INFORMATION = "information", _("information")
    DECISION = "decision", _("decision")
    TASK = "task", _("task")


class MeetingOutcome(MeetingChild):
    """An outcome of a meeting: an information, a decision (with the organisation
    responsible and a due date) or a task (with the person who does it; it stays on
    her start page until done). A task can follow from a decision."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="outcomes"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=OutcomeKind)
    text = models.TextField(_("text"))
    decision = models.ForeignKey(
        "self",
        verbose_name=_("follows from the decision"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="tasks",
        limit_choices_to={"kind": OutcomeKind.DECISION},
    )
    responsible_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("responsible organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meeting_tasks",
    )
    due_date = models.DateField(_("due"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["meeting", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="decision") | Q(responsible_organisation__isnull=False),
                name="outcome_decision_has_responsible",
                violation_error_message=_("A decision needs the organisation responsible for it."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="task") | Q(assignee__isnull=False),
                name="outcome_task_has_assignee",
                violation_error_message=_("A task needs the person who does it."),
            ),
            models.CheckConstraint(
                condition=Q(kind="task") | Q(decision__isnull=True),
                name="outcome_only_tasks_follow_decisions",
                violation_error_message=_("Only a task can follow from a decision."),
            ),
        ]
        indexes = [
            models.Index(fields=["assignee", "done_at", "due_date"], name="outcome_open_tasks")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class EvidenceKind(models.TextChoices):
    NETWORK_FIGURES = "network_figures", _("network figures")
    INDICATORS = "indicators", _("ESF Plus indicator table")


class MeetingEvidence(MeetingChild):
    """Figures a meeting looked at: the network view or the indicator table of a
    period, linked from the meeting and its minutes."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="evidence"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=EvidenceKind)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["meeting", "kind", "period_start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="evidence_period_in_order",
                violation_error_message=_("The period ends before it starts."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period_start:%d.%m.%Y}–{self.period_end:%d.%m.%Y}"
