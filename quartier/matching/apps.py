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

        from quartier.cases.timeline import register_timeline_source

        # The case timeline: the suggestions staff acted on (proposed, contacted, dismissed).
        register_timeline_source("quartier.matching.selectors.timeline.suggestion_events")
