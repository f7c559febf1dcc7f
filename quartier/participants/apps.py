"""App configuration for participants."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipantsConfig(AppConfig):
    name = "quartier.participants"
    label = "participants"
    verbose_name = _("Participants")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from quartier.participants.models import Consent, ConsentText, Participant

        auditlog.register(Participant)
        # Consents and their withdrawals, and the consent texts' versions, are in the
        # change log (the admin's audit entries, the participant's history).
        auditlog.register(Consent)
        auditlog.register(ConsentText)

        from quartier.core.start_page import register_start_page_part
        from quartier.core.tenancy import CASE_ROLES

        # Appointment requests from the offer map, for the user's organisations.
        register_start_page_part(
            "quartier.participants.selectors.inbox.start_page_inbox", roles=CASE_ROLES
        )
