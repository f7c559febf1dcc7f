"""The employer liaison's day (issue 13, "done when"): her start page, a new employer
with a company-aimed service, a vacancy an employer reported on the public form
confirmed from the inbox, and vacancies imported from a recorded answer of the
Bundesagentur's job search.

Fields and buttons are found by their name, id or type, not by their visible text: the
German texts of these pages are still being written."""

import re
import time
from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from quartier.core.models import Project, User
from quartier.demo import data
from quartier.economy.models import (
    BusinessEvent,
    Employer,
    EmployerService,
    EventInvitation,
    EventTask,
    JobImportRun,
    ReviewStatus,
    Vacancy,
    VacancySource,
    VacancyStatus,
)
from quartier.economy.models.advice import ServiceAim
from quartier.stadtteilplan.services import spam_protection
from tests.economy.ba_server import answer, ba_server_fixture  # noqa: F401

from .test_layout import OVERFLOW, WIDEST
from .test_login_and_shell import _serious, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PROJECT = "teilhabe-am-wachstum"


def submit(form):
    form.locator("button[type=submit]").click()


def test_employer_liaison_records_confirms_and_imports(page, browser, ba_server):
    call_command("seed_demo", "--participants", "0")
    project = Project.objects.get(slug=PROJECT)
    liaison = User.objects.get(email=f"betriebe.jena@{data.DEMO_DOMAIN}")
    problems = []

    # 1. Her start page shows her parts.
    log_in(page, liaison.email, data.DEMO_PASSWORD)
    page.wait_for_url(page.base + "/")
    main = page.locator("main")
    expect(main.locator("#employer-contacts-heading")).to_be_visible()
    expect(main.locator("#vacancy-reports-heading")).to_be_visible()
    expect(main.locator("#employer-checks-heading")).to_be_visible()
    expect(main.locator("a[href='/betriebe/']")).to_be_visible()
    problems += _serious(Axe().run(page))

    # 2. A new employer, then a service for the company itself on its page.
    page.goto(page.base + "/betriebe/neu/")
    form = page.locator("main form[method=post]")
    form.locator("#id_project").select_option(str(project.pk))
    form.locator("#id_name").fill("Bäckerei Lobeda-West")
    form.locator("#id_legal_form").select_option("gmbh")
    form.locator("#id_sector").select_option("C")
    form.locator("#id_street").fill("Karl-Marx-Allee 9")
    form.locator("#id_postcode").fill("07747")
    form.locator("#id_city").fill("Jena")
    form.locator("#id_in_programme_area").check()
    form.locator("#id_headcount").fill("12")
    form.locator("#id_email").fill("info@baeckerei-lobeda.example")
    problems += _serious(Axe().run(page))
    submit(form)
    page.wait_for_url("**/betriebe/*/")
    employer = Employer.objects.get(project=project, name="Bäckerei Lobeda-West")
    assert page.url == f"{page.base}/betriebe/{employer.pk}/"
    assert employer.organisation.slug == "awo-mitte-west-thueringen"
    assert employer.size_class == "small"
    expect(page.locator("main h1")).to_contain_text("Bäckerei Lobeda-West")
    problems += _serious(Axe().run(page))

    service_link = page.locator(f"main a[href='/betriebe/{employer.pk}/leistungen/neu/']")
    service_link.click()
    page.wait_for_url(f"**/betriebe/{employer.pk}/leistungen/neu/")
    form = page.locator("main form[method=post]")
    form.locator("#id_kind").select_option("diversity_management")
    form.locator("input[name=aim][value=company]").check()
    form.locator("#id_topic").fill("Vielfalt im Team: Einarbeitung neuer Kolleginnen")
    form.locator("#id_duration_minutes").fill("90")
    form.locator("#id_outcome").fill("Leitfaden für die Einarbeitung vereinbart.")
    problems += _serious(Axe().run(page))
    submit(form)
    page.wait_for_url(f"**/betriebe/{employer.pk}/")
    services = page.locator("section[aria-labelledby=services-heading]")
    expect(services).to_contain_text("Vielfalt im Team")
    service = EmployerService.objects.get(employer=employer)
    assert service.aim == ServiceAim.COMPANY
    assert service.staff == liaison
    problems += _serious(Axe().run(page))

    # The employer list on a phone: nothing sticks out sideways.
    page.goto(page.base + "/betriebe/")
    expect(page.locator("main")).to_contain_text("Bäckerei Lobeda-West")
    problems += _serious(Axe().run(page))
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    overflow = page.evaluate(OVERFLOW)
    assert overflow <= 0, f"/betriebe/ is {overflow}px too wide: {page.evaluate(WIDEST)}"
    page.set_viewport_size({"width": 1280, "height": 900})

    # 3. An employer reports a vacancy on the public form, without an account.
    visitor = browser.new_context(locale="de-DE", viewport={"width": 390, "height": 844})
    public = visitor.new_page()
    public.set_default_timeout(15000)
    public.csp_errors = []
    public.on(
        "console",
        lambda message: (
            public.csp_errors.append(message.text)
            if "Content Security Policy" in message.text or "Refused" in message.text
            else None
        ),
    )
    public.goto(f"{page.base}/stelle-melden/{PROJECT}/")
    shown = time.monotonic()
    form = public.locator("main form[method=post]")
    form.locator("#id_company").fill("Gärtnerei Am Lobdeburgpark")
    form.locator("#id_postcode").fill("07747")
    form.locator("#id_city").fill("Jena")
    form.locator("#id_contact_name").fill("Heike Grünfeld")
    form.locator("#id_phone").fill("03641 123456")
    form.locator("#id_title").fill("Helfer/in im Gartenbau, Teilzeit")
    form.locator("#id_kind").select_option("job")
    form.locator("#id_hours_per_week").fill("25")
    form.locator("#id_description").fill("Pflanzen pflegen, Kundschaft beraten.")
    problems += _serious(Axe().run(public))
    # The form token refuses a submission sooner than MIN_SECONDS after it was shown.
    time.sleep(max(0.0, spam_protection.MIN_SECONDS + 1.2 - (time.monotonic() - shown)))
    submit(form)
    public.wait_for_url(f"**/stelle-melden/{PROJECT}/danke/")
    problems += _serious(Axe().run(public))
    assert public.csp_errors == []
    visitor.close()

    reported = Vacancy.objects.get(project=project, title="Helfer/in im Gartenbau, Teilzeit")
    assert reported.source == VacancySource.EMPLOYER_REPORT
    assert reported.review_status == ReviewStatus.TO_CHECK

    # She finds it on her start page and in the inbox, and confirms it.
    page.goto(page.base + "/")
    reports = page.locator("section[aria-labelledby=vacancy-reports-heading]")
    expect(reports).to_contain_text("Helfer/in im Gartenbau, Teilzeit")
    page.goto(page.base + "/stellen/gemeldet/")
    row = page.locator("main table tbody tr", has_text="Helfer/in im Gartenbau, Teilzeit")
    expect(row).to_contain_text("Gärtnerei Am Lobdeburgpark")
    expect(row).to_contain_text("Heike Grünfeld")
    problems += _serious(Axe().run(page))
    row.locator(f"a[href='/stellen/gemeldet/{reported.pk}/bestaetigen/']").click()
    page.wait_for_url(f"**/stellen/gemeldet/{reported.pk}/bestaetigen/")
    problems += _serious(Axe().run(page))
    submit(page.locator("main form[method=post]"))
    page.wait_for_url("**/stellen/gemeldet/")
    expect(page.locator(".messages")).to_be_visible()
    expect(page.locator("main table tbody tr", has_text="Helfer/in im Gartenbau")).to_have_count(0)
    reported.refresh_from_db()
    assert reported.review_status == ReviewStatus.CONFIRMED
    assert reported.status == VacancyStatus.OPEN
    assert reported.employer.review_status == ReviewStatus.CONFIRMED

    page.goto(f"{page.base}/stellen/?status=open&q=Gartenbau")
    row = page.locator("main table tbody tr", has_text="Helfer/in im Gartenbau, Teilzeit")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Gärtnerei Am Lobdeburgpark")
    problems += _serious(Axe().run(page))

    # 4. Import from the Bundesagentur's job search (a recorded answer, two pages).
    ba_server.on_page(1, answer("v4_page1.json"))
    ba_server.on_page(2, answer("v4_page2.json"))
    page.goto(page.base + "/stellen/")
    page.locator("main a[href='/stellen/import/']").first.click()
    page.wait_for_url("**/stellen/import/")
    form = page.locator("main form[method=post]")
    form.locator("#id_project").select_option(str(project.pk))
    form.locator("#id_postcode").fill("07747")
    form.locator("#id_radius").fill("10")
    form.locator("#id_kind").select_option("job")
    problems += _serious(Axe().run(page))
    submit(form)
    page.wait_for_url("**/stellen/import/")
    run = JobImportRun.objects.filter(started_by=liaison).get()
    assert run.status == JobImportRun.Status.DONE, run.error
    assert run.created == 4
    assert ba_server.requests[0]["params"]["wo"] == "07747"
    assert ba_server.requests[0]["api_key"] == "test-key"
    message = page.locator(".messages")
    expect(message).to_contain_text(re.compile(rf"\b{run.seen}\b.*\b{run.created}\b"))
    latest = page.locator("section[aria-labelledby=import-heading] table tbody tr").first
    expect(latest).to_contain_text("07747, 10 km")
    expect(latest).to_contain_text(re.compile(rf"\b{run.seen}\b.*\b{run.created}\b"))
    problems += _serious(Axe().run(page))

    page.goto(f"{page.base}/stellen/?source=ba&q=Landschaftsg%C3%A4rtner")
    row = page.locator("main table tbody tr", has_text="Landschaftsgärtner (m/w/d)")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Grünwerk Herne")
    expect(row).to_contain_text("Bundesagentur")
    problems += _serious(Axe().run(page))
    imported = Vacancy.objects.get(project=project, ba_refnr="10000-1201234570-S")
    assert imported.source == VacancySource.BA
    row.locator(f"a[href='/stellen/{imported.pk}/']").click()
    page.wait_for_url(f"**/stellen/{imported.pk}/")
    source = page.locator("section[aria-labelledby=source-heading]")
    expect(source).to_contain_text("Bundesagentur für Arbeit")
    expect(source).to_contain_text("10000-1201234570-S")
    problems += _serious(Axe().run(page))

    assert problems == []
    assert page.csp_errors == []


