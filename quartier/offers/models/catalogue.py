"""The catalogue: `Offer` with its choices (kind, occupational field, certificate rule)
and validators, `OfferText` (its public texts in one language) and `OfferTranslation`
(the other languages of the public map)."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from quartier.core.models import BaseModel, Organisation, Project
from quartier.offers.models.locations import Location
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
