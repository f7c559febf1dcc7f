"""Participants (Teilnehmende), their consents (Einwilligungen) and first contacts (Erstkontakte).

A `Participant` is one person taking part in one project, owned by one organisation
of its consortium. It holds identity, contact data and the ESF Plus entry
questionnaire with the same fields and codes as the participant list
(INDICATORS.md section 1). The participation itself, with entry and exit, is the
`cases.Case`.
"""

import re
from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
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


class ConsentPurpose(models.TextChoices):
    COUNSELLING = "counselling", _("counselling and case file")
    PARTNER_SHARING = "partner_sharing", _("sharing with a named partner organisation")
    PHOTOS = "photos", _("photos")
    FOLLOWUP_CONTACT = "followup_contact", _("contact after leaving (six-month follow-up)")
    SPECIAL_CATEGORIES = "special_categories", _("special categories (health, disability)")


class ConsentText(BaseModel):
    """The wording a project uses for one consent purpose, in one version.

    The printable consent form shows the newest version of each purpose; a `Consent`
    records which version the person agreed to.
    """

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="consent_texts"
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose)
    #: The project's own label of this wording ("1.0", "2026-03"); `version` (from
    #: `BaseModel`) is the row's counter for optimistic locking.
    text_version = models.CharField(_("version of the text"), max_length=20)
    text = models.TextField(_("text"))
    valid_from = models.DateField(_("valid from"), default=date.today)

    class Meta:
        verbose_name = _("consent text")
        verbose_name_plural = _("consent texts")
        ordering = ["project", "purpose", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "purpose", "text_version"],
                name="consenttext_version_unique",
                violation_error_message=_(
                    "This project already has this version of the consent text for this purpose."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} {self.text_version}"


class Consent(BaseModel):
    """A participant's consent for one purpose: form, text version, date, withdrawal."""

    class Form(models.TextChoices):
        PAPER = "paper", _("signed on paper")
        ELECTRONIC = "electronic", _("electronically")

    participant = models.ForeignKey(
        Participant,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="consents",
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose)
    partner = models.ForeignKey(
        Organisation,
        verbose_name=_("partner organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Only for sharing with a partner: which organisation may receive data."),
    )
    form = models.CharField(_("form"), max_length=10, choices=Form.choices, default=Form.PAPER)
    text_version = models.CharField(_("version of the consent text"), max_length=20)
    given_on = models.DateField(_("date given"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["participant", "purpose", "-given_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=models.F("given_on")),
                name="consent_withdrawn_after_given",
                violation_error_message=_(
                    "The withdrawal lies before the day the consent was given."
                ),
            ),
            models.CheckConstraint(
                condition=Q(purpose="partner_sharing", partner__isnull=False)
                | (~Q(purpose="partner_sharing") & Q(partner__isnull=True)),
                name="consent_partner_only_for_sharing",
                violation_error_message=_(
                    "Choose a partner organisation for the consent to share data with a "
                    "partner, and only for it."
                ),
            ),
        ]
        indexes = [models.Index(fields=["participant", "purpose"], name="consent_purpose")]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.given_on:%d.%m.%Y})"

    def is_valid_on(self, day: date | None = None) -> bool:
        day = day or timezone.localdate()
        return self.given_on <= day and (self.withdrawn_on is None or self.withdrawn_on > day)

    def get_additional_data(self) -> dict:
        return {"project_id": self.participant.project_id, "personal": True}


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


class ImportJob(BaseModel):
    """One confirmed import of a participant list, run by the background worker.

    The uploaded file waits under MEDIA_ROOT/imports/ (see `services.import_jobs`); the job
    records what to import, how far the worker got and what came out. `created_by`
    (from `BaseModel`) is the person who confirmed it: only they, and platform
    admins, see the job."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting for the background worker")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="import_jobs"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation of new participants"),
        on_delete=models.CASCADE,
        related_name="import_jobs",
    )
    #: The upload's random name; the file is MEDIA_ROOT/imports/<token>.claimed<extension>.
    token = models.CharField(_("upload"), max_length=32)
    extension = models.CharField(_("file type"), max_length=5)
    filename = models.CharField(_("file name"), max_length=200)
    update = models.BooleanField(_("update existing participants"), default=False)
    status = models.CharField(
        _("status"), max_length=7, choices=Status.choices, default=Status.QUEUED
    )
    #: The `django.tasks` result id, to find the worker's record of the run.
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    rows_total = models.PositiveIntegerField(_("rows in the file"), null=True, blank=True)
    rows_done = models.PositiveIntegerField(_("rows saved"), default=0)
    new_count = models.PositiveIntegerField(_("new participants"), default=0)
    updated_count = models.PositiveIntegerField(_("participants updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("participants without changes"), default=0)
    #: Problems found at run time (the project changed since the preview), one line each.
    problems = models.JSONField(_("problems"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("participant list import")
        verbose_name_plural = _("participant list imports")
        ordering = ["-created_at"]
        constraints = [
            # A file is imported once: one job per upload, unless an earlier one failed.
            models.UniqueConstraint(
                fields=["token"],
                condition=~Q(status="failed"),
                name="importjob_once_per_upload",
                violation_error_message=_("This file is already being imported."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["queued", "running", "done", "failed"]),
                name="importjob_status_valid",
                violation_error_message=_("Unknown import status."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}