def test_employer_liaison_runs_a_business_event(page):
    """Issue 13: a b2b fair in the next days, two employers invited, who came recorded,
    and a follow-up task ticked off from her start page."""
    call_command("seed_demo", "--participants", "0")
    project = Project.objects.get(slug=PROJECT)
    liaison = User.objects.get(email=f"betriebe.jena@{data.DEMO_DOMAIN}")
    today = timezone.localdate()
    day = today + timedelta(days=3)
    title = "b2b in Lobeda/Winzerla 2027"
    care, hotel = (
        Employer.objects.get(project=project, name=name)
        for name in ("Ambulanter Pflegedienst Saaletal GmbH", "Hotel Kernberge Jena GmbH")
    )
    problems = []

    # 1. The new event: a fair in the next days that supports the companies.
    log_in(page, liaison.email, data.DEMO_PASSWORD)
    page.wait_for_url(page.base + "/")
    page.goto(page.base + "/wirtschaft/veranstaltungen/neu/")
    form = page.locator("main form[method=post]")
    form.locator("#id_owner").select_option(f"{project.pk}-{care.organisation_id}")
    form.locator("#id_kind").select_option("fair")
    form.locator("#id_title").fill(title)
    form.locator("#id_date").fill(day.isoformat())
    form.locator("#id_starts_at").fill("10:00")
    form.locator("#id_ends_at").fill("14:00")
    form.locator("#id_place").fill("Stadtteilbüro Lobeda, Karl-Marx-Allee 28")
    form.locator("#id_supports_companies").check()
    problems += _serious(Axe().run(page))
    submit(form)
    page.wait_for_url(re.compile(r"/wirtschaft/veranstaltungen/\d+/$"))
    event = BusinessEvent.objects.get(project=project, title=title)
    assert page.url == f"{page.base}/wirtschaft/veranstaltungen/{event.pk}/"
    assert event.kind == "fair"
    assert event.date == day
    assert event.supports_companies
    assert event.organisation == care.organisation
    assert event.responsible == liaison
    expect(page.locator("main h1")).to_contain_text(title)
    problems += _serious(Axe().run(page))

    # 2. Two employers of her project invited on the event's page.
    invitations = page.locator("section#invitations")
    form = invitations.locator(f"form[action='/wirtschaft/veranstaltungen/{event.pk}/einladen/']")
    form.locator(f"input[name=employers][value='{care.pk}']").check()
    form.locator(f"input[name=employers][value='{hotel.pk}']").check()
    submit(form)
    page.wait_for_url(f"**/wirtschaft/veranstaltungen/{event.pk}/")
    expect(page.locator(".messages")).to_be_visible()
    came = EventInvitation.objects.get(event=event, employer=care)
    stayed = EventInvitation.objects.get(event=event, employer=hotel)
    assert EventInvitation.objects.filter(event=event).count() == 2
    problems += _serious(Axe().run(page))

    # 3. Who came: the care service with two people, the hotel not.
    form = invitations.locator(f"form[action='/wirtschaft/veranstaltungen/{event.pk}/teilnahme/']")
    form.locator(f"#id_response_{came.pk}").select_option("accepted")
    form.locator(f"#id_attended_{came.pk}").check()
    form.locator(f"#id_attendees_{came.pk}").fill("2")
    form.locator(f"#id_response_{stayed.pk}").select_option("declined")
    expect(form.locator(f"#id_attended_{stayed.pk}")).not_to_be_checked()
    # The rows' remove buttons sit in this form but submit their own (`form=` attribute).
    form.locator("button[type=submit]:not([form])").click()
    page.wait_for_url(f"**/wirtschaft/veranstaltungen/{event.pk}/")
    came.refresh_from_db()
    stayed.refresh_from_db()
    assert (came.response, came.attended, came.attendees) == ("accepted", True, 2)
    assert (stayed.response, stayed.attended, stayed.attendees) == ("declined", False, 0)
    # The page shows it: the row's fields as saved, and the totals.
    form = invitations.locator(f"form[action='/wirtschaft/veranstaltungen/{event.pk}/teilnahme/']")
    expect(form.locator(f"#id_attended_{came.pk}")).to_be_checked()
    expect(form.locator(f"#id_attendees_{came.pk}")).to_have_value("2")
    expect(form.locator(f"#id_response_{stayed.pk}")).to_have_value("declined")
    figures = page.locator("section[aria-labelledby=figures-heading] dd")
    expect(figures).to_have_text(["2", "1", "2", "0"])
    problems += _serious(Axe().run(page))

    # 4. A follow-up task due today, assigned to herself.
    tasks = page.locator("section#tasks")
    form = tasks.locator(f"form[action='/wirtschaft/veranstaltungen/{event.pk}/aufgaben/']")
    form.locator("#id_task-title").fill("Pflegedienst Saaletal zurückrufen")
    form.locator("#id_task-due_date").fill(today.isoformat())
    form.locator("#id_task-assigned_to").select_option(str(liaison.pk))
    form.locator("#id_task-employer").select_option(str(care.pk))
    submit(form)
    page.wait_for_url(f"**/wirtschaft/veranstaltungen/{event.pk}/")
    task = EventTask.objects.get(event=event)
    assert (task.due_date, task.assigned_to, task.employer) == (today, liaison, care)
    assert task.done_at is None
    expect(tasks.locator("li.follow-up")).to_contain_text("Pflegedienst Saaletal zurückrufen")
    problems += _serious(Axe().run(page))

    # 5. Her start page shows the event and the task; she ticks the task off there.
    page.goto(page.base + "/")
    part = page.locator("section[aria-labelledby=events-start-heading]")
    expect(part.locator(f"a[href='/wirtschaft/veranstaltungen/{event.pk}/']").first).to_be_visible()
    expect(part.locator("li", has_text=title).first).to_contain_text(day.strftime("%d.%m.%Y"))
    done = part.locator(f"form[action='/wirtschaft/veranstaltungen/aufgaben/{task.pk}/erledigt/']")
    expect(done).to_contain_text("Pflegedienst Saaletal zurückrufen")
    problems += _serious(Axe().run(page))
    # The page stays at "/" (back through `next`): wait for the answer to the post.
    with page.expect_response(lambda response: response.url.endswith("/erledigt/")):
        submit(done)
    page.wait_for_url(page.base + "/")
    expect(page.locator(".messages")).to_be_visible()
    expect(done).to_have_count(0)
    task.refresh_from_db()
    assert task.done_at is not None
    assert task.done_by == liaison
    problems += _serious(Axe().run(page))

    # The event's page shows the task as done.
    page.goto(f"{page.base}/wirtschaft/veranstaltungen/{event.pk}/")
    expect(page.locator("section#tasks li.follow-up.done")).to_contain_text(
        "Pflegedienst Saaletal zurückrufen"
    )

    assert problems == []
    assert page.csp_errors == []
