"""App configuration for matching (Passung)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "quartier.matching"
    label = "matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from quartier.matching import models

        auditlog.register(models.MatchWeights)
        auditlog.register(models.MatchSuggestion)
