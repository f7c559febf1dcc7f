"""The case file (Fallakte): one participant's participation in one project.

`Case` holds the stage in the integration chain, entry and exit with the ESF Plus
exit data and the six-month follow-up; around it hang the assessments
(Potenzialanalyse), the plan (Förderplan) with its goals, the contacts log, the
follow-ups (Wiedervorlagen) and the documents.
"""

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from quartier.core.models import BaseModel, Organisation, Project
from quartier.participants.models import Channel, Participant


class Stage(models.TextChoices):
    """The integration chain, in order (DOMAIN.md)."""

    FIRST_COUNSELLING = "first_counselling", _("first counselling")
    PROFILING = "profiling", _("profiling")
    QUALIFICATION = "qualification", _("qualification")
    WORK_TRIAL = "work_trial", _("work trial")
    INTERNSHIP = "internship", _("internship / practical training")
    PLACEMENT = "placement", _("placement")
    STABILISATION = "stabilisation", _("stabilisation")
    EXITED = "exited", _("exited")


class YesNo(models.TextChoices):
    YES = "yes", _("yes")
    NO = "no", _("no")


class YesNoUnknown(models.TextChoices):
    YES = "yes", _("yes")
    NO = "no", _("no")
    UNKNOWN = "unknown", _("unknown")


class ExitReason(models.TextChoices):
    EMPLOYMENT = "employment", _("took up employment")
    APPRENTICESHIP = "apprenticeship", _("started an apprenticeship")
    EDUCATION = "education", _("further education or school")
    OTHER_MEASURE = "other_measure", _("moved to another measure")
    COMPLETED = "completed", _("completed the plan")
    MOVED_AWAY = "moved_away", _("moved away")
    HEALTH = "health", _("health reasons")
    NO_CONTACT = "no_contact", _("no longer reachable")
    DROPPED_OUT = "dropped_out", _("left on their own wish")
    OTHER = "other", _("other")


EXIT_ESF_FIELDS = (
    "exit_job_searching",
    "exit_education_training",
    "exit_qualification",
    "exit_employed",
)
FOLLOWUP_6M_FIELDS = ("followup_6m_employed", "followup_6m_better_situation")


class Case(BaseModel):
    """One participant in one project, owned by one organisation, at one stage of the chain.

    `project` and `organisation` repeat the participant's so that the scoped list is
    one indexed range scan; the services keep them equal.
    """

    participant = models.OneToOneField(
        Participant, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="case"
    )
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="cases"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("owning organisation"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible staff member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="responsible_cases",
    )
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage, default=Stage.FIRST_COUNSELLING
    )
    entry_date = models.DateField(_("entry date"))
    exit_date = models.DateField(_("exit date"), null=True, blank=True)
    exit_reason = models.CharField(
        _("reason for leaving"), max_length=20, choices=ExitReason, blank=True
    )
    exit_job_searching = models.CharField(
        _("job searching upon leaving"), max_length=3, choices=YesNo, blank=True
    )
    exit_education_training = models.CharField(
        _("in education or training upon leaving"), max_length=3, choices=YesNo, blank=True
    )
    exit_qualification = models.CharField(
        _("gained a qualification upon leaving"), max_length=3, choices=YesNo, blank=True
    )
    exit_employed = models.CharField(
        _("employed (incl. self-employed) upon leaving"),
        max_length=3,
        choices=YesNo,
        blank=True,
    )
    followup_6m_employed = models.CharField(
        _("employed six months after leaving"),
        max_length=7,
        choices=YesNoUnknown,
        default=YesNoUnknown.UNKNOWN,
    )
    followup_6m_better_situation = models.CharField(
        _("better labour market situation six months after leaving"),
        max_length=7,
        choices=YesNoUnknown,
        default=YesNoUnknown.UNKNOWN,
    )
    followup_6m_recorded_on = models.DateField(
        _("six-month follow-up recorded on"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-entry_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(exit_date__isnull=True) | Q(exit_date__gte=F("entry_date")),
                name="case_exit_not_before_entry",
                violation_error_message=_("The exit date lies before the entry date."),
            ),
            models.CheckConstraint(
                condition=Q(exit_date__isnull=False)
                | (
                    Q(followup_6m_employed="unknown")
                    & Q(followup_6m_better_situation="unknown")
                    & Q(exit_job_searching="")
                    & Q(exit_education_training="")
                    & Q(exit_qualification="")
                    & Q(exit_employed="")
                ),
                name="case_exit_data_only_with_exit",
                violation_error_message=_(
                    "Exit and follow-up data can only be recorded with an exit date."
                ),
            ),
        ]
        indexes = [
            # The list's order, with the columns its filters and its search read, so
            # that a page and its count are answered from the index alone.
            models.Index(
                fields=["project", "organisation", "-entry_date", "stage", "participant"],
                name="case_tenant_entry",
            ),
            models.Index(fields=["project", "organisation", "stage"], name="case_tenant_stage"),
            # "My open cases" and the list filtered by the responsible person.
            models.Index(
                fields=["responsible", "exit_date", "project", "organisation"],
                name="case_responsible",
            ),
            models.Index(fields=["project", "exit_date"], name="case_exit"),
            # The indicator report: a project's cases in the order of their participants
            # (so that SQLite reads the participants one page after the other), with
            # every case column the report reads, so that the cases need no other read.
            models.Index(
                fields=[
                    "project",
                    "participant",
                    "entry_date",
                    "exit_date",
                    *EXIT_ESF_FIELDS,
                    *FOLLOWUP_6M_FIELDS,
                ],
                name="case_indicators",
            ),
        ]

    def __str__(self) -> str:
        return str(self.participant)

    @property
    def is_open(self) -> bool:
        return self.exit_date is None

    def get_additional_data(self) -> dict:
        return {
            "organisation_id": self.organisation_id,
            "project_id": self.project_id,
            "personal": True,
        }


