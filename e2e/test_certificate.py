"""A certificate in the browser: a participant who has taken part in a DORSTEN
TREFF module for four months, with the register filled week by week, gets the
certificate; the PDF downloaded through the browser shows the right name, module,
period and hours, and its verification page answers without a login."""

import io
import re
from datetime import time
from decimal import Decimal

import pytest
from axe_playwright_python.sync_playwright import Axe
from dateutil.relativedelta import relativedelta
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from quartier.core.models import Role
from quartier.offers import schedules
from quartier.offers.models import Certificate
from quartier.offers.services import attendance as attendance_services
from quartier.offers.services import catalogue as catalogue_services
from quartier.offers.services import enrolments as enrolments_services
from quartier.offers.services import schedules as schedules_services
from tests.factories import (
    CaseFactory,
    FunderFactory,
    MembershipFactory,
    OrganisationFactory,
    ProjectFactory,
)

from .test_login_and_shell import PASSWORD, _serious, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def four_months_in_the_module():
    """DORSTEN TREFF's rickshaw module, Mondays and Wednesdays 9–12, and Olena
    Kovalenko, who started four months ago; the register is filled through the
    service for every session since, with every fifth one excused."""
    today = timezone.localdate()
    start = today - relativedelta(months=4)
    provider = OrganisationFactory(name="Dorstener Arbeit gGmbH")
    project = ProjectFactory(
        name="DORSTEN TREFF – Aktiv im Quartier",
        lead=provider,
        start_date=start - relativedelta(months=6),
        end_date=today + relativedelta(years=1),
    )
    project.funders.add(
        FunderFactory(name="Europäischer Sozialfonds Plus"),
        FunderFactory(name="Land Nordrhein-Westfalen"),
    )
    trainer = MembershipFactory(
        project=project,
        organisation=provider,
        role=Role.CASE_WORKER,
        user__email="trainerin@dorsten.example",
        user__is_demo=True,
    ).user
    case = CaseFactory(
        participant__project=project,
        participant__organisation=provider,
        participant__first_name="Olena",
        participant__last_name="Kovalenko",
        entry_date=start - relativedelta(days=10),
    )
    offer = catalogue_services.offer_create(
        actor=trainer,
        project=project,
        organisation=provider,
        kind="qualification_module",
        title="Fahrradrikscha und E-Mobilität",
        certificate_contents="Fahrsicherheit mit Fahrgästen\nWartung von E-Antrieben",
        start_date=start,
    )
    schedules_services.schedule_save(
        actor=trainer,
        offer=offer,
        kind="weekly",
        weekdays=["MO", "WE"],
        start_time=time(9, 0),
        end_time=time(12, 0),
        valid_from=start,
    )
    enrolment = enrolments_services.enrolment_create(
        actor=trainer, offer=offer, case=case, start_date=start
    )
    hours = Decimal(0)
    for number, session in enumerate(schedules.occurrences(offer, start, today)):
        status = "excused" if number % 5 == 4 else "present"
        attendance_services.attendance_save_register(
            actor=trainer,
            offer=offer,
            date=session.date,
            rows=[{"enrolment": enrolment.pk, "status": status, "hours": ""}],
        )
        hours += 3 if status == "present" else 0
    return trainer, offer, enrolment, start, today, hours


def test_trainer_issues_a_certificate_and_downloads_the_pdf(page, browser, media):
    trainer, offer, enrolment, start, today, hours = four_months_in_the_module()
    assert hours >= 60  # some 35 sessions in four months, one in five excused
    axe = Axe()
    log_in(page, trainer.email, PASSWORD)
    page.wait_for_url(page.base + "/")

    # Who is eligible: Olena, four months.
    page.goto(page.base + f"/angebote/{offer.pk}/zertifikate/")
    row = page.locator(f"#enrolment-{enrolment.pk}")
    expect(row).to_contain_text("Kovalenko")
    expect(row.locator(".badge")).to_have_count(1)
    problems = _serious(axe.run(page))

    # Issue the certificate after a look at what will be printed.
    row.locator("a[href$='?kind=certificate']").click()
    page.wait_for_url(f"**/zertifikate/ausstellen/{enrolment.pk}/?kind=certificate")
    expect(page.locator("input[name=kind][value=certificate]")).to_be_checked()
    expect(page.locator("main")).to_contain_text("Fahrradrikscha und E-Mobilität")
    problems += _serious(axe.run(page))
    page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/zertifikate/\d+/$"))
    certificate = Certificate.objects.get(enrolment=enrolment)
    assert certificate.pdf
    expect(page.locator("h1")).to_contain_text(certificate.number)
    problems += _serious(axe.run(page))

    # Download the PDF through the browser and read its text.
    with page.expect_download() as download_info:
        page.locator(f"a[href$='/zertifikate/{certificate.pk}/pdf/']").click()
    download = download_info.value
    assert download.suggested_filename == f"zertifikat-{certificate.number}.pdf"
    with open(download.path(), "rb") as handle:
        content = handle.read()
    text = " ".join(
        " ".join(page_.extract_text() for page_ in PdfReader(io.BytesIO(content)).pages).split()
    )
    assert "Zertifikat" in text
    assert "Olena Kovalenko" in text
    assert "Fahrradrikscha und E-Mobilität" in text
    assert f"{start:%d.%m.%Y} – {today:%d.%m.%Y}" in text
    assert f"{int(hours)} Stunden" in text
    assert "DORSTEN TREFF – Aktiv im Quartier" in text
    assert "Europäischer Sozialfonds Plus, Land Nordrhein-Westfalen" in text
    assert certificate.number in text
    assert content == certificate.pdf.read()

    # The verification URL printed on it answers a visitor without a login.
    path = f"/zertifikate/pruefen/{certificate.verification_token}/"
    assert path in text.replace(" ", "")
    visitor = browser.new_context(locale="de-DE")
    public = visitor.new_page()
    public.goto(page.base + path)
    expect(public.locator("main")).to_contain_text(certificate.number)
    expect(public.locator("main")).to_contain_text("Fahrradrikscha und E-Mobilität")
    expect(public.locator("main")).not_to_contain_text("Kovalenko")
    problems += _serious(axe.run(public))
    visitor.close()

    assert problems == []
    assert page.csp_errors == []
