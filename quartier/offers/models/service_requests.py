"""Residents' `ServiceRequest`s to the practical projects (rickshaw rides, household
and garden jobs)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from quartier.cases.models import Case
from quartier.core.models import BaseModel, District
from quartier.offers.models.catalogue import Offer


class ServiceRequestStatus(models.TextChoices):
    REQUESTED = "requested", _("requested")
    SCHEDULED = "scheduled", _("scheduled")
    DONE = "done", _("done")
    CANCELLED = "cancelled", _("cancelled")


class ServiceRequest(BaseModel):
    """A resident's request to a practical project: a rickshaw ride, a small garden job.
    Staff schedule it to a team of participants and mark it done."""

    offer = models.ForeignKey(
        Offer,
        verbose_name=_("practical project"),
        on_delete=models.PROTECT,
        related_name="service_requests",
    )
    requested_by_name = models.CharField(_("requested by"), max_length=200)
    contact_phone = models.CharField(_("phone"), max_length=50, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address or place"), max_length=300, blank=True)
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    description = models.TextField(_("what is needed"))
    preferred_date = models.DateField(_("preferred date"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ServiceRequestStatus,
        default=ServiceRequestStatus.REQUESTED,
    )
    scheduled_for = models.DateTimeField(_("scheduled for"), null=True, blank=True)
    team = models.ManyToManyField(
        Case, verbose_name=_("participant team"), related_name="service_requests", blank=True
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("service request")
        verbose_name_plural = _("service requests")
        ordering = ["status", "scheduled_for", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="scheduled") | Q(scheduled_for__isnull=False),
                name="servicerequest_scheduled_has_time",
                violation_error_message=_("A scheduled request needs its date and time."),
            ),
            models.CheckConstraint(
                condition=Q(status="done", done_at__isnull=False)
                | (~Q(status="done") & Q(done_at__isnull=True)),
                name="servicerequest_done_has_time",
                violation_error_message=_(
                    "A request is done exactly when the time it was done is recorded."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(contact_phone="", contact_email=""),
                name="servicerequest_has_contact",
                violation_error_message=_("Enter a phone number or an e-mail address."),
            ),
        ]
        indexes = [
            models.Index(fields=["offer", "status", "scheduled_for"], name="servicerequest_offer")
        ]

    def __str__(self) -> str:
        return f"{self.requested_by_name}: {self.description[:40]}"

    def clean(self) -> None:
        super().clean()
        if not (self.contact_phone or self.contact_email):
            raise ValidationError(
                {"contact_phone": _("Enter a phone number or an e-mail address to reply to.")}
            )

    def get_additional_data(self) -> dict:
        return {"offer_id": self.offer_id, "personal": True}
