"""A job coach opens a participant, sees the ranked vacancies with their reasons and
proposes one; the decision is stored with its factors (nothing is sent)."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from quartier.core.models import User
from quartier.demo import data
from quartier.economy.models import Vacancy
from quartier.matching.models import MatchSuggestion
from tests.economy.factories_vacancies import SkillFactory
from tests.factories import AssessmentFactory, CaseFactory
from tests.matching.factories import MatchVacancyFactory

from .test_login_and_shell import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_job_coach_sees_ranked_vacancies_with_reasons_and_proposes_one(page):
    call_command("seed_demo", "--participants", "0")
    coach = User.objects.get(email=f"jobcoach@{data.DEMO_DOMAIN}")
    membership = coach.memberships.get()
    project, organisation = membership.project, membership.organisation
    # The demo's own vacancies are closed, so that the ranking holds the three below.
    Vacancy.objects.filter(project=project).update(status="closed")
    weeding = SkillFactory(name="Unkraut jäten (E2E)")
    case = CaseFactory(
        participant__project=project,
        participant__organisation=organisation,
        participant__first_name="Mira",
        participant__last_name="Matchtest",
        participant__postcode="44649",
        participant__german_level="B2",
        stage="qualification",
    )
    AssessmentFactory(case=case).skills.set([weeding])
    near = MatchVacancyFactory(
        project=project,
        organisation=organisation,
        title="Gärtnerhelfer/in Wanne-Süd",
        latitude="51.530000",
        longitude="7.160000",
        needs=[(weeding, True)],
    )
    MatchVacancyFactory(
        project=project,
        organisation=organisation,
        title="Lagerhelfer/in Dortmund",
        occupational_field="logistics",
        latitude="51.514000",
        longitude="7.468000",
        german_level="C1",
    )
    MatchVacancyFactory(
        project=project, organisation=organisation, title="Ohne Ort", latitude=None, longitude=None
    )

    log_in(page, coach.email, data.DEMO_PASSWORD)
    page.wait_for_url(page.base + "/")
    page.goto(f"{page.base}/faelle/{case.pk}/")
    page.locator(f"a[href='/faelle/{case.pk}/passende-stellen/']").click()
    page.wait_for_url(f"**/faelle/{case.pk}/passende-stellen/")

    # Only the three vacancies made here are open (the demo's own were closed above).
    matches = page.locator("ol.matches").first.locator("li.match")
    expect(matches).to_have_count(3)
    first = matches.first
    expect(first.locator("h3")).to_contain_text("Gärtnerhelfer/in Wanne-Süd")
    # Every factor shows its points and a reason; the unknown distance is said.
    expect(first.locator(".match-factors li")).to_have_count(8)
    expect(first.locator(".match-factors")).to_contain_text("1 von 1 unverzichtbaren Kompetenzen")
    expect(page.locator("li.match", has_text="Ohne Ort")).to_contain_text("Entfernung unbekannt")
    expect(page.locator("main")).to_contain_text("Art. 22")

    first.locator("button[name=decision][value=proposed]").click()
    page.wait_for_load_state()
    suggestion = MatchSuggestion.objects.get(case=case)
    assert (suggestion.vacancy, suggestion.decision, suggestion.decided_by) == (
        near,
        "proposed",
        coach,
    )
    assert len(suggestion.factors) == 8
    expect(page.locator("li.match", has_text="Gärtnerhelfer/in Wanne-Süd")).to_contain_text(
        suggestion.decided_at.strftime("%d.%m.%Y")
    )
    assert not page.csp_errors