class CaseChild(BaseModel):
    """Something that belongs to one case; its audit entries are scoped like the case."""

    class Meta:
        abstract = True

    def get_additional_data(self) -> dict:
        return {"case_id": self.case_id, "personal": True}


class Skill(models.Model):
    """A curated strength or competence, optionally with its ESCO URI."""

    class Category(models.TextChoices):
        PERSONAL = "personal", _("personal")
        SOCIAL = "social", _("social")
        METHODICAL = "methodical", _("methodical")
        PROFESSIONAL = "professional", _("professional")
        LANGUAGE = "language", _("language")
        DIGITAL = "digital", _("digital")

    name = models.CharField(_("name"), max_length=100, unique=True)
    category = models.CharField(_("category"), max_length=15, choices=Category.choices)
    esco_uri = models.URLField(_("ESCO URI"), blank=True)

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["category", "name"]

    def __str__(self) -> str:
        return self.name


#: The life domains in which support needs are rated 0 (none) to 3 (high).
NEED_DOMAINS = (
    ("need_language", _("language")),
    ("need_childcare", _("childcare")),
    ("need_health", _("health")),
    ("need_debts", _("debts")),
    ("need_housing", _("housing")),
    ("need_mobility", _("mobility")),
    ("need_digital", _("digital skills")),
    ("need_residence", _("residence status")),
    ("need_stability", _("motivation and stability")),
    ("need_basic_skills", _("basic skills (reading, writing, arithmetic)")),
)


class NeedRating(models.IntegerChoices):
    NONE = 0, _("0 – no support needed")
    LOW = 1, _("1 – little support")
    MEDIUM = 2, _("2 – some support")
    HIGH = 3, _("3 – much support")


def _need(label):
    return models.PositiveSmallIntegerField(
        label,
        choices=NeedRating,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(3)],
    )


