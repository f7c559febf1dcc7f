"""Offers (Angebote): the catalogue, where and when, who takes part, who was there,
the certificates that follow, and the requests residents send to practical projects.

An `Offer` belongs to a `Project` and its provider `Organisation`; it takes place at
`Location`s on the dates of its `Schedule`s. A case takes part through an
`Enrolment`, whose `Attendance` per session adds up to the hours a `Certificate`
states. German texts are the offer's own fields; `OfferTranslation` holds the other
languages of the public map.
"""

import datetime as dt
import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from quartier.cases.models import Case, Goal
from quartier.core.models import BaseModel, District, Organisation, Project
from quartier.participants.models import TargetGroup


class OccupationalField(models.TextChoices):
    """The project's own small taxonomy of the fields the seed projects qualify for."""

    GARDENING_LANDSCAPING = "gardening_landscaping", _("gardening and landscaping")
    HOUSEHOLD_SERVICES = "household_services", _("household services")
    CARE = "care", _("care")
    HOTEL_CATERING = "hotel_catering", _("hotel and catering")
    CLEANING = "cleaning", _("cleaning")
    LOGISTICS = "logistics", _("logistics")
    RETAIL = "retail", _("retail")
    CRAFTS = "crafts", _("crafts")
    BUILDING = "building", _("building")
    SECURITY = "security", _("security services")
    EMOBILITY_BICYCLES = "emobility_bicycles", _("e-mobility and bicycles")
    OFFICE_DIGITAL_MEDIA = "office_digital_media", _("office and digital media")
    CHILDCARE = "childcare", _("childcare")


class OfferKind(models.TextChoices):
    QUALIFICATION_MODULE = "qualification_module", _("qualification module")
    COURSE = "course", _("course")
    WORK_OPPORTUNITY = "work_opportunity", _("work opportunity (AGH, assigned by the Jobcenter)")
    WORKSHOP = "workshop", _("workshop")
    PRACTICAL_PROJECT = "practical_project", _("practical project")
    COUNSELLING_HOUR = "counselling_hour", _("counselling hour")
    CAFE_MEETING = "cafe_meeting", _("café / meeting")
    EVENT = "event", _("event")
    SCHOOL_CLASS_OFFER = "school_class_offer", _("school class offer")


class TranslationLanguage(models.TextChoices):
    """Languages of the public map besides German (German is the offer's own text)."""

    EN = "en", _("English")
    TR = "tr", _("Turkish")
    AR = "ar", _("Arabic")
    UK = "uk", _("Ukrainian")
    RU = "ru", _("Russian")
    RO = "ro", _("Romanian")
    BG = "bg", _("Bulgarian")


#: ISO 639-1 codes, for the languages an offer is held in.
_ISO_639_1_CODES = """
aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu
cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi
ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks
ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl
nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl
sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve
vi vo wa wo xh yi yo za zh zu
"""
ISO_639_1 = frozenset(_ISO_639_1_CODES.split())


def validate_target_groups(value) -> None:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValidationError(_("Target groups must be a list."))
    unknown = [item for item in value if item not in TargetGroup.values]
    if unknown:
        raise ValidationError(_("Unknown target group: %(group)s") % {"group": unknown[0]})
    if len(set(value)) != len(value):
        raise ValidationError(_("A target group is listed twice."))


def validate_languages(value) -> None:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValidationError(_("Languages must be a list of two-letter codes."))
    unknown = [item for item in value if item not in ISO_639_1]
    if unknown:
        raise ValidationError(
            _("'%(code)s' is not an ISO 639-1 language code (two lower-case letters, e.g. de, tr).")
            % {"code": unknown[0]}
        )
    if len(set(value)) != len(value):
        raise ValidationError(_("A language is listed twice."))


