"""A trainer on a tablet fills the attendance register of a module for several weeks, by
tapping and by keyboard, row by row and for the whole group; the hours show up on the
participants' case pages."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from quartier.core.models import Organisation, Project, User
from quartier.demo import data
from quartier.offers.models import Attendance
from quartier.offers.services.enrolments import enrolment_create
from tests.factories import CaseFactory
from tests.offers.factories import OfferFactory, ScheduleFactory

from .test_login_and_shell import _serious, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TODAY = timezone.localdate()
WEEK = dt.timedelta(days=7)


@pytest.fixture
def tablet(browser, live_server):
    """A cheap 10-inch tablet: portrait, touch, German."""
    context = browser.new_context(
        locale="de-DE", viewport={"width": 800, "height": 1280}, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    page.csp_errors = []
    page.on(
        "console",
        lambda message: (
            page.csp_errors.append(message.text)
            if "Content Security Policy" in message.text or "Refused" in message.text
            else None
        ),
    )
    page.base = live_server.url
    yield page
    context.close()


def module_with_group():
    """Garten- und Landschaftsbau at GBH Herne, every week on today's weekday, 9–12, for
    four weeks; three participants enrolled by the job coach from the first session."""
    call_command("seed_demo", "--participants", "0")
    trainer = User.objects.get(email=f"jobcoach@{data.DEMO_DOMAIN}")
    project = Project.objects.get(slug="bqb-sued")
    gbh = Organisation.objects.get(slug="gbh-herne")
    offer = OfferFactory(
        project=project, organisation=gbh, title="Garten- und Landschaftsbau", capacity=12
    )
    first = TODAY - 3 * WEEK
    ScheduleFactory(offer=offer, weekdays=[TODAY.weekday()], valid_from=first)
    people = {}
    for first_name, last_name in (("Ayşe", "Demir"), ("Jürgen", "Krause"), ("Olena", "Marchenko")):
        case = CaseFactory(
            participant__project=project,
            participant__organisation=gbh,
            participant__first_name=first_name,
            participant__last_name=last_name,
            entry_date=first - WEEK,
        )
        people[last_name] = enrolment_create(
            actor=trainer, offer=offer, case=case, start_date=first
        )
    return offer, people, first


def row(page, enrolment):
    return page.locator(f"#row-{enrolment.pk}")


def choose(page, enrolment, status):
    """Tap the big button (the radio lies over its label, so the finger hits the radio)."""
    page.locator(f"#status-{enrolment.pk}-{status}").tap()


def save_register(page):
    page.locator(".register-submit button").click()
    page.wait_for_load_state()
    expect(page.locator(".messages")).to_be_visible()


def test_trainer_fills_the_register_for_four_weeks_and_the_hours_reach_the_case_page(tablet):
    page = tablet
    offer, people, first = module_with_group()
    demir, krause, marchenko = people["Demir"], people["Krause"], people["Marchenko"]
    log_in(page, f"jobcoach@{data.DEMO_DOMAIN}", data.DEMO_PASSWORD)
    page.wait_for_url(page.base + "/")
    axe = Axe()
    problems = []

    # The offer's participants, and from there the register of the latest session (today).
    page.goto(page.base + f"/angebote/{offer.pk}/teilnehmende/")
    expect(page.locator("#participants")).to_contain_text("Marchenko")
    problems += _serious(axe.run(page))
    page.locator(f"a[href='/angebote/{offer.pk}/anwesenheit/']").click()
    page.wait_for_url(f"**/anwesenheit/{TODAY.isoformat()}/")

    # Week 1, three weeks ago: the date list offers the last two weeks first, the
    # earlier sessions behind "Ältere Termine". Then tapping the big buttons.
    expect(page.locator(f"#datum option[value='{first.isoformat()}']")).to_have_count(0)
    page.get_by_role("link", name="Ältere Termine").click()
    page.wait_for_url("**?termine=alle")
    page.select_option("#datum", first.isoformat())
    page.locator(".register-pick button").click()
    page.wait_for_url(f"**/anwesenheit/{first.isoformat()}/")
    expect(page.locator(".register-row")).to_have_count(3)
    problems += _serious(axe.run(page))
    choose(page, demir, "present")
    expect(page.locator(f"#hours-{demir.pk}")).to_have_value("3")  # the session's length
    choose(page, krause, "excused")
    choose(page, marchenko, "present")
    page.fill(f"#hours-{marchenko.pk}", "2,5")
    save_register(page)
    assert Attendance.objects.filter(date=first).count() == 3

    # Week 2: the keyboard only. Arrow keys choose within a row, Tab moves on; the row's
    # own button saves that row at once (htmx), the page stays as it is.
    page.locator("a[rel=next]").click()
    page.wait_for_url(f"**/anwesenheit/{(first + WEEK).isoformat()}/")
    page.focus(f"#status-{demir.pk}-none")
    page.keyboard.press("ArrowRight")  # wraps round to "present"
    expect(page.locator(f"#status-{demir.pk}-present")).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.locator(f"#hours-{demir.pk}")).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(row(page, demir).locator(".saved")).to_be_visible()
    assert Attendance.objects.get(enrolment=demir, date=first + WEEK).hours == Decimal("3")
    # Everyone else present with one button, then the whole register from the keyboard.
    page.focus("[data-register-all-present]")
    page.keyboard.press("Enter")
    expect(page.locator(f"#status-{krause.pk}-present")).to_be_checked()
    expect(page.locator(f"#hours-{marchenko.pk}")).to_have_value("3")
    page.focus(".register-submit button")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.locator(".messages")).to_be_visible()
    assert Attendance.objects.filter(date=first + WEEK, status="present").count() == 3

    # Week 3: a mistake (more hours than the session has) refuses the whole register and
    # keeps every row's input; corrected, it saves.
    page.locator("a[rel=next]").click()
    page.wait_for_url(f"**/anwesenheit/{(first + 2 * WEEK).isoformat()}/")
    page.locator("[data-register-all-present]").tap()
    choose(page, marchenko, "unexcused")
    page.fill(f"#hours-{krause.pk}", "5")
    page.locator(".register-submit button").click()
    page.wait_for_load_state()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(row(page, krause).locator(".error")).to_contain_text("Krause")
    expect(page.locator(f"#hours-{krause.pk}")).to_have_value("5")
    expect(page.locator(f"#status-{marchenko.pk}-unexcused")).to_be_checked()
    assert not Attendance.objects.filter(date=first + 2 * WEEK).exists()
    problems += _serious(axe.run(page))
    page.fill(f"#hours-{krause.pk}", "2")
    save_register(page)
    assert Attendance.objects.filter(date=first + 2 * WEEK).count() == 3

    # Week 4 (today): only two of them came; the third row stays without an entry.
    page.locator("a[rel=next]").click()
    page.wait_for_url(f"**/anwesenheit/{TODAY.isoformat()}/")
    choose(page, demir, "present")
    choose(page, krause, "present")
    save_register(page)
    expect(page.locator("a[rel=next]")).to_have_count(0)  # nothing to fill in advance

    # The hours add up per enrolment (participants) and per case (case page).
    totals = {"Demir": "12", "Krause": "8", "Marchenko": "5,5"}
    page.goto(page.base + f"/angebote/{offer.pk}/teilnehmende/")
    for name, hours in totals.items():
        expect(page.locator("#participants tr", has_text=name).locator("td.number")).to_have_text(
            hours
        )
    page.goto(page.base + f"/faelle/{demir.case_id}/")
    offers_panel = page.locator("section[aria-labelledby=offers-heading]")
    expect(offers_panel).to_contain_text("Garten- und Landschaftsbau")
    expect(offers_panel).to_contain_text(re.compile(r"\b12\b"))
    problems += _serious(axe.run(page))

    assert problems == []
    assert page.csp_errors == []
