"""App configuration for cases (Fälle): the case file from intake to the six-month follow-up."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "quartier.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from quartier.cases import models

        # A corrected assessment's skills are logged with its other fields.
        auditlog.register(models.Assessment, m2m_fields={"skills"})
        for model in (
            models.Case,
            models.Plan,
            models.Goal,
            models.Contact,
            models.FollowUp,
            models.Document,
        ):
            auditlog.register(model)

        from quartier.core.start_page import register_start_page_part
        from quartier.core.tenancy import CASE_ROLES

        # "Mein Tag": the follow-ups due and overdue, the open cases.
        register_start_page_part("quartier.cases.selectors.my_day.my_day", roles=CASE_ROLES)
