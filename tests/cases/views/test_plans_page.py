"""The Förderplan page posted as the browser posts it: the page's own form, read from
the rendered HTML, with the blank "new goal" form it always carries."""

import pytest
from django.urls import reverse

from quartier.cases.models import Goal, Plan
from tests.factories import CaseFactory
from tests.page_forms import form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]


@pytest.fixture
def plan(world):
    case = CaseFactory(participant__project=world.project, participant__organisation=world.org_a)
    plan = Plan.objects.create(case=case, summary="Sprache zuerst")
    Goal.objects.create(plan=plan, title="Deutsch B1", status="open", position=0)
    Goal.objects.create(plan=plan, title="Bewerbungsmappe", status="in_progress", position=1)
    return plan


def url(plan) -> str:
    return reverse("cases:plan_edit", args=[plan.case_id])


def test_changing_a_goals_status_saves_the_plan(plan, worker, login):
    client = login(worker)
    page = client.get(url(plan)).text
    data = form_data(page, containing="summary", changes={"goals-0-status": "achieved"})
    assert data["goals-TOTAL_FORMS"] == "3"  # two goals and the blank new one
    assert data["goals-2-status"] == "open"  # what the blank form posts by itself
    response = client.post(url(plan), data)
    assert response.status_code == 302, response.text
    statuses = list(plan.goals.order_by("position").values_list("title", "status"))
    assert statuses == [("Deutsch B1", "achieved"), ("Bewerbungsmappe", "in_progress")]


def test_changing_the_summary_saves_the_plan(plan, worker, login):
    client = login(worker)
    data = form_data(client.get(url(plan)).text, containing="summary", summary="Erst Kita")
    response = client.post(url(plan), data)
    assert response.status_code == 302, response.text
    plan.refresh_from_db()
    assert plan.summary == "Erst Kita"
    assert plan.goals.count() == 2


def test_saving_an_unchanged_page_adds_no_goal(plan, worker, login):
    client = login(worker)
    response = client.post(url(plan), form_data(client.get(url(plan)).text, containing="summary"))
    assert response.status_code == 302, response.text
    assert plan.goals.count() == 2


def test_the_blank_form_adds_a_goal_when_it_has_a_title(plan, worker, login):
    client = login(worker)
    data = form_data(
        client.get(url(plan)).text,
        containing="summary",
        changes={"goals-2-title": "Führerschein", "goals-2-status": "in_progress"},
    )
    assert client.post(url(plan), data).status_code == 302
    assert list(plan.goals.order_by("position").values_list("title", "status"))[-1] == (
        "Führerschein",
        "in_progress",
    )


def test_an_invalid_goal_shows_an_error_summary_at_the_top_and_saves_nothing(plan, worker, login):
    client = login(worker)
    data = form_data(
        client.get(url(plan)).text,
        containing="summary",
        changes={"goals-0-title": "", "goals-1-status": "achieved", "summary": "Neu"},
    )
    response = client.post(url(plan), data)
    assert response.status_code == 200
    page = response.text
    summary_at = page.find('class="error-summary"')
    assert summary_at != -1, "no error summary"
    assert summary_at < page.find('class="goal"')
    summary = page[summary_at : page.find("</div>", summary_at)]
    assert "Please check your input" in summary
    assert 'href="#id_goals-0-title"' in summary
    assert "This field is required." in summary
    plan.refresh_from_db()
    assert plan.summary == "Sprache zuerst"
    assert plan.goals.get(position=1).status == "in_progress"


def test_a_new_goal_with_a_date_but_no_title_is_named_in_the_summary(plan, worker, login):
    client = login(worker)
    data = form_data(
        client.get(url(plan)).text, containing="summary", changes={"goals-2-due_date": "2026-01-31"}
    )
    response = client.post(url(plan), data)
    assert response.status_code == 200
    assert 'href="#id_goals-2-title"' in response.text
    assert plan.goals.count() == 2


def test_german_error_summary(plan, worker, login, client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "de"
    login(worker)
    data = form_data(
        client.get(url(plan)).text, containing="summary", changes={"goals-0-title": ""}
    )
    page = client.post(url(plan), data).text
    assert "Bitte prüfen Sie Ihre Eingaben" in page or "Bitte prüfen" in page


def test_a_first_plan_with_only_a_summary_is_saved_without_goals(world, worker, login):
    case = CaseFactory(participant__project=world.project, participant__organisation=world.org_a)
    client = login(worker)
    url = reverse("cases:plan_edit", args=[case.pk])
    data = form_data(client.get(url).text, containing="summary", summary="Erst ankommen")
    assert data["goals-TOTAL_FORMS"] == "1"
    response = client.post(url, data)
    assert response.status_code == 302, response.text
    plan = Plan.objects.get(case=case)
    assert plan.summary == "Erst ankommen"
    assert not plan.goals.exists()
