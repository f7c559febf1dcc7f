from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StadtteilplanConfig(AppConfig):
    name = "quartier.stadtteilplan"
    verbose_name = _("Public offer map")
