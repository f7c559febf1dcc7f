"""Employer services (Betriebsberatung, Diversity Management, …): advice and support
given to an employer on a date, aimed at the company itself or at one person."""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from quartier.economy.models.employers import Employer, EmployerChild


class ServiceKind(models.TextChoices):
    DIVERSITY_MANAGEMENT = "diversity_management", _("diversity-management advice")
    BUSINESS_ADVICE = "business_advice", _("business and organisational advice")
    SUBSIDY_HELP = "subsidy_help", _("help with subsidy applications")
    LOCATION_MANAGEMENT = "location_management", _("location management")
    RECRUITMENT_SUPPORT = "recruitment_support", _("recruitment support")
    OTHER = "other", _("other support")


class ServiceAim(models.TextChoices):
    """Whom a service supports. Only company-aimed services of SMEs count for EECO19; a
    self-employed resident coached as an individual is a participant, not an SME."""

    COMPANY = "company", _("the company itself")
    PERSON = "person", _("a person (e.g. a self-employed resident as an individual)")


class EmployerService(EmployerChild):
    employer = models.ForeignKey(
        Employer, verbose_name=_("employer"), on_delete=models.CASCADE, related_name="services"
    )
    date = models.DateField(_("date"), default=date.today)
    kind = models.CharField(_("kind"), max_length=22, choices=ServiceKind)
    aim = models.CharField(_("aim"), max_length=10, choices=ServiceAim, default=ServiceAim.COMPANY)
    topic = models.CharField(_("topic"), max_length=200)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)

    class Meta:
        verbose_name = _("employer service")
        verbose_name_plural = _("employer services")
        ordering = ["employer", "-date", "-id"]
        indexes = [
            # EECO19: company-aimed services of a period.
            models.Index(fields=["aim", "date", "employer"], name="empservice_aim_date"),
            models.Index(fields=["employer", "date"], name="empservice_employer_date"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%d.%m.%Y}"
