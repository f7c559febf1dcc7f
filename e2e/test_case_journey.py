"""A resident's whole path through one case worker's browser: first contact, intake,
consents, assessment, plan, contact, follow-up, exit and the six-month follow-up."""

import re
from datetime import timedelta
from urllib.parse import quote_plus

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from quartier.cases.models import Case, FollowUp
from quartier.demo import data
from quartier.participants.models import FirstContact
from quartier.privacy.models import AccessLogEntry

from .test_login_and_shell import _serious, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def submit(page):
    page.locator("main form[method=post] button[type=submit]").last.click()
    page.wait_for_load_state()


def test_case_worker_takes_a_resident_from_first_contact_to_the_six_month_follow_up(page):
    call_command("seed_demo", "--participants", "0")
    log_in(page, f"fallmanagement@{data.DEMO_DOMAIN}", data.DEMO_PASSWORD)
    page.wait_for_url(page.base + "/")
    axe = Axe()
    problems = []

    # 1. A walk-in at the district café, recorded in a few fields.
    page.goto(page.base + "/erstkontakte/")
    page.select_option("#id_channel", "walk_in")
    page.fill("#id_place", "Stadtteilcafé Wanne-Süd")
    page.check("input[name=topics][value=job_search]")
    page.fill("#id_language", "Ukrainisch")
    page.fill("#id_name", "Olena Kovalenko")
    page.locator("main form[method=post] button[type=submit]").first.click()
    page.wait_for_load_state()
    expect(page.locator("main table")).to_contain_text("Olena Kovalenko")
    problems += _serious(axe.run(page))

    # 2. Turned into a participant: the name comes along; the ESF entry data are added.
    page.locator("a[href*='first_contact=']").first.click()
    expect(page.locator("#id_first_name")).to_have_value("Olena")
    expect(page.locator("#id_last_name")).to_have_value("Kovalenko")
    page.fill("#id_birth_date", "1991-06-14")
    page.select_option("#id_gender", "female")
    page.fill("#id_postcode", "44651")
    page.fill("#id_entry_date", (timezone.localdate() - timedelta(days=200)).isoformat())
    page.select_option("#id_labour_status", "unemployed")
    page.fill("#id_unemployed_since", "2023-09-01")
    page.select_option("#id_isced", "6")
    page.select_option("#id_third_country_national", "yes")
    page.select_option("#id_foreign_background", "yes")
    page.select_option("#id_single_parent", "yes")
    page.select_option("#id_german_level", "A2")
    page.check("#id_childcare_needed")
    problems += _serious(axe.run(page))
    submit(page)
    page.wait_for_url("**/faelle/*/")
    case = Case.objects.get(participant__last_name="Kovalenko")
    assert FirstContact.objects.get(name="Olena Kovalenko").participant == case.participant
    expect(page.locator("h1")).to_contain_text("Olena Kovalenko")

    # 3. Consents: counselling and contact after leaving.
    # One form records both (issue 15: a checkbox per purpose).
    page.goto(page.base + f"/teilnehmende/{case.participant.pk}/einwilligungen/neu/")
    for purpose in ("counselling", "followup_contact"):
        page.locator(f"input[name=purposes][value={purpose}]").check()
    page.fill("#id_given_on", (timezone.localdate() - timedelta(days=199)).isoformat())
    submit(page)
    page.wait_for_url(f"**/faelle/{case.pk}/")

    # 4. Assessment (Potenzialanalyse): language and childcare are the big needs.
    page.goto(page.base + f"/faelle/{case.pk}/potenzialanalysen/neu/")
    page.fill("#id_date", (timezone.localdate() - timedelta(days=190)).isoformat())
    page.check("input[name=need_language][value='3']")
    page.check("input[name=need_childcare][value='2']")
    page.fill("#id_strengths", "Buchhaltung im Herkunftsland, zuverlässig")
    problems += _serious(axe.run(page))
    submit(page)
    page.wait_for_url(f"**/faelle/{case.pk}/potenzialanalysen/")

    # 5. Plan with a goal.
    page.goto(page.base + f"/faelle/{case.pk}/foerderplan/")
    page.fill("#id_agreed_on", (timezone.localdate() - timedelta(days=185)).isoformat())
    page.fill("#id_goals-0-title", "Deutsch B1 bis zum Sommer")
    page.fill("#id_goals-0-responsible", "Teilnehmerin und Sprachkurs")
    submit(page)
    page.wait_for_url(f"**/faelle/{case.pk}/")
    expect(page.locator("main")).to_contain_text("Deutsch B1 bis zum Sommer")

    # 6. A counselling contact, 45 minutes.
    page.goto(page.base + f"/faelle/{case.pk}/kontakte/neu/")
    page.fill("#id_date", (timezone.localdate() - timedelta(days=100)).isoformat())
    page.fill("#id_duration_minutes", "45")
    page.check("input[name=topics][value=childcare]")
    page.fill("#id_notes", "Kita-Platz ab März zugesagt.")
    submit(page)
    page.wait_for_url(f"**/faelle/{case.pk}/")
    expect(page.locator("main")).to_contain_text("Kita-Platz")

    # 7. A follow-up due today shows on "Mein Tag" and is ticked off there (htmx).
    page.goto(page.base + f"/faelle/{case.pk}/wiedervorlagen/neu/")
    page.fill("#id_due_date", timezone.localdate().isoformat())
    page.fill("#id_title", "Bewerbung bei der Kita nachfassen")
    submit(page)
    page.goto(page.base + "/")
    row = page.locator(".follow-up", has_text="Bewerbung bei der Kita nachfassen")
    expect(row).to_be_visible()
    problems += _serious(axe.run(page))
    row.locator("button").click()
    expect(
        page.locator(".follow-up.done", has_text="Bewerbung bei der Kita nachfassen")
    ).to_be_visible()
    assert FollowUp.objects.get(title="Bewerbung bei der Kita nachfassen").done_at is not None

    # 8. Exit into employment, with the ESF exit data; the six-month follow-up is planned.
    # More than six calendar months ago: the follow-up is recorded today (step 9).
    exit_day = timezone.localdate() - timedelta(days=190)
    page.goto(page.base + f"/faelle/{case.pk}/austritt/")
    page.fill("#id_exit_date", exit_day.isoformat())
    page.select_option("#id_exit_reason", "employment")
    page.check("#id_exit_job_searching_1")  # no
    page.check("#id_exit_education_training_1")
    page.check("#id_exit_qualification_0")  # yes
    page.check("#id_exit_employed_0")
    problems += _serious(axe.run(page))
    submit(page)
    page.wait_for_url(f"**/faelle/{case.pk}/")
    case.refresh_from_db()
    assert case.stage == "exited"
    assert case.exit_employed == "yes"
    six_months = FollowUp.objects.get(case=case, kind="six_month")
    assert six_months.due_date > exit_day

    # 9. The six-month follow-up is recorded.
    page.goto(page.base + f"/faelle/{case.pk}/nachbefragung/")
    page.check("#id_employed_0")  # yes
    page.check("#id_better_situation_2")  # unknown
    submit(page)
    page.wait_for_url(f"**/faelle/{case.pk}/")
    case.refresh_from_db()
    assert (case.followup_6m_employed, case.followup_6m_better_situation) == ("yes", "unknown")
    assert FollowUp.objects.get(pk=six_months.pk).done_at is not None
    expect(page.locator("ol.timeline")).to_contain_text(exit_day.strftime("%d.%m.%Y"))
    problems += _serious(axe.run(page))

    assert AccessLogEntry.objects.filter(record_type="cases.case", record_id=case.pk).exists()
    assert problems == []
    assert page.csp_errors == []


def test_case_list_live_search_and_filters_in_the_browser(page):
    call_command("seed_demo", "--participants", "60")
    log_in(page, f"fallmanagement@{data.DEMO_DOMAIN}", data.DEMO_PASSWORD)
    page.wait_for_url(page.base + "/")
    page.goto(page.base + "/faelle/")
    first_row = page.locator("#case-results tbody tr").first
    expect(first_row).to_be_visible()
    name = first_row.locator("td").first.inner_text().split(",")[0]
    page.fill("#id_q", name)
    # The address carries the name encoded (a demo name may be "Aydın" or "Şahin").
    expect(page).to_have_url(re.compile(r"/faelle/\?q=" + re.escape(quote_plus(name))))
    for row in page.locator("#case-results tbody tr").all():
        expect(row).to_contain_text(name)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(page.base + "/faelle/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
