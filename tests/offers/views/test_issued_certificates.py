"""An issued certificate in the browser's terms (views/issued_certificates.py): its
page and PDF, revoking, a case's certificates, the public verification page, and
foreign ids."""

import pytest
from django.test import Client
from django.urls import reverse

from quartier.core.models import Role
from quartier.offers.models import Certificate
from quartier.offers.services import certificates as certificates_services
from quartier.privacy.models import AccessLogEntry
from tests.offers import certificate_world
from tests.offers.certificate_world import took_part

pytestmark = pytest.mark.django_db

# The shared fixtures of the certificate tests.
lead = certificate_world.lead
media = certificate_world.media
module = certificate_world.module
worker = certificate_world.worker


def issue_url(enrolment) -> str:
    return reverse("offers:certificate_issue", args=[enrolment.pk])


# The certificate, revoking, a case's certificates ------------------------------------------


@pytest.fixture
def certificate(login, worker, module) -> Certificate:
    enrolment = took_part(module, months=4)
    login(worker).post(issue_url(enrolment), {"kind": "certificate"})
    return Certificate.objects.get(enrolment=enrolment)


def test_certificate_page_shows_the_snapshot(login, worker, certificate):
    response = login(worker).get(reverse("offers:certificate_detail", args=[certificate.pk]))
    page = response.content.decode()
    assert certificate.number in page
    assert "Ayşe Yılmaz" in page
    assert certificate.verification_token in page
    assert AccessLogEntry.objects.filter(
        user=worker, record_type="offers.certificate", record_id=certificate.pk, action="view"
    ).exists()


def test_download_is_access_logged_as_printed(login, worker, certificate):
    response = login(worker).get(reverse("offers:certificate_pdf", args=[certificate.pk]))
    assert response["Content-Disposition"] == (
        f'attachment; filename="zertifikat-{certificate.number}.pdf"'
    )
    assert AccessLogEntry.objects.filter(
        user=worker, record_type="offers.certificate", action="print"
    ).exists()


def test_revoking_needs_a_reason_and_keeps_the_certificate(login, worker, certificate):
    client = login(worker)
    url = reverse("offers:certificate_revoke", args=[certificate.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400
    certificate.refresh_from_db()
    assert not certificate.is_revoked
    response = client.post(url, {"reason": "Falscher Zeitraum eingetragen"})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.is_revoked
    assert certificate.revocation_reason == "Falscher Zeitraum eingetragen"
    assert certificate.revoked_by == worker
    assert certificate.participant_name == "Ayşe Yılmaz"
    # A corrected one can be issued after revoking.
    response = client.post(issue_url(certificate.enrolment), {"kind": "certificate"})
    assert response.status_code == 302
    assert Certificate.objects.filter(enrolment=certificate.enrolment).count() == 2


def test_case_page_lists_the_cases_certificates(login, worker, certificate):
    case = certificate.enrolment.case
    response = login(worker).get(reverse("offers:case_certificates", args=[case.pk]))
    assert response.status_code == 200
    assert response.context["certificates"] == [certificate]
    assert certificate.enrolment in response.context["enrolments"]


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("certificate_detail", "get"),
        ("certificate_pdf", "get"),
        ("certificate_revoke", "get"),
        ("certificate_revoke", "post"),
    ],
)
def test_another_projects_certificate_is_a_404(login, world, certificate, name, method):
    stranger = world.member(Role.PROJECT_LEAD, world.org_c, project=world.other_project)
    url = reverse(f"offers:{name}", args=[certificate.pk])
    response = getattr(login(stranger), method)(url, {"reason": "x"} if method == "post" else {})
    assert response.status_code == 404
    certificate.refresh_from_db()
    assert not certificate.is_revoked


def test_another_projects_case_certificates_are_a_404(login, world, certificate):
    stranger = world.member(Role.CASE_WORKER, world.org_c, project=world.other_project)
    url = reverse("offers:case_certificates", args=[certificate.enrolment.case_id])
    assert login(stranger).get(url).status_code == 404


# The public verification page ---------------------------------------------------------------


def verify_url(certificate) -> str:
    return reverse("offers:certificate_verify", args=[certificate.verification_token])


def test_verification_page_is_public_and_shows_what_is_certified_not_who(certificate):
    response = Client().get(verify_url(certificate))
    assert response.status_code == 200
    page = response.content.decode()
    assert certificate.number in page
    assert "Fahrradrikscha und E-Mobilität" in page
    assert f"{certificate.period_start:%d.%m.%Y} – {certificate.period_end:%d.%m.%Y}" in page
    assert certificate.project_name in page
    assert "Yılmaz" not in page
    assert "17.05.1990" not in page
    assert response.context["certificate"].is_revoked is False
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_verification_page_shows_a_revoked_certificate_as_revoked(worker, certificate):
    certificates_services.certificate_revoke(actor=worker, certificate=certificate, reason="Irrtum")
    response = Client().get(verify_url(certificate))
    assert response.status_code == 200
    assert response.context["certificate"].is_revoked
    assert "Irrtum" not in response.content.decode()


def test_verification_checks_the_name_a_visitor_enters(certificate):
    client = Client()
    url = verify_url(certificate)
    assert client.post(url, {"name": "  ayşe   yılmaz "}).context["name_result"] is True
    assert client.post(url, {"name": "AYSE YILMAZ"}).context["name_result"] is True
    response = client.post(url, {"name": "Ayşe Demir"})
    assert response.context["name_result"] is False
    assert "Yılmaz" not in response.content.decode()


def test_unknown_verification_code_is_a_404(certificate):
    response = Client().get(reverse("offers:certificate_verify", args=["nope"]))
    assert response.status_code == 404
    assert response.context["found"] is False
