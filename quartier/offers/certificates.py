"""Printing, reprinting and checking certificates (Zertifikate) and confirmations of
participation (Teilnahmebescheinigungen).

`services.certificate_issue` decides whether a certificate may be issued and copies
everything it prints into the row. This module turns that snapshot into the PDF:
it is rendered and stored once, when the certificate is issued (on the page and
through the API); a reprint serves the stored file, and renders the same snapshot
again, without storing it, only when no file is there. Nothing here reads the offer, the case or the
participant again, so a reprint never silently shows changed data.

The verification URL printed on each certificate leads to the public page, which
shows what the certificate states without the participant's name or date of birth;
a visitor who holds the certificate can check the name printed on it.
"""

import base64
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy

from quartier.core.models import User
from quartier.core.pdf import render_pdf
from quartier.offers import services
from quartier.offers.models import Certificate, CertificateKind, Enrolment, Offer
from quartier.offers.selectors import certificates_due, certificates_visible_to

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
    """Issue a certificate or confirmation (`services.certificate_issue` checks the
    rule and the permission) and store its PDF, in one transaction: a certificate
    whose PDF cannot be rendered is not issued."""
    certificate = services.certificate_issue(
        actor=actor,
        enrolment=enrolment,
        kind=kind,
        override_reason=override_reason,
        issued_on=issued_on,
    )
    content = certificate_render_pdf(certificate)
    return services.certificate_attach_pdf(actor=actor, certificate=certificate, content=content)


@dataclass
class IssuedForAll:
    issued: list[Certificate]
    skipped: int  # confirmed, but no longer due (issued meanwhile, e.g. a double submit)


@transaction.atomic
def certificates_issue_for_everyone_eligible(
    *, actor: User, offer: Offer, enrolment_ids
) -> IssuedForAll:
    """Issue a certificate (with its PDF) for each of the enrolments the actor confirmed
    that is still due (`selectors.certificates_due`: meets the rule, holds no valid
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


# Reads for the staff pages ------------------------------------------------------------


def certificates_by_enrolment(*, user, enrolment_ids) -> dict[int, list[Certificate]]:
    """The certificates (revoked ones too, newest first) of some enrolments, in one query."""
    grouped: dict[int, list[Certificate]] = {}
    for certificate in certificates_visible_to(user).filter(enrolment_id__in=list(enrolment_ids)):
        grouped.setdefault(certificate.enrolment_id, []).append(certificate)
    return grouped


def certificate_get_for_page(*, user, pk: int) -> Certificate:
    """One certificate the user may see, with its enrolment, case and offer, or 404."""
    return get_object_or_404(
        certificates_visible_to(user).select_related(
            "enrolment",
            "enrolment__offer",
            "enrolment__case",
            "enrolment__case__participant",
            "issued_by",
            "revoked_by",
        ),
        pk=pk,
    )


def certificates_of_case(*, user, case) -> list[Certificate]:
    return list(
        certificates_visible_to(user)
        .filter(enrolment__case=case)
        .select_related("enrolment", "enrolment__offer")
        .order_by("-issued_on", "-id")
    )


# The public verification page --------------------------------------------------------


def project_id_of(certificate: Certificate) -> int | None:
    """For the access log of the public page (the certificate stores no project)."""
    return (
        Enrolment.objects.filter(pk=certificate.enrolment_id)
        .values_list("offer__project_id", flat=True)
        .first()
    )


def _normalised_name(name: str) -> str:
    """Lower case, single spaces, no accents: "AYSE  YILMAZ" finds "Ayşe Yılmaz"."""
    decomposed = unicodedata.normalize("NFKD", name.replace("ı", "i").replace("İ", "I"))
    letters = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(letters.casefold().split())


def name_matches(certificate: Certificate, name: str) -> bool:
    """Whether `name` is the name printed on the certificate (case, spacing and accents
    aside, as people type names they read). Only someone who holds the certificate,
    and so its secret URL, can ask."""
    wanted = _normalised_name(name)
    return bool(wanted) and wanted == _normalised_name(certificate.participant_name)
