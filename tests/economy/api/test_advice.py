"""The employer services API (`economy.api.advice`)."""

import pytest

from quartier.economy.models.advice import EmployerService
from tests.economy.factories import EmployerServiceFactory

pytestmark = pytest.mark.django_db


def test_services_create_list_get_patch_delete(world, api_as, liaison, employer):
    client = api_as(liaison)
    created = client.post(
        f"/api/v1/employers/{employer.pk}/services/",
        {"date": "2025-04-01", "kind": "subsidy_help", "aim": "company", "topic": "EGZ"},
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["employer"], body["staff"]["id"]) == (employer.pk, liaison.pk)
    listed = client.get(f"/api/v1/employers/{employer.pk}/services/").json()
    assert [item["id"] for item in listed["items"]] == [body["id"]]
    url = f"/api/v1/employer-services/{body['id']}/"
    assert client.get(url).json()["topic"] == "EGZ"
    changed = client.patch(url, {"version": body["version"], "aim": "person"})
    assert changed.status_code == 200, changed.content
    assert changed.json()["aim"] == "person"
    assert client.patch(url, {"version": body["version"], "topic": "x"}).status_code == 409
    assert client.delete(url).status_code == 204
    assert not EmployerService.objects.exists()
    assert client.get(url).status_code == 404


def test_bad_input_is_422(world, api_as, liaison, employer):
    client = api_as(liaison)
    response = client.post(
        f"/api/v1/employers/{employer.pk}/services/", {"kind": "magic", "topic": "x"}
    )
    assert response.status_code == 422
    unknown_staff = client.post(
        f"/api/v1/employers/{employer.pk}/services/",
        {"kind": "other", "topic": "x", "staff": 999999},
    )
    assert unknown_staff.status_code == 422
    assert "staff" in unknown_staff.json()["fields"]


def test_foreign_ids_are_404(world, api_as, partner_liaison, employer):
    service = EmployerServiceFactory(employer=employer)
    client = api_as(partner_liaison)
    assert client.get(f"/api/v1/employers/{employer.pk}/services/").status_code == 404
    assert (
        client.post(
            f"/api/v1/employers/{employer.pk}/services/", {"kind": "other", "topic": "x"}
        ).status_code
        == 404
    )
    url = f"/api/v1/employer-services/{service.pk}/"
    assert client.get(url).status_code == 404
    assert client.patch(url, {"version": 1, "topic": "x"}).status_code == 404
    assert client.delete(url).status_code == 404
    assert EmployerService.objects.filter(pk=service.pk).exists()
