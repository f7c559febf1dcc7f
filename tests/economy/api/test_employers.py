"""The employers API (`economy.api.employers`): list with filters and pagination,
create with the duplicate check, get with contact persons, patch with version (409),
422 with field messages, foreign ids 404, scoping."""

import pytest

from quartier.core.models import Role
from quartier.economy.models.employers import Employer
from tests.economy.factories import ContactPersonFactory, EmployerFactory

pytestmark = pytest.mark.django_db


def employer_in(world, **changes) -> dict:
    data = {
        "project": world.project.slug,
        "name": "Pflegedienst Sonne",
        "sector": "Q",
        "headcount": 30,
        "postcode": "44649",
        "city": "Herne",
        "in_programme_area": True,
    }
    data.update(changes)
    return data


def test_create_get_list_and_patch(world, api_as, liaison):
    client = api_as(liaison)
    created = client.post("/api/v1/employers/", employer_in(world))
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["organisation"], body["size_class"], body["headcount"]) == (
        world.org_a.slug,
        "small",
        30,
    )
    employer = Employer.objects.get(pk=body["id"])
    ContactPersonFactory(employer=employer, name="Anna Berg", legal_basis="consent")
    got = client.get(f"/api/v1/employers/{employer.pk}/").json()
    assert [(p["name"], p["legal_basis"]) for p in got["contact_persons"]] == [
        ("Anna Berg", "consent")
    ]
    listed = client.get("/api/v1/employers/", {"search": "sonne", "size_class": "small"}).json()
    assert [item["id"] for item in listed["items"]] == [employer.pk]
    assert client.get("/api/v1/employers/", {"size_class": "large"}).json()["count"] == 0
    url = f"/api/v1/employers/{employer.pk}/"
    changed = client.patch(url, {"version": got["version"], "city": "Wanne-Eickel"})
    assert changed.status_code == 200, changed.content
    assert changed.json()["city"] == "Wanne-Eickel"
    stale = client.patch(url, {"version": got["version"], "city": "Bochum"})
    assert stale.status_code == 409
    assert "city" in stale.json()["changed"]


def test_duplicate_is_a_422_until_confirmed(world, api_as, liaison):
    client = api_as(liaison)
    first = client.post("/api/v1/employers/", employer_in(world)).json()
    again = client.post("/api/v1/employers/", employer_in(world, name="Pflegedienst Sonne GmbH"))
    assert again.status_code == 422
    assert str(first["id"]) in again.json()["fields"]["name"][0]
    confirmed = client.post(
        "/api/v1/employers/",
        employer_in(world, name="Pflegedienst Sonne GmbH", not_a_duplicate=True),
    )
    assert confirmed.status_code == 201


def test_bad_input_is_422_with_field_messages(world, api_as, liaison):
    client = api_as(liaison)
    response = client.post("/api/v1/employers/", employer_in(world, postcode="123"))
    assert response.status_code == 422
    assert "postcode" in response.json()["fields"]
    unknown = client.post("/api/v1/employers/", employer_in(world, district="nirgendwo"))
    assert unknown.status_code == 422
    assert "district" in unknown.json()["fields"]
    assert not Employer.objects.exists()


def test_foreign_ids_are_404_and_lists_are_scoped(world, api_as, liaison, partner_liaison):
    employer = EmployerFactory(project=world.project, organisation=world.org_a)
    partner = api_as(partner_liaison)
    assert partner.get(f"/api/v1/employers/{employer.pk}/").status_code == 404
    assert (
        partner.patch(f"/api/v1/employers/{employer.pk}/", {"version": 1, "city": "X"}).status_code
        == 404
    )
    assert partner.get("/api/v1/employers/").json()["count"] == 0
    outsider = world.member(Role.EMPLOYER_LIAISON, world.org_c, project=world.other_project)
    assert api_as(outsider).post("/api/v1/employers/", employer_in(world)).status_code == 404


def test_case_workers_read_but_do_not_write(world, api_as, case_worker):
    employer = EmployerFactory(project=world.project, organisation=world.org_a)
    client = api_as(case_worker)
    assert client.get(f"/api/v1/employers/{employer.pk}/").status_code == 200
    assert client.post("/api/v1/employers/", employer_in(world)).status_code == 403
    patched = client.patch(f"/api/v1/employers/{employer.pk}/", {"version": 1, "city": "X"})
    assert patched.status_code == 403


def test_size_declarations(world, api_as, liaison, partner_liaison):
    employer = EmployerFactory(project=world.project, organisation=world.org_a, size_class="")
    url = f"/api/v1/employers/{employer.pk}/size-declarations/"
    declared = api_as(liaison).post(url, {"declared_on": "2025-05-01", "headcount": 300})
    assert declared.status_code == 201, declared.content
    body = declared.json()
    assert (body["size_class"], body["size_declared_on"]) == ("large", "2025-05-01")
    assert body["size_declarations"] == [
        {"declared_on": "2025-05-01", "headcount": 300, "size_class": "large"}
    ]
    empty = api_as(liaison).post(url, {"declared_on": "2025-05-01"})
    assert empty.status_code == 422
    assert "headcount" in empty.json()["fields"]
    foreign = api_as(partner_liaison).post(url, {"declared_on": "2025-05-01", "headcount": 3})
    assert foreign.status_code == 404
