"""Matching's records: each project's weights, the stored suggestions staff acted
on, and the postcode centres distances are measured from."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from quartier.cases.models import Case, CaseChild
from quartier.core.models import BaseModel, Project
from quartier.economy.models import Vacancy
from quartier.offers.models import Offer

#: Raised whenever the score's factors or their arithmetic change; stored with every
#: suggestion, so that an old suggestion is read with the rules it was made under.
ALGORITHM_VERSION = "2026.12-1"


def _weight(label, default: int) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label, default=default, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )


class MatchWeights(BaseModel):
    """How many points each factor is worth at most, per project (0 switches it off)."""

    project = models.OneToOneField(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="match_weights"
    )
    occupational_field = _weight(_("occupational field"), 20)
    skills = _weight(_("skills"), 25)
    german = _weight(_("German"), 15)
    hours = _weight(_("hours and childcare"), 10)
    distance = _weight(_("distance"), 15)
    mobility = _weight(_("driving licence and mobility"), 5)
    start = _weight(_("start date"), 5)
    stage = _weight(_("stage of the case"), 5)
    max_distance_km = models.PositiveSmallIntegerField(
        _("distance at which the distance factor reaches zero (km)"),
        default=25,
        validators=[MinValueValidator(1), MaxValueValidator(200)],
    )

    class Meta:
        verbose_name = _("matching weights")
        verbose_name_plural = _("matching weights")

    def __str__(self) -> str:
        return f"{self.project}"

    def get_additional_data(self) -> dict:
        return {"project_id": self.project_id}


class Decision(models.TextChoices):
    OPEN = "open", _("not decided")
    PROPOSED = "proposed", _("proposed to the person")
    CONTACTED = "contacted", _("employer contacted")
    DISMISSED = "dismissed", _("dismissed")


class MatchSuggestion(CaseChild):
    """A suggestion staff acted on, with the factors as they were computed."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="match_suggestions"
    )
    vacancy = models.ForeignKey(
        Vacancy,
        verbose_name=_("vacancy"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="match_suggestions",
    )
    offer = models.ForeignKey(
        Offer,
        verbose_name=_("offer"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="match_suggestions",
    )
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2)
    factors = models.JSONField(_("factors"), default=list)
    algorithm_version = models.CharField(_("algorithm version"), max_length=20)
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision, default=Decision.OPEN
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("match suggestion")
        verbose_name_plural = _("match suggestions")
        ordering = ["case", "-decided_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(vacancy__isnull=False, offer__isnull=True)
                | Q(vacancy__isnull=True, offer__isnull=False),
                name="matchsuggestion_vacancy_or_offer",
                violation_error_message=_("A suggestion is for a vacancy or for an offer."),
            ),
            models.CheckConstraint(
                condition=~Q(decision="dismissed") | ~Q(reason=""),
                name="matchsuggestion_dismissed_has_reason",
                violation_error_message=_("Say why the suggestion is dismissed."),
            ),
            models.UniqueConstraint(
                fields=["case", "vacancy"],
                condition=Q(vacancy__isnull=False),
                name="matchsuggestion_case_vacancy_unique",
                violation_error_message=_("This vacancy was already suggested for the case."),
            ),
            models.UniqueConstraint(
                fields=["case", "offer"],
                condition=Q(offer__isnull=False),
                name="matchsuggestion_case_offer_unique",
                violation_error_message=_("This offer was already suggested for the case."),
            ),
        ]
        indexes = [
            models.Index(fields=["vacancy", "decision"], name="matchsugg_vacancy"),
        ]

    def __str__(self) -> str:
        target = self.vacancy or self.offer
        return f"{self.case} · {target} · {self.get_decision_display()}"


class PostcodeArea(models.Model):
    """The centre of a postcode area, so that a participant's distance to a workplace
    can be measured from the postcode alone (no street address is used for matching).
    Loaded with `manage.py load_postcodes FILE` (postcode;name;latitude;longitude)."""

    postcode = models.CharField(_("postcode"), max_length=5, unique=True)
    name = models.CharField(_("place"), max_length=100, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6)

    class Meta:
        verbose_name = _("postcode area")
        verbose_name_plural = _("postcode areas")
        ordering = ["postcode"]

    def __str__(self) -> str:
        return f"{self.postcode} {self.name}".strip()
