"""A case worker finds an appointment request from the offer map on her start page,
takes it, records "Termin vereinbart" and closes it."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import expect

from quartier.core.models import Organisation, Project, User
from quartier.demo import data
from quartier.participants.models import Channel, FirstContact

from .test_login_and_shell import _serious, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_case_worker_takes_a_request_makes_an_appointment_and_closes_it(page):
    call_command("seed_demo", "--participants", "0")
    request = FirstContact.objects.create(
        project=Project.objects.get(slug="bqb-sued"),
        organisation=Organisation.objects.get(slug="drk-herne"),
        channel=Channel.REQUEST,
        status=FirstContact.Status.REQUEST,
        place="Bewerbungstraining · Stadtteilcafé Wanne-Süd",
        language="Türkisch",
        name="Leyla Testanfrage",
        reach="Telefon: 0151 2345678",
    )
    worker = User.objects.get(email=f"fallmanagement@{data.DEMO_DOMAIN}")

    log_in(page, worker.email, data.DEMO_PASSWORD)
    page.wait_for_url(page.base + "/")
    card = page.locator(f"#request-{request.pk}")
    expect(card).to_contain_text("Leyla Testanfrage")
    expect(card).to_contain_text("noch niemanden")
    problems = _serious(Axe().run(page))

    card.get_by_role("button", name="Mir zuweisen").click()
    expect(page.locator(".messages")).to_contain_text("Die Anfrage ist jetzt Ihnen zugewiesen.")
    card = page.locator(f"#request-{request.pk}")
    expect(card.get_by_role("button", name="Mir zuweisen")).to_have_count(0)

    card.get_by_label("Schritt").select_option(label="Termin vereinbart")
    card.get_by_role("button", name="Schritt festhalten").click()
    expect(page.locator(".messages")).to_contain_text("Schritt festgehalten: Termin vereinbart.")
    card = page.locator(f"#request-{request.pk}")
    expect(card.locator(".request-step")).to_have_text("Termin vereinbart")
    card.get_by_text("Verlauf").click()
    expect(card.locator(".request-history")).to_contain_text("Fatma Fallmanagement")
    problems += _serious(Axe().run(page))

    card.get_by_role("button", name="Anfrage schließen").click()
    expect(page.locator(".messages")).to_contain_text("Die Anfrage wurde geschlossen.")
    expect(page.locator(f"#request-{request.pk}")).to_have_count(0)

    request.refresh_from_db()
    assert request.status == FirstContact.Status.CLOSED
    assert request.assigned_to == worker
    assert request.request_step == "appointment"
    assert request.closed_by == worker
    assert list(request.request_events.values_list("action", flat=True)) == [
        "assigned",
        "step",
        "closed",
    ]
    assert problems == []
    assert page.csp_errors == []
