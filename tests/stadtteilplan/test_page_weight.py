"""The public map's page weight (issue 5): the offer list with a full page of offers, with
its style sheets and scripts, stays under 30 KB compressed; the map page with Leaflet's
script and style sheet under 100 KB. Sizes are gzip at level 6, what a web server sends;
map tiles and images are not counted. bench/offer_map.py prints the same at 5,000 offers."""

import datetime as dt
import gzip
import random
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from quartier.stadtteilplan.selectors import PAGE_SIZE
from tests.factories import DistrictFactory, ProjectFactory
from tests.offers.factories import (
    LocationFactory,
    OfferFactory,
    OfferTranslationFactory,
    ScheduleFactory,
)

pytestmark = pytest.mark.django_db

LIST_LIMIT = 30 * 1024
MAP_LIMIT = 100 * 1024

WORDS_DE = [
    "Beratung",
    "Austausch",
    "Familie",
    "Kinder",
    "Deutsch",
    "lernen",
    "Arbeit",
    "Bewerbung",
    "Nachbarschaft",
    "Garten",
    "Frühstück",
    "Computer",
    "Nähen",
    "Fahrrad",
    "Hausaufgaben",
    "Miete",
    "Behörden",
    "Briefe",
    "Anträge",
    "Senioren",
    "Frauen",
    "Eltern",
    "Jugendliche",
    "gemeinsam",
    "kostenlos",
    "offen",
    "Stadtteil",
    "Treffpunkt",
    "Café",
    "Kurs",
]
WORDS_AR = [
    "استشارة",
    "تبادل",
    "عائلة",
    "أطفال",
    "تعلم",
    "الألمانية",
    "عمل",
    "طلب",
    "جيران",
    "حديقة",
    "فطور",
    "حاسوب",
    "خياطة",
    "دراجة",
    "واجبات",
    "إيجار",
    "مكاتب",
    "رسائل",
    "طلبات",
    "كبار",
    "نساء",
    "آباء",
    "شباب",
    "معا",
    "مجاني",
    "مفتوح",
    "حي",
    "لقاء",
    "مقهى",
    "دورة",
]


class _Assets(HTMLParser):
    """The style sheets and scripts a page references."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "link" and "stylesheet" in (attributes.get("rel") or "").split():
            self.urls.append(attributes["href"])
        elif tag == "script" and attributes.get("src"):
            self.urls.append(attributes["src"])


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def weight(client, url: str, language: str) -> tuple[int, dict[str, int]]:
    """The page's and its CSS and JS files' gzip sizes: (total, {part: size})."""
    response = client.get(url, headers={"Accept-Language": language})
    assert response.status_code == 200
    assert response.headers["Content-Language"] == language
    parser = _Assets()
    parser.feed(response.content.decode())
    parts = {"html": gzip_size(response.content)}
    for asset in parser.urls:
        assert asset.startswith(settings.STATIC_URL), asset
        found = finders.find(asset.removeprefix(settings.STATIC_URL))
        assert found, f"{asset} is referenced but not found by the static files finders"
        parts[asset] = gzip_size(Path(found).read_bytes())
    return sum(parts.values()), parts


def sentence(rng: random.Random, words: list[str], count: int) -> str:
    return " ".join(rng.choice(words) for _ in range(count))


@pytest.fixture
def district():
    """Wanne-Süd with a full page of offers and then some (the pager shows), at eight
    places, each offer with two weekly schedules and half of them with an Arabic text."""
    rng = random.Random(5)
    district = DistrictFactory(name="Wanne-Süd", slug="wanne-sued", city="Herne")
    project = ProjectFactory(name="BQB-Süd")
    project.districts.add(district)
    places = [
        LocationFactory(
            project=project,
            district=district,
            name=f"Treffpunkt {sentence(rng, WORDS_DE, 2)}",
            street=f"Hauptstraße {number + 1}",
            latitude=f"51.53{number}000",
            longitude=f"7.16{number}000",
            accessible=number % 2 == 0,
        )
        for number in range(8)
    ]
    for number in range(PAGE_SIZE + 5):
        offer = OfferFactory(
            project=project,
            published=True,
            kind=rng.choice(["course", "cafe_meeting", "counselling_hour", "workshop"]),
            title=f"{sentence(rng, WORDS_DE, 4)} {number}",
            short_description=sentence(rng, WORDS_DE, 18)[:300],
            target_groups=["families", "immigrants"],
            languages=["de", "ar", "tr"],
            cost="0" if number % 3 else "5.00",
            childcare_available=number % 2 == 0,
            accessible=number % 4 == 0,
        )
        offer.locations.add(places[number % len(places)])
        for weekday, hour in [(number % 5, 9), ((number + 2) % 5, 14)]:
            ScheduleFactory(
                offer=offer,
                weekdays=[weekday],
                start_time=dt.time(hour),
                end_time=dt.time(hour + 2),
            )
        if number % 2:
            OfferTranslationFactory(
                offer=offer,
                language="ar",
                title=sentence(rng, WORDS_AR, 4),
                short_description=sentence(rng, WORDS_AR, 18)[:300],
            )
    return district


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_list_page_with_a_full_page_of_offers_is_under_30_kb(
    client, district, language, settings
):
    settings.PUBLIC_CACHE_ENABLED = False  # the second request's context is read
    total, parts = weight(client, f"/stadtteilplan/{district.slug}/", language)

    response = client.get(f"/stadtteilplan/{district.slug}/", headers={"Accept-Language": language})
    assert len(response.context["rows"]) == PAGE_SIZE
    assert response.context["page"].has_next()
    assert "/static/stadtteilplan/plan.css" in parts
    assert not any("leaflet" in part for part in parts), parts
    assert total < LIST_LIMIT, parts


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_map_page_with_leaflet_is_under_100_kb(client, district, language):
    total, parts = weight(client, f"/stadtteilplan/{district.slug}/karte/", language)

    assert {
        "/static/stadtteilplan/plan.css",
        "/static/leaflet/leaflet.css",
        "/static/leaflet/leaflet.js",
        "/static/stadtteilplan/map.js",
    } <= set(parts)
    # Leaflet alone is about 40 KB compressed: the limit leaves room for the page.
    assert parts["/static/leaflet/leaflet.js"] > 30 * 1024
    assert total < MAP_LIMIT, parts


def test_the_map_page_does_not_grow_with_the_offers_held_at_its_places(client, district):
    url = f"/stadtteilplan/{district.slug}/karte/"
    before, _ = weight(client, url, "de")
    project = district.projects.get()
    places = list(district.locations.order_by("pk"))
    for number in range(100):
        offer = OfferFactory(project=project, published=True, title=f"Weiteres Angebot {number}")
        offer.locations.add(places[number % len(places)])

    after, parts = weight(client, url, "de")

    assert after - before < 1024, parts
