"""The places in the browser's terms (views/locations.py): creating with comma
coordinates, bad input, the list and editing, stale saves refused."""

from decimal import Decimal

import pytest
from django.urls import reverse

from quartier.offers.models import Location
from tests.offers.factories import LocationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]


def url(name, *args):
    return reverse(f"offers:{name}", args=args)


# Places -------------------------------------------------------------------------------


def location_post(world, **changes) -> dict:
    data = {
        "provider": f"{world.project.pk}-{world.org_a.pk}",
        "name": "Arbeitsladen Lobeda",
        "street": "Karl-Marx-Allee 3",
        "postcode": "07747",
        "city": "Jena",
        "latitude": "50,8921",
        "longitude": "11,6050",
    }
    data.update(changes)
    return data


def test_create_a_place_with_comma_coordinates(world, worker, login):
    response = login(worker).post(url("location_create"), location_post(world))
    assert response.status_code == 302
    place = Location.objects.get()
    assert (place.latitude, place.longitude) == (Decimal("50.892100"), Decimal("11.605000"))
    assert (place.project, place.organisation) == (world.project, world.org_a)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"longitude": ""}, "Enter both latitude and longitude, or neither."),
        ({"latitude": "95"}, "less than or equal to 90"),
        ({"longitude": "-181"}, "greater than or equal to -180"),
        ({"latitude": "11.605", "longitude": "50.892"}, "seem to be swapped"),
        ({"latitude": "fünfzig"}, "Enter a number."),
        ({"postcode": "0774"}, "A German postcode has five digits."),
    ],
)
def test_bad_place_says_why_and_saves_nothing(world, worker, login, changes, message):
    response = login(worker).post(url("location_create"), location_post(world, **changes))
    assert response.status_code == 200
    assert message in response.text
    assert not Location.objects.exists()


def test_place_list_and_edit(world, worker, login):
    place = LocationFactory(project=world.project, organisation=world.org_a, name="Werkstatt")
    partner_place = LocationFactory(
        project=world.project, organisation=world.org_b, name="Partnerhaus"
    )
    LocationFactory(project=world.other_project, name="Fremdort")
    client = login(worker)
    text = client.get(url("location_list")).text
    assert "Werkstatt" in text
    assert "Partnerhaus" in text
    assert "Fremdort" not in text
    assert url("location_edit", place.pk) in text
    assert url("location_edit", partner_place.pk) not in text
    assert client.get(url("location_edit", partner_place.pk)).status_code == 403
    data = location_post(world, name="Lehrwerkstatt", expected_version=place.version)
    assert client.post(url("location_edit", place.pk), data).status_code == 302
    place.refresh_from_db()
    assert place.name == "Lehrwerkstatt"


def test_stale_place_edit_is_refused(world, worker, login):
    place = LocationFactory(project=world.project, organisation=world.org_a, name="Alt")
    Location.objects.filter(pk=place.pk).update(name="Neu von anderen", version=2)
    data = location_post(world, name="Meins", expected_version=1)
    response = login(worker).post(url("location_edit", place.pk), data)
    assert response.status_code == 200
    assert "Neu von anderen" in response.text
    place.refresh_from_db()
    assert place.name == "Neu von anderen"
