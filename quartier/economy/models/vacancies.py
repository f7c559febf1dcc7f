"""Vacancies (Stellen, Ausbildungs- und Praktikumsplätze): the project's own, those
employers report through the public form, and those imported from the Bundesagentur
für Arbeit's job search; and the record of each import run."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from quartier.cases.models import Skill
from quartier.core.models import BaseModel, Organisation, Project
from quartier.economy.models.common import (
    ReviewStatus,
    clean_coordinates,
    coordinate_constraints,
    latitude_field,
    longitude_field,
    postcode_field,
)
from quartier.economy.models.employers import ContactPerson, Employer
from quartier.offers.models import OccupationalField
from quartier.participants.models import GermanLevel


class VacancyKind(models.TextChoices):
    JOB = "job", _("job")
    APPRENTICESHIP = "apprenticeship", _("apprenticeship")
    INTERNSHIP = "internship", _("internship")
    WORK_TRIAL = "work_trial", _("work trial")
    WORK_OPPORTUNITY = "work_opportunity", _("Jobcenter work opportunity")
    SELF_EMPLOYMENT = "self_employment", _("self-employment")


class VacancyStatus(models.TextChoices):
    OPEN = "open", _("open")
    FILLED = "filled", _("filled")
    CLOSED = "closed", _("closed")
    EXPIRED = "expired", _("expired")


class VacancySource(models.TextChoices):
    OWN = "own", _("own")
    EMPLOYER_REPORT = "employer_report", _("reported by the employer")
    BA = "ba", _("Bundesagentur für Arbeit job search")


#: The German levels in order, for "at least the required level" (matching).
GERMAN_LEVEL_ORDER = {
    GermanLevel.NONE: 0,
    GermanLevel.A1: 1,
    GermanLevel.A2: 2,
    GermanLevel.B1: 3,
    GermanLevel.B2: 4,
    GermanLevel.C1: 5,
    GermanLevel.C2: 6,
    GermanLevel.NATIVE: 7,
}

esco_occupation_validator = RegexValidator(
    r"^http://data\.europa\.eu/esco/occupation/[0-9a-f-]+$",
    _("An ESCO occupation URI starts with http://data.europa.eu/esco/occupation/."),
)


class Vacancy(BaseModel):
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="vacancies"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="vacancies",
    )
    employer = models.ForeignKey(
        Employer,
        verbose_name=_("employer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="vacancies",
    )
    contact_person = models.ForeignKey(
        ContactPerson,
        verbose_name=_("contact person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="vacancies",
    )
    kind = models.CharField(_("kind"), max_length=17, choices=VacancyKind, default=VacancyKind.JOB)
    title = models.CharField(_("title"), max_length=300)
    occupational_field = models.CharField(
        _("occupational field"), max_length=25, choices=OccupationalField, blank=True
    )
    esco_occupation = models.URLField(
        _("ESCO occupation"), blank=True, validators=[esco_occupation_validator]
    )
    description = models.TextField(_("description"), blank=True)
    german_level = models.CharField(
        _("German needed (at least)"),
        max_length=6,
        choices=[(v, label) for v, label in GermanLevel.choices if v not in ("", "native")],
        blank=True,
    )
    driving_licence = models.BooleanField(_("driving licence needed"), default=False)
    hours_per_week = models.DecimalField(
        _("hours per week"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    part_time = models.BooleanField(_("part-time possible"), default=False)
    shift_work = models.BooleanField(_("shift work"), default=False)
    start_date = models.DateField(_("start"), null=True, blank=True)
    places = models.PositiveSmallIntegerField(
        _("places"), default=1, validators=[MinValueValidator(1)]
    )
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = postcode_field()
    city = models.CharField(_("place"), max_length=100, blank=True)
    latitude = latitude_field()
    longitude = longitude_field()
    status = models.CharField(
        _("status"), max_length=8, choices=VacancyStatus, default=VacancyStatus.OPEN
    )
    source = models.CharField(
        _("source"), max_length=15, choices=VacancySource, default=VacancySource.OWN
    )
    review_status = models.CharField(
        _("review"), max_length=10, choices=ReviewStatus, default=ReviewStatus.CONFIRMED
    )
    # The Bundesagentur's reference number, address and dates (source "ba").
    ba_refnr = models.CharField(_("BA reference number"), max_length=40, blank=True)
    external_url = models.URLField(_("link to the advertisement"), max_length=500, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    source_modified_at = models.DateTimeField(_("changed at the source"), null=True, blank=True)
    missed_import_runs = models.PositiveSmallIntegerField(
        _("import runs without this vacancy"), default=0
    )
    # Who reported it through the public form (source "employer_report").
    reporter_name = models.CharField(_("reported by"), max_length=200, blank=True)
    reporter_email = models.EmailField(_("e-mail of the reporter"), blank=True)
    reporter_phone = models.CharField(_("phone of the reporter"), max_length=50, blank=True)
    #: Why a reported vacancy was rejected (the inbox).
    review_note = models.TextField(_("reason for rejecting"), blank=True)
    skills = models.ManyToManyField(
        Skill, verbose_name=_("skills"), through="VacancySkill", blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")
        ordering = ["-created_at", "-id"]
        constraints = [
            *coordinate_constraints("vacancy"),
            models.UniqueConstraint(
                fields=["project", "ba_refnr"],
                condition=~Q(ba_refnr=""),
                name="vacancy_ba_refnr_unique",
                violation_error_message=_(
                    "A vacancy with this BA reference number exists in the project."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(source="ba") | ~Q(ba_refnr=""),
                name="vacancy_ba_has_refnr",
                violation_error_message=_(
                    "A vacancy from the Bundesagentur needs its reference number."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["project", "organisation"], name="vacancy_tenant"),
            # Matching ranks the open vacancies of a project.
            models.Index(fields=["project", "status", "review_status"], name="vacancy_open"),
            models.Index(fields=["employer", "status"], name="vacancy_employer"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        clean_coordinates(self)

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def get_additional_data(self) -> dict:
        return {"organisation_id": self.organisation_id, "project_id": self.project_id}


class VacancySkill(models.Model):
    """A skill a vacancy asks for, essential or optional (the Potenzialanalyse's list)."""

    vacancy = models.ForeignKey(
        Vacancy, verbose_name=_("vacancy"), on_delete=models.CASCADE, related_name="skill_needs"
    )
    skill = models.ForeignKey(
        Skill, verbose_name=_("skill"), on_delete=models.PROTECT, related_name="+"
    )
    essential = models.BooleanField(_("essential"), default=True)

    class Meta:
        verbose_name = _("required skill")
        verbose_name_plural = _("required skills")
        ordering = ["vacancy", "-essential", "skill__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["vacancy", "skill"],
                name="vacancyskill_unique",
                violation_error_message=_("This skill is already listed."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.skill} ({'essential' if self.essential else 'optional'})"


class JobImportRun(models.Model):
    """One import from the Bundesagentur's job search: what was asked, what came back,
    and how it ended (a failed run imported nothing)."""

    class Status(models.TextChoices):
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="job_imports"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="job_imports",
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.RUNNING
    )
    parameters = models.JSONField(_("query"), default=dict, blank=True)
    pages = models.PositiveIntegerField(_("pages fetched"), default=0)
    seen = models.PositiveIntegerField(_("vacancies in the answer"), default=0)
    created = models.PositiveIntegerField(_("new vacancies"), default=0)
    updated = models.PositiveIntegerField(_("vacancies updated"), default=0)
    expired = models.PositiveIntegerField(_("vacancies expired"), default=0)
    employers_created = models.PositiveIntegerField(_("new employers"), default=0)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("job search import")
        verbose_name_plural = _("job search imports")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.project} {self.started_at:%d.%m.%Y %H:%M} ({self.get_status_display()})"
