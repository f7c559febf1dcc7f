"""The network view's page: who may open it, the period from the query string (bad
dates fall back to the default with a message), the graph as well-formed SVG, the CSV,
no person data."""

import csv
import io
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from django.urls import reverse

from quartier.core.models import Role
from tests.factories import OrganisationFactory
from tests.network.factories import PartnerFactory
from tests.network.factories_figures import sent_referral

pytestmark = pytest.mark.usefixtures("english_pages")

URL = reverse("network:figures")
SVG = "{http://www.w3.org/2000/svg}"


def _get(login, user, **query):
    return login(user).get(URL, query)


@pytest.mark.parametrize(
    "role",
    [
        Role.NETWORK_COACH,
        Role.PROJECT_LEAD,
        Role.CASE_WORKER,
        Role.JOB_COACH,
        Role.EMPLOYER_LIAISON,
    ],
)
def test_network_view_roles_open_it(world, login, role):
    response = _get(login, world.member(role), project=world.project.slug)
    assert response.status_code == 200
    assert response.context["project"] == world.project


@pytest.mark.parametrize("role", [Role.EVALUATOR, Role.PARTNER_STAFF, Role.ORGANISATION_ADMIN])
def test_other_roles_are_refused(world, login, role):
    user = world.member(role)
    assert _get(login, user).status_code == 403
    assert _get(login, user, project=world.project.slug).status_code == 403


def test_another_project_is_not_found(world, login):
    coach = world.member(Role.NETWORK_COACH)
    assert _get(login, coach, project=world.other_project.slug).status_code == 404
    assert _get(login, coach, project="no-such-project").status_code == 404


def test_without_a_project_the_first_offered_one_is_shown(world, login):
    response = _get(login, world.member(Role.NETWORK_COACH))
    assert response.status_code == 200
    assert response.context["project"] == world.project


def test_the_platform_admin_opens_any_project(world, login, platform_admin):
    response = _get(login, platform_admin, project=world.other_project.slug)
    assert response.status_code == 200


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_the_period_comes_from_the_query_string(world, login):
    sent_referral(world.project, world.org_a, world.org_b, date(2025, 3, 4))
    sent_referral(world.project, world.org_a, world.org_b, date(2025, 9, 4))
    response = _get(
        login,
        world.member(Role.NETWORK_COACH),
        project=world.project.slug,
        von="2025-01-01",
        bis="2025-06-30",
    )
    figures = response.context["figures"]
    assert (figures.start, figures.end) == (date(2025, 1, 1), date(2025, 6, 30))
    assert figures.referrals == 1
    assert "01.01.2025 – 30.06.2025" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"von": "2025-13-45"}, "von"),
        ({"bis": "yesterday"}, "bis"),
        ({"von": "2025-06-01", "bis": "2025-05-01"}, "bis"),
    ],
)
def test_a_bad_period_shows_an_error_and_the_default(world, login, query, field):
    response = _get(login, world.member(Role.NETWORK_COACH), project=world.project.slug, **query)
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    figures = response.context["figures"]
    assert figures.start == date(figures.end.year, 1, 1)
    page = response.content.decode()
    assert "Please check your input" in page
    assert "the default period" in page
    if query.get("bis") == "2025-05-01":
        assert "lies before its start" in page


