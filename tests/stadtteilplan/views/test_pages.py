"""The public offer map's pages through the test client: what a resident sees, in which
language, with which filters, and that nothing but published offers shows."""

import datetime as dt
import json
import re
from html import unescape

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
    assert re.search(r'<p lang="de" dir="ltr">Einfach vorbeikommen', html)
    assert "Stadtteilcafé" in html
    assert "kalender.ics" in html
    assert f"/stadtteilplan/{district.slug}/angebote/{offer.public_id}/anfrage/" in html


def at(moment: dt.datetime):
    """Pin the clock (and so today's date) for one request."""
    from unittest import mock
    from zoneinfo import ZoneInfo

    return mock.patch(
        "django.utils.timezone.now",
        return_value=moment.replace(tzinfo=ZoneInfo(settings.TIME_ZONE)),
    )


def test_offer_page_shows_the_next_dates_and_leaves_out_exceptions(client, project, district, cafe):
    offer = published(project, cafe)
    schedule = ScheduleFactory(
        offer=offer, valid_from=dt.date(2026, 1, 1), start_time=dt.time(9), end_time=dt.time(12)
    )
    today, tomorrow = dt.date(2026, 3, 4), dt.date(2026, 3, 5)
    ScheduleExceptionFactory(schedule=schedule, date=tomorrow)

    with at(dt.datetime(2026, 3, 4, 8, 30)):
        response = client.get(f"/stadtteilplan/{district.slug}/angebote/{offer.public_id}/")

    dates = [session.date for session in response.context["sessions"]]
    assert dates[0] == today
    assert tomorrow not in dates
    assert len(dates) == 6


def test_next_date_leaves_out_a_session_that_ended_today(client, project, district, cafe):
    """At 12:15 the 9–12 session of the day is over: the list and the offer page name
    the next day's session; at 11:59 today's still counts."""
    offer = published(project, cafe, start_date=dt.date(2026, 1, 1), end_date=None)
    ScheduleFactory(
        offer=offer, valid_from=dt.date(2026, 1, 1), start_time=dt.time(9), end_time=dt.time(12)
    )
    page = f"/stadtteilplan/{district.slug}/angebote/{offer.public_id}/"
    listing = f"/stadtteilplan/{district.slug}/"

    with at(dt.datetime(2026, 3, 4, 12, 15)):
        sessions = client.get(page).context["sessions"]
        rows = client.get(listing).context["rows"]
    assert sessions[0].date == dt.date(2026, 3, 5)
    row = next(row for row in rows if row["offer"] == offer)
    assert [session.date for session in row["next"]] == [dt.date(2026, 3, 5)]

    with at(dt.datetime(2026, 3, 4, 11, 59)):
        assert client.get(page).context["sessions"][0].date == dt.date(2026, 3, 4)


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
        "Offers at <bdi>Garten</bdi>"
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


# Right-to-left pages: mixed-direction runs are isolated -------------------------------


@pytest.fixture
def arabic_offer(project, district, cafe):
    """An offer of an organisation whose name ends in a full stop, with a German-only
    short description, weekly on Wednesdays 09:00–12:00, in three languages."""
    organisation = project.lead_organisation
    organisation.name = "Stadtteilwerk Wanne-Eickel e.V."
    organisation.save()
    offer = published(
        project,
        cafe,
        title="Elterncafé",
        short_description="Treffen für Eltern",
        languages=["de", "tr", "ar"],
    )
    ScheduleFactory(offer=offer, weekdays=[2], start_time=dt.time(9), end_time=dt.time(12))
    OfferTranslationFactory(offer=offer, language="ar", title="مقهى الآباء", short_description="")
    return offer


def arabic(client, url: str) -> str:
    return client.get(url, HTTP_ACCEPT_LANGUAGE="ar").content.decode()


def test_arabic_offer_card_isolates_names_times_and_german_text(client, district, arabic_offer):
    html = arabic(client, f"/stadtteilplan/{district.slug}/")
    assert '<bdi class="org">Stadtteilwerk Wanne-Eickel e.V.</bdi>' in html
    assert '<bdi class="time-range" dir="ltr">09:00–12:00</bdi>' in html
    assert '<p lang="de" dir="ltr">Treffen für Eltern</p>' in html
    assert '<bdi class="place">Stadtteilcafé</bdi>' in html
    # The weekday, the date and the time range are separated by the Arabic comma.
    next_date = re.search(r"<time [^>]*>(.*?)</time>", html).group(1)
    assert next_date.count("، ") >= 2
    assert ", " not in next_date


