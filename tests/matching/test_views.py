"""The matching pages: ranked vacancies with reasons, deciding, the vacancy's people,
the weights; scoping and constant query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from quartier.core.models import Role
from quartier.matching.models import MatchSuggestion, MatchWeights
from tests.matching.factories import MatchVacancyFactory

pytestmark = pytest.mark.usefixtures("english_pages")


def test_case_page_ranks_vacancies_with_reasons(mw, login):
    client = login(mw.coach)
    response = client.get(reverse("matching:case_matches", args=[mw.case.pk]))
    assert response.status_code == 200
    titles = [m.target.title for m in response.context["matches"]]
    assert titles[0] == "Gärtner/in Wanne-Süd"
    assert set(titles) == {"Gärtner/in Wanne-Süd", "Gärtner/in Dortmund", "Ohne Ort"}
    content = response.content.decode()
    assert "1 of 2 essential skills" in content
    assert "distance unknown" in content
    assert "near home" in content
    assert "GDPR Art. 22" in content
    assert "Fremd" not in content
    assert "Partnerstelle" not in content


def test_case_page_query_count_is_constant(mw, login):
    client = login(mw.coach)
    url = reverse("matching:case_matches", args=[mw.case.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for number in range(10):
        MatchVacancyFactory(project=mw.case.project, title=f"Mehr {number}", employer=None)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_foreign_and_partner_cases_are_404(mw, world, login):
    client = login(mw.coach)
    assert (
        client.get(reverse("matching:case_matches", args=[mw.partner_case.pk])).status_code == 404
    )
    assert client.get(reverse("matching:vacancy_matches", args=[mw.foreign.pk])).status_code == 404


def test_decide_stores_one_suggestion_and_double_submit_is_harmless(mw, login):
    client = login(mw.coach)
    url = reverse("matching:suggestion_decide", args=[mw.case.pk])
    for _ in range(2):
        response = client.post(url, {"vacancy": mw.near.pk, "decision": "proposed"})
        assert response.status_code == 302
    suggestion = MatchSuggestion.objects.get()
    assert suggestion.decision == "proposed"
    assert suggestion.decided_by == mw.coach
    assert suggestion.algorithm_version
    assert {f["factor"] for f in suggestion.factors} >= {"skills", "distance"}
    client.post(url, {"vacancy": mw.near.pk, "decision": "dismissed", "reason": "kein Interesse"})
    suggestion = MatchSuggestion.objects.get()
    assert (suggestion.decision, suggestion.reason) == ("dismissed", "kein Interesse")


def test_dismiss_without_reason_saves_nothing(mw, login):
    client = login(mw.coach)
    url = reverse("matching:suggestion_decide", args=[mw.case.pk])
    response = client.post(url, {"vacancy": mw.near.pk, "decision": "dismissed"}, follow=True)
    assert "Say why the suggestion is dismissed." in response.content.decode()
    assert not MatchSuggestion.objects.exists()


def test_decide_on_a_foreign_vacancy_is_404(mw, login):
    client = login(mw.coach)
    url = reverse("matching:suggestion_decide", args=[mw.case.pk])
    response = client.post(url, {"vacancy": mw.foreign.pk, "decision": "proposed"})
    assert response.status_code == 404
    assert not MatchSuggestion.objects.exists()


def test_vacancy_page_lists_only_own_participants(mw, login):
    client = login(mw.coach)
    response = client.get(reverse("matching:vacancy_matches", args=[mw.near.pk]))
    assert response.status_code == 200
    cases = [m.target for m in response.context["matches"]]
    assert cases == [mw.case]


def test_vacancy_page_query_count_is_constant(mw, world, login):
    from tests.factories import CaseFactory

    client = login(mw.coach)
    url = reverse("matching:vacancy_matches", args=[mw.near.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(8):
        CaseFactory(participant__project=world.project, participant__organisation=world.org_a)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_weights_page_for_the_project_lead(mw, world, login):
    lead = world.member(Role.PROJECT_LEAD)
    client = login(lead)
    url = reverse("matching:weights", args=[world.project.slug])
    assert client.get(url).status_code == 200
    data = {
        "occupational_field": 30,
        "skills": 25,
        "german": 15,
        "hours": 10,
        "distance": 10,
        "mobility": 5,
        "start": 5,
        "stage": 0,
        "max_distance_km": 20,
        "expected_version": "",
    }
    assert client.post(url, data).status_code == 302
    weights = MatchWeights.objects.get(project=world.project)
    assert (weights.occupational_field, weights.stage, weights.max_distance_km) == (30, 0, 20)
    data["expected_version"] = weights.version
    data["stage"] = 4
    assert client.post(url, data).status_code == 302
    stale = client.post(url, {**data, "stage": 3})
    assert stale.status_code == 200
    assert MatchWeights.objects.get(project=world.project).stage == 4
    assert login(mw.coach).get(url).status_code == 403


def test_case_page_links_to_matches(mw, login):
    client = login(mw.coach)
    response = client.get(reverse("cases:case_detail", args=[mw.case.pk]))
    assert reverse("matching:case_matches", args=[mw.case.pk]) in response.content.decode()
