"""Who takes part: a case's `Enrolment` in an offer (with the waiting list and how it
ended) and its `Attendance` per session date."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from quartier.cases.models import Case, Goal
from quartier.core.models import BaseModel
from quartier.offers.models.catalogue import Offer


class EnrolmentStatus(models.TextChoices):
    WAITING = "waiting", _("waiting list")
    ACTIVE = "active", _("active")
    COMPLETED = "completed", _("completed")
    DROPPED_OUT = "dropped_out", _("dropped out")


#: Enrolments that still hold (or wait for) a place.
OPEN_ENROLMENT_STATUSES = (EnrolmentStatus.WAITING, EnrolmentStatus.ACTIVE)


class DropoutReason(models.TextChoices):
    FOUND_WORK = "found_work", _("found work or an apprenticeship")
    OTHER_MEASURE = "other_measure", _("moved to another offer or measure")
    HEALTH = "health", _("health reasons")
    CHILDCARE = "childcare", _("no childcare")
    MOVED_AWAY = "moved_away", _("moved away")
    NO_CONTACT = "no_contact", _("no longer reachable")
    OWN_WISH = "own_wish", _("left on their own wish")
    EXCLUDED = "excluded", _("excluded by the provider")
    OTHER = "other", _("other")


class Enrolment(BaseModel):
    """A case taking part in an offer (Teilnahme am Angebot), or waiting for a place."""

    offer = models.ForeignKey(
        Offer, verbose_name=_("offer"), on_delete=models.PROTECT, related_name="enrolments"
    )
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="enrolments"
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=EnrolmentStatus,
        default=EnrolmentStatus.ACTIVE,
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    planned_end_date = models.DateField(_("planned end"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    dropout_reason = models.CharField(
        _("reason for dropping out"), max_length=15, choices=DropoutReason, blank=True
    )
    notes = models.TextField(_("notes"), blank=True)
    waiting_since = models.DateTimeField(_("on the waiting list since"), null=True, blank=True)
    goal = models.ForeignKey(
        Goal,
        verbose_name=_("plan goal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enrolments",
    )

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["offer", "status", "start_date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "case"],
                condition=Q(status__in=["waiting", "active"]),
                name="enrolment_one_open_per_offer_and_case",
                violation_error_message=_(
                    "This person is already enrolled in or waiting for this offer."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="waiting") | Q(waiting_since__isnull=False),
                name="enrolment_waiting_has_since",
                violation_error_message=_("A place on the waiting list needs the date since when."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["active", "completed"]) | Q(start_date__isnull=False),
                name="enrolment_started_has_start",
                violation_error_message=_("An active or completed enrolment needs a start date."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["completed", "dropped_out"]) | Q(end_date__isnull=False),
                name="enrolment_ended_has_end",
                violation_error_message=_(
                    "A completed or dropped-out enrolment needs an end date."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["completed", "dropped_out"]) | Q(end_date__isnull=True),
                name="enrolment_open_has_no_end",
                violation_error_message=_("An enrolment that has not ended has no end date."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="enrolment_end_not_before_start",
                violation_error_message=_("The end lies before the start."),
            ),
            models.CheckConstraint(
                condition=Q(planned_end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(planned_end_date__gte=F("start_date")),
                name="enrolment_planned_end_not_before_start",
                violation_error_message=_("The planned end lies before the start."),
            ),
            models.CheckConstraint(
                condition=Q(status="dropped_out") | Q(dropout_reason=""),
                name="enrolment_reason_only_when_dropped_out",
                violation_error_message=_("A reason is given only for a dropout."),
            ),
        ]
        indexes = [
            models.Index(fields=["offer", "status", "waiting_since"], name="enrolment_offer"),
            models.Index(fields=["case", "status"], name="enrolment_case"),
        ]

    def __str__(self) -> str:
        return f"{self.case} – {self.offer}"

    def clean(self) -> None:
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end lies before the start.")})
        if self.start_date and self.planned_end_date and self.planned_end_date < self.start_date:
            raise ValidationError({"planned_end_date": _("The planned end lies before the start.")})

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ENROLMENT_STATUSES

    def runs_on(self, day: dt.date) -> bool:
        """Whether the person takes part on `day` (for the register)."""
        if self.status == EnrolmentStatus.WAITING or self.start_date is None:
            return False
        return self.start_date <= day and (self.end_date is None or day <= self.end_date)

    def get_additional_data(self) -> dict:
        return {"case_id": self.case_id, "offer_id": self.offer_id, "personal": True}


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("present")
    EXCUSED = "excused", _("excused")
    UNEXCUSED = "unexcused", _("unexcused")


class Attendance(BaseModel):
    """Presence of one enrolled person at one session date, with the hours attended."""

    enrolment = models.ForeignKey(
        Enrolment,
        verbose_name=_("enrolment"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    date = models.DateField(_("date"))
    status = models.CharField(_("attendance"), max_length=10, choices=AttendanceStatus)
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(24)],
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        ordering = ["enrolment", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "date"],
                name="attendance_one_per_day",
                violation_error_message=_("Attendance for this day is already recorded."),
            ),
            models.CheckConstraint(
                condition=Q(hours__gte=0, hours__lte=24),
                name="attendance_hours_range",
                violation_error_message=_("Hours lie between 0 and 24."),
            ),
            models.CheckConstraint(
                condition=Q(status="present") | Q(hours=0),
                name="attendance_hours_only_present",
                violation_error_message=_("Hours are recorded only for someone present."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} {self.get_status_display()}"

    def get_additional_data(self) -> dict:
        return {"enrolment_id": self.enrolment_id, "personal": True}
