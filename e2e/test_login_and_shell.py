"""A staff member's first day: login, MFA enrolment, start page, team management."""

import time

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import expect

from quartier.core.models import Membership, Role
from quartier.demo import data
from tests.factories import MembershipFactory, OrganisationFactory, ProjectFactory

from .conftest import totp_now

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery-9"


def log_in(page, email, password):
    page.goto(page.base + "/accounts/login/")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort").fill(password)
    page.get_by_role("button", name="Anmelden").click()


def test_new_case_worker_enrols_totp_at_first_login_and_needs_it_next_time(page):
    project = ProjectFactory(name="BQB-Süd Test", lead=OrganisationFactory(name="DRK Herne"))
    member = MembershipFactory(project=project, role=Role.CASE_WORKER)

    log_in(page, member.user.email, PASSWORD)
    page.wait_for_url("**/accounts/2fa/totp/activate/")
    secret = page.locator("#authenticator_secret").input_value()
    page.get_by_label("Authentifizierungscode").fill(totp_now(secret))
    page.get_by_role("button", name="Aktivieren").click()
    page.wait_for_url("**/2fa/recovery-codes/**")
    assert page.locator("main").inner_text().count("\n") > 3

    page.goto(page.base + "/")
    assert page.get_by_role("heading", name="Mein Tag").is_visible()
    assert "BQB-Süd Test" in page.locator("main").inner_text()

    page.locator(".account-menu summary").click()
    page.get_by_role("button", name="Abmelden").click()
    page.wait_for_load_state()
    log_in(page, member.user.email, PASSWORD)
    page.wait_for_url("**/accounts/2fa/authenticate/")
    # A fresh code, in the next 30-second window if the last one was just used.
    time.sleep(max(0, 30 - time.time() % 30) + 0.5)
    page.get_by_label("Code").first.fill(totp_now(secret))
    page.locator("main button[type=submit]").first.click()
    page.wait_for_url(page.base + "/")
    assert page.get_by_role("heading", name="Mein Tag").is_visible()
    assert page.csp_errors == []


def test_demo_lead_adds_changes_and_removes_a_team_member(page):
    call_command("seed_demo", "--participants", "0")
    log_in(page, f"projektleitung@{data.DEMO_DOMAIN}", data.DEMO_PASSWORD)
    page.wait_for_url(page.base + "/")
    page.goto(page.base + "/projekte/bqb-sued/team/")

    page.get_by_label("E-Mail-Adresse").fill("neue.kollegin@example.org")
    page.get_by_label("Vollständiger Name").fill("Neue Kollegin")
    page.get_by_label("Organisation").select_option(
        label="Deutsches Rotes Kreuz Kreisverband Herne und Wanne-Eickel e.V."
    )
    page.get_by_label("Rolle").select_option("job_coach")
    page.get_by_role("button", name="Hinzufügen").click()
    assert "wurde hinzugefügt" in page.locator(".messages").inner_text()

    # Live search (htmx): typing filters the team without a page load.
    page.get_by_label("Nach Name oder E-Mail suchen").press_sequentially("neue.kollegin")
    expect(page.locator("#member-results")).not_to_contain_text("projektleitung@")
    assert "neue.kollegin@example.org" in page.locator("#member-results").inner_text()
    assert "q=neue.kollegin" in page.url
    page.get_by_role("link", name="Rolle ändern").first.click()
    page.get_by_label("Rolle").select_option("case_worker")
    page.get_by_role("button", name="Speichern").click()
    # The redirect's message says the save is done; only then look at the database.
    expect(page.locator(".messages")).to_contain_text("Rolle wurde geändert")
    membership = Membership.objects.get(user__email="neue.kollegin@example.org")
    assert membership.role == Role.CASE_WORKER

    page.get_by_label("Nach Name oder E-Mail suchen").fill("neue.kollegin")
    page.get_by_role("button", name="Suchen").click()
    # Only the new colleague's row: clicking "Entfernen" before the search has replaced
    # the list would remove the first person of the whole team instead.
    row = page.locator("#member-results tr", has_text="neue.kollegin@example.org")
    expect(page.locator("#member-results")).not_to_contain_text("projektleitung@")
    row.get_by_role("link", name="Entfernen").click()
    page.wait_for_url(f"**/{membership.pk}/**")
    assert "verliert in diesem Projekt die Rolle" in page.locator("main").inner_text()
    page.get_by_role("button", name="Entfernen").click()
    # The confirmation page may show messages too: wait for the one the removal gives.
    expect(page.locator(".messages")).to_contain_text("Neue Kollegin hat die Rolle")
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert page.csp_errors == []


def test_pages_have_no_serious_accessibility_violations(page):
    call_command("seed_demo", "--participants", "0")
    axe = Axe()
    page.goto(page.base + "/accounts/login/")
    problems = _serious(axe.run(page))
    log_in(page, f"projektleitung@{data.DEMO_DOMAIN}", data.DEMO_PASSWORD)
    page.wait_for_url(page.base + "/")
    for path in [
        "/",
        "/projekte/",
        "/projekte/bqb-sued/",
        "/projekte/bqb-sued/team/",
        "/quartiere/herne-wanne-sued/",
        "/konto/api-tokens/",
    ]:
        page.goto(page.base + path)
        problems += [f"{path}: {p}" for p in _serious(axe.run(page))]
    assert problems == []


def _serious(results) -> list[str]:
    violations = results.response.get("violations", [])
    return [
        f"{v['id']} ({v['impact']}): {v['help']}"
        for v in violations
        if v.get("impact") in {"serious", "critical"}
    ]


def test_start_page_fits_a_360_px_phone(page):
    call_command("seed_demo", "--participants", "0")
    page.set_viewport_size({"width": 360, "height": 740})
    log_in(page, f"fallmanagement@{data.DEMO_DOMAIN}", data.DEMO_PASSWORD)
    page.wait_for_url(page.base + "/")
    for path in ["/", "/projekte/", "/quartiere/herne-wanne-sued/"]:
        page.goto(page.base + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"


def test_language_switch_to_english_and_back(page):
    page.goto(page.base + "/accounts/login/")
    assert page.get_by_role("heading", name="Bei Quartier anmelden").is_visible()
    with page.expect_navigation():
        page.get_by_label("Sprache").select_option("en")
    assert page.get_by_role("heading", name="Log in to Quartier").is_visible()
    assert page.evaluate("document.documentElement.lang") == "en"


def test_revoking_a_token_asks_first(page):
    call_command("seed_demo", "--participants", "0")
    log_in(page, f"fallmanagement@{data.DEMO_DOMAIN}", data.DEMO_PASSWORD)
    page.wait_for_url(page.base + "/")
    page.goto(page.base + "/konto/api-tokens/")
    page.get_by_label("Name").fill("Auswertung")
    page.get_by_role("button", name="Token erstellen").click()
    key = page.locator("#new-token").inner_text()
    assert key.startswith("qrt_")
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Widerrufen").first.click()
    assert "aktiv" in page.locator("tbody").inner_text()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Widerrufen").first.click()
    page.wait_for_load_state()
    assert "widerrufen" in page.locator("tbody").inner_text()


def test_api_docs_load_from_our_own_server_only(page):
    from urllib.parse import urlparse

    hosts = set()
    page.on("request", lambda request: hosts.add(urlparse(request.url).netloc))
    page.goto(page.base + "/api/v1/docs")
    page.get_by_text("/api/v1/projects/").first.wait_for()
    assert hosts == {urlparse(page.base).netloc}
    assert page.csp_errors == []
