"""App configuration for the core: tenancy, roles, login and the app shell."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "quartier.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from quartier.core import audit, checks  # noqa: F401  (registers models and checks)
