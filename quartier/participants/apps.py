"""App configuration for participants."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipantsConfig(AppConfig):
    name = "quartier.participants"
    label = "participants"
    verbose_name = _("Participants")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from quartier.participants.models import Participant

        auditlog.register(Participant)

        from quartier.core.start_page import register_start_page_part
        from quartier.core.tenancy import CASE_ROLES

        # Appointment requests from the offer map, for the user's organisations.
        register_start_page_part(
            "quartier.participants.selectors.inbox.start_page_inbox", roles=CASE_ROLES
        )
