"""A resident uses the public offer map in real Chromium: in Arabic on a 360 px phone she
finds a free offer for families in Wanne-Süd, sees when and where it is, and asks for an
appointment, which the project's staff then find among their first contacts. The public
pages pass axe-core without any violation in German and Arabic, and work by keyboard."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import expect

from quartier.demo import data
from quartier.participants.models import FirstContact

from .test_login_and_shell import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DISTRICT = "herne-wanne-sued"


@pytest.fixture
def phone(browser, live_server):
    """A 360 px phone whose browser asks for Arabic."""
    context = browser.new_context(
        locale="ar", viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base = live_server.url
    yield page
    context.close()


def violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{page.url}: {v['id']} ({v['impact']}): {v['help']}"
        for v in results.response.get("violations", [])
    ]


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_resident_finds_a_free_family_offer_in_arabic_and_asks_for_an_appointment(phone, page):
    call_command("seed_demo", "--participants", "0")
    before = FirstContact.objects.filter(status=FirstContact.Status.REQUEST).count()

    phone.goto(phone.base + f"/stadtteilplan/{DISTRICT}/")
    expect(phone.locator("html")).to_have_attribute("dir", "rtl")
    assert fits_the_screen(phone)

    phone.locator("details.more-filters > summary").click()
    phone.locator("#id_group").select_option("families")
    phone.locator("input[name=free]").check()
    phone.locator("details.more-filters button[type=submit]").click()
    phone.wait_for_url("**group=families**")
    cards = phone.locator("ul.cards > li.card")
    expect(cards.first).to_be_visible()
    cafe = phone.locator("li.card", has_text="Wanne-Süd").filter(has_text="مقهى")
    expect(cafe).to_have_count(1)
    cafe.locator("h3 a").click()

    phone.wait_for_url("**/angebote/*/")
    expect(phone.locator("html")).to_have_attribute("lang", "ar")
    expect(phone.locator("#when")).to_be_visible()
    expect(phone.locator("ul.dates li").first).to_be_visible()
    expect(phone.locator("ul.places")).to_contain_text("Wanne")
    assert fits_the_screen(phone)

    phone.locator("p.ask a.button").click()
    phone.wait_for_url("**/anfrage/")
    phone.locator("#id_name").fill("Amal")
    phone.locator("input[name=reach_by][value=phone]").check()
    phone.locator("#id_phone").fill("0176 1234567")
    phone.locator("#id_message").fill("<b>أريد</b> موعدا للمقهى")
    phone.locator("#id_consent").check()
    assert fits_the_screen(phone)
    # The form refuses what is sent within seconds of opening it (a bot's speed).
    phone.wait_for_timeout(3500)
    phone.locator("form button[type=submit]").click()
    phone.wait_for_url("**/anfrage/danke/**")
    expect(phone.locator("html")).to_have_attribute("dir", "rtl")

    requests = FirstContact.objects.filter(status=FirstContact.Status.REQUEST)
    assert requests.count() == before + 1
    request = requests.order_by("-id").first()
    assert request.name == "Amal"
    assert request.project.slug == "bqb-sued"
    assert request.notes == "<b>أريد</b> موعدا للمقهى"

    log_in(page, f"fallmanagement@{data.DEMO_DOMAIN}", data.DEMO_PASSWORD)
    page.wait_for_url(page.base + "/")
    page.goto(page.base + "/erstkontakte/?status=request")
    row = page.locator("main tr", has_text="Amal")
    expect(row).to_contain_text("Termin angefragt")
    row.get_by_role("link", name="Bearbeiten").click()
    page.wait_for_url(f"**/erstkontakte/{request.pk}/")
    expect(page.locator("#id_notes")).to_have_value("<b>أريد</b> موعدا للمقهى")


@pytest.mark.parametrize("language", ["de", "ar"])
def test_public_pages_pass_axe_in_german_and_arabic(browser, live_server, language):
    call_command("seed_demo", "--participants", "0")
    from quartier.offers.models import Offer

    offer = Offer.objects.filter(
        published=True, title="Stadtteilcafé Wanne-Süd", locations__district__slug=DISTRICT
    ).first()
    context = browser.new_context(locale=language, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    base = live_server.url + f"/stadtteilplan/{DISTRICT}/"
    problems = []
    for path in [
        "",
        "?group=families&free=on",
        "karte/",
        "stadtteil/",
        f"angebote/{offer.public_id}/",
        "anfrage/",
        f"angebote/{offer.public_id}/anfrage/",
    ]:
        page.goto(base + path)
        page.wait_for_load_state("load")
        expect(page.locator("html")).to_have_attribute("lang", language)
        problems += violations(page)
    page.goto(live_server.url + "/stadtteilplan/")
    problems += violations(page)
    context.close()
    assert problems == []


def test_the_offer_map_works_by_keyboard_alone(page):
    call_command("seed_demo", "--participants", "0")
    page.goto(page.base + f"/stadtteilplan/{DISTRICT}/")

    page.keyboard.press("Tab")
    expect(page.locator("a.skip")).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.locator("#id_q")).to_be_focused()
    page.keyboard.type("Stadtteilcafé")
    page.keyboard.press("Enter")
    page.wait_for_url("**q=Stadtteilcaf**")
    first = page.locator("ul.cards > li.card h3 a").first
    expect(first).to_contain_text("Stadtteilcafé")

    # The language switch opens and is followed by keyboard.
    page.locator("details.languages > summary").focus()
    page.keyboard.press("Enter")
    link = page.locator("details.languages a[hreflang=tr]")
    expect(link).to_be_visible()
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state("load")
    expect(page.locator("html")).to_have_attribute("lang", "tr")
    assert "q=Stadtteilcaf" in page.url

    # The map's markers are reachable by keyboard too.
    page.goto(page.base + f"/stadtteilplan/{DISTRICT}/karte/")
    marker = page.locator(".leaflet-marker-icon").first
    expect(marker).to_be_visible()
    marker.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".leaflet-popup-content a").first).to_be_visible()


def test_arabic_pages_isolate_names_and_times_and_the_plain_map_names_its_places(phone):
    """On a 360 px phone in Arabic: an organisation's name ending in "e.V." and a time
    range are isolated runs (not ".Wanne-Eickel e.V" or "–09:00 / 12:00"), lists are
    separated by the Arabic comma, and the map without tiles writes each place's name,
    with the list one tap away and its marker images loaded."""
    call_command("seed_demo", "--participants", "0")
    phone.goto(phone.base + f"/stadtteilplan/{DISTRICT}/")
    expect(phone.locator("html")).to_have_attribute("dir", "rtl")

    organisation = phone.locator("p.kind bdi.org", has_text="e.V.").first
    expect(organisation).to_be_visible()
    assert organisation.evaluate("node => getComputedStyle(node).unicodeBidi") == "isolate"
    assert organisation.inner_text().endswith("e.V.")

    times = phone.locator("dd time bdi.time-range").first
    expect(times).to_be_visible()
    assert times.evaluate("node => getComputedStyle(node).direction") == "ltr"
    assert times.evaluate("node => getComputedStyle(node).unicodeBidi") == "isolate"
    assert re.fullmatch(r"\d\d:\d\d–\d\d:\d\d", times.inner_text())
    # The time range is drawn left to right: its start lies left of its end.
    starts_left = times.evaluate(
        """node => {
            const text = node.firstChild, range = document.createRange();
            range.setStart(text, 0); range.setEnd(text, 5);
            const start = range.getBoundingClientRect();
            range.setStart(text, text.length - 5); range.setEnd(text, text.length);
            return start.left < range.getBoundingClientRect().left;
        }"""
    )
    assert starts_left
    next_date = phone.locator("dd time").first.inner_text()
    assert "، " in next_date
    assert ", " not in next_date

    from quartier.offers.models import Offer

    cafe = Offer.objects.filter(
        published=True, title="Stadtteilcafé Wanne-Süd", locations__district__slug=DISTRICT
    ).first()
    assert len(cafe.languages) > 1
    phone.goto(phone.base + f"/stadtteilplan/{DISTRICT}/angebote/{cafe.public_id}/")
    languages = phone.locator("section[aria-labelledby=language] p").inner_text()
    assert languages.count("، ") == len(cafe.languages) - 1
    assert ", " not in languages
    date_line = phone.locator("ul.dates li").first
    expect(date_line.locator("bdi.time-range[dir=ltr]")).to_have_count(1)

    phone.goto(phone.base + f"/stadtteilplan/{DISTRICT}/karte/")
    to_list = phone.locator("p.to-list a")
    expect(to_list).to_be_visible()
    expect(to_list).to_have_text("القائمة")
    assert to_list.bounding_box()["y"] < phone.locator("#map").bounding_box()["y"]
    labels = phone.locator(".leaflet-tooltip.map-place-label")
    places = phone.locator("#places-heading ~ ul.cards > li.card")
    expect(labels).to_have_count(places.count())
    expect(labels.first).to_be_visible()
    for label in labels.all():
        assert label.inner_text() in phone.locator("#places-heading ~ ul.cards").inner_text()
    for marker in phone.locator("img.leaflet-marker-icon").all():
        assert marker.evaluate("image => image.complete && image.naturalWidth > 0")
    expect(phone.locator(".leaflet-control-zoom-in")).to_have_attribute("title", "تكبير")
    expect(phone.locator(".leaflet-control-zoom-out")).to_have_attribute("title", "تصغير")
    assert fits_the_screen(phone)
    to_list.click()
    expect(phone.locator("#places-heading")).to_be_in_viewport()
