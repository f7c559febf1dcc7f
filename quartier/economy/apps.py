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
        from quartier.core.tenancy import ECONOMY_ROLES

        # Events: the events of the next 14 days to prepare, the event tasks due.
        register_start_page_part(
            "quartier.economy.selectors.events.events_part", roles=ECONOMY_ROLES
        )
