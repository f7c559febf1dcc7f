"""The offers API's certificates (`api.certificates`)."""

import datetime as dt
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone

from quartier.core.models import Role
from quartier.offers.models import Certificate
from quartier.offers.services.certificates import certificate_issue
from tests.api.client import messages
from tests.factories import CaseFactory
from tests.offers.factories import (
    AttendanceFactory,
    EnrolmentFactory,
)

TODAY = timezone.localdate()
DAY = dt.timedelta(days=1)


def months_ago(months: int) -> dt.date:
    return TODAY - relativedelta(months=months)


def new_case(world, organisation=None, project=None):
    return CaseFactory(
        participant__project=project or world.project,
        participant__organisation=organisation or world.org_a,
        entry_date=TODAY - 400 * DAY,
    )


# Certificates --------------------------------------------------------------------------


@pytest.mark.django_db
def test_certificate_issue_list_and_detail(world, api_as, case_worker, offer):
    enrolment = EnrolmentFactory(offer=offer, start_date=months_ago(5))
    AttendanceFactory(enrolment=enrolment, date=TODAY - DAY, hours="3.00")
    client = api_as(case_worker)
    issued = client.post("/api/v1/certificates/", {"enrolment": enrolment.pk})
    assert issued.status_code == 201, issued.content
    body = issued.json()
    participant = enrolment.case.participant
    assert body["participant_name"] == f"{participant.first_name} {participant.last_name}"
    assert (body["kind"], body["offer_title"], body["hours"]) == (
        "certificate",
        "Stadtteilservice",
        "3.00",
    )
    assert (body["period_start"], body["period_end"]) == (str(months_ago(5)), str(TODAY))
    assert body["number"].startswith(f"Q-{TODAY.year}-")
    assert body["issued_by"]["id"] == case_worker.pk
    assert client.get(f"/api/v1/certificates/{body['id']}/").json()["number"] == body["number"]
    listed = client.get("/api/v1/certificates/", {"offer": offer.pk}).json()
    assert [item["id"] for item in listed["items"]] == [body["id"]]
    assert client.get("/api/v1/certificates/", {"kind": "confirmation"}).json()["count"] == 0
    again = client.post("/api/v1/certificates/", {"enrolment": enrolment.pk})
    assert again.status_code == 422
    assert body["number"] in messages(again)
    assert Certificate.objects.count() == 1


@pytest.mark.django_db
def test_issued_certificates_cannot_be_changed_through_the_api(api_as, case_worker, offer):
    enrolment = EnrolmentFactory(offer=offer)
    certificate = certificate_issue(actor=case_worker, enrolment=enrolment, kind="confirmation")
    client = api_as(case_worker)
    url = f"/api/v1/certificates/{certificate.pk}/"
    assert client.patch(url, {"hours": "99"}).status_code == 405
    assert client.put(url, {"hours": "99"}).status_code == 405
    assert client.delete(url).status_code == 405
    certificate.refresh_from_db()
    assert certificate.hours == Decimal(0)


@pytest.mark.django_db
def test_certificate_for_someone_not_eligible(world, api_as, case_worker, lead, offer):
    enrolment = EnrolmentFactory(offer=offer, start_date=months_ago(2))
    body = {"enrolment": enrolment.pk}
    refused = api_as(case_worker).post("/api/v1/certificates/", body)
    assert refused.status_code == 403
    assert "Only the project lead" in refused.json()["detail"]
    lead_client = api_as(lead)
    without_reason = lead_client.post("/api/v1/certificates/", body)
    assert without_reason.status_code == 422
    assert "override_reason" in without_reason.json()["fields"]
    assert not Certificate.objects.exists()
    with_reason = lead_client.post(
        "/api/v1/certificates/", {**body, "override_reason": "Krankheit, Lernziele erreicht"}
    )
    assert with_reason.status_code == 201, with_reason.content
    assert with_reason.json()["override_reason"] == "Krankheit, Lernziele erreicht"
    confirmation = api_as(case_worker).post(
        "/api/v1/certificates/", {**body, "kind": "confirmation"}
    )
    assert confirmation.status_code == 201


