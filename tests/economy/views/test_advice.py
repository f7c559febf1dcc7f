"""Employer service pages (views/advice.py): record, edit (stale refused), delete with
confirmation, foreign ids 404."""

import pytest
from django.urls import reverse

from quartier.economy.models.advice import EmployerService
from tests.economy.factories import EmployerFactory, EmployerServiceFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]


def url(name, *args):
    return reverse(f"economy:{name}", args=args)


def service_post(**changes) -> dict:
    data = {
        "date": "2025-04-01",
        "kind": "diversity_management",
        "aim": "company",
        "topic": "Vielfalt im Team",
        "outcome": "Leitbild entworfen",
    }
    data.update(changes)
    return data


def test_record_edit_and_delete_a_service(world, liaison, login, employer):
    client = login(liaison)
    form = client.get(url("employer_service_create", employer.pk))
    assert b"EECO19" in form.content
    created = client.post(
        url("employer_service_create", employer.pk), service_post(staff=liaison.pk)
    )
    assert created.status_code == 302
    service = EmployerService.objects.get()
    assert (service.staff, service.aim) == (liaison, "company")
    page = client.get(url("employer_detail", employer.pk))
    assert b"Vielfalt im Team" in page.content
    stale = client.post(
        url("employer_service_edit", employer.pk, service.pk),
        service_post(topic="Neu", expected_version=service.version + 5),
    )
    assert b"Someone else changed this record" in stale.content
    edited = client.post(
        url("employer_service_edit", employer.pk, service.pk),
        service_post(topic="Neu", aim="person", expected_version=service.version),
    )
    assert edited.status_code == 302
    service.refresh_from_db()
    assert (service.topic, service.aim) == ("Neu", "person")
    confirm = client.get(url("employer_service_delete", employer.pk, service.pk))
    assert confirm.status_code == 200
    assert b"Delete" in confirm.content
    assert EmployerService.objects.exists()
    deleted = client.post(url("employer_service_delete", employer.pk, service.pk))
    assert deleted.status_code == 302
    assert not EmployerService.objects.exists()
    # A second submit is harmless.
    again = client.post(url("employer_service_delete", employer.pk, service.pk))
    assert again.status_code == 302


def test_bad_input_keeps_it(world, liaison, login, employer):
    response = login(liaison).post(
        url("employer_service_create", employer.pk), service_post(kind="", topic="Bleibt")
    )
    assert response.status_code == 200
    assert b"Bleibt" in response.content
    assert not EmployerService.objects.exists()


def test_foreign_and_mismatched_ids_are_404(
    world, liaison, partner_liaison, case_worker, login, employer
):
    service = EmployerServiceFactory(employer=employer)
    other = EmployerFactory(project=world.project)
    client = login(liaison)
    assert client.get(url("employer_service_edit", other.pk, service.pk)).status_code == 404
    partner = login(partner_liaison)
    assert partner.get(url("employer_service_edit", employer.pk, service.pk)).status_code == 404
    assert partner.post(url("employer_service_delete", employer.pk, service.pk)).status_code == 404
    worker = login(case_worker)
    assert worker.post(url("employer_service_delete", employer.pk, service.pk)).status_code == 403
    assert EmployerService.objects.filter(pk=service.pk).exists()
