"""When an offer takes place: weekly or one-off `Schedule`s and their
`ScheduleException`s (dates without a session: holidays, closures)."""

import datetime as dt
import re
import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from quartier.core.models import BaseModel
from quartier.offers.models.catalogue import Offer
from quartier.offers.models.locations import Location

#: Weekday numbers as Python counts them (Monday 0) and their RFC 5545 codes.
WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def validate_weekdays(value) -> None:
    if not isinstance(value, list) or not all(
        isinstance(day, int) and not isinstance(day, bool) and 0 <= day <= 6 for day in value
    ):
        raise ValidationError(_("Weekdays are numbers from 0 (Monday) to 6 (Sunday)."))
    if len(set(value)) != len(value):
        raise ValidationError(_("A weekday is listed twice."))


def weekdays_from_codes(codes) -> list[int]:
    """Accept 0–6 or RFC 5545 codes (MO..SU) and return sorted numbers."""
    days = []
    for code in codes:
        if isinstance(code, str) and code.strip().upper() in WEEKDAY_CODES:
            days.append(WEEKDAY_CODES.index(code.strip().upper()))
        elif isinstance(code, str) and re.fullmatch(r"[0-6]", code.strip()):
            days.append(int(code))
        elif isinstance(code, int) and not isinstance(code, bool) and 0 <= code <= 6:
            days.append(code)
        else:
            raise ValidationError({"weekdays": _("Unknown weekday: %(day)s") % {"day": code}})
    return sorted(set(days))


class Schedule(BaseModel):
    """When an offer takes place: one date, or weekly on some weekdays (every N weeks)."""

    class Kind(models.TextChoices):
        ONE_OFF = "one_off", _("one date")
        WEEKLY = "weekly", _("weekly")

    public_id = models.UUIDField(_("public identifier"), default=uuid.uuid4, unique=True)
    offer = models.ForeignKey(
        Offer, verbose_name=_("offer"), on_delete=models.CASCADE, related_name="schedules"
    )
    location = models.ForeignKey(
        Location,
        verbose_name=_("location"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="schedules",
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.WEEKLY)
    date = models.DateField(_("date"), null=True, blank=True)
    weekdays = models.JSONField(
        _("weekdays"),
        default=list,
        blank=True,
        validators=[validate_weekdays],
        help_text=_("0 = Monday … 6 = Sunday."),
    )
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("until"))
    valid_from = models.DateField(_("first date"), null=True, blank=True)
    valid_until = models.DateField(_("last date"), null=True, blank=True)
    interval = models.PositiveSmallIntegerField(
        _("every … weeks"), default=1, validators=[MinValueValidator(1), MaxValueValidator(52)]
    )
    description = models.CharField(_("description"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("schedule")
        verbose_name_plural = _("schedules")
        ordering = ["offer", "kind", "date", "valid_from", "start_time", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")),
                name="schedule_end_after_start",
                violation_error_message=_("The end must lie after the start."),
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=F("valid_from")),
                name="schedule_valid_until_not_before_from",
                violation_error_message=_("“Valid until” lies before “valid from”."),
            ),
            models.CheckConstraint(
                condition=Q(kind="weekly", valid_from__isnull=False)
                | Q(kind="one_off", date__isnull=False),
                name="schedule_kind_has_its_dates",
                violation_error_message=_(
                    "A weekly schedule needs its first day, a one-off date needs its date."
                ),
            ),
            models.CheckConstraint(
                condition=Q(interval__gte=1),
                name="schedule_interval_positive",
                violation_error_message=_("The interval is at least 1 (every week)."),
            ),
        ]
        indexes = [models.Index(fields=["offer", "kind"], name="schedule_offer")]

    def __str__(self) -> str:
        times = f"{self.start_time:%H:%M}–{self.end_time:%H:%M}"
        if self.kind == self.Kind.ONE_OFF and self.date:
            return f"{self.date:%d.%m.%Y} {times}"
        days = ", ".join(WEEKDAY_CODES[day] for day in self.weekdays or [])
        return f"{days} {times}"

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = _("The end time must be after the start time.")
        if self.kind == self.Kind.ONE_OFF:
            if not self.date:
                errors["date"] = _("Enter the date.")
            if self.weekdays:
                errors["weekdays"] = _("A single date has no weekdays.")
        else:
            if not self.weekdays:
                errors["weekdays"] = _("Choose at least one weekday.")
            if not self.valid_from:
                errors["valid_from"] = _("Enter the first date.")
            if self.date:
                errors["date"] = _("A weekly schedule has a first and last date, not a date.")
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            errors["valid_until"] = _("The last date lies before the first date.")
        if errors:
            raise ValidationError(errors)

    @property
    def first_date(self) -> dt.date | None:
        return self.date if self.kind == self.Kind.ONE_OFF else self.valid_from

    @property
    def last_date(self) -> dt.date | None:
        return self.date if self.kind == self.Kind.ONE_OFF else self.valid_until

    def get_additional_data(self) -> dict:
        return {"offer_id": self.offer_id}


class ScheduleException(BaseModel):
    """A date on which a schedule's session does not take place (holiday, closure)."""

    schedule = models.ForeignKey(
        Schedule, verbose_name=_("schedule"), on_delete=models.CASCADE, related_name="exceptions"
    )
    date = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("schedule exception")
        verbose_name_plural = _("schedule exceptions")
        ordering = ["schedule", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "date"],
                name="scheduleexception_unique",
                violation_error_message=_("This date is already an exception of the schedule."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} {self.reason}".strip()