@pytest.mark.django_db
def test_certificate_names_its_pdf_and_verification_pages(api_as, case_worker, offer, settings):
    enrolment = EnrolmentFactory(offer=offer, start_date=months_ago(6))
    certificate = certificate_issue(actor=case_worker, enrolment=enrolment)
    body = api_as(case_worker).get(f"/api/v1/certificates/{certificate.pk}/").json()
    base = settings.QUARTIER_BASE_URL
    assert body["pdf_url"] == base + reverse("offers:certificate_pdf", args=[certificate.pk])
    assert body["verification_url"] == base + reverse(
        "offers:certificate_verify", args=[certificate.verification_token]
    )


@pytest.mark.django_db
def test_certificate_revocation_needs_a_reason(api_as, case_worker, offer):
    enrolment = EnrolmentFactory(offer=offer, start_date=months_ago(6))
    certificate = certificate_issue(actor=case_worker, enrolment=enrolment)
    client = api_as(case_worker)
    url = f"/api/v1/certificates/{certificate.pk}/revoke/"
    without = client.post(url, {"reason": " "})
    assert without.status_code == 422
    assert "reason" in without.json()["fields"]
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    revoked = client.post(url, {"reason": "Falsche Person"})
    assert revoked.status_code == 200, revoked.content
    assert (revoked.json()["revoked"], revoked.json()["revocation_reason"]) == (
        True,
        "Falsche Person",
    )
    assert revoked.json()["number"] == certificate.number
    assert client.get("/api/v1/certificates/", {"revoked": False}).json()["count"] == 0
    assert client.get("/api/v1/certificates/", {"revoked": True}).json()["count"] == 1


@pytest.mark.django_db
def test_certificate_candidates_show_who_is_eligible(world, api_as, case_worker, offer):
    ready = EnrolmentFactory(offer=offer, start_date=months_ago(6))
    early = EnrolmentFactory(offer=offer)
    EnrolmentFactory(offer=offer, case=new_case(world, organisation=world.org_b))
    certificate = certificate_issue(actor=case_worker, enrolment=ready)
    rows = api_as(case_worker).get(f"/api/v1/offers/{offer.pk}/certificate-candidates/").json()
    by_enrolment = {row["enrolment"]: row for row in rows}
    assert set(by_enrolment) == {ready.pk, early.pk}
    assert (by_enrolment[ready.pk]["eligible"], by_enrolment[ready.pk]["certificate"]) == (
        True,
        certificate.pk,
    )
    assert by_enrolment[early.pk]["eligible"] is False
    assert "needs 4" in by_enrolment[early.pk]["reason"]


@pytest.mark.django_db
def test_foreign_certificates_are_404(world, api_as, case_worker, offer):
    partners = EnrolmentFactory(offer=offer, case=new_case(world, organisation=world.org_b))
    certificate = certificate_issue(
        actor=world.member(Role.CASE_WORKER, world.org_b), enrolment=partners, kind="confirmation"
    )
    client = api_as(case_worker)
    base = f"/api/v1/certificates/{certificate.pk}/"
    assert client.get(base).status_code == 404
    assert client.post(f"{base}revoke/", {"reason": "x"}).status_code == 404
    assert client.post("/api/v1/certificates/", {"enrolment": partners.pk}).status_code == 404
    assert client.get("/api/v1/certificates/").json()["count"] == 0
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    assert Certificate.objects.count() == 1


@pytest.mark.django_db
def test_certificate_issued_through_the_api_has_its_pdf_stored(api_as, case_worker, offer):
    enrolment = EnrolmentFactory(offer=offer, start_date=months_ago(5))
    issued = api_as(case_worker).post("/api/v1/certificates/", {"enrolment": enrolment.pk})
    assert issued.status_code == 201, issued.content
    certificate = Certificate.objects.get(pk=issued.json()["id"])
    assert certificate.pdf
    assert certificate.pdf.read().startswith(b"%PDF")
