"""The dashboard's "Local economy (BIWAQ HF2)" section through the test client: exact
figures for project staff, "<5" for evaluators, the period chosen like the rest."""

from datetime import date

import pytest

from quartier.core.models import Role
from tests.reports.factories_economy import (
    check,
    employer,
    event,
    invite,
    placement,
    service,
    unit,
)
from tests.reports.views.test_pages import YEAR_2025, dashboard_url, table_rows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]

DAY = date(2025, 4, 1)


@pytest.fixture
def economy(world):
    """Six small employers with a company-aimed service, one large one; a fair with two
    of them (four people); a unit let; three placements with their 1-month results."""
    project = world.project
    firms = [employer(project, "small") for _ in range(6)]
    for firm in firms:
        service(firm, DAY, kind="diversity_management")
    service(employer(project, "large"), DAY, kind="recruitment_support", aim="person")
    fair = event(project, DAY, supports=False, kind="fair")
    invite(fair, firms[0], attendees=3)
    invite(fair, firms[1], attendees=1)
    unit(project, "let", let_on=DAY)
    for status in ("stable", "stable", "at_risk"):
        check(placement(project, DAY), 1, status)
    placement(project, date(2024, 5, 1), contract_kind="mini_job")  # before the period
    return world


def page(client, world, query=YEAR_2025) -> str:
    response = client.get(dashboard_url(world.project), query)
    assert response.status_code == 200
    return response.content.decode()


def test_lead_sees_the_local_economy_exactly(economy, login):
    html = page(login(economy.member(Role.PROJECT_LEAD, economy.org_a)), economy)
    assert "Local economy (BIWAQ HF2)" in html
    sizes = table_rows(html, "Employers supported by size class")
    assert sizes["Small (fewer than 50)"] == ["6"]
    assert sizes["Large (250 or more)"] == ["0"]  # a person-aimed service only
    assert sizes["Total"] == ["6"]
    services = table_rows(html, "Employer services by kind and aim")
    assert services["Diversity-management advice"] == ["6", "0", "6"]
    assert services["Recruitment support"] == ["0", "1", "1"]
    events = table_rows(html, "Business events and attendance")
    assert events["Fair (e.g. b2b fair)"] == ["1", "0", "2", "4", "0"]
    units = table_rows(html, "Vacant commercial units")
    assert units["Let in the period"] == ["1"]
    contracts = table_rows(html, "Placements starting in the period by contract")
    assert contracts["Employment subject to social insurance"] == ["3"]
    assert contracts["Mini-job"] == ["0"]
    results = table_rows(html, "Stabilisation results by month after the start")
    assert results["1 month after the start"] == ["2", "1", "0", "0"]
    assert results["3 months after the start"] == ["0", "0", "0", "0"]
    assert results["6 months after the start"] == ["0", "0", "0", "0"]
    assert 'id="chart-employers"' in html or "chart-employers-title" in html


def test_the_period_counts_like_the_rest_of_the_dashboard(economy, login):
    client = login(economy.member(Role.PROJECT_LEAD, economy.org_a))
    html = page(client, economy, {"period": "custom", "date_from": "2024-01-01",
                                  "date_to": "2024-12-31"})  # fmt: skip
    contracts = table_rows(html, "Placements starting in the period by contract")
    assert contracts["Mini-job"] == ["1"]
    assert contracts["Employment subject to social insurance"] == ["0"]
    assert table_rows(html, "Employers supported by size class")["Total"] == ["0"]


def test_evaluators_see_small_counts_as_below_five(economy, login):
    html = page(login(economy.member(Role.EVALUATOR, economy.org_a)), economy)
    sizes = table_rows(html, "Employers supported by size class")
    assert sizes["Small (fewer than 50)"] == ["6"]  # five or more: exact
    events = table_rows(html, "Business events and attendance")
    assert events["Fair (e.g. b2b fair)"] == ["&lt;5", "0", "&lt;5", "&lt;5", "0"]
    results = table_rows(html, "Stabilisation results by month after the start")
    assert results["1 month after the start"] == ["&lt;5", "&lt;5", "0", "0"]
    assert table_rows(html, "Vacant commercial units")["Let in the period"] == ["&lt;5"]


def test_an_empty_period_says_what_to_do(world, login):
    html = page(login(world.member(Role.PROJECT_LEAD, world.org_a)), world)
    assert "No employer services, business events, vacant units or placements" in html