def test_arabic_offer_page_isolates_names_times_languages_and_german_text(
    client, district, arabic_offer
):
    html = arabic(client, f"/stadtteilplan/{district.slug}/angebote/{arabic_offer.public_id}/")
    assert '<p class="kind">' in html
    assert '<bdi class="org">Stadtteilwerk Wanne-Eickel e.V.</bdi>' in html
    assert '<p lang="de" dir="ltr">Treffen für Eltern</p>' in html
    dates = re.findall(r'<ul class="dates">(.*?)</ul>', html, re.S)[0]
    assert dates.count('<bdi class="time-range" dir="ltr">09:00–12:00</bdi>') >= 1
    assert ", " not in dates
    languages = html.split('id="language"', 1)[1].split("</section>", 1)[0]
    assert '<bdi lang="de">Deutsch</bdi>، <bdi lang="tr">Türkçe</bdi>، <bdi lang="ar">' in languages
    assert '<bdi class="place">Stadtteilcafé</bdi>' in html


def test_german_pages_keep_the_latin_comma_and_no_german_marks(client, district, arabic_offer):
    html = client.get(
        f"/stadtteilplan/{district.slug}/angebote/{arabic_offer.public_id}/",
        HTTP_ACCEPT_LANGUAGE="de",
    ).content.decode()
    assert '<bdi lang="de">Deutsch</bdi>, <bdi lang="tr">Türkçe</bdi>' in html
    assert html.count('lang="de" dir="ltr"') == 1  # the page's own <html>
    assert "، " not in html


def test_arabic_request_form_and_district_page_isolate_organisation_names(
    client, district, arabic_offer
):
    form = arabic(
        client, f"/stadtteilplan/{district.slug}/angebote/{arabic_offer.public_id}/anfrage/"
    )
    assert "<bdi>Stadtteilwerk Wanne-Eickel e.V.</bdi>" in form  # in the consent text
    assert '(<bdi class="org">Stadtteilwerk Wanne-Eickel e.V.</bdi>)' in form
    portrait = arabic(client, f"/stadtteilplan/{district.slug}/stadtteil/")
    assert "<h1>Wanne-Süd</h1>" in portrait
    assert "<bdi>Wanne-Süd</bdi>" in portrait  # in the translated sentence


# The map without tiles, favicon, description -------------------------------------------


def test_the_map_without_tiles_is_plain_with_names_and_the_list_one_tap_away(
    client, project, district, cafe, settings
):
    settings.MAP_TILE_URL = ""
    district.boundary = {
        "type": "Polygon",
        "coordinates": [[[7.15, 51.52], [7.17, 51.52], [7.17, 51.54], [7.15, 51.52]]],
    }
    district.save()
    published(project, cafe, title="Sprachcafé")

    html = client.get(f"/stadtteilplan/{district.slug}/karte/").content.decode()

    assert 'class="map map-plain"' in html
    assert 'dir="ltr" class="map map-plain"' in html  # Leaflet's controls, also in Arabic
    # "Liste" comes before the map and leads to the list of the places below it.
    link = re.search(r'<a class="button" href="#places-heading">([^<]+)</a>', html)
    assert link.group(1) == "Liste"
    assert html.index('href="#places-heading"') < html.index('id="map"')
    assert 'id="places-heading"' in html
    centre = json.loads(re.search(r'id="map-centre"[^>]*>(.*?)</script>', html).group(1))
    assert centre["name"] == "Wanne-Süd"
    assert centre["boundary"]["type"] == "Polygon"
    assert centre["tiles"] == ""
    assert set(centre["icons"]) == {"icon", "icon2x", "shadow"}
    assert all(url.startswith("/static/leaflet/images/") for url in centre["icons"].values())
    # Leaflet's English button labels are replaced by the page's language.
    assert centre["labels"] == {
        "zoom_in": "Vergrößern",
        "zoom_out": "Verkleinern",
        "close": "Schließen",
    }


def test_map_script_labels_places_and_uses_the_pages_marker_images():
    script = (settings.BASE_DIR / "quartier" / "static" / "stadtteilplan" / "map.js").read_text()
    assert "bindTooltip" in script
    assert "permanent: true" in script
    assert "centre.icons.icon" in script  # never Leaflet's image path from its CSS


