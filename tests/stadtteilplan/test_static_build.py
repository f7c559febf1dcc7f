"""The public map in a production build: collectstatic with the manifest storage
(hashed names, as whitenoise's CompressedManifestStaticFilesStorage writes them in
production) into a temporary folder, then every static address the map page refers
to, and every address its stylesheets refer to, must be a file there. Leaflet's
marker images are among them: the page names them, Leaflet does not derive them."""

import json
import re
from posixpath import dirname, normpath
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.test import override_settings

from tests.factories import DistrictFactory, ProjectFactory
from tests.offers.factories import LocationFactory, OfferFactory

pytestmark = pytest.mark.django_db

MANIFEST = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("static")
    with override_settings(STATIC_ROOT=root, STORAGES=MANIFEST):
        # The big files no public page uses are left out (the API's docs, the admin).
        call_command(
            "collectstatic",
            "--no-input",
            *("--ignore", "ninja", "--ignore", "admin", "--ignore", "draw"),
            *("--ignore", "*-src.js*", "--ignore", "proj4*"),
            verbosity=0,
        )
    return root


def _static_file(root, url: str):
    path = urlsplit(url).path
    assert path.startswith("/static/"), url
    return root / path.removeprefix("/static/")


def _css_references(root, url: str) -> list[str]:
    """The addresses a built stylesheet refers to (url(...)), made absolute."""
    text = _static_file(root, url).read_text(encoding="utf-8")
    found = []
    for target in re.findall(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", text):
        if target.startswith(("data:", "#", "http:", "https:")):
            continue
        found.append(target if target.startswith("/") else normpath(f"{dirname(url)}/{target}"))
    return found


def test_every_address_of_the_map_page_resolves_in_a_production_build(client, built):
    district = DistrictFactory(name="Wanne-Süd", slug="wanne-sued")
    project = ProjectFactory()
    project.districts.add(district)
    place = LocationFactory(project=project, district=district, latitude="51.53", longitude="7.16")
    offer = OfferFactory(project=project, published=True)
    offer.locations.add(place)

    with override_settings(STATIC_ROOT=built, STORAGES=MANIFEST, MAP_TILE_URL=""):
        html = client.get(f"/stadtteilplan/{district.slug}/karte/").content.decode()
        detail = client.get(
            f"/stadtteilplan/{district.slug}/angebote/{offer.public_id}/"
        ).content.decode()

    addresses = set()
    for page in (html, detail):
        addresses |= set(re.findall(r'(?:href|src)="(/static/[^"]+)"', page))
        centre = json.loads(re.search(r'id="[a-z]+-centre"[^>]*>(.*?)</script>', page).group(1))
        icons = centre["icons"]
        addresses |= set(icons.values())
    # The marker images, the favicon and Leaflet are among them, under hashed names.
    assert sorted(icons) == ["icon", "icon2x", "shadow"]
    assert any(re.fullmatch(r"/static/quartier/favicon\.[0-9a-f]{12}\.svg", a) for a in addresses)
    assert any(re.fullmatch(r"/static/leaflet/leaflet\.[0-9a-f]{12}\.js", a) for a in addresses)
    assert all(re.search(r"\.[0-9a-f]{12}\.png$", url) for url in icons.values())
    stylesheets = [address for address in addresses if address.endswith(".css")]
    assert stylesheets
    for stylesheet in stylesheets:
        addresses |= set(_css_references(built, stylesheet))
    missing = sorted(address for address in addresses if not _static_file(built, address).is_file())
    assert missing == []
