"""The `Participant`: identity, contact data and the ESF Plus entry questionnaire with
its choices (gender, labour status, ISCED, German level, benefits), and the search
keys for names and participant numbers."""

import re
from datetime import date

from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from quartier.core.folding import fold, fold_loose
from quartier.core.models import BaseModel, District, Organisation, Project

SEARCH_KEY_LENGTH = 600


_TRAILING_NUMBER = re.compile(r"(\d+)\D*$")


def participant_number_key(value: str) -> str:
    """The number of a participant number as its search key finds it: the last group
    of digits without leading zeros, between bars ("BQB-000294" → "|294|"); "" if none."""
    match = _TRAILING_NUMBER.search(value)
    return f"|{int(match.group(1))}|" if match else ""


def participant_search_key(first_name: str, last_name: str, external_id: str) -> str:
    """What the search compares a query with (`quartier.core.folding`): the names
    folded both ways ("mueller" and "muller" for "Müller"), then the number's digits.
    A word folded with `fold` is in here if it is part of a name, however typed."""
    names = f"{first_name} {last_name}"
    variants = [fold(names)]
    if fold_loose(names) != variants[0]:
        variants.append(fold_loose(names))
    key = " ".join(" ".join(variant.split()) for variant in variants)
    number = participant_number_key(external_id)
    return f"{key[: SEARCH_KEY_LENGTH - len(number) - 1]} {number}".strip()


class Gender(models.TextChoices):
    FEMALE = "female", _("female")
    MALE = "male", _("male")
    NON_BINARY = "non_binary", _("non-binary")
    NOT_STATED = "not_stated", _("not stated")


class LabourStatus(models.TextChoices):
    UNEMPLOYED = "unemployed", _("unemployed")
    INACTIVE = "inactive", _("inactive (not working, not looking for work)")
    EMPLOYED = "employed", _("employed")
    SELF_EMPLOYED = "self_employed", _("self-employed")


class YesNoNotStated(models.TextChoices):
    YES = "yes", _("yes")
    NO = "no", _("no")
    NOT_STATED = "not_stated", _("not stated")


class Isced(models.IntegerChoices):
    LEVEL_0 = 0, _("0 – no school-leaving certificate / early childhood")
    LEVEL_1 = 1, _("1 – primary education")
    LEVEL_2 = 2, _("2 – lower secondary (Hauptschule, Realschule)")
    LEVEL_3 = 3, _("3 – upper secondary (Abitur, vocational training)")
    LEVEL_4 = 4, _("4 – post-secondary non-tertiary")
    LEVEL_5 = 5, _("5 – short-cycle tertiary (Meister, Techniker)")
    LEVEL_6 = 6, _("6 – bachelor or equivalent")
    LEVEL_7 = 7, _("7 – master or equivalent")
    LEVEL_8 = 8, _("8 – doctorate")


class GermanLevel(models.TextChoices):
    NONE = "none", _("no German yet")
    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"
    C2 = "C2", "C2"
    NATIVE = "native", _("first language")
    UNKNOWN = "", _("not assessed")


class Benefits(models.TextChoices):
    NONE = "none", _("no benefits")
    SGB2 = "sgb2", _("SGB II (Bürgergeld, Jobcenter)")
    SGB3 = "sgb3", _("SGB III (unemployment benefit, employment agency)")
    OTHER = "other", _("other benefits")
    NOT_STATED = "not_stated", _("not stated")


#: ESF entry fields that are special categories of personal data (GDPR Art. 9): they
#: may hold anything but `not_stated` only while a special-category consent is valid.
SPECIAL_CATEGORY_FIELDS = ("disability", "minority", "health_notes")


_TRI_STATE = {
    "max_length": 10,
    "choices": YesNoNotStated.choices,
    "default": YesNoNotStated.NOT_STATED,
}


