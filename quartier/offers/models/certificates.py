"""The `Certificate`s (and confirmations of participation) that follow an enrolment,
with the stored PDF."""

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from quartier.core.models import BaseModel
from quartier.offers.models.catalogue import OfferKind
from quartier.offers.models.enrolments import Enrolment


class CertificateKind(models.TextChoices):
    # Not the case documents' "certificate" (a school certificate, a Zeugnis): what an
    # offer issues is called Zertifikat.
    CERTIFICATE = "certificate", pgettext_lazy("issued for an offer", "certificate")
    CONFIRMATION = "confirmation", _("confirmation of participation")


def certificate_path(instance: "Certificate", filename: str) -> str:
    return f"certificates/{instance.number}-{uuid.uuid4().hex[:8]}.pdf"


#: The only fields of an issued certificate that may still be written: the stored PDF
#: and its revocation. Everything printed on it is a snapshot and stays as issued.
CERTIFICATE_MUTABLE_FIELDS = frozenset(
    {"pdf", "revoked_at", "revoked_by", "revocation_reason", "updated_at", "version"}
)


class Certificate(BaseModel):
    """An issued certificate or confirmation of participation. Everything it prints is a
    snapshot taken when it was issued, so a reprint shows the same text; it is never
    changed afterwards, only revoked with a reason."""

    enrolment = models.ForeignKey(
        Enrolment,
        verbose_name=_("enrolment"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    kind = models.CharField(
        _("kind"),
        max_length=12,
        choices=CertificateKind,
        default=CertificateKind.CERTIFICATE,
    )
    number = models.CharField(_("number"), max_length=20, unique=True)
    verification_token = models.CharField(
        _("verification code"), max_length=43, unique=True, editable=False
    )
    issued_on = models.DateField(_("issued on"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("until"))
    hours = models.DecimalField(
        _("hours attended"), max_digits=7, decimal_places=2, validators=[MinValueValidator(0)]
    )
    contents = models.TextField(_("contents learned"), blank=True)
    participant_name = models.CharField(_("participant"), max_length=201)
    participant_birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    offer_title = models.CharField(_("offer"), max_length=200)
    offer_kind = models.CharField(_("kind of offer"), max_length=25, choices=OfferKind)
    organisation_name = models.CharField(_("provider organisation"), max_length=200)
    project_name = models.CharField(_("project"), max_length=300)
    funder_names = models.JSONField(_("funders"), default=list, blank=True)
    override_reason = models.TextField(
        _("reason for issuing although the rule is not met"), blank=True
    )
    pdf = models.FileField(_("PDF"), upload_to=certificate_path, blank=True, max_length=200)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revocation_reason = models.TextField(_("reason for revoking"), blank=True)

    class Meta:
        verbose_name = pgettext_lazy("issued for an offer", "certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="certificate_period_end_not_before_start",
                violation_error_message=_("The end of the period lies before its start."),
            ),
            models.CheckConstraint(
                condition=Q(hours__gte=0),
                name="certificate_hours_positive",
                violation_error_message=_("The hours cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(revocation_reason=""),
                name="certificate_revocation_has_reason",
                violation_error_message=_("A revocation needs a reason."),
            ),
        ]
        indexes = [models.Index(fields=["enrolment", "kind"], name="certificate_enrolment")]

    def __str__(self) -> str:
        return f"{self.number} {self.participant_name}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            fields = kwargs.get("update_fields")
            if fields is None or not set(fields) <= CERTIFICATE_MUTABLE_FIELDS:
                raise ValueError("An issued certificate cannot be changed; revoke it instead.")
        super().save(*args, **kwargs)

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def get_additional_data(self) -> dict:
        return {"enrolment_id": self.enrolment_id, "personal": True}
