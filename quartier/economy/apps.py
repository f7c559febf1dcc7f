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

        from quartier.cases.timeline import register_timeline_source
        from quartier.core.models import Role
        from quartier.core.start_page import register_start_page_part
        from quartier.core.tenancy import CASE_ROLES, ECONOMY_ROLES
        from quartier.economy.rules import INBOX_ROLES

        # Employers: the employers with a contact due this week.
        register_start_page_part(
            "quartier.economy.selectors.employers.due_contacts_part", roles=ECONOMY_ROLES
        )
        # The inbox of vacancies employers reported (project lead, employer liaison).
        register_start_page_part(
            "quartier.economy.selectors.vacancies.reports_to_check_part", roles=INBOX_ROLES
        )
        # Placements: the case timeline (a job's start, its check-ins), the job coach's
        # check-ins with participants in "Mein Tag", the employer liaison's with employers.
        register_timeline_source("quartier.economy.selectors.placements.case_timeline")
        register_start_page_part(
            "quartier.economy.selectors.placements.participant_checks_part", roles=CASE_ROLES
        )
        register_start_page_part(
            "quartier.economy.selectors.placements.employer_checks_part",
            roles={Role.EMPLOYER_LIAISON},
        )
        # Events: the events of the next 14 days to prepare, the event tasks due.
        register_start_page_part(
            "quartier.economy.selectors.events.events_part", roles=ECONOMY_ROLES
        )
