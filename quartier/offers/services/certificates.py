"""Issuing, revoking and printing certificates (Zertifikate) and confirmations of
participation (Teilnahmebescheinigungen).

`certificate_issue` decides whether a certificate may be issued and copies everything
it prints into the row. The PDF is rendered from that snapshot and stored once, when
the certificate is issued (on the page and through the API); a reprint serves the
stored file, and renders the same snapshot again, without storing it, only when no
file is there.
"""

import base64
import datetime as dt
import secrets
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quartier.core.models import User
from quartier.core.pdf import render_pdf
from quartier.offers.models import (
    Certificate,
    CertificateKind,
    Enrolment,
    EnrolmentStatus,
    Offer,
)
from quartier.offers.selectors.attendance import attendance_totals_of_enrolment
from quartier.offers.selectors.certificates import certificate_eligibility, certificates_due
from quartier.offers.services.checks import _require, _today

# Certificates -----------------------------------------------------------------------

CERTIFICATE_PREFIX = "Q"


def _next_number(year: int) -> str:
    prefix = f"{CERTIFICATE_PREFIX}-{year}-"
    last = (
        Certificate.objects.filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    return f"{prefix}{(int(last.rsplit('-', 1)[1]) + 1) if last else 1:06d}"


@transaction.atomic
def certificate_issue(
    *,
    actor: User,
    enrolment: Enrolment,
    kind: str = CertificateKind.CERTIFICATE,
    override_reason: str = "",
    issued_on: dt.date | None = None,
) -> Certificate:
    """Issue a certificate (when the offer's rule is met) or a confirmation of
    participation (for anyone who has started). A certificate against the rule needs
    the project lead and a reason, which is stored with it. Everything printed is
    copied into the certificate, which is never changed afterwards."""
    _require(actor, "offers.issue_certificate", enrolment)
    if kind not in CertificateKind.values:
        raise ValidationError({"kind": _("Choose certificate or confirmation of participation.")})
    issued_on = issued_on or _today()
    if issued_on > _today():
        raise ValidationError({"issued_on": _("A certificate cannot be dated in the future.")})
    if enrolment.status == EnrolmentStatus.WAITING or not enrolment.start_date:
        raise ValidationError(_("The person has not started this offer."))
    if enrolment.start_date > issued_on:
        raise ValidationError(_("The participation starts after the date of issue."))
    previous = Certificate.objects.filter(
        enrolment=enrolment, kind=kind, revoked_at__isnull=True
    ).first()
    if previous is not None:
        raise ValidationError(
            _("Number %(number)s was already issued for this participation; reprint it.")
            % {"number": previous.number}
        )
    override_reason = override_reason.strip()
    if kind == CertificateKind.CERTIFICATE:
        eligibility = certificate_eligibility(enrolment, today=issued_on)
        if eligibility.eligible:
            override_reason = ""
        else:
            if not actor.has_perm("offers.override_certificate_rule", enrolment):
                raise PermissionDenied(
                    _("%(reason)s Only the project lead can issue a certificate anyway.")
                    % {"reason": eligibility.reason}
                )
            if not override_reason:
                raise ValidationError(
                    {
                        "override_reason": _(
                            "%(reason)s To issue the certificate anyway, give the reason."
                        )
                        % {"reason": eligibility.reason}
                    }
                )
    else:
        override_reason = ""
    case = enrolment.case
    participant = case.participant
    offer = Offer.objects.select_related("project", "organisation").get(pk=enrolment.offer_id)
    period_end = min(enrolment.end_date or issued_on, issued_on)
    certificate = Certificate(
        enrolment=enrolment,
        kind=kind,
        issued_on=issued_on,
        issued_by=actor,
        period_start=enrolment.start_date,
        period_end=period_end,
        hours=attendance_totals_of_enrolment(enrolment).hours,
        contents=offer.certificate_contents,
        participant_name=f"{participant.first_name} {participant.last_name}".strip(),
        participant_birth_date=participant.birth_date,
        offer_title=offer.title,
        offer_kind=offer.kind,
        organisation_name=offer.organisation.name,
        project_name=offer.project.name,
        funder_names=sorted(offer.project.funders.values_list("name", flat=True)),
        override_reason=override_reason,
        created_by=actor,
    )
    for _attempt in range(5):
        certificate.number = _next_number(issued_on.year)
        certificate.verification_token = secrets.token_urlsafe(24)
        certificate.full_clean()
        try:
            with transaction.atomic():
                certificate.save()
        except IntegrityError:
            # Someone took the number at the same moment: take the next one.
            certificate.pk = None
            certificate._state.adding = True
            continue
        return certificate
    raise ValidationError(_("No certificate number could be reserved. Please try again."))


@transaction.atomic
def certificate_attach_pdf(*, actor: User, certificate: Certificate, content: bytes) -> Certificate:
    """Store the certificate's PDF once; a reprint renders the snapshot again."""
    _require(actor, "offers.issue_certificate", certificate.enrolment)
    if certificate.pdf:
        raise ValidationError(_("The PDF of this certificate is already stored."))
    certificate.pdf.save(f"{certificate.number}.pdf", ContentFile(content), save=False)
    certificate.save(update_fields=["pdf", "updated_at"])
    return certificate


@transaction.atomic
def certificate_revoke(*, actor: User, certificate: Certificate, reason: str) -> Certificate:
    """Withdraw an issued certificate (issued by mistake); the verification page says so.
    The certificate itself stays as it was issued."""
    _require(actor, "offers.issue_certificate", certificate.enrolment)
    if certificate.is_revoked:
        raise ValidationError(_("This certificate was already revoked."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the certificate is revoked.")})
    certificate.revoked_at = timezone.now()
    certificate.revoked_by = actor
    certificate.revocation_reason = reason.strip()
    certificate.save(update_fields=["revoked_at", "revoked_by", "revocation_reason", "updated_at"])
    return certificate


PDF_TEMPLATE = "offers/pdf/certificate.html"

#: The kinds as the pages name them. Not the model's labels: "certificate" is also a
#: kind of case document (a school certificate, Zeugnis) and shares its translation.
KIND_LABELS = {
    CertificateKind.CERTIFICATE: gettext_lazy("Certificate"),
    CertificateKind.CONFIRMATION: gettext_lazy("Confirmation of participation"),
}


def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


def verification_url(certificate: Certificate) -> str:
    """The absolute address of the public verification page, as printed. Built from
    QUARTIER_BASE_URL, never from the request's host header."""
    path = reverse("offers:certificate_verify", args=[certificate.verification_token])
    return settings.QUARTIER_BASE_URL + path


def format_hours(hours: Decimal) -> str:
    """Hours in German notation without needless decimals: 120, 7,5, 3,25."""
    text = f"{Decimal(hours).quantize(Decimal('0.01')):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def qr_code_data_uri(text: str) -> str | None:
    """An SVG QR code of `text` as a data: URI, which the PDF renderer may load; None
    without the `qrcode` package (the URL is printed as text in any case).

    `qrcode` comes with django-allauth's MFA (it draws the TOTP setup code); its SVG
    factory needs no imaging library."""
    try:
        import qrcode
        from qrcode.image.svg import SvgPathImage
    except ImportError:  # pragma: no cover - installed with django-allauth[mfa]
        return None
    image = qrcode.make(text, image_factory=SvgPathImage, box_size=10, border=2)
    return "data:image/svg+xml;base64," + base64.b64encode(image.to_string()).decode("ascii")


def contents_lines(contents: str) -> list[str]:
    """The contents learned, one item per line (leading bullets and dashes dropped)."""
    return [line.strip().lstrip("-•*–").strip() for line in contents.splitlines() if line.strip()]


def certificate_print_data(certificate: Certificate) -> dict:
    """What the PDF template shows: the certificate's snapshot and nothing read anew."""
    url = verification_url(certificate)
    return {
        "certificate": certificate,
        "is_certificate": certificate.kind == CertificateKind.CERTIFICATE,
        "hours": format_hours(certificate.hours),
        "contents": contents_lines(certificate.contents),
        "funders": list(certificate.funder_names or []),
        "verification_url": url,
        "qr_code": qr_code_data_uri(url),
    }


def certificate_render_pdf(certificate: Certificate) -> bytes:
    """Render the certificate's snapshot (German, whatever the interface language)."""
    with translation.override("de"):
        return render_pdf(PDF_TEMPLATE, certificate_print_data(certificate))


@transaction.atomic
def certificate_issue_with_pdf(
    *,
    actor: User,
    enrolment: Enrolment,
    kind: str = CertificateKind.CERTIFICATE,
    override_reason: str = "",
    issued_on=None,
) -> Certificate:
    """Issue a certificate or confirmation (`certificate_issue` checks the
    rule and the permission) and store its PDF, in one transaction: a certificate
    whose PDF cannot be rendered is not issued."""
    certificate = certificate_issue(
        actor=actor,
        enrolment=enrolment,
        kind=kind,
        override_reason=override_reason,
        issued_on=issued_on,
    )
    content = certificate_render_pdf(certificate)
    return certificate_attach_pdf(actor=actor, certificate=certificate, content=content)


@dataclass
class IssuedForAll:
    issued: list[Certificate]
    skipped: int  # confirmed, but no longer due (issued meanwhile, e.g. a double submit)


@transaction.atomic
def certificates_issue_for_everyone_eligible(
    *, actor: User, offer: Offer, enrolment_ids
) -> IssuedForAll:
    """Issue a certificate (with its PDF) for each of the enrolments the actor confirmed
    that is still due (`certificates_due`: meets the rule, holds no valid
    certificate, the actor may issue). One transaction; the enrolments are locked
    first, so a second submit of the same confirmation issues nothing twice."""
    wanted = {int(pk) for pk in enrolment_ids}
    list(
        Enrolment.objects.select_for_update()
        .filter(offer=offer, pk__in=wanted)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    issued = [
        certificate_issue_with_pdf(actor=actor, enrolment=enrolment)
        for enrolment, _eligibility in certificates_due(user=actor, offer=offer)
        if enrolment.pk in wanted
    ]
    return IssuedForAll(issued=issued, skipped=len(wanted) - len(issued))


def certificate_pdf_content(*, certificate: Certificate) -> bytes:
    """The PDF for a reprint: the stored file as issued. Without a stored file (lost
    from the storage, or a certificate issued before files were stored) the snapshot
    is rendered again, the same text. Only reads: a reprint never writes the row, so
    its version stays and a form opened before meets no conflict."""
    if certificate.pdf:
        try:
            with certificate.pdf.open("rb") as handle:
                return handle.read()
        except FileNotFoundError:
            pass  # The file went missing from the storage: print the snapshot again.
    return certificate_render_pdf(certificate)


def download_name(certificate: Certificate) -> str:
    prefix = (
        "zertifikat"
        if certificate.kind == CertificateKind.CERTIFICATE
        else "teilnahmebescheinigung"
    )
    return f"{prefix}-{certificate.number}.pdf"
