"""The Förderplan and the Potenzialanalyse in Chromium: a changed goal status saves,
a wrong assessment is corrected, a second one on the same day is questioned."""

from datetime import date

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from quartier.cases.models import Assessment, Goal, Plan
from quartier.core.models import Role
from tests.conftest import give_totp
from tests.factories import AssessmentFactory, CaseFactory, MembershipFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def submit(page):
    page.locator("main form[method=post] button[type=submit]").last.click()
    page.wait_for_load_state()


@pytest.fixture
def case_page(page):
    membership = MembershipFactory(role=Role.CASE_WORKER)
    give_totp(membership.user)
    case = CaseFactory(
        participant__project=membership.project,
        participant__organisation=membership.organisation,
        entry_date=date(2025, 3, 1),
    )
    client = Client()
    client.force_login(membership.user, backend="django.contrib.auth.backends.ModelBackend")
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": page.base,
            }
        ]
    )
    return page, case


def test_changing_a_goal_status_in_the_browser_saves_the_plan(case_page):
    page, case = case_page
    plan = Plan.objects.create(case=case, summary="Sprache zuerst")
    Goal.objects.create(plan=plan, title="Deutsch B1", status="open")
    page.goto(page.base + f"/faelle/{case.pk}/foerderplan/")
    page.select_option("#id_goals-0-status", "achieved")
    page.fill("#id_summary", "Sprache geschafft, jetzt Bewerbungen")
    submit(page)
    page.wait_for_url(f"**/faelle/{case.pk}/")
    assert Goal.objects.get().status == "achieved"
    assert Plan.objects.get().summary == "Sprache geschafft, jetzt Bewerbungen"


def test_an_invalid_goal_shows_the_summary_at_the_top(case_page):
    page, case = case_page
    plan = Plan.objects.create(case=case)
    Goal.objects.create(plan=plan, title="Deutsch B1", status="open")
    page.goto(page.base + f"/faelle/{case.pk}/foerderplan/")
    page.fill("#id_goals-0-title", "")
    submit(page)
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Bitte prüfen Sie Ihre Eingaben")
    summary.get_by_role("link").first.click()
    expect(page.locator("#id_goals-0-title")).to_be_focused()


def test_correcting_an_assessment_and_a_second_one_on_the_same_day(case_page):
    page, case = case_page
    assessment = AssessmentFactory(case=case, date=date(2025, 3, 10), need_language=2)
    page.goto(page.base + f"/faelle/{case.pk}/potenzialanalysen/")
    page.get_by_role("link", name="Korrigieren").click()
    page.check("input[name=need_language][value='0']")
    submit(page)
    page.wait_for_url(f"**/faelle/{case.pk}/potenzialanalysen/")
    expect(page.locator("main")).to_contain_text("Die Potenzialanalyse wurde korrigiert.")
    assessment.refresh_from_db()
    assert assessment.need_language == 0

    page.goto(page.base + f"/faelle/{case.pk}/potenzialanalysen/neu/")
    page.fill("#id_date", "2025-03-10")
    submit(page)
    expect(page.locator(".error-summary")).to_contain_text(
        "Es gibt bereits eine Potenzialanalyse vom 10.03.2025"
    )
    assert Assessment.objects.count() == 1
    page.check("#id_confirm_same_day")
    submit(page)
    page.wait_for_url(f"**/faelle/{case.pk}/potenzialanalysen/")
    assert Assessment.objects.count() == 2
