"""App configuration for operations (Betrieb): the scheduler's job runs, the background
tasks' state, backup and restore. Its pages are for platform admins."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "quartier.operations"
    label = "operations"
    verbose_name = _("Operations")
