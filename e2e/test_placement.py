"""A job coach records a participant's placement from the case page, and the 1-month
stabilisation check-in comes due on her start page ("Mein Tag")."""

import pytest
from dateutil.relativedelta import relativedelta
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from quartier.cases.models import Case
from quartier.core.models import Membership, Role
from quartier.demo import data
from quartier.economy.models import Placement
from tests.factories import CaseFactory

from .test_login_and_shell import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_job_coach_records_a_placement_and_the_first_check_in_comes_due(page):
    call_command("seed_demo", "--participants", "0")
    coach = Membership.objects.select_related("user", "project", "organisation").get(
        user__email=f"jobcoach@{data.DEMO_DOMAIN}", role=Role.JOB_COACH
    )
    today = timezone.localdate()
    case = CaseFactory(
        participant__project=coach.project,
        participant__organisation=coach.organisation,
        participant__first_name="Mariam",
        participant__last_name="Haddad",
        entry_date=today - relativedelta(months=4),
        responsible=coach.user,
        stage="qualification",
    )
    log_in(page, coach.user.email, data.DEMO_PASSWORD)
    page.wait_for_url(page.base + "/")

    # The case page offers to record the placement.
    page.goto(page.base + f"/faelle/{case.pk}/")
    page.locator(f"a[href='/faelle/{case.pk}/vermittlung/neu/']").click()
    page.wait_for_url(f"**/faelle/{case.pk}/vermittlung/neu/")
    page.fill("#id_employer_name", "Pflegedienst Sonnenschein")
    page.fill("#id_job_title", "Pflegehelferin")
    page.select_option("#id_contract_kind", "insured_employment")
    # She started a month ago: the 1-month check-in is due today.
    page.fill("#id_start_date", (today - relativedelta(months=1)).isoformat())
    page.fill("#id_hours_per_week", "30")
    page.locator("main form[method=post] button[type=submit]").last.click()
    page.wait_for_url("**/vermittlungen/*/")
    placement = Placement.objects.get(case=case)
    assert placement.checks.count() == 6
    assert Case.objects.get(pk=case.pk).stage == "placement"
    expect(page.locator("h1")).to_contain_text("Pflegehelferin")

    # The start page shows the check-in with the participant, linked to its form.
    check = placement.checks.get(months_after_start=1, with_whom="participant")
    page.goto(page.base + "/")
    link = page.locator(f"a[href='/vermittlungen/{placement.pk}/nachbetreuung/{check.pk}/']")
    expect(link).to_contain_text("Mariam Haddad")

    # Recording it as stable moves the case on to stabilisation.
    link.click()
    page.select_option("#id_mode", "phone")
    page.select_option("#id_still_employed_choice", "yes")
    page.check("input[name=status][value=stable]")
    page.locator("main form[method=post] button[type=submit]").last.click()
    page.wait_for_url(f"**/vermittlungen/{placement.pk}/")
    assert Case.objects.get(pk=case.pk).stage == "stabilisation"
