"""App configuration for the local economy (Lokale Ökonomie)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EconomyConfig(AppConfig):
    name = "quartier.economy"
    label = "economy"
    verbose_name = _("Local economy")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from quartier.economy import models

        auditlog.register(models.Employer)
        auditlog.register(models.SizeDeclaration)
        auditlog.register(models.ContactPerson)
        auditlog.register(models.EmployerContact)
        auditlog.register(models.EmployerService)
        auditlog.register(models.BusinessEvent)
        auditlog.register(models.EventInvitation)
        auditlog.register(models.EventTask)
        auditlog.register(models.VacantUnit)
        auditlog.register(models.Vacancy)
        auditlog.register(models.VacancySkill)
        auditlog.register(models.Placement)
        auditlog.register(models.StabilisationCheck)
        auditlog.register(models.EconomySettings)
        auditlog.register(models.UnitStatusChange)

        from quartier.core.start_page import register_start_page_part
        from quartier.economy.rules import INBOX_ROLES

        # The inbox of vacancies employers reported (project lead, employer liaison).
        register_start_page_part(
            "quartier.economy.selectors.vacancies.reports_to_check_part", roles=INBOX_ROLES
        )
