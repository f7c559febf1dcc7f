"""App configuration for privacy (Datenschutz): the consent register, the access log, the
right of access (Art. 15), erasure against retention (Art. 17), the register of
processing activities (Art. 30)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "quartier.privacy"
    label = "privacy"
    verbose_name = _("Data protection")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from quartier.privacy import models

        auditlog.register(models.RetentionRule)
        auditlog.register(models.ErasureRequest, exclude_fields=["participant"])

        # --- access log: signals that write change entries ---
        from auditlog.models import LogEntry
        from auditlog.signals import pre_log
        from django.db.models.signals import post_save

        from quartier.privacy.services import access_log

        pre_log.connect(access_log.remember_audited_instance, dispatch_uid="privacy_pre_log")
        post_save.connect(
            access_log.access_log_record_change, sender=LogEntry, dispatch_uid="privacy_change"
        )
        # --- end access log ---

        # --- consents ---
        # --- end consents ---

        # --- start page (area register/dpo) ---
        # The data-protection officer's start page (and the organisation admin's, for her
        # organisation): expiring consents, withdrawals, erasure requests, today's access
        # log, the registers.
        from quartier.core.start_page import register_start_page_part
        from quartier.core.tenancy import PRIVACY_ROLES

        register_start_page_part(
            "quartier.privacy.selectors.start_page.privacy_part", roles=PRIVACY_ROLES
        )
        # --- end start page ---
