"""The certificate PDF: what it shows (checked in the text pypdf extracts), that a
reprint is the certificate as issued, and the pieces it is made of."""

import base64
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from quartier.offers.models import Certificate
from quartier.offers.services.certificates import (
    certificate_issue,
    contents_lines,
    format_hours,
    qr_code_data_uri,
    verification_url,
)
from tests.offers import certificate_world
from tests.offers.certificate_world import TODAY, took_part

pytestmark = pytest.mark.django_db

# The shared fixtures of the certificate tests.
lead = certificate_world.lead
media = certificate_world.media
module = certificate_world.module
worker = certificate_world.worker


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def flat(text: str) -> str:
    """The text without line breaks and double spaces (long lines wrap in the PDF)."""
    return " ".join(text.split())


def issue(login, user, enrolment, kind="certificate", **data) -> Certificate:
    client = login(user)
    response = client.post(
        reverse("offers:certificate_issue", args=[enrolment.pk]),
        {"kind": kind, **data},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Certificate.objects.get(enrolment=enrolment, kind=kind, revoked_at__isnull=True)


def download(client, certificate) -> bytes:
    response = client.get(reverse("offers:certificate_pdf", args=[certificate.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.content


def test_certificate_pdf_shows_name_module_period_hours_and_number(login, worker, module):
    enrolment = took_part(module, months=4, sessions=40, hours="3")
    certificate = issue(login, worker, enrolment)
    content = download(login(worker), certificate)
    text = flat(pdf_text(content))
    start = enrolment.start_date.strftime("%d.%m.%Y")
    assert "Zertifikat" in text
    assert "Ayşe Yılmaz" in text
    assert "Fahrradrikscha und E-Mobilität" in text
    assert f"{start} – {TODAY:%d.%m.%Y}" in text
    assert "120 Stunden" in text
    assert "geboren am 17.05.1990" in text
    assert "Fahrsicherheit mit Fahrgästen" in text
    assert "Wartung von E-Antrieben" in text
    assert module.project.name in text
    assert "Europäischer Sozialfonds Plus, Land NRW" in text
    assert certificate.number in text
    assert certificate.verification_token in text.replace(" ", "")


def test_confirmation_of_participation_is_titled_as_such(login, worker, module):
    enrolment = took_part(module, months=1, sessions=10, hours="2.5")
    confirmation = issue(login, worker, enrolment, kind="confirmation")
    text = flat(pdf_text(download(login(worker), confirmation)))
    assert "Teilnahmebescheinigung" in text
    assert "Zertifikat" not in text
    assert "25 Stunden" in text


def test_pdf_is_stored_when_issued_and_a_reprint_is_the_same_file(login, worker, module):
    enrolment = took_part(module, months=5)
    certificate = issue(login, worker, enrolment)
    assert certificate.pdf
    stored = certificate.pdf.read()
    client = login(worker)
    assert download(client, certificate) == stored
    # Later changes to the offer or the person do not reach the issued certificate.
    module.title = "Umbenanntes Modul"
    module.save()
    participant = enrolment.case.participant
    participant.last_name = "Schmidt"
    participant.save()
    reprint = download(client, certificate)
    assert reprint == stored
    text = flat(pdf_text(reprint))
    assert "Fahrradrikscha und E-Mobilität" in text
    assert "Ayşe Yılmaz" in text
    assert "Umbenanntes Modul" not in text


def test_without_a_stored_pdf_the_snapshot_is_printed_and_nothing_is_written(login, worker, module):
    enrolment = took_part(module, months=5)
    # A certificate whose file was never stored (issued before files were stored at
    # issue time): the snapshot is printed, and the GET changes nothing.
    certificate = certificate_issue(actor=worker, enrolment=enrolment)
    before = Certificate.objects.values("version", "updated_at", "pdf").get(pk=certificate.pk)
    module.title = "Umbenanntes Modul"
    module.save()
    client = login(worker)
    first = download(client, certificate)
    text = flat(pdf_text(first))
    assert "Fahrradrikscha und E-Mobilität" in text
    assert "Umbenanntes Modul" not in text
    after = Certificate.objects.values("version", "updated_at", "pdf").get(pk=certificate.pk)
    assert after == before
    assert flat(pdf_text(download(client, certificate))) == text


def test_opening_the_pdf_does_not_change_the_certificate(login, worker, module):
    """A GET only reads: the row's version and updated_at stay, so a form opened
    before (the revocation) meets no conflict."""
    enrolment = took_part(module, months=5)
    certificate = issue(login, worker, enrolment)
    assert certificate.pdf
    before = Certificate.objects.values("version", "updated_at", "pdf").get(pk=certificate.pk)
    client = login(worker)
    download(client, certificate)
    download(client, certificate)
    after = Certificate.objects.values("version", "updated_at", "pdf").get(pk=certificate.pk)
    assert after == before


def test_a_lost_file_is_printed_again_from_the_snapshot(login, worker, module, media):
    enrolment = took_part(module, months=5)
    certificate = issue(login, worker, enrolment)
    original = flat(pdf_text(certificate.pdf.read()))
    certificate.pdf.storage.delete(certificate.pdf.name)
    again = flat(pdf_text(download(login(worker), certificate)))
    assert again == original


def test_hours_in_german_notation():
    assert format_hours(Decimal("120.00")) == "120"
    assert format_hours(Decimal("7.50")) == "7,5"
    assert format_hours(Decimal("3.25")) == "3,25"
    assert format_hours(Decimal("0")) == "0"


def test_contents_are_printed_one_item_per_line():
    assert contents_lines("- Grünpflege\n\n• Arbeitssicherheit \n") == [
        "Grünpflege",
        "Arbeitssicherheit",
    ]


def test_qr_code_is_an_svg_data_uri():
    uri = qr_code_data_uri("https://quartier.example.org/zertifikate/pruefen/abc/")
    prefix = "data:image/svg+xml;base64,"
    assert uri.startswith(prefix)
    svg = base64.b64decode(uri[len(prefix) :]).decode()
    assert "<svg" in svg
    assert "<path" in svg


def test_verification_url_uses_the_configured_address(worker, module, settings):
    settings.QUARTIER_BASE_URL = "https://quartier.example.org"
    certificate = certificate_issue(actor=worker, enrolment=took_part(module, months=4))
    assert verification_url(certificate) == (
        f"https://quartier.example.org/zertifikate/pruefen/{certificate.verification_token}/"
    )