class Assessment(CaseChild):
    """A Potenzialanalyse: strengths and support needs on one date; repeated to show progress."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="assessments"
    )
    date = models.DateField(_("date"), default=date.today)
    skills = models.ManyToManyField(
        Skill, verbose_name=_("strengths and competences"), blank=True, related_name="+"
    )
    strengths = models.TextField(_("further strengths (free text)"), blank=True)
    need_language = _need(_("language"))
    need_childcare = _need(_("childcare"))
    need_health = _need(_("health"))
    need_debts = _need(_("debts"))
    need_housing = _need(_("housing"))
    need_mobility = _need(_("mobility"))
    need_digital = _need(_("digital skills"))
    need_residence = _need(_("residence status"))
    need_stability = _need(_("motivation and stability"))
    need_basic_skills = _need(_("basic skills (reading, writing, arithmetic)"))
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["case", "date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(**{f"{field}__lte": 3}),
                name=f"assessment_{field}_range",
                violation_error_message=_("Choose a value from 0 to 3."),
            )
            for field, _label in NEED_DOMAINS
        ]
        indexes = [
            # A case's first and last assessment without sorting (BIWAQ HF1).
            models.Index(fields=["case", "date", "id"], name="assessment_case_order"),
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.date:%d.%m.%Y}"

    @property
    def needs(self) -> list[tuple[str, str, int]]:
        return [(field, label, getattr(self, field)) for field, label in NEED_DOMAINS]

    @property
    def total_need(self) -> int:
        return sum(getattr(self, field) for field, _label in NEED_DOMAINS)


class Plan(CaseChild):
    """The Förderplan agreed with the participant: one per case, with goals."""

    case = models.OneToOneField(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="plan"
    )
    agreed_on = models.DateField(_("agreed on"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self) -> str:
        return f"{_('plan')} {self.case}"


class Goal(BaseModel):
    class Status(models.TextChoices):
        OPEN = "open", _("open")
        IN_PROGRESS = "in_progress", _("in progress")
        ACHIEVED = "achieved", _("achieved")
        DROPPED = "dropped", _("dropped")

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="goals"
    )
    title = models.CharField(_("goal"), max_length=200)
    steps = models.TextField(_("steps"), blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    responsible = models.CharField(
        _("who is responsible"),
        max_length=100,
        blank=True,
        help_text=_("For example: the participant, the job coach, the Jobcenter."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["plan", "position", "id"]

    def __str__(self) -> str:
        return self.title

    def get_additional_data(self) -> dict:
        return {"plan_id": self.plan_id, "personal": True}


class Contact(CaseChild):
    """One counselling or coaching contact (Beratungskontakt)."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="contacts"
    )
    date = models.DateField(_("date"), default=date.today)
    duration_minutes = models.PositiveIntegerField(
        _("duration (minutes)"), default=30, validators=[MaxValueValidator(24 * 60)]
    )
    channel = models.CharField(
        _("channel"), max_length=12, choices=Channel.choices, default=Channel.WALK_IN
    )
    topics = models.JSONField(_("topics"), default=list, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["case", "-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__lte=24 * 60),
                name="contact_duration_max_one_day",
                violation_error_message=_("A contact lasts at most one day (1,440 minutes)."),
            )
        ]
        indexes = [models.Index(fields=["case", "-date"], name="contact_case_date")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.date:%d.%m.%Y}"


class FollowUp(CaseChild):
    """A Wiedervorlage: something to do for a case on a date, assigned to a staff member."""

    class Kind(models.TextChoices):
        GENERAL = "general", _("follow-up")
        SIX_MONTH = "six_month", _("six-month follow-up after leaving")
        STABILISATION = "stabilisation", _("stabilisation check-in")

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    due_date = models.DateField(_("due on"))
    title = models.CharField(_("what to do"), max_length=200)
    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices, default=Kind.GENERAL)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
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
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_date", "id"]
        indexes = [
            # "Mein Tag": open follow-ups of one person by date.
            models.Index(fields=["assigned_to", "done_at", "due_date"], name="followup_my_day"),
            models.Index(fields=["case", "done_at", "due_date"], name="followup_case_open"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.due_date:%d.%m.%Y})"

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


def document_path(instance: "Document", filename: str) -> str:
    # The stored name is random; the original name is kept in the row only.
    import uuid

    return f"cases/{instance.case_id}/{uuid.uuid4().hex}"


class Document(CaseChild):
    """A file in the case: CV, certificate, letter. Served only through the case's permission."""

    class Kind(models.TextChoices):
        CV = "cv", _("CV")
        # A certificate the person brings (school, training, employer): a "Zeugnis",
        # not the "Zertifikat" a project issues for an offer.
        CERTIFICATE = "certificate", pgettext_lazy("document kind", "certificate")
        APPLICATION = "application", _("application")
        LETTER = "letter", _("letter / notice")
        CONSENT = "consent", _("signed consent")
        PLAN = "plan", _("signed plan")
        OTHER = "other", _("other")

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(_("title"), max_length=200, blank=True)
    file = models.FileField(_("file"), upload_to=document_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["case", "-created_at"]

    def __str__(self) -> str:
        return self.title or self.original_name


class ReminderDigest(models.Model):
    """The daily follow-up reminder sent to one person on one day; at most one per day."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    day = models.DateField(_("day"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    items = models.PositiveIntegerField(_("follow-ups listed"), default=0)

    class Meta:
        verbose_name = _("reminder e-mail")
        verbose_name_plural = _("reminder e-mails")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "day"],
                name="reminderdigest_one_per_day",
                violation_error_message=_("The reminder for this day was already sent."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.day}"
