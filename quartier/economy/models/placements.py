"""Placements (Vermittlungen) and the stabilisation check-ins (Nachbetreuung) that
follow them, with each project's check-in schedule."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from quartier.cases.models import Case, CaseChild
from quartier.core.models import BaseModel, Project
from quartier.economy.models.employers import Employer
from quartier.economy.models.vacancies import Vacancy


class ContractKind(models.TextChoices):
    INSURED_EMPLOYMENT = "insured_employment", _("employment subject to social insurance")
    MINI_JOB = "mini_job", _("mini-job")
    APPRENTICESHIP = "apprenticeship", _("apprenticeship")
    SELF_EMPLOYMENT = "self_employment", _("self-employment")
    FURTHER_EDUCATION = "further_education", _("further education")
    WORK_OPPORTUNITY = "work_opportunity", _("Jobcenter work opportunity")


class WageSubsidy(models.TextChoices):
    NONE = "", _("none")
    EGZ = "egz", _("integration subsidy (Eingliederungszuschuss, § 88 SGB III)")
    SGB2_16E = "16e", _("§ 16e SGB II (integration of the long-term unemployed)")
    SGB2_16I = "16i", _("§ 16i SGB II (participation in the labour market)")
    OTHER = "other", _("other subsidy")


class PlacementStatus(models.TextChoices):
    ACTIVE = "active", _("in stabilisation")
    STABLE = "stable", _("stable")
    ENDED = "ended", _("ended")


class EndReason(models.TextChoices):
    PROBATION = "probation", _("ended in probation")
    DISMISSED = "dismissed", _("dismissed by the employer")
    RESIGNED = "resigned", _("resigned")
    FIXED_TERM = "fixed_term", _("fixed term ended")
    HEALTH = "health", _("health reasons")
    CHILDCARE = "childcare", _("childcare")
    BETTER_JOB = "better_job", _("moved to a better job")
    OTHER = "other", _("other")


class Placement(CaseChild):
    """A participant's start in a vacancy, or in a job found elsewhere."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="placements"
    )
    vacancy = models.ForeignKey(
        Vacancy,
        verbose_name=_("vacancy"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="placements",
    )
    employer = models.ForeignKey(
        Employer,
        verbose_name=_("employer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="placements",
    )
    employer_name = models.CharField(_("employer (found elsewhere)"), max_length=200, blank=True)
    job_title = models.CharField(_("job title"), max_length=300)
    contract_kind = models.CharField(_("contract"), max_length=20, choices=ContractKind)
    start_date = models.DateField(_("start"))
    hours_per_week = models.DecimalField(
        _("hours per week"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    wage_subsidy = models.CharField(
        _("wage subsidy"), max_length=5, choices=WageSubsidy, blank=True, default=WageSubsidy.NONE
    )
    probation_end = models.DateField(_("probation ends"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=7, choices=PlacementStatus, default=PlacementStatus.ACTIVE
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(_("why it ended"), max_length=12, choices=EndReason, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["case", "-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(probation_end__isnull=True)
                | Q(probation_end__gte=models.F("start_date")),
                name="placement_probation_after_start",
                violation_error_message=_("Probation cannot end before the start."),
            ),
            models.CheckConstraint(
                condition=~Q(status="ended") | Q(ended_on__isnull=False),
                name="placement_ended_has_date",
                violation_error_message=_("Enter the date the job ended."),
            ),
        ]
        indexes = [
            models.Index(fields=["case", "start_date"], name="placement_case"),
            models.Index(fields=["start_date"], name="placement_start"),
        ]

    def __str__(self) -> str:
        return f"{self.job_title} · {self.employer_label} ({self.start_date:%d.%m.%Y})"

    @property
    def employer_label(self) -> str:
        return self.employer.name if self.employer_id else self.employer_name

    def clean(self) -> None:
        if not self.vacancy_id and not self.employer_id and not self.employer_name.strip():
            raise ValidationError(
                {"employer_name": _("Choose a vacancy or an employer, or name the employer.")}
            )


class CheckWith(models.TextChoices):
    PARTICIPANT = "participant", _("with the participant")
    EMPLOYER = "employer", _("with the employer")


class CheckMode(models.TextChoices):
    IN_PERSON = "in_person", _("in person")
    PHONE = "phone", _("phone")
    VIDEO = "video", _("video call")
    EMAIL = "email", _("e-mail or message")
    AT_WORK = "at_work", _("visit at the workplace")


class CheckStatus(models.TextChoices):
    DUE = "due", _("due")
    STABLE = "stable", _("stable")
    AT_RISK = "at_risk", _("at risk")
    ENDED = "ended", _("job ended")


class RiskFlag(models.TextChoices):
    ABSENCES = "absences", _("absences or lateness")
    CONFLICT = "conflict", _("conflict at work")
    HEALTH = "health", _("health")
    CHILDCARE = "childcare", _("childcare")
    MOBILITY = "mobility", _("getting to work")
    OVERLOAD = "overload", _("overload")
    LANGUAGE = "language", _("language")
    PROBATION = "probation", _("probation at risk")
    MONEY = "money", _("pay, debts or benefits")
    OTHER = "other", _("other")


def validate_risk_flags(value) -> None:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValidationError(_("Risk flags must be a list."))
    unknown = [item for item in value if item not in RiskFlag.values]
    if unknown:
        raise ValidationError(_("Unknown risk flag: %(flag)s") % {"flag": unknown[0]})


class StabilisationCheck(BaseModel):
    """A check-in after a placement, with the participant or with the employer."""

    placement = models.ForeignKey(
        Placement, verbose_name=_("placement"), on_delete=models.CASCADE, related_name="checks"
    )
    with_whom = models.CharField(_("with"), max_length=11, choices=CheckWith)
    months_after_start = models.PositiveSmallIntegerField(
        _("months after the start"), validators=[MinValueValidator(1), MaxValueValidator(36)]
    )
    due_date = models.DateField(_("due on"))
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stabilisation_checks",
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    mode = models.CharField(_("how"), max_length=10, choices=CheckMode, blank=True)
    still_employed = models.BooleanField(_("still employed"), null=True, blank=True)
    same_employer = models.BooleanField(_("same employer"), null=True, blank=True)
    hours_per_week = models.DecimalField(
        _("hours per week"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(60)],
    )
    risk_flags = models.JSONField(
        _("risks"), default=list, blank=True, validators=[validate_risk_flags]
    )
    support_given = models.TextField(_("support given"), blank=True)
    next_step = models.CharField(_("next step"), max_length=300, blank=True)
    status = models.CharField(
        _("result"), max_length=8, choices=CheckStatus, default=CheckStatus.DUE
    )
    end_reason = models.CharField(_("why it ended"), max_length=12, choices=EndReason, blank=True)

    class Meta:
        verbose_name = _("stabilisation check-in")
        verbose_name_plural = _("stabilisation check-ins")
        ordering = ["placement", "due_date", "with_whom", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "with_whom", "months_after_start"],
                name="stabcheck_unique",
                violation_error_message=_("This check-in exists already."),
            ),
            models.CheckConstraint(
                condition=Q(status="due", done_on__isnull=True)
                | (~Q(status="due") & Q(done_on__isnull=False)),
                name="stabcheck_done_has_result",
                violation_error_message=_("A check-in that took place needs its date and result."),
            ),
            models.CheckConstraint(
                condition=~Q(status="ended") | ~Q(end_reason=""),
                name="stabcheck_ended_has_reason",
                violation_error_message=_("Say why the job ended."),
            ),
        ]
        indexes = [
            # Start pages: open check-ins of one person by date.
            models.Index(fields=["assigned_to", "done_on", "due_date"], name="stabcheck_my_day"),
            models.Index(fields=["placement", "due_date"], name="stabcheck_placement"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_with_whom_display()} · {self.months_after_start} · {self.due_date:%d.%m.%Y}"
        )

    @property
    def is_done(self) -> bool:
        return self.done_on is not None

    def get_additional_data(self) -> dict:
        return {"placement_id": self.placement_id, "personal": True}


def default_check_months() -> list[int]:
    return [1, 3, 6]


def validate_check_months(value) -> None:
    if (
        not isinstance(value, list)
        or not value
        or not all(isinstance(item, int) and 1 <= item <= 36 for item in value)
    ):
        raise ValidationError(_("Enter the months as whole numbers from 1 to 36, e.g. 1, 3, 6."))
    if len(set(value)) != len(value):
        raise ValidationError(_("A month is listed twice."))


class EconomySettings(BaseModel):
    """A project's settings for placements: when the stabilisation check-ins fall due,
    and with whom."""

    project = models.OneToOneField(
        Project,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="economy_settings",
    )
    check_months = models.JSONField(
        _("check-ins after (months)"),
        default=default_check_months,
        validators=[validate_check_months],
    )
    check_with_participant = models.BooleanField(_("check-ins with the participant"), default=True)
    check_with_employer = models.BooleanField(_("check-ins with the employer"), default=True)
    ba_search = models.JSONField(
        _("daily job search import"),
        default=dict,
        blank=True,
        help_text=_(
            "Where the daily import from the Bundesagentur searches, e.g. "
            '{"postcode": "07747", "radius": 10, "kinds": ["job", "apprenticeship"]}; '
            "empty for no daily import."
        ),
    )

    class Meta:
        verbose_name = _("economy settings")
        verbose_name_plural = _("economy settings")

    def __str__(self) -> str:
        return f"{self.project}"

    def get_additional_data(self) -> dict:
        return {"project_id": self.project_id}
