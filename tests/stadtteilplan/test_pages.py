"""The public offer map's pages through the test client: what a resident sees, in which
language, with which filters, and that nothing but published offers shows."""

import datetime as dt
import json
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from quartier.core.models import ProjectMember
from quartier.stadtteilplan import selectors
from tests.factories import (
    DistrictFactory,
    DistrictStatisticFactory,
    OrganisationFactory,
    ProjectFactory,
    UserFactory,
)
from tests.offers.factories import (
    LocationFactory,
    OfferFactory,
    OfferTranslationFactory,
    ScheduleExceptionFactory,
    ScheduleFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def district():
    return DistrictFactory(name="Wanne-Süd", slug="wanne-sued", city="Herne")


@pytest.fixture
def project(district):
    project = ProjectFactory(name="BQB-Süd")
    project.districts.add(district)
    return project


@pytest.fixture
def cafe(project, district):
    return LocationFactory(
        project=project, district=district, name="Stadtteilcafé", accessible=True
    )


def published(project, place, **fields):
    offer = OfferFactory(project=project, published=True, **fields)
    offer.locations.add(place)
    return offer


def titles(response) -> list[str]:
    return [row["text"].title for row in response.context["rows"]]


def test_the_list_shows_only_published_active_running_offers_of_the_district(
    client, project, district, cafe
):
    shown = published(project, cafe, title="Sprachcafé")
    published(project, cafe, title="Entwurf").__class__.objects.filter(title="Entwurf").update(
        published=False
    )
    published(project, cafe, title="Ruht", active=False)
    published(project, cafe, title="Vorbei", end_date=timezone.localdate() - dt.timedelta(days=1))
    elsewhere = LocationFactory(project=project, district=DistrictFactory(), name="Anderswo")
    published(project, elsewhere, title="Anderer Stadtteil")
    by_phone = OfferFactory(project=project, published=True, title="Telefonberatung")

    response = client.get(f"/stadtteilplan/{district.slug}/")

    assert response.status_code == 200
    assert sorted(titles(response)) == ["Sprachcafé", "Telefonberatung"]
    assert shown.title in response.content.decode()
    assert by_phone.locations.count() == 0


def test_public_pages_set_no_cookie_and_need_no_login(client, project, district, cafe):
    offer = published(project, cafe)
    for path in [
        "/stadtteilplan/",
        f"/stadtteilplan/{district.slug}/",
        f"/stadtteilplan/{district.slug}/karte/",
        f"/stadtteilplan/{district.slug}/stadtteil/",
        f"/stadtteilplan/{district.slug}/angebote/{offer.public_id}/",
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert not response.cookies, (path, response.cookies)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=course", ["Deutschkurs"]),
        ("kind=course&kind=cafe_meeting", ["Deutschkurs", "Elterncafé"]),
        ("group=families", ["Elterncafé"]),
        ("language=tr", ["Elterncafé"]),
        ("free=on", ["Elterncafé"]),
        ("childcare=on", ["Elterncafé"]),
        ("accessible=on", ["Deutschkurs"]),
        ("day=0", ["Deutschkurs"]),
        ("day=2", ["Elterncafé"]),
        ("time=morning", ["Deutschkurs"]),
        ("time=afternoon", ["Elterncafé"]),
        ("q=deutsch", ["Deutschkurs"]),
        ("q=parents", ["Elterncafé"]),
        ("q=kreisverband", ["Deutschkurs", "Elterncafé"]),
        ("q=nichts+da", []),
    ],
)
def test_filters(client, project, district, query, expected):
    organisation = project.lead_organisation
    organisation.name = "DRK Kreisverband"
    organisation.save()
    plain = LocationFactory(project=project, district=district, accessible=False)
    ramp = LocationFactory(project=project, district=district, accessible=True)
    course = published(
        project,
        ramp,
        title="Deutschkurs",
        kind="course",
        cost="20.00",
        target_groups=["immigrants"],
        languages=["de", "ar"],
    )
    ScheduleFactory(offer=course, weekdays=[0], start_time=dt.time(9), end_time=dt.time(11))
    parents = published(
        project,
        plain,
        title="Elterncafé",
        kind="cafe_meeting",
        target_groups=["families", "single_parents"],
        languages=["de", "tr"],
        childcare_available=True,
    )
    ScheduleFactory(offer=parents, weekdays=[2], start_time=dt.time(14), end_time=dt.time(16))
    OfferTranslationFactory(offer=parents, language="en", title="Parents' café")

    response = client.get(f"/stadtteilplan/{district.slug}/?{query}", HTTP_ACCEPT_LANGUAGE="en")

    shown = sorted(row["offer"].title for row in response.context["rows"])
    assert shown == sorted(expected)