class Location(BaseModel):
    """A place where offers take place: the café, a workshop, a school, a park."""

    public_id = models.UUIDField(_("public identifier"), default=uuid.uuid4, unique=True)
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="locations"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("owning organisation"),
        on_delete=models.PROTECT,
        related_name="locations",
    )
    name = models.CharField(_("name"), max_length=200)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(
        _("postcode"),
        max_length=5,
        blank=True,
        validators=[RegexValidator(r"^\d{5}$", _("A German postcode has five digits."))],
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="locations",
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    accessible = models.BooleanField(_("wheelchair accessible"), default=False)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="location_latitude_range",
                violation_error_message=_("Enter a latitude between -90 and 90."),
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="location_longitude_range",
                violation_error_message=_("Enter a longitude between -180 and 180."),
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="location_both_coordinates_or_none",
                violation_error_message=_("Enter both latitude and longitude, or neither."),
            ),
        ]
        indexes = [models.Index(fields=["project", "organisation"], name="location_tenant")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(
                {"longitude": _("Enter both latitude and longitude, or neither.")}
            )

    @property
    def address(self) -> str:
        place = " ".join(part for part in (self.postcode, self.city) if part)
        return ", ".join(part for part in (self.street, place) if part)

    def get_additional_data(self) -> dict:
        return {"organisation_id": self.organisation_id, "project_id": self.project_id}


class CertificateRule(models.TextChoices):
    MONTHS = "months", _("took part for at least N months")
    HOURS = "hours", _("attended at least N hours")
    RATE = "rate", _("attended at least N per cent of the sessions")


class Offer(BaseModel):
    """Anything a project offers: module, course, work opportunity, café hour, event."""

    public_id = models.UUIDField(_("public identifier"), default=uuid.uuid4, unique=True)
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="offers"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("provider organisation"),
        on_delete=models.PROTECT,
        related_name="offers",
    )
    kind = models.CharField(_("kind"), max_length=25, choices=OfferKind)
    title = models.CharField(_("title"), max_length=200)
    short_description = models.CharField(_("short description"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    how_to_take_part = models.TextField(_("how to take part"), blank=True)
    locations = models.ManyToManyField(
        Location, verbose_name=_("locations"), related_name="offers", blank=True
    )
    capacity = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave empty for no limit."),
    )
    target_groups = models.JSONField(
        _("target groups"), default=list, blank=True, validators=[validate_target_groups]
    )
    languages = models.JSONField(
        _("languages"),
        default=list,
        blank=True,
        validators=[validate_languages],
        help_text=_("ISO 639-1 codes of the languages the offer is held in, e.g. de, tr, ar."),
    )
    part_time_suitable = models.BooleanField(_("suitable part-time"), default=False)
    childcare_available = models.BooleanField(_("childcare available"), default=False)
    accessible = models.BooleanField(_("wheelchair accessible"), default=False)
    cost = models.DecimalField(
        _("cost (EUR)"),
        max_digits=8,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
        help_text=_("0 means free of charge."),
    )
    cost_note = models.CharField(_("note on the cost"), max_length=200, blank=True)
    contact_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contact person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contact_for_offers",
    )
    contact_phone = models.CharField(_("contact phone"), max_length=50, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    occupational_field = models.CharField(
        _("occupational field"), max_length=25, choices=OccupationalField, blank=True
    )
    published = models.BooleanField(
        _("on the public map"),
        default=False,
        help_text=_("Unticked, the offer is internal: only the project's staff see it."),
    )
    active = models.BooleanField(_("active"), default=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    certificate_rule = models.CharField(
        _("certificate rule"),
        max_length=10,
        choices=CertificateRule,
        default=CertificateRule.MONTHS,
    )
    certificate_min_months = models.PositiveSmallIntegerField(
        _("minimum months for a certificate"),
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    certificate_min_hours = models.DecimalField(
        _("minimum hours for a certificate"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    certificate_min_rate = models.DecimalField(
        _("minimum attendance rate for a certificate (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    certificate_contents = models.TextField(
        _("contents learned"),
        blank=True,
        help_text=_("Printed on the certificates of this offer."),
    )

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["title", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="offer_end_not_before_start",
                violation_error_message=_("The end lies before the start."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="offer_capacity_positive",
                violation_error_message=_(
                    "The capacity is at least 1; leave it empty for no limit."
                ),
            ),
            models.CheckConstraint(
                condition=Q(cost__gte=0),
                name="offer_cost_not_negative",
                violation_error_message=_("The cost cannot be negative."),
            ),
            models.CheckConstraint(
                condition=~Q(certificate_rule="hours") | Q(certificate_min_hours__isnull=False),
                name="offer_hours_rule_has_minimum",
                violation_error_message=_("The rule by hours needs a minimum number of hours."),
            ),
            models.CheckConstraint(
                condition=~Q(certificate_rule="rate")
                | Q(certificate_min_rate__isnull=False, certificate_min_rate__lte=100),
                name="offer_rate_rule_has_minimum",
                violation_error_message=_(
                    "The rule by attendance rate needs a minimum rate of at most 100 %%."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["project", "organisation", "active"], name="offer_tenant"),
            models.Index(fields=["project", "kind"], name="offer_project_kind"),
            models.Index(fields=["project", "occupational_field"], name="offer_project_field"),
            models.Index(fields=["published", "active", "kind"], name="offer_public"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end lies before the start.")})
        if self.certificate_rule == CertificateRule.HOURS and self.certificate_min_hours is None:
            raise ValidationError(
                {"certificate_min_hours": _("Enter the minimum hours for the certificate.")}
            )
        if self.certificate_rule == CertificateRule.RATE and self.certificate_min_rate is None:
            raise ValidationError(
                {"certificate_min_rate": _("Enter the minimum attendance rate for a certificate.")}
            )

    @property
    def is_free(self) -> bool:
        return not self.cost

    def text_in(self, language: str) -> "OfferText":
        """Title, short description and how to take part in `language`, each falling back
        to the German text where no translation (or an empty one) exists. Uses prefetched
        `translations` when they are there."""
        translation = None
        if language and language != "de":
            translation = next(
                (item for item in self.translations.all() if item.language == language), None
            )
        return OfferText.of(self, translation, language)

    def get_additional_data(self) -> dict:
        return {"organisation_id": self.organisation_id, "project_id": self.project_id}


class OfferText:
    """An offer's public texts in one language, with the German text where missing."""

    FIELDS = ("title", "short_description", "how_to_take_part")

    def __init__(self, *, language: str, reviewed: bool, fallback: set[str], **texts: str):
        self.language = language
        self.reviewed = reviewed
        #: The fields shown in German because no translation exists for them.
        self.fallback = fallback
        for field in self.FIELDS:
            setattr(self, field, texts[field])

    @classmethod
    def of(cls, offer: Offer, translation, language: str) -> "OfferText":
        texts, fallback = {}, set()
        for field in cls.FIELDS:
            value = getattr(translation, field, "") if translation else ""
            if not value:
                value = getattr(offer, field)
                fallback.add(field)
            texts[field] = value
        return cls(
            language=language if translation else "de",
            reviewed=bool(translation and translation.reviewed),
            fallback=fallback,
            **texts,
        )


class OfferTranslation(BaseModel):
    """An offer's public texts in one language other than German."""

    offer = models.ForeignKey(
        Offer, verbose_name=_("offer"), on_delete=models.CASCADE, related_name="translations"
    )
    language = models.CharField(_("language"), max_length=2, choices=TranslationLanguage)
    title = models.CharField(_("title"), max_length=200)
    short_description = models.CharField(_("short description"), max_length=300, blank=True)
    how_to_take_part = models.TextField(_("how to take part"), blank=True)
    reviewed = models.BooleanField(
        _("reviewed"), default=False, help_text=_("Checked by someone who speaks the language.")
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("offer translation")
        verbose_name_plural = _("offer translations")
        ordering = ["offer", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "language"],
                name="offertranslation_unique",
                violation_error_message=_(
                    "This offer already has a translation into this language."
                ),
            ),
            models.CheckConstraint(
                condition=Q(language__in=TranslationLanguage.values),
                name="offertranslation_language_known",
                violation_error_message=_("Choose one of the listed languages."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.offer} ({self.language})"

    def get_additional_data(self) -> dict:
        return {"offer_id": self.offer_id}


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


class CertificateKind(models.TextChoices):
    # Not the case documents' "certificate" (a school certificate, a Zeugnis): what an
    # offer issues is called Zertifikat.
    CERTIFICATE = "certificate", pgettext_lazy("issued for an offer", "certificate")
    CONFIRMATION = "confirmation", _("confirmation of participation")


def certificate_path(instance: "Certificate", filename: str) -> str:
    return f"certificates/{instance.number}-{uuid.uuid4().hex[:8]}.pdf"


#: The only fields of an issued certificate that may still be written: the stored PDF
#: and its revocation. Everything printed on it is a snapshot and stays as issued.
CERTIFICATE_MUTABLE_FIELDS = frozenset(
    {"pdf", "revoked_at", "revoked_by", "revocation_reason", "updated_at", "version"}
)


class Certificate(BaseModel):
    """An issued certificate or confirmation of participation. Everything it prints is a
    snapshot taken when it was issued, so a reprint shows the same text; it is never
    changed afterwards, only revoked with a reason."""

    enrolment = models.ForeignKey(
        Enrolment,
        verbose_name=_("enrolment"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    kind = models.CharField(
        _("kind"),
        max_length=12,
        choices=CertificateKind,
        default=CertificateKind.CERTIFICATE,
    )
    number = models.CharField(_("number"), max_length=20, unique=True)
    verification_token = models.CharField(
        _("verification code"), max_length=43, unique=True, editable=False
    )
    issued_on = models.DateField(_("issued on"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("until"))
    hours = models.DecimalField(
        _("hours attended"), max_digits=7, decimal_places=2, validators=[MinValueValidator(0)]
    )
    contents = models.TextField(_("contents learned"), blank=True)
    participant_name = models.CharField(_("participant"), max_length=201)
    participant_birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    offer_title = models.CharField(_("offer"), max_length=200)
    offer_kind = models.CharField(_("kind of offer"), max_length=25, choices=OfferKind)
    organisation_name = models.CharField(_("provider organisation"), max_length=200)
    project_name = models.CharField(_("project"), max_length=300)
    funder_names = models.JSONField(_("funders"), default=list, blank=True)
    override_reason = models.TextField(
        _("reason for issuing although the rule is not met"), blank=True
    )
    pdf = models.FileField(_("PDF"), upload_to=certificate_path, blank=True, max_length=200)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revocation_reason = models.TextField(_("reason for revoking"), blank=True)

    class Meta:
        verbose_name = pgettext_lazy("issued for an offer", "certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="certificate_period_end_not_before_start",
                violation_error_message=_("The end of the period lies before its start."),
            ),
            models.CheckConstraint(
                condition=Q(hours__gte=0),
                name="certificate_hours_positive",
                violation_error_message=_("The hours cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(revocation_reason=""),
                name="certificate_revocation_has_reason",
                violation_error_message=_("A revocation needs a reason."),
            ),
        ]
        indexes = [models.Index(fields=["enrolment", "kind"], name="certificate_enrolment")]

    def __str__(self) -> str:
        return f"{self.number} {self.participant_name}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            fields = kwargs.get("update_fields")
            if fields is None or not set(fields) <= CERTIFICATE_MUTABLE_FIELDS:
                raise ValueError("An issued certificate cannot be changed; revoke it instead.")
        super().save(*args, **kwargs)

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def get_additional_data(self) -> dict:
        return {"enrolment_id": self.enrolment_id, "personal": True}


class ServiceRequestStatus(models.TextChoices):
    REQUESTED = "requested", _("requested")
    SCHEDULED = "scheduled", _("scheduled")
    DONE = "done", _("done")
    CANCELLED = "cancelled", _("cancelled")


class ServiceRequest(BaseModel):
    """A resident's request to a practical project: a rickshaw ride, a small garden job.
    Staff schedule it to a team of participants and mark it done."""

    offer = models.ForeignKey(
        Offer,
        verbose_name=_("practical project"),
        on_delete=models.PROTECT,
        related_name="service_requests",
    )
    requested_by_name = models.CharField(_("requested by"), max_length=200)
    contact_phone = models.CharField(_("phone"), max_length=50, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address or place"), max_length=300, blank=True)
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    description = models.TextField(_("what is needed"))
    preferred_date = models.DateField(_("preferred date"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ServiceRequestStatus,
        default=ServiceRequestStatus.REQUESTED,
    )
    scheduled_for = models.DateTimeField(_("scheduled for"), null=True, blank=True)
    team = models.ManyToManyField(
        Case, verbose_name=_("participant team"), related_name="service_requests", blank=True
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("service request")
        verbose_name_plural = _("service requests")
        ordering = ["status", "scheduled_for", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="scheduled") | Q(scheduled_for__isnull=False),
                name="servicerequest_scheduled_has_time",
                violation_error_message=_("A scheduled request needs its date and time."),
            ),
            models.CheckConstraint(
                condition=Q(status="done", done_at__isnull=False)
                | (~Q(status="done") & Q(done_at__isnull=True)),
                name="servicerequest_done_has_time",
                violation_error_message=_(
                    "A request is done exactly when the time it was done is recorded."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(contact_phone="", contact_email=""),
                name="servicerequest_has_contact",
                violation_error_message=_("Enter a phone number or an e-mail address."),
            ),
        ]
        indexes = [
            models.Index(fields=["offer", "status", "scheduled_for"], name="servicerequest_offer")
        ]

    def __str__(self) -> str:
        return f"{self.requested_by_name}: {self.description[:40]}"

    def clean(self) -> None:
        super().clean()
        if not (self.contact_phone or self.contact_email):
            raise ValidationError(
                {"contact_phone": _("Enter a phone number or an e-mail address to reply to.")}
            )

    def get_additional_data(self) -> dict:
        return {"offer_id": self.offer_id, "personal": True}
