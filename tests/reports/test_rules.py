"""The evaluator role through the UI: dashboards and indicators of their projects with
counts from 1 to 4 shown as "<5" everywhere (tables, charts, XLSX, PDF), and never any
personal data."""

import csv
import io
import re

import pytest
from django.urls import reverse

from quartier.core.models import Role
from tests.factories import MembershipFactory
from tests.reports.selectors.test_exports import by_code, pdf_text, sheet_rows
from tests.reports.views.test_pages import YEAR_2025

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]


@pytest.fixture
def evaluator(world):
    return world.member(Role.EVALUATOR, world.org_a)


def url(name: str, *args) -> str:
    return reverse(name, args=args)


def test_dashboard_shows_small_counts_as_less_than_five_and_no_names(seeded, evaluator, login):
    response = login(evaluator).get(url("reports:dashboard", seeded.project.slug), YEAR_2025)
    assert response.status_code == 200
    html = response.content.decode()
    assert "&lt;5" in html
    # Tables, charts and key figures: every count from 1 to 4 is hidden.
    body = html.split('id="main"', 1)[1]
    assert not re.search(r'<td class="number">[1-4]</td>', body)
    assert not re.search(r'<text class="bar-value"[^>]*>[1-4]</text>', body)
    assert not re.search(r"<title>[^<]*: [1-4]</title>", body)
    assert not re.search(r"<dd>[1-4]</dd>", body)
    # A suppressed count draws no bar: its length would give the number away.
    stages = re.search(r'<svg class="chart bar-chart".*?</svg>', body, re.S).group(0)
    assert "<rect" not in stages
    # The page's content (the header names the evaluator, whose name may be anything).
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    for name in seeded.names:
        assert name not in main
    assert "TN-" not in main  # no participant numbers either
    # The totals of five and more stay exact.
    assert response.context["board"].taking_part == 5
    assert re.search(r"<dd>5</dd>", body)


def test_lead_sees_the_same_cells_exactly(seeded, world, login):
    lead = world.member(Role.PROJECT_LEAD, world.org_a)
    html = login(lead).get(url("reports:dashboard", seeded.project.slug), YEAR_2025)
    assert "&lt;5" not in html.content.decode()


def test_indicators_page_is_suppressed(seeded, evaluator, login):
    response = login(evaluator).get(url("reports:indicators", seeded.project.slug), YEAR_2025)
    assert response.status_code == 200
    assert response.context["report"].indicators["EECO01"] == {
        "total": "<5",
        "women": "<5",
        "men": "<5",
        "non_binary": 0,
        "not_stated": 0,
    }
    html = response.content.decode()
    assert "&lt;5" in html
    assert not re.search(r'<td class="number">[1-4]</td>', html)
    assert response.context["coverage"] == "–"


def test_xlsx_and_pdf_are_suppressed(seeded, evaluator, login):
    client = login(evaluator)
    rows = sheet_rows(
        client.get(url("reports:indicator_report", seeded.project.slug, "xlsx"), YEAR_2025)
    )
    indicators = by_code(rows)
    assert indicators["EECO01"][2:] == ("<5", "<5", 0, 0, "<5")
    for row in indicators.values():
        assert not any(isinstance(cell, int) and 0 < cell < 5 for cell in row)
    assert any(row and row[0] == "Hinweis" for row in rows)
    text = pdf_text(
        client.get(url("reports:indicator_report", seeded.project.slug, "pdf"), YEAR_2025)
    )
    assert re.search(r"EECO01 .*? <5 <5 0 0 <5", text)
    assert "Ort, Datum, Unterschrift Projektleitung" in text


def test_district_profile_is_suppressed(seeded, evaluator, login):
    response = login(evaluator).get(
        url("reports:district_profile", seeded.project.slug, "wanne-nord"), YEAR_2025
    )
    assert response.status_code == 200
    assert "&lt;5" in response.content.decode()


def test_no_personal_data_pages_and_no_participant_list(seeded, world, evaluator, login):
    client = login(evaluator)
    case = seeded.project.cases.select_related("participant").first()
    assert client.get(url("cases:case_detail", case.pk)).status_code == 404
    assert client.get(url("participants:participant_edit", case.participant.pk)).status_code == 404
    assert client.get(url("cases:consent_form_pdf", case.participant.pk)).status_code == 404
    for file_format in ("csv", "xlsx"):
        response = client.get(url("reports:participant_list", seeded.project.slug, file_format))
        assert response.status_code == 404
    page = client.get(url("reports:dashboard", seeded.project.slug)).content.decode()
    assert url("reports:participant_list", seeded.project.slug, "csv") not in page


def test_evaluator_of_another_project_gets_not_found(seeded, world, login):
    other = world.member(Role.EVALUATOR, world.org_c, project=world.other_project)
    client = login(other)
    assert client.get(url("reports:dashboard", seeded.project.slug)).status_code == 404
    assert client.get(url("reports:indicators", seeded.project.slug)).status_code == 404
    response = client.get(url("reports:indicator_report", seeded.project.slug, "xlsx"))
    assert response.status_code == 404
    assert client.get(url("reports:dashboard", world.other_project.slug)).status_code == 200


def test_threshold_is_configurable(seeded, evaluator, login, settings):
    settings.QUARTIER_SMALL_CELL_THRESHOLD = 3
    response = login(evaluator).get(url("reports:indicators", seeded.project.slug), YEAR_2025)
    figures = response.context["report"].indicators["EECO01"]
    assert figures == {"total": 4, "women": 3, "men": "<3", "non_binary": 0, "not_stated": 0}
    assert "&lt;3" in response.content.decode()


def test_a_lead_who_is_also_evaluator_sees_exact_figures(seeded, world, login):
    lead = world.member(Role.PROJECT_LEAD, world.org_a)
    MembershipFactory(
        user=lead, project=world.project, organisation=world.org_a, role=Role.EVALUATOR
    )
    client = login(lead)
    response = client.get(url("reports:indicators", seeded.project.slug), YEAR_2025)
    assert response.context["report"].indicators["EECO01"]["women"] == 3
    response = client.get(url("reports:participant_list", seeded.project.slug, "csv"), YEAR_2025)
    assert len(list(csv.DictReader(io.StringIO(response.content.decode())))) == 4
