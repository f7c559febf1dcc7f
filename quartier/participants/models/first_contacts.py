"""First contacts (Erstkontakte): `FirstContact` with its channel, topics and target
groups, including the appointment requests from the offer map, and the steps taken
with a request (`RequestEvent`)."""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.core.models import BaseModel, Organisation, Project
from quartier.participants.models.participants import Participant


class Channel(models.TextChoices):
    WALK_IN = "walk_in", _("walk-in")
    OUTREACH = "outreach", _("outreach")
    PHONE = "phone", _("phone")
    WEB = "web", _("web / e-mail")
    REQUEST = "request", _("appointment request from the offer map")
    VIDEO = "video", _("video call")
    HOME_VISIT = "home_visit", _("home visit")


class Topic(models.TextChoices):
    """Counselling topics shared by first contacts and the contacts log."""

    JOB_SEARCH = "job_search", _("job search")
    APPLICATION = "application", _("applications and CV")
    QUALIFICATION = "qualification", _("qualification and training")
    LANGUAGE = "language", _("language")
    CHILDCARE = "childcare", _("childcare")
    HEALTH = "health", _("health")
    DEBTS = "debts", _("debts")
    HOUSING = "housing", _("housing")
    BENEFITS = "benefits", _("benefits and authorities")
    RESIDENCE = "residence", _("residence status")
    DIGITAL = "digital", _("digital skills")
    EMPLOYER = "employer", _("employer and workplace")
    OTHER = "other", _("other")


class TargetGroup(models.TextChoices):
    LONG_TERM_UNEMPLOYED = "long_term_unemployed", _("long-term unemployed")
    BENEFIT_RECIPIENTS = "benefit_recipients", _("people on benefits")
    UNREGISTERED = "unregistered", _("people not registered anywhere")
    YOUNG_PEOPLE = "young_people", _("young people")
    WOMEN_RETURNING = "women_returning", _("women returning to work")
    SINGLE_PARENTS = "single_parents", _("single parents")
    IMMIGRANTS = "immigrants", _("immigrants and refugees")
    SENIORS = "seniors", _("seniors")
    FAMILIES = "families", _("families")
    PUPILS = "pupils", _("pupils")
    DISABILITIES = "disabilities", _("people with disabilities")
    OTHER = "other", _("other")


class RequestStep(models.TextChoices):
    """How far the team got with an appointment request from the offer map."""

    NEW = "", _("new")
    CALLED = "called", _("called")
    APPOINTMENT = "appointment", _("appointment made")
    DONE = "done", _("done")
    NOT_REACHED = "not_reached", _("not reached")


class FirstContact(BaseModel):
    """A contact before (or without) becoming a participant; anonymous unless a name is given.

    An appointment request from the offer map is one with status "request": it waits
    in the inbox of the organisation's case staff (`inbox`), is assigned to one of
    them, goes through the `RequestStep`s and is closed; each of these is recorded as
    a `RequestEvent`, dated, with who did it."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        REQUEST = "request", _("appointment requested")
        CONVERTED = "converted", _("became a participant")
        CLOSED = "closed", _("closed")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="first_contacts"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="first_contacts",
    )
    date = models.DateField(_("date"), default=date.today)
    channel = models.CharField(
        _("channel"), max_length=12, choices=Channel, default=Channel.WALK_IN
    )
    place = models.CharField(_("place"), max_length=100, blank=True)
    topics = models.JSONField(_("topics"), default=list, blank=True)
    language = models.CharField(_("language used"), max_length=50, blank=True)
    target_group = models.CharField(
        _("target group"), max_length=25, choices=TargetGroup, blank=True
    )
    name = models.CharField(_("name (optional)"), max_length=200, blank=True)
    reach = models.CharField(_("how to reach (optional)"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    participant = models.OneToOneField(
        Participant,
        verbose_name=_("participant"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="first_contact",
    )
    # The appointment request's way through the inbox.
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_requests",
    )
    request_step = models.CharField(
        _("step"), max_length=12, choices=RequestStep, blank=True, default=""
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("first contact")
        verbose_name_plural = _("first contacts")
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["project", "organisation", "-date"], name="firstcontact_tenant"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.date:%d.%m.%Y}"

    @property
    def is_anonymous(self) -> bool:
        return not self.name

    def get_additional_data(self) -> dict:
        return {
            "organisation_id": self.organisation_id,
            "project_id": self.project_id,
            "personal": bool(self.name or self.reach),
        }


class RequestEvent(models.Model):
    """One step of an appointment request in the inbox: assigned, a status step, closed;
    when, and by whom."""

    class Action(models.TextChoices):
        ASSIGNED = "assigned", _("assigned")
        STEP = "step", _("status changed")
        CLOSED = "closed", _("closed")

    first_contact = models.ForeignKey(
        FirstContact,
        verbose_name=_("appointment request"),
        on_delete=models.CASCADE,
        related_name="request_events",
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    step = models.CharField(_("step"), max_length=12, choices=RequestStep, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("step of an appointment request")
        verbose_name_plural = _("steps of appointment requests")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.at:%d.%m.%Y %H:%M}"
