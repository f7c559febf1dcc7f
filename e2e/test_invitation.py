"""A new colleague's first day: the lead adds her on the team page, she follows the
invitation e-mail, sets her password, logs in, sets up TOTP and reaches her start page."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from playwright.sync_api import expect

from quartier.core.models import Role, User
from tests.factories import MembershipFactory, OrganisationFactory, ProjectFactory

from .conftest import totp_now

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "Stadtteil-Herne-2027!"


def log_in(page, email, password):
    page.goto(page.base + "/accounts/login/")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort").fill(password)
    page.get_by_role("button", name="Anmelden").click()


def test_an_invited_colleague_goes_from_the_email_to_her_start_page_with_totp(
    page, browser, settings
):
    settings.QUARTIER_BASE_URL = page.base
    organisation = OrganisationFactory(name="DRK Herne")
    project = ProjectFactory(name="BQB-Süd Test", lead=organisation)
    lead = MembershipFactory(
        project=project,
        organisation=organisation,
        role=Role.PROJECT_LEAD,
        user__is_demo=True,
        user__full_name="Petra Leitung",
    ).user
    mail.outbox.clear()

    log_in(page, lead.email, "correct-horse-battery-9")
    page.wait_for_url(page.base + "/")
    page.goto(page.base + f"/projekte/{project.slug}/team/")
    page.get_by_label("E-Mail-Adresse").fill("nora.neu@example.org")
    page.get_by_label("Vollständiger Name").fill("Nora Neu")
    page.get_by_label("Organisation").select_option(label="DRK Herne")
    page.get_by_label("Rolle").select_option("case_worker")
    page.get_by_role("button", name="Hinzufügen").click()
    expect(page.locator(".messages")).to_contain_text("wurde hinzugefügt")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Quartier: Einladung zum Projekt BQB-Süd Test"
    assert "Petra Leitung" in message.body
    link = re.search(r"(http://\S+/einladung/\S+/)", message.body).group(1)

    # She opens the e-mail in her own browser.
    context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    her = context.new_page()
    her.set_default_timeout(15000)
    her.base = page.base
    her.goto(link)
    expect(her.get_by_role("heading", name="Passwort festlegen")).to_be_visible()
    her.locator("#id_new_password1").fill(NEW_PASSWORD)
    her.locator("#id_new_password2").fill(NEW_PASSWORD)
    her.get_by_role("button", name="Passwort festlegen").click()
    her.wait_for_url("**/accounts/login/")
    expect(her.locator(".messages")).to_contain_text("Ihr Passwort ist festgelegt")

    log_in(her, "nora.neu@example.org", NEW_PASSWORD)
    her.wait_for_url("**/accounts/2fa/totp/activate/")
    secret = her.locator("#authenticator_secret").input_value()
    her.get_by_label("Authentifizierungscode").fill(totp_now(secret))
    her.get_by_role("button", name="Aktivieren").click()
    her.wait_for_url("**/2fa/recovery-codes/**")

    her.goto(her.base + "/")
    expect(her.get_by_role("heading", name="Mein Tag")).to_be_visible()
    assert "BQB-Süd Test" in her.locator("main").inner_text()
    user = User.objects.get(email="nora.neu@example.org")
    assert EmailAddress.objects.get(user=user).verified

    # The link is spent.
    her.goto(link)
    expect(her.locator("main")).to_contain_text("nicht mehr gültig")
    context.close()
