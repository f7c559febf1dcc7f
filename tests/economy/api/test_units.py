"""The vacant units API (`economy.api.units`): list, create, read with the history,
patch (details and status) with versions; 404 for foreign ids, 422 with field messages."""

import pytest

from quartier.core.models import Role
from tests.economy.factories_events import EventEmployerFactory, UnitFactory

pytestmark = pytest.mark.django_db

BASE = "/api/v1/vacant-units/"


@pytest.fixture
def liaison(world):
    return world.member(Role.EMPLOYER_LIAISON, world.org_a)


def test_create_list_read_and_patch(world, api_as, liaison):
    UnitFactory(project=world.project, organisation=world.org_b)
    client = api_as(liaison)
    created = client.post(
        BASE,
        {
            "project": world.project.slug,
            "title": "Ehemalige Bäckerei",
            "street": "Karl-Marx-Allee 3",
            "postcode": "07747",
            "area_m2": "85.5",
            "vacant_since": "2025-11-01",
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["status"], body["history"][0]["status"]) == ("vacant", "vacant")
    assert [item["id"] for item in client.get(BASE).json()["items"]] == [body["id"]]
    assert client.get(BASE, {"status": "let"}).json()["count"] == 0
    assert client.get(BASE, {"search": "marx"}).json()["count"] == 1
    url = f"{BASE}{body['id']}/"
    tenant = EventEmployerFactory(project=world.project, organisation=world.org_a)
    let = client.patch(
        url,
        {
            "version": body["version"],
            "rent_monthly": "700.00",
            "status": "let",
            "status_date": "2026-02-01",
            "tenant": tenant.pk,
        },
    )
    assert let.status_code == 200, let.content
    let = let.json()
    assert (let["status"], let["let_on"], let["tenant"]["id"], let["rent_monthly"]) == (
        "let",
        "2026-02-01",
        tenant.pk,
        "700.00",
    )
    assert [step["status"] for step in let["history"]] == ["vacant", "let"]
    stale = client.patch(url, {"version": body["version"], "notes": "x"})
    assert stale.status_code == 409


def test_foreign_ids_are_404(world, api_as, liaison):
    partners = UnitFactory(project=world.project, organisation=world.org_b)
    own = UnitFactory(project=world.project, organisation=world.org_a)
    foreign = EventEmployerFactory(project=world.other_project, organisation=world.org_c)
    client = api_as(liaison)
    assert client.get(f"{BASE}{partners.pk}/").status_code == 404
    answer = client.patch(
        f"{BASE}{own.pk}/",
        {
            "version": own.version,
            "status": "let",
            "status_date": "2026-02-01",
            "tenant": foreign.pk,
        },
    )
    assert answer.status_code == 404


def test_bad_input_is_422_with_field_messages(world, api_as, liaison):
    client = api_as(liaison)
    answer = client.post(
        BASE, {"project": world.project.slug, "title": "x", "street": "y", "postcode": "0774"}
    )
    assert answer.status_code == 422
    assert "postcode" in answer.json()["fields"]
    unit = UnitFactory(project=world.project, organisation=world.org_a)
    answer = client.patch(f"{BASE}{unit.pk}/", {"version": unit.version, "status": "let"})
    assert answer.status_code == 422
    assert "status_date" in answer.json()["fields"]
    answer = client.patch(
        f"{BASE}{unit.pk}/",
        {"version": unit.version, "status": "in_talks", "status_date": "2020-01-01"},
    )
    assert answer.status_code == 422
    assert "date" in answer.json()["fields"]
