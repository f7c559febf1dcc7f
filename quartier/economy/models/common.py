"""What the economy's records share: postcode and coordinate fields, the review state
of what outsiders report, and the constraints that go with them."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

postcode_validator = RegexValidator(r"^\d{5}$", _("A German postcode has five digits."))


class ReviewStatus(models.TextChoices):
    """Whether a record someone outside reported has been checked by staff."""

    CONFIRMED = "confirmed", _("confirmed")
    TO_CHECK = "to_check", _("reported, to check")
    REJECTED = "rejected", _("rejected")


def postcode_field(**kwargs) -> models.CharField:
    return models.CharField(
        _("postcode"), max_length=5, blank=True, validators=[postcode_validator], **kwargs
    )


def latitude_field() -> models.DecimalField:
    return models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )


def longitude_field() -> models.DecimalField:
    return models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )


def coordinate_constraints(prefix: str) -> list[models.CheckConstraint]:
    """Latitude and longitude in range, and both or neither."""
    return [
        models.CheckConstraint(
            condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
            name=f"{prefix}_latitude_range",
            violation_error_message=_("Enter a latitude between -90 and 90."),
        ),
        models.CheckConstraint(
            condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
            name=f"{prefix}_longitude_range",
            violation_error_message=_("Enter a longitude between -180 and 180."),
        ),
        models.CheckConstraint(
            condition=Q(latitude__isnull=True, longitude__isnull=True)
            | Q(latitude__isnull=False, longitude__isnull=False),
            name=f"{prefix}_both_coordinates_or_none",
            violation_error_message=_("Enter both latitude and longitude, or neither."),
        ),
    ]


def clean_coordinates(instance) -> None:
    if (instance.latitude is None) != (instance.longitude is None):
        raise ValidationError({"longitude": _("Enter both latitude and longitude, or neither.")})


def employer_name_key(name: str) -> str:
    """A company name reduced for the duplicate check: lower case, letters and digits
    only, without the legal form at its end ("Müller GmbH" and "Mueller gmbh." agree)."""
    import unicodedata

    text = name.casefold()
    for umlaut, spelled in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, spelled)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if ch.isalnum() or ch.isspace())
    words = text.split()
    legal = {"gmbh", "ug", "ag", "kg", "ohg", "gbr", "eg", "ev", "ggmbh", "co", "mbh", "ek"}
    while len(words) > 1 and words[-1] in legal:
        words.pop()
    return "".join(words)[:200]
