"""GET /api/v1/projects/{slug}/indicators: the JSON of INDICATORS.md section 3, exact for
staff with a case role, suppressed for evaluators; 404, 403 and 422 with a message."""

import io
import json
from datetime import date

import pytest
from django.core.management import call_command

from quartier.core import services
from quartier.core.models import Role
from quartier.reports.indicators import CODES
from tests.api.client import ApiClient, messages
from tests.reports.indicator_people import assess, enter

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_as(client):
    def _as(user):
        key = services.api_token_create(actor=user, user=user, name="test")[1] if user else None
        return ApiClient(client, key)

    return _as


@pytest.fixture
def people(world):
    """Seven women and two men entering in 2024; one man leaving with progress."""
    for _ in range(7):
        enter(world.project, entry=date(2024, 4, 1), gender="female")
    enter(world.project, entry=date(2024, 4, 1), gender="male")
    leaver = enter(world.project, entry=date(2024, 2, 1), gender="male", exit=date(2024, 6, 30),
                   exit_employed="yes", followup_6m_employed="yes",
                   followup_6m_recorded_on=date(2025, 1, 7))  # fmt: skip
    assess(leaver, date(2024, 2, 2), 8)
    assess(leaver, date(2024, 6, 1), 2)
    enter(world.other_project, entry=date(2024, 4, 1), gender="female")
    return world


def url(world):
    return f"/api/v1/projects/{world.project.slug}/indicators"


@pytest.mark.parametrize("role", [Role.PROJECT_LEAD, Role.CASE_WORKER, Role.JOB_COACH])
def test_staff_with_a_case_role_get_exact_figures(people, api_as, role):
    response = api_as(people.member(role)).get(
        url(people), {"from": "2024-01-01", "to": "2024-12-31"}
    )
    assert response.status_code == 200
    data = response.json()
    assert list(data) == [
        "project", "from", "to", "indicators", "followup_6m", "programme_indicators"
    ]  # fmt: skip
    assert data["project"] == people.project.slug
    assert (data["from"], data["to"]) == ("2024-01-01", "2024-12-31")
    assert list(data["indicators"]) == list(CODES)
    assert data["indicators"]["EECO01"] == {
        "total": 9, "women": 7, "men": 2, "non_binary": 0, "not_stated": 0
    }  # fmt: skip
    assert data["indicators"]["EECR04"]["men"] == 1
    assert data["followup_6m"] == {"leavers": 1, "with_data": 1}
    assert data["programme_indicators"]["HF1"]["men"] == 1


def test_a_partner_organisations_staff_see_the_whole_project(people, api_as):
    user = people.member(Role.CASE_WORKER, organisation=people.org_b)
    data = api_as(user).get(url(people)).json()
    assert data["indicators"]["EECO01"]["total"] == 9


def test_evaluators_get_counts_from_one_to_four_as_below_five(people, api_as):
    response = api_as(people.member(Role.EVALUATOR)).get(url(people), {"from": "2024-01-01"})
    assert response.status_code == 200
    data = response.json()
    assert data["indicators"]["EECO01"] == {
        "total": 9, "women": 7, "men": "<5", "non_binary": 0, "not_stated": 0
    }  # fmt: skip
    assert data["indicators"]["EECR04"]["total"] == "<5"
    assert data["followup_6m"] == {"leavers": "<5", "with_data": "<5"}
    assert data["programme_indicators"]["HF1"]["total"] == "<5"
    # Nothing personal in the answer: figures only.
    assert "first_name" not in response.content.decode()


def test_the_whole_time_without_dates(people, api_as):
    data = api_as(people.member(Role.PROJECT_LEAD)).get(url(people)).json()
    assert data["from"] is None
    assert data["to"] is None
    assert data["indicators"]["EECO01"]["total"] == 9


def test_the_address_with_a_trailing_slash_answers_the_same(people, api_as):
    api = api_as(people.member(Role.PROJECT_LEAD))
    assert api.get(url(people) + "/").json() == api.get(url(people)).json()


@pytest.mark.parametrize(
    "role", [Role.NETWORK_COACH, Role.EMPLOYER_LIAISON, Role.ORGANISATION_ADMIN]
)
def test_other_roles_are_refused(people, api_as, role):
    response = api_as(people.member(role)).get(url(people))
    assert response.status_code == 403
    assert messages(response) == "You are not allowed to do this."


def test_a_project_of_others_and_an_unknown_project_are_404(people, api_as):
    api = api_as(people.member(Role.PROJECT_LEAD))
    foreign = api.get(f"/api/v1/projects/{people.other_project.slug}/indicators")
    unknown = api.get("/api/v1/projects/nirgendwo/indicators")
    assert foreign.status_code == unknown.status_code == 404
    assert foreign.json() == unknown.json() == {"detail": "Not found."}


def test_without_a_token_401(people, api_as):
    assert api_as(None).get(url(people)).status_code == 401


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            {"from": "2024-12-31", "to": "2024-01-01"},
            "The end of the period (2024-01-01) lies before its start (2024-12-31).",
        ),
        (
            {"from": "01.01.2024"},
            "The start of the period, '01.01.2024', is not a date as YYYY-MM-DD.",
        ),
        ({"to": "2024-02-30"}, "The end of the period, '2024-02-30', is not a date that exists."),
    ],
)
def test_a_bad_period_is_422_with_a_clear_message(people, api_as, query, message):
    response = api_as(people.member(Role.PROJECT_LEAD)).get(url(people), query)
    assert response.status_code == 422
    assert messages(response) == message


def test_the_endpoint_is_in_the_openapi_description(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/projects/{slug}/indicators" in paths
    assert "/api/v1/projects/{slug}/indicators/" not in paths


def test_command_and_api_agree(people, api_as):
    out = io.StringIO()
    args = ["--project", people.project.slug, "--from", "2024-02-01", "--to", "2024-06-30"]
    call_command("indicators", *args, stdout=out)
    api = api_as(people.member(Role.PROJECT_LEAD))
    answer = api.get(url(people), {"from": "2024-02-01", "to": "2024-06-30"}).json()
    assert json.loads(out.getvalue()) == answer
