"""The ESF Plus indicators page: the engine's figures by gender with the six-month
follow-up coverage and BIWAQ HF1 beside them, and the same figures as the command
prints, on the demo data."""

import io
import json
import os

import pytest
from django.core.management import call_command
from django.urls import reverse

from quartier.core.models import Project, Role, User
from quartier.demo import data
from tests.reports.views.test_pages import YEAR_2025, seed, table_rows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]

COLUMNS = ("women", "men", "non_binary", "not_stated", "total")
INDICATOR_CAPTION = "ESF Plus common indicators (Regulation (EU) 2021/1057, Annex I)"


def indicators_url(project) -> str:
    return reverse("reports:indicators", args=[project.slug])


def page_figures(html: str) -> dict[str, list[str]]:
    """Indicator code → the shown figures, in the page's column order."""
    return {code: cells[1:] for code, cells in table_rows(html, INDICATOR_CAPTION).items()}


def test_page_shows_every_indicator_by_gender_with_followup_and_hf1(world, login):
    seeded = seed(world)
    lead = world.member(Role.PROJECT_LEAD, world.org_a)
    response = login(lead).get(indicators_url(seeded.project), YEAR_2025)
    assert response.status_code == 200
    html = response.content.decode()
    figures = page_figures(html)
    assert len(figures) == 24
    assert figures["EECO19"] == ["–", "–", "–", "–", "0"]  # companies: a total only
    assert figures["EECO01"] == ["3", "1", "0", "0", "4"]
    assert figures["EECR04"] == ["1", "0", "0", "0", "1"]
    followup = table_rows(html, "Six-month follow-up coverage")
    assert followup["Leavers in the period"] == ["1"]
    assert followup["Leavers with six-month follow-up data"] == ["0"]
    assert followup["Coverage"] == ["0 %"]
    hf1 = table_rows(html, "BIWAQ HF1 by gender")
    assert len(hf1) == 1
    # The downloads carry the period.
    assert "bericht.xlsx?period=custom&amp;date_from=2025-01-01&amp;date_to=2025-12-31" in html


def test_end_before_start_is_a_message(world, login):
    lead = world.member(Role.PROJECT_LEAD, world.org_a)
    response = login(lead).get(
        indicators_url(world.project), {"date_from": "2025-03-01", "date_to": "2025-02-28"}
    )
    assert response.status_code == 200
    assert "lies before its start" in response.content.decode()
    assert "report" not in response.context


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.PROJECT_LEAD, 200),
        (Role.CASE_WORKER, 200),
        (Role.EVALUATOR, 200),
        (Role.NETWORK_COACH, 403),
        (Role.ORGANISATION_ADMIN, 403),
    ],
)
def test_who_may_open_the_indicators(world, login, role, status):
    user = world.member(role, world.org_a)
    assert login(user).get(indicators_url(world.project)).status_code == status
    assert login(user).get(indicators_url(world.other_project)).status_code == 404


@pytest.mark.parametrize("period", [None, ("2025-01-01", "2025-12-31")])
def test_page_and_command_agree_on_the_demo_data(login, period):
    with open(os.devnull, "w") as quiet:
        call_command("seed_demo", participants=150, seed=3, stdout=quiet)
    project = Project.objects.get(slug="bqb-sued")
    lead = User.objects.get(email=f"projektleitung@{data.DEMO_DOMAIN}")
    dates = {"date_from": period[0], "date_to": period[1]} if period else {}
    out = io.StringIO()
    call_command("indicators", project=project.slug, file_format="json", stdout=out, **dates)
    printed = json.loads(out.getvalue())
    query = {"period": "custom", **dates} if period else {}
    html = login(lead).get(indicators_url(project), query).content.decode()
    shown = page_figures(html)
    if period is None:
        assert printed["indicators"]["EECO01"]["total"] > 0
    for code, figures in printed["indicators"].items():
        assert shown[code] == [
            f"{figures[column]:,}" if column in figures else "–" for column in COLUMNS
        ], code
    followup = table_rows(html, "Six-month follow-up coverage")
    assert followup["Leavers in the period"] == [f"{printed['followup_6m']['leavers']:,}"]
    assert followup["Leavers with six-month follow-up data"] == [
        f"{printed['followup_6m']['with_data']:,}"
    ]
