"""The offers API's places (`api.locations`)."""

import pytest

from quartier.offers.models import Location
from tests.api.client import ApiClient
from tests.factories import DistrictFactory
from tests.offers.factories import (
    LocationFactory,
)

# Locations -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_location_create_list_detail_and_update(world, api_as, case_worker):
    district = DistrictFactory()
    world.project.districts.add(district)
    LocationFactory(project=world.other_project, organisation=world.org_c)
    client = api_as(case_worker)
    created = client.post(
        "/api/v1/locations/",
        {
            "project": world.project.slug,
            "name": "Lehrwerkstatt",
            "street": "Bahnhofstraße 12",
            "postcode": "44623",
            "city": "Herne",
            "district": district.slug,
            "latitude": "51.541200",
            "longitude": "7.219800",
            "accessible": True,
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["organisation"], body["district"], body["address"]) == (
        world.org_a.slug,
        district.slug,
        "Bahnhofstraße 12, 44623 Herne",
    )
    listed = client.get("/api/v1/locations/").json()
    assert [item["id"] for item in listed["items"]] == [body["id"]]
    assert client.get("/api/v1/locations/", {"search": "werkstatt herne"}).json()["count"] == 1
    url = f"/api/v1/locations/{body['id']}/"
    assert client.get(url).json()["name"] == "Lehrwerkstatt"
    changed = client.patch(url, {"version": body["version"], "name": "Lehrwerkstatt Süd"})
    assert changed.status_code == 200, changed.content
    stale = client.patch(url, {"version": body["version"], "notes": "x"})
    assert stale.status_code == 409
    assert stale.json()["changed"] == ["name"]
    location = Location.objects.get(pk=body["id"])
    assert (location.name, location.notes) == ("Lehrwerkstatt Süd", "")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"district": "atlantis"}, "district"),
        ({"postcode": "123"}, "postcode"),
        ({"latitude": "51.5"}, "longitude"),
        ({"name": ""}, "name"),
    ],
)
def test_location_with_bad_input_is_422(world, api_as, case_worker, overrides, field):
    body = {"project": world.project.slug, "name": "Café", **overrides}
    response = api_as(case_worker).post("/api/v1/locations/", body)
    assert response.status_code == 422, response.content
    assert field in response.json()["fields"]
    assert not Location.objects.exists()


@pytest.mark.django_db
def test_messages_come_in_the_requests_language(world, client, case_worker):
    from quartier.core.services import api_token_create

    german = ApiClient(client, api_token_create(actor=case_worker, user=case_worker, name="t")[1])
    german.headers["HTTP_ACCEPT_LANGUAGE"] = "de"
    response = german.post("/api/v1/locations/", {"project": world.project.slug, "name": ""})
    assert response.status_code == 422
    assert response.json()["fields"]["name"] == ["Dieses Feld darf nicht leer sein."]


@pytest.mark.django_db
def test_another_projects_location_is_404(world, api_as, case_worker):
    foreign = LocationFactory(project=world.other_project, organisation=world.org_c)
    client = api_as(case_worker)
    url = f"/api/v1/locations/{foreign.pk}/"
    assert client.get(url).status_code == 404
    assert client.patch(url, {"version": 1, "name": "X"}).status_code == 404
    foreign.refresh_from_db()
    assert foreign.version == 1