def test_the_map_with_tiles_keeps_its_background(client, project, district, cafe, settings):
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    published(project, cafe, title="Sprachcafé")
    html = client.get(f"/stadtteilplan/{district.slug}/karte/").content.decode()
    assert 'class="map"' in html
    assert "map-plain" not in html


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_every_public_page_has_a_favicon_and_a_description_in_its_language(
    client, project, district, cafe, language
):
    from django.utils import translation

    offer = published(project, cafe, title="Sprachcafé")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    with translation.override(language):
        general = translation.gettext(
            "Offers for residents: advice, courses, meeting places and help with work. "
            "Choose your district."
        )
        local = translation.gettext(
            "Advice, courses, meeting places and help with work: find what suits you, "
            "and ask for an appointment."
        )
    if language not in ("en",):
        assert general != (
            "Offers for residents: advice, courses, meeting places and help with work. "
            "Choose your district."
        )
    pages = {
        "/stadtteilplan/": general,
        f"/stadtteilplan/{district.slug}/": f"Wanne-Süd: {local}",
        f"/stadtteilplan/{district.slug}/karte/": f"Wanne-Süd: {local}",
        f"/stadtteilplan/{district.slug}/angebote/{offer.public_id}/": f"Wanne-Süd: {local}",
    }
    for url, description in pages.items():
        html = client.get(url).content.decode()
        meta = re.search(r'<meta name="description" content="([^"]+)">', html)
        assert meta, url
        assert unescape(meta.group(1)) == description
        assert re.search(r'<link rel="icon" href="/static/quartier/favicon\.svg"', html)


def test_staff_pages_have_the_favicon(client, db):
    html = client.get("/accounts/login/").content.decode()
    assert '<link rel="icon" href="/static/quartier/favicon.svg" type="image/svg+xml">' in html


def test_favicon_ico_leads_to_the_svg_icon_without_login(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/quartier/favicon.svg"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("cafe", ["Elterncafé", "Sprachcafé für Mütter"]),
        ("CAFÉ", ["Elterncafé", "Sprachcafé für Mütter"]),
        ("Cafe Mutter", ["Sprachcafé für Mütter"]),
        ("muetter", ["Sprachcafé für Mütter"]),
        ("MÜTTER", ["Sprachcafé für Mütter"]),
        ("turkce", ["Türkçe Sohbet"]),
        ("SOHBET", ["Türkçe Sohbet"]),
        ("isci", ["Türkçe Sohbet"]),
        ("strasse", ["Elterncafé"]),
        ("weiss", ["Elterncafé"]),
        ("arbeiterwohlfahrt", ["Türkçe Sohbet"]),
    ],
)
def test_the_search_ignores_accents_and_case(client, project, district, cafe, query, expected):
    published(project, cafe, title="Elterncafé", description="Treffpunkt Weiße Straße 3")
    published(project, cafe, title="Sprachcafé für Mütter")
    chat = published(
        project,
        cafe,
        title="Türkçe Sohbet",
        short_description="İşçi ve aileler için",
        organisation=OrganisationFactory(name="Arbeiterwohlfahrt"),
    )
    ProjectMember.objects.get_or_create(project=project, organisation=chat.organisation)
    published(project, cafe, title="Bewerbungstraining")
    response = client.get(f"/stadtteilplan/{district.slug}/", {"q": query})
    assert sorted(titles(response)) == expected


def test_a_translated_title_is_found_without_its_accents(client, project, district, cafe):
    offer = published(project, cafe, title="Beratung")
    OfferTranslationFactory(offer=offer, language="tr", title="Danışma ve Çözüm")
    found = selectors.filter_offers(
        selectors.district_offers(district, "tr"), selectors.PublicFilter(query="cozum"), "tr"
    )
    assert [o.title for o in found] == ["Beratung"]


@pytest.mark.parametrize(
    "text", ["Café", "ÇELİK", "Straße", "Ærø", "Ŀlorenç", "İşçi", "Mädchen ÖZTÜRK", "Ǆemal ½"]
)
def test_folding_in_sql_is_folding_in_python(project, text):
    from quartier.core.folding import Fold, fold, fold_loose
    from quartier.core.models import Organisation

    organisation = OrganisationFactory(name=text)
    folded = Organisation.objects.filter(pk=organisation.pk).annotate(
        strict=Fold("name"), loose=Fold("name", loose=True)
    )
    assert (folded.get().strict, folded.get().loose) == (fold(text), fold_loose(text))
