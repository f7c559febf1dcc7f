"""A case worker builds an offer in the browser: creates it, adds its weekly dates with a
holiday, finds it again with the live search (htmx under the strict CSP), and the
catalogue's pages and forms pass axe without serious problems."""

import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from quartier.demo import data
from quartier.offers.models import Offer

from .test_login_and_shell import _serious, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_case_worker_creates_an_offer_with_dates_and_finds_it_again(page):
    call_command("seed_demo", "--participants", "0")
    log_in(page, f"fallmanagement@{data.DEMO_DOMAIN}", data.DEMO_PASSWORD)
    page.wait_for_url(page.base + "/")
    problems = []

    page.goto(page.base + "/angebote/neu/")
    problems += _serious(Axe().run(page))
    page.locator("#id_kind").select_option("qualification_module")
    page.locator("#id_title").fill("Fahrradrikscha E-Mobilität")
    page.locator("#id_short_description").fill("Rikschafahrten für ältere Menschen im Quartier")
    page.locator("#id_occupational_field").select_option("emobility_bicycles")
    page.locator("input[name=target_groups][value=seniors]").check()
    page.locator("#id_languages").fill("de, tr")
    page.locator("#id_capacity").fill("8")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/angebote/*/")
    offer = Offer.objects.get(title="Fahrradrikscha E-Mobilität")
    assert offer.languages == ["de", "tr"]

    today = timezone.localdate()
    monday = today + dt.timedelta(days=7 - today.weekday())
    holiday = monday + dt.timedelta(days=7)
    page.goto(page.base + f"/angebote/{offer.pk}/termine/neu/")
    problems += _serious(Axe().run(page))
    page.locator("input[name=weekdays][value='0']").check()
    page.locator("#id_start_time").fill("09:00")
    page.locator("#id_end_time").fill("12:00")
    page.locator("#id_valid_from").fill(monday.isoformat())
    page.locator("#id_exceptions").fill(f"{holiday:%d.%m.%Y} Feiertag")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/angebote/{offer.pk}/")

    sessions = page.locator("#schedules")
    expect(sessions).to_contain_text(f"{monday:%d.%m.%Y}, 09:00–12:00")
    expect(sessions).to_contain_text(f"{holiday:%d.%m.%Y} (Feiertag)")
    assert f"{holiday:%d.%m.%Y}, 09:00" not in sessions.inner_text()
    problems += _serious(Axe().run(page))

    page.goto(page.base + "/angebote/")
    results = page.locator("#offer-results")
    expect(results).to_contain_text("Fahrradrikscha E-Mobilität")
    page.locator("#id_q").press_sequentially("gibt es nicht", delay=20)
    expect(results).not_to_contain_text("Fahrradrikscha E-Mobilität", timeout=10_000)
    page.locator("#id_q").fill("")
    page.locator("#id_q").press_sequentially("rikscha", delay=20)
    expect(results).to_contain_text("Fahrradrikscha E-Mobilität", timeout=10_000)
    assert "q=rikscha" in page.url  # hx-push-url: the search can be bookmarked
    problems += _serious(Axe().run(page))

    for path in [f"/angebote/{offer.pk}/uebersetzungen/ar/", "/angebote/orte/neu/"]:
        page.goto(page.base + path)
        problems += _serious(Axe().run(page))

    assert problems == []
    assert page.csp_errors == []
