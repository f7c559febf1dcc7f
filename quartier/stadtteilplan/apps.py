"""App configuration for the public offer map (Stadtteilplan) and its HSDS API."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StadtteilplanConfig(AppConfig):
    name = "quartier.stadtteilplan"
    verbose_name = _("Public offer map")

    def ready(self) -> None:
        from quartier.core.not_found import register_not_found_page

        # Mounted at /stadtteilplan/ in config.urls: its 404 is in the visitor's language.
        register_not_found_page("/stadtteilplan/", "quartier.stadtteilplan.views.pages.not_found")

        # --- public: the public cache's version is bumped by every change it shows ---
        from quartier.stadtteilplan.services import public_cache

        public_cache.connect()
        # --- end public ---
        # --- flyer: renders of the printable notice queued when its content changes ---
        from quartier.stadtteilplan.flyer import connect_signals

        connect_signals()
        # --- end flyer ---
