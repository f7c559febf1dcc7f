"""App configuration for privacy: the access log of reads of personal data."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "quartier.privacy"
    label = "privacy"
    verbose_name = _("Data protection")