def test_the_graph_is_well_formed_svg_with_the_counts(world, login):
    PartnerFactory(project=world.project, partner_organisation=world.org_b, level="activation")
    jobcenter = OrganisationFactory(name="Jobcenter <Duisburg> & Co")
    for _ in range(3):
        sent_referral(world.project, world.org_a, world.org_b, date(2025, 3, 4))
    sent_referral(world.project, world.org_b, world.org_a, date(2025, 3, 5))
    sent_referral(world.project, jobcenter, world.org_a, date(2025, 3, 6))
    response = _get(
        login,
        world.member(Role.NETWORK_COACH),
        project=world.project.slug,
        von="2025-01-01",
        bis="2025-12-31",
    )
    page = response.content.decode()
    start, end = page.index("<svg"), page.index("</svg>") + len("</svg>")
    svg = ET.fromstring(page[start:end])
    assert svg.get("role") == "img"
    assert svg.get("aria-label") == "Who refers to whom"
    assert svg.find(f"{SVG}title").text == "Who refers to whom"
    nodes = svg.findall(f".//{SVG}g[@class='node level-activation']")
    assert len(nodes) == 1  # org B is an activation partner
    assert len(svg.findall(f".//{SVG}circle")) == 3
    edges = svg.findall(f".//{SVG}g[@class='edge']")
    assert sorted(edge.find(f"{SVG}text").text for edge in edges) == ["1", "1", "3"]
    widths = sorted(float(edge.find(f"{SVG}path").get("stroke-width")) for edge in edges)
    assert widths[0] < widths[-1]  # the biggest flow is the widest
    # The numbers are written with a dot in any language.
    for edge in edges:
        assert "," not in edge.find(f"{SVG}path").get("d")
    titles = [edge.find(f"{SVG}title").text for edge in edges]
    assert "Jobcenter <Duisburg> & Co → " + world.org_a.name + ": 1" in titles


def test_the_graph_in_german_keeps_dots(world, client, login):
    sent_referral(world.project, world.org_a, world.org_b, date(2025, 3, 4))
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "de"
    page = _get(
        login, world.member(Role.NETWORK_COACH), von="2025-01-01", bis="2025-12-31"
    ).content.decode()
    svg = ET.fromstring(page[page.index("<svg") : page.index("</svg>") + 6])
    for element in svg.iter():
        for name in ("cx", "cy", "x", "y", "stroke-width"):
            assert "," not in element.get(name, "")


def test_empty_states_without_data(world, login):
    page = _get(login, world.member(Role.NETWORK_COACH)).content.decode()
    assert "<svg" not in page
    assert "No referral was sent in this period" in page
    assert "The project has no active network partners yet" in page
    assert "The project names no districts" in page
    assert "small counts are shown as they are" in page


def test_no_person_data_on_the_page_or_in_the_csv(world, login):
    referral = sent_referral(world.project, world.org_a, world.org_b, date(2025, 3, 4))
    participant = referral.case.participant
    coach = world.member(Role.NETWORK_COACH)
    for query in ({}, {"format": "csv"}):
        content = _get(login, coach, von="2025-01-01", bis="2025-12-31", **query).content.decode()
        assert participant.last_name not in content
        assert participant.first_name not in content
        assert referral.reason not in content


def test_the_csv_holds_the_tables(world, login):
    sent_referral(world.project, world.org_a, world.org_b, date(2025, 3, 4))
    sent_referral(world.project, world.org_a, world.org_b, date(2025, 3, 5), state="declined")
    response = _get(
        login,
        world.member(Role.NETWORK_COACH),
        project=world.project.slug,
        von="2025-01-01",
        bis="2025-12-31",
        format="csv",
    )
    assert response["Content-Type"].startswith("text/csv")
    assert f"netzwerk-{world.project.slug}-20250101-20251231.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Table", "Row", "Column", "Value"]
    assert ["Referrals", f"{world.org_a.name} → {world.org_b.name}", "Referrals", "2"] in rows
    assert [
        "Reasons for declining",
        "no capacity / waiting list full",
        "Referrals",
        "1",
    ] in rows


def test_the_two_directions_between_a_pair_bend_to_either_side(world):
    from quartier.network.selectors.figures import network_figures
    from quartier.network.views.figures import network_graph

    start, end = date(2025, 1, 1), date(2025, 12, 31)
    assert network_graph(network_figures(project=world.project, start=start, end=end)) is None
    sent_referral(world.project, world.org_a, world.org_b, date(2025, 3, 4))
    sent_referral(world.project, world.org_b, world.org_a, date(2025, 3, 4))
    graph = network_graph(network_figures(project=world.project, start=start, end=end))
    assert len(graph.nodes) == 2
    there, back = graph.edges
    # Each path is "M x y Q cx cy ex ey": the control points lie on opposite sides.
    control_x = [float(edge.path.split()[4]) for edge in (there, back)]
    assert control_x[0] != control_x[1]
    assert (control_x[0] - graph.width / 2) * (control_x[1] - graph.width / 2) < 0
