"""The partners API (`network.api.partners`): the list scoped to the networks the
user works in, with its filters; one partner; adding and changing one (network coach,
project lead) with version (409), bad input (422), foreign ids (404)."""

import pytest

from quartier.core.models import Role
from quartier.network.models import Partner
from tests.factories import DistrictFactory, OrganisationFactory
from tests.network.factories import PartnerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def network_coach(world):
    return world.member(Role.NETWORK_COACH, world.org_a)


@pytest.fixture
def partners(world):
    district = DistrictFactory(slug="marxloh")
    world.project.districts.add(district)
    cafe = PartnerFactory(
        project=world.project,
        organisation=world.org_a,
        partner_organisation=OrganisationFactory(name="Café Nachbarschaft"),
        level="activation",
    )
    cafe.districts.add(district)
    jobcenter = PartnerFactory(
        project=world.project,
        organisation=world.org_a,
        partner_organisation=OrganisationFactory(name="Jobcenter"),
        level="strategy",
    )
    both = PartnerFactory(
        project=world.project,
        organisation=world.org_a,
        partner_organisation=OrganisationFactory(name="Diakonie"),
        level="both",
    )
    foreign = PartnerFactory(project=world.other_project, organisation=world.org_c)
    return {"cafe": cafe, "jobcenter": jobcenter, "both": both, "foreign": foreign}


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


def test_list_filters_and_scoping(api_as, world, partners):
    case_worker = world.member(Role.CASE_WORKER, world.org_b)
    client = api_as(case_worker)
    everything = ids(client.get("/api/v1/partners/"))
    assert everything == [partners[n].pk for n in ("cafe", "both", "jobcenter")]
    assert ids(client.get("/api/v1/partners/", {"level": "activation"})) == [
        partners["cafe"].pk,
        partners["both"].pk,
    ]
    assert ids(client.get("/api/v1/partners/", {"level": "strategy"})) == [
        partners["both"].pk,
        partners["jobcenter"].pk,
    ]
    assert ids(client.get("/api/v1/partners/", {"district": "marxloh"})) == [partners["cafe"].pk]
    assert ids(client.get("/api/v1/partners/", {"project": world.other_project.slug})) == []
    assert client.get("/api/v1/partners/", {"level": "nowhere"}).status_code == 422
    one = client.get(f"/api/v1/partners/{partners['cafe'].pk}/").json()
    assert (one["name"], one["districts"], one["level"]) == (
        "Café Nachbarschaft",
        ["marxloh"],
        "activation",
    )
    assert client.get(f"/api/v1/partners/{partners['foreign'].pk}/").status_code == 404


def test_roles_without_the_network_see_nothing(api_as, world, partners):
    for role in (Role.EVALUATOR, Role.ORGANISATION_ADMIN, Role.PARTNER_STAFF):
        client = api_as(world.member(role, world.org_b))
        assert client.get("/api/v1/partners/").json()["count"] == 0
        assert client.get(f"/api/v1/partners/{partners['cafe'].pk}/").status_code == 404


def test_the_network_coach_adds_and_changes_a_partner(api_as, world, network_coach):
    mosque = OrganisationFactory(name="Moscheegemeinde")
    client = api_as(network_coach)
    created = client.post(
        "/api/v1/partners/",
        {
            "project": world.project.slug,
            "partner_organisation": mosque.slug,
            "role": "Access to families",
            "target_groups": ["families", "immigrants"],
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["organisation"], body["level"], body["target_groups"]) == (
        world.org_a.slug,
        "activation",
        ["immigrants", "families"],
    )
    path = f"/api/v1/partners/{body['id']}/"
    changed = client.patch(path, {"version": body["version"], "level": "both", "is_active": False})
    assert changed.status_code == 200, changed.content
    assert (changed.json()["level"], changed.json()["is_active"]) == ("both", False)
    stale = client.patch(path, {"version": body["version"], "notes": "later"})
    assert stale.status_code == 409
    assert "level" in stale.json()["changed"]
    again = client.post(
        "/api/v1/partners/", {"project": world.project.slug, "partner_organisation": mosque.slug}
    )
    assert again.status_code == 422
    assert Partner.objects.filter(partner_organisation=mosque).count() == 1


def test_bad_input_is_422(api_as, world, network_coach):
    client = api_as(network_coach)
    unknown = client.post(
        "/api/v1/partners/", {"project": world.project.slug, "partner_organisation": "nobody"}
    )
    assert unknown.status_code == 422
    assert "partner_organisation" in unknown.json()["fields"]
    groups = client.post(
        "/api/v1/partners/",
        {
            "project": world.project.slug,
            "partner_organisation": OrganisationFactory().slug,
            "target_groups": ["aliens"],
        },
    )
    assert groups.status_code == 422
    stray = client.post(
        "/api/v1/partners/",
        {"project": world.project.slug, "partner_organisation": "x", "colour": "red"},
    )
    assert stray.status_code == 422
    assert not Partner.objects.exists()


def test_case_workers_read_but_do_not_write(api_as, world, partners):
    client = api_as(world.member(Role.CASE_WORKER, world.org_a))
    created = client.post(
        "/api/v1/partners/",
        {"project": world.project.slug, "partner_organisation": OrganisationFactory().slug},
    )
    assert created.status_code == 403
    partner = partners["cafe"]
    patched = client.patch(
        f"/api/v1/partners/{partner.pk}/", {"version": partner.version, "notes": "x"}
    )
    assert patched.status_code == 403


def test_foreign_ids_are_404(api_as, world, network_coach, partners):
    client = api_as(network_coach)
    foreign = partners["foreign"]
    patched = client.patch(f"/api/v1/partners/{foreign.pk}/", {"version": 1, "notes": "x"})
    assert patched.status_code == 404
    other = client.post(
        "/api/v1/partners/",
        {"project": world.other_project.slug, "partner_organisation": world.org_b.slug},
    )
    assert other.status_code == 404