class Participant(BaseModel):
    """One person taking part in one project, owned by one organisation of its consortium."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="participants"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("owning organisation"),
        on_delete=models.PROTECT,
        related_name="participants",
    )
    external_id = models.CharField(
        _("participant number"),
        max_length=50,
        help_text=_("The project's own number for this person; unique within the project."),
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    birth_date = models.DateField(_("date of birth"))
    gender = models.CharField(_("gender"), max_length=12, choices=Gender, default=Gender.NOT_STATED)
    postcode = models.CharField(
        _("postcode"),
        max_length=5,
        validators=[RegexValidator(r"^\d{5}$", _("A German postcode has five digits."))],
    )
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participants",
    )
    # Contact data.
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    # ESF Plus entry questionnaire (INDICATORS.md section 1).
    labour_status = models.CharField(
        _("labour market status at entry"),
        max_length=15,
        choices=LabourStatus,
        default=LabourStatus.INACTIVE,
    )
    unemployed_since = models.DateField(_("unemployed since"), null=True, blank=True)
    isced = models.PositiveSmallIntegerField(
        _("highest education (ISCED)"),
        choices=Isced,
        null=True,
        blank=True,
        validators=[MaxValueValidator(8)],
    )
    disability = models.CharField(_("disability"), **_TRI_STATE)
    third_country_national = models.CharField(_("third-country national"), **_TRI_STATE)
    foreign_background = models.CharField(_("foreign background"), **_TRI_STATE)
    minority = models.CharField(_("minority (including Roma)"), **_TRI_STATE)
    homeless = models.CharField(_("homeless or housing exclusion"), **_TRI_STATE)
    single_parent = models.CharField(_("single parent"), **_TRI_STATE)
    rural = models.BooleanField(_("lives in a rural area"), default=False)
    # Situation.
    languages = models.CharField(
        _("languages spoken"),
        max_length=200,
        blank=True,
        help_text=_("For example: Arabic, Turkish, English."),
    )
    german_level = models.CharField(
        _("German level (CEFR)"), max_length=6, choices=GermanLevel, blank=True
    )
    childcare_needed = models.BooleanField(_("needs childcare"), default=False)
    driving_licence = models.BooleanField(_("driving licence"), default=False)
    own_car = models.BooleanField(_("own car"), default=False)
    public_transport = models.BooleanField(_("can use public transport"), default=True)
    benefits = models.CharField(
        _("benefits"), max_length=12, choices=Benefits, default=Benefits.NOT_STATED
    )
    health_notes = models.TextField(
        _("health notes"),
        blank=True,
        help_text=_("Special category of personal data: only with a valid consent."),
    )
    #: The names folded for search and the participant number's digits (see
    #: `participant_search_key`); set by `save()` and by the list import.
    search_key = models.CharField(
        _("search key"), max_length=SEARCH_KEY_LENGTH, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "external_id"],
                name="participant_external_id_unique",
                violation_error_message=_(
                    "This project already has a participant with this number."
                ),
            ),
            models.CheckConstraint(
                condition=Q(isced__isnull=True) | Q(isced__lte=8),
                name="participant_isced_range",
                violation_error_message=_("Choose an ISCED level from 0 to 8."),
            ),
            models.CheckConstraint(
                condition=~Q(labour_status="unemployed") | Q(unemployed_since__isnull=False),
                name="participant_unemployed_since_when_unemployed",
                violation_error_message=_("For someone unemployed, enter since when."),
            ),
        ]
        indexes = [
            # The scoped list: one organisation's participants in one project, by name.
            models.Index(
                fields=["project", "organisation", "last_name", "first_name"],
                name="participant_tenant_name",
            ),
            models.Index(fields=["last_name", "first_name"], name="participant_name"),
            # The duplicate check looks up candidates by postcode within a project.
            models.Index(fields=["project", "postcode"], name="participant_postcode"),
            # ... and by birth date (someone who moved keeps the birth date).
            models.Index(fields=["project", "birth_date"], name="participant_birth_date"),
            # The search reads the key within the user's projects and organisations.
            models.Index(
                fields=["project", "organisation", "search_key"], name="participant_tenant_search"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name} ({self.external_id})"

    def save(self, *args, **kwargs) -> None:
        self.search_key = participant_search_key(self.first_name, self.last_name, self.external_id)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"first_name", "last_name", "external_id"} & set(
            update_fields
        ):
            kwargs["update_fields"] = {*update_fields, "search_key"}
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def age_on(self, day: date) -> int:
        """Age in full years on `day`."""
        before_birthday = (day.month, day.day) < (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - before_birthday

    def get_additional_data(self) -> dict:
        """Tenant of the audit entry; `personal` keeps it out of the organisation admins'
        audit page (they hold no case role)."""
        return {
            "organisation_id": self.organisation_id,
            "project_id": self.project_id,
            "personal": True,
        }