def test_malformed_filters_and_pages_are_left_out_with_a_note(client, project, district, cafe):
    for number in range(3):
        published(project, cafe, title=f"Angebot {number}")
    response = client.get(
        f"/stadtteilplan/{district.slug}/?day=montag&kind=rakete&time=nachts&seite=abc",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert len(response.context["rows"]) == 3
    assert "Some filters could not be read" in response.content.decode()

    response = client.get(f"/stadtteilplan/{district.slug}/?seite=999999999999999999999")
    assert response.status_code == 200
    assert response.context["page"].number == 1


def test_the_list_is_paginated(client, project, district, cafe):
    for number in range(selectors.PAGE_SIZE + 3):
        published(project, cafe, title=f"Angebot {number:02d}")
    first = client.get(f"/stadtteilplan/{district.slug}/?free=on")
    second = client.get(f"/stadtteilplan/{district.slug}/?free=on&seite=2")
    assert len(first.context["rows"]) == selectors.PAGE_SIZE
    assert len(second.context["rows"]) == 3
    assert 'href="?free=on&amp;seite=2"' in first.content.decode()


def test_the_list_needs_the_same_queries_for_few_and_many_offers(client, project, district):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/stadtteilplan/{district.slug}/")
        assert response.status_code == 200
        return len(queries)

    def add(number):
        for _ in range(number):
            place = LocationFactory(project=project, district=district)
            offer = published(project, place)
            ScheduleFactory(offer=offer)
            OfferTranslationFactory(offer=offer, language="ar", title="عنوان")

    add(2)
    few = count_queries()
    add(15)
    assert count_queries() == few


def test_open_now_checks_the_exact_sessions(project, district, cafe):
    monday_10 = timezone.make_aware(dt.datetime(2026, 11, 23, 10, 0))
    running = published(project, cafe, title="Läuft")
    ScheduleFactory(
        offer=running,
        weekdays=[0],
        start_time=dt.time(9),
        end_time=dt.time(12),
        valid_from=dt.date(2026, 1, 5),
    )
    holiday = published(project, cafe, title="Feiertag")
    schedule = ScheduleFactory(
        offer=holiday,
        weekdays=[0],
        start_time=dt.time(9),
        end_time=dt.time(12),
        valid_from=dt.date(2026, 1, 5),
    )
    ScheduleExceptionFactory(schedule=schedule, date=monday_10.date())
    later = published(project, cafe, title="Später")
    ScheduleFactory(
        offer=later,
        weekdays=[0],
        start_time=dt.time(14),
        end_time=dt.time(16),
        valid_from=dt.date(2026, 1, 5),
    )
    other_week = published(project, cafe, title="Jede zweite Woche")
    ScheduleFactory(
        offer=other_week,
        weekdays=[0],
        interval=2,
        valid_from=dt.date(2026, 11, 16),
        start_time=dt.time(9),
        end_time=dt.time(12),
    )

    offers = selectors.district_offers(district, "de")
    found = selectors.filter_offers(
        offers, selectors.PublicFilter(open_now=True, now=monday_10), "de"
    )

    assert [offer.title for offer in found] == ["Läuft"]


def test_offer_page_in_arabic_is_right_to_left_and_marks_german_fallbacks(
    client, project, district, cafe
):
    offer = published(
        project,
        cafe,
        title="Elterncafé",
        short_description="Treffen für Eltern",
        how_to_take_part="Einfach vorbeikommen",
        target_groups=["families"],
    )
    ScheduleFactory(offer=offer, weekdays=[2], start_time=dt.time(14), end_time=dt.time(16))
    OfferTranslationFactory(offer=offer, language="ar", title="مقهى الآباء", how_to_take_part="")

    response = client.get(
        f"/stadtteilplan/{district.slug}/angebote/{offer.public_id}/", HTTP_ACCEPT_LANGUAGE="ar"
    )

    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "مقهى الآباء" in html
    assert re.search(r'<p lang="de">Einfach vorbeikommen', html)
    assert "Stadtteilcafé" in html
    assert "kalender.ics" in html
    assert f"/stadtteilplan/{district.slug}/angebote/{offer.public_id}/anfrage/" in html


def test_offer_page_shows_the_next_dates_and_leaves_out_exceptions(client, project, district, cafe):
    offer = published(project, cafe)
    schedule = ScheduleFactory(offer=offer, start_time=dt.time(9), end_time=dt.time(12))
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    ScheduleExceptionFactory(schedule=schedule, date=tomorrow)

    response = client.get(f"/stadtteilplan/{district.slug}/angebote/{offer.public_id}/")

    dates = [session.date for session in response.context["sessions"]]
    assert dates[0] == timezone.localdate()
    assert tomorrow not in dates
    assert len(dates) == 6


def test_unknown_district_and_offers_are_a_friendly_404_in_the_visitors_language(
    client, project, district, cafe
):
    hidden = published(project, cafe)
    hidden.published = False
    hidden.save()
    other = DistrictFactory()
    shown = published(project, cafe)
    for path in [
        "/stadtteilplan/gibt-es-nicht/",
        f"/stadtteilplan/{district.slug}/angebote/{hidden.public_id}/",
        f"/stadtteilplan/{other.slug}/angebote/{shown.public_id}/",
        f"/stadtteilplan/{district.slug}/angebote/keine-uuid/",
    ]:
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 404, path
        assert "We could not find this page" in response.content.decode(), path
        assert '<html lang="en"' in response.content.decode()


def test_the_language_switch_remembers_the_choice_and_stays_on_the_site(client, district):
    response = client.get(
        "/stadtteilplan/sprache/", {"lang": "uk", "next": f"/stadtteilplan/{district.slug}/"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/stadtteilplan/{district.slug}/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "uk"
    page = client.get(f"/stadtteilplan/{district.slug}/")
    assert '<html lang="uk"' in page.content.decode()

    away = client.get("/stadtteilplan/sprache/", {"lang": "xx", "next": "https://evil.example/"})
    assert away["Location"] == "/stadtteilplan/"
    assert settings.LANGUAGE_COOKIE_NAME not in away.cookies


def test_staff_pages_stay_german_when_a_residents_language_is_chosen(client):
    user = UserFactory(is_demo=True)
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "tr"
    response = client.get("/", follow=True)
    assert response.status_code == 200
    assert '<html lang="de"' in response.content.decode()


def test_offer_texts_are_escaped(client, project, district, cafe):
    published(project, cafe, title="<script>alert(1)</script>")
    html = client.get(f"/stadtteilplan/{district.slug}/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_map_has_a_marker_per_place_and_lists_every_place(client, project, district, cafe):
    garden = LocationFactory(
        project=project, district=district, name="Garten", latitude=None, longitude=None
    )
    published(project, cafe, title="Sprachcafé", kind="cafe_meeting")
    published(project, garden, title="Gartenprojekt")

    response = client.get(f"/stadtteilplan/{district.slug}/karte/")

    html = response.content.decode()
    markers = json.loads(re.search(r'id="map-markers"[^>]*>(.*?)</script>', html).group(1))
    assert [marker["name"] for marker in markers] == ["Stadtteilcafé"]
    assert markers[0]["cafe"] is True
    assert markers[0]["url"] == f"/stadtteilplan/{district.slug}/?ort={cafe.public_id}"
    assert "Garten" in html
    assert f"?ort={garden.public_id}" in html
    assert "leaflet/leaflet.js" in html

    at_the_garden = client.get(
        markers[0]["url"].replace(str(cafe.public_id), str(garden.public_id))
    )
    assert titles(at_the_garden) == ["Gartenprojekt"]
    assert (
        "Offers at Garten"
        in client.get(
            f"/stadtteilplan/{district.slug}/?ort={garden.public_id}", HTTP_ACCEPT_LANGUAGE="en"
        ).content.decode()
    )


def test_district_portrait_compares_the_district_with_the_city(client, project, district, cafe):
    DistrictStatisticFactory(district=district, source="Stadt Herne, Statistikstelle")
    organisation = OrganisationFactory(name="Caritas Herne", phone="02323 12345")
    ProjectMember.objects.create(project=project, organisation=organisation)
    published(project, cafe)

    response = client.get(f"/stadtteilplan/{district.slug}/stadtteil/", HTTP_ACCEPT_LANGUAGE="de")

    html = response.content.decode()
    assert "Stadt Herne, Statistikstelle" in html
    assert "23,9 %" in html
    assert "19,3 %" in html
    assert "Caritas Herne" in html
    assert "02323 12345" in html
    assert "Stadtteilcafé" in html
