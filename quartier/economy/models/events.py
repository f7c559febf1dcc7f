"""Business events of the economic district management: entrepreneurs' evenings,
business regulars' tables, fairs, company visits; who was invited, who came, and the
tasks that follow."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from quartier.core.models import BaseModel, District, Organisation, Project
from quartier.economy.models.employers import Employer


class EventKind(models.TextChoices):
    ENTREPRENEURS_EVENING = "entrepreneurs_evening", _("entrepreneurs' evening")
    REGULARS_TABLE = "regulars_table", _("business regulars' table")
    FAIR = "fair", _("fair (e.g. b2b fair)")
    COMPANY_VISIT = "company_visit", _("company visit")
    WORKSHOP = "workshop", _("workshop for companies")
    OTHER = "other", _("other")


class BusinessEvent(BaseModel):
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        related_name="business_events",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="business_events",
    )
    kind = models.CharField(_("kind"), max_length=22, choices=EventKind)
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
        related_name="business_events",
    )
    description = models.TextField(_("description"), blank=True)
    supports_companies = models.BooleanField(
        _("supports the companies that attend"),
        default=False,
        help_text=_(
            "Tick when the event itself is advice or support for the companies (for "
            "example a workshop on subsidies): each attending company then counts as "
            "having received a company-aimed service (EECO19)."
        ),
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="business_events",
    )
    other_guests = models.PositiveIntegerField(_("other guests (not companies)"), default=0)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("business event")
        verbose_name_plural = _("business events")
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["project", "organisation"], name="bizevent_tenant"),
            models.Index(fields=["project", "date"], name="bizevent_project_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True)
                | Q(starts_at__isnull=True)
                | Q(ends_at__gt=models.F("starts_at")),
                name="bizevent_ends_after_start",
                violation_error_message=_("The event must end after it starts."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%d.%m.%Y})"

    def get_additional_data(self) -> dict:
        return {"organisation_id": self.organisation_id, "project_id": self.project_id}


class EventInvitation(BaseModel):
    """An employer invited to an event, and whether it came."""

    class Response(models.TextChoices):
        INVITED = "invited", _("invited")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")

    event = models.ForeignKey(
        BusinessEvent,
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    employer = models.ForeignKey(
        Employer,
        verbose_name=_("employer"),
        on_delete=models.CASCADE,
        related_name="event_invitations",
    )
    response = models.CharField(
        _("response"), max_length=10, choices=Response.choices, default=Response.INVITED
    )
    attended = models.BooleanField(_("came"), default=False)
    attendees = models.PositiveSmallIntegerField(_("people from the company"), default=0)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["event", "employer__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "employer"],
                name="eventinvitation_unique",
                violation_error_message=_("This employer is already invited to the event."),
            )
        ]
        indexes = [
            models.Index(fields=["employer", "attended"], name="eventinv_employer_attended"),
        ]

    def __str__(self) -> str:
        return f"{self.employer} · {self.event}"

    def get_additional_data(self) -> dict:
        return {"event_id": self.event_id, "employer_id": self.employer_id}


class EventTask(BaseModel):
    """Something to do after (or before) an event; it shows on the responsible person's
    start page on its day."""

    event = models.ForeignKey(
        BusinessEvent, verbose_name=_("event"), on_delete=models.CASCADE, related_name="tasks"
    )
    title = models.CharField(_("what to do"), max_length=200)
    due_date = models.DateField(_("due on"), default=date.today)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_tasks",
    )
    employer = models.ForeignKey(
        Employer,
        verbose_name=_("employer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_tasks",
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("event task")
        verbose_name_plural = _("event tasks")
        ordering = ["due_date", "id"]
        indexes = [
            models.Index(fields=["assigned_to", "done_at", "due_date"], name="eventtask_my_day"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.due_date:%d.%m.%Y})"

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    def get_additional_data(self) -> dict:
        return {"event_id": self.event_id}
