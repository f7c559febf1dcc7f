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
