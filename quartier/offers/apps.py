"""App configuration for offers (Angebote): catalogue, enrolment, attendance, certificates."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OffersConfig(AppConfig):
    name = "quartier.offers"
    label = "offers"
    verbose_name = _("Offers")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from quartier.offers import models

        auditlog.register(models.Location)
        auditlog.register(models.Offer, m2m_fields={"locations"})
        auditlog.register(models.OfferTranslation)
        auditlog.register(models.Schedule)
        auditlog.register(models.ScheduleException)
        auditlog.register(models.Enrolment)
        # Attendance is written in bulk by the register; `attendance_save_register`
        # records one audit entry per register instead.
        auditlog.register(models.Certificate)
        auditlog.register(models.ServiceRequest, m2m_fields={"team"})
