"""The placements API: create, read, change, end; check-ins read and recorded; foreign
ids 404, stale versions 409, bad input 422 with field messages."""

import datetime as dt

import pytest
import time_machine

from quartier.core.models import Role
from tests.economy.factories_placements import PlacementVacancyFactory, coach_case, record

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def pinned_day():
    with time_machine.travel(dt.datetime(2025, 8, 1, 10), tick=False):
        yield


@pytest.fixture
def coach(world):
    return world.member(Role.JOB_COACH)


def test_create_list_get_and_checks(world, coach, api_as):
    case = coach_case(world, coach)
    vacancy = PlacementVacancyFactory(project=world.project)
    client = api_as(coach)
    created = client.post(
        "/api/v1/placements/",
        {
            "case": case.pk,
            "vacancy": vacancy.pk,
            "contract_kind": "apprenticeship",
            "start_date": "2025-06-02",
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["job_title"] == vacancy.title
    assert body["employer"] == vacancy.employer_id
    assert [p["id"] for p in client.get("/api/v1/placements/").json()["items"]] == [body["id"]]
    assert client.get(f"/api/v1/placements/{body['id']}/").json()["status"] == "active"
    checks = client.get(f"/api/v1/placements/{body['id']}/checks/").json()
    assert len(checks) == 6
    assert checks[0]["due_date"] == "2025-07-02"


def test_bad_input_is_422_with_fields_and_foreign_ids_404(world, coach, api_as):
    case = coach_case(world, coach)
    client = api_as(coach)
    early = client.post(
        "/api/v1/placements/",
        {
            "case": case.pk,
            "employer_name": "Kiosk",
            "job_title": "Verkauf",
            "contract_kind": "mini_job",
            "start_date": "2025-01-01",
        },
    )
    assert early.status_code == 422
    assert "start_date" in early.json()["fields"]
    foreign_vacancy = PlacementVacancyFactory(project=world.other_project)
    response = client.post(
        "/api/v1/placements/",
        {
            "case": case.pk,
            "vacancy": foreign_vacancy.pk,
            "contract_kind": "mini_job",
            "start_date": "2025-06-01",
        },
    )
    assert response.status_code == 404
    other = world.member(Role.JOB_COACH, organisation=world.org_b)
    placement = record(case, coach)
    assert api_as(other).get(f"/api/v1/placements/{placement.pk}/").status_code == 404
    check = placement.checks.first()
    assert api_as(other).get(f"/api/v1/stabilisation-checks/{check.pk}/").status_code == 404


def test_patch_stale_is_409_and_end(world, coach, api_as):
    placement = record(coach_case(world, coach), coach)
    client = api_as(coach)
    url = f"/api/v1/placements/{placement.pk}/"
    ok = client.patch(url, {"version": placement.version, "hours_per_week": "25"})
    assert ok.status_code == 200, ok.content
    stale = client.patch(url, {"version": placement.version, "job_title": "X"})
    assert stale.status_code == 409
    ended = client.patch(
        url, {"version": ok.json()["version"], "ended_on": "2025-07-15", "end_reason": "resigned"}
    )
    assert ended.status_code == 200, ended.content
    assert ended.json()["status"] == "ended"
    assert client.get(f"{url}checks/").json() == []


def test_record_a_check_in_once(world, coach, api_as):
    placement = record(coach_case(world, coach), coach)
    check = placement.checks.get(months_after_start=1, with_whom="participant")
    client = api_as(coach)
    url = f"/api/v1/stabilisation-checks/{check.pk}/"
    data = {
        "version": check.version,
        "done_on": "2025-07-02",
        "status": "at_risk",
        "mode": "phone",
        "still_employed": True,
        "risk_flags": ["health"],
    }
    first = client.patch(url, data)
    assert first.status_code == 200, first.content
    assert first.json()["status"] == "at_risk"
    again = client.patch(url, data)
    assert again.status_code == 409
    assert "already recorded on 02.07.2025" in again.json()["detail"]
    other = placement.checks.get(months_after_start=3, with_whom="participant")
    bad = client.patch(
        f"/api/v1/stabilisation-checks/{other.pk}/",
        {**data, "version": other.version, "status": "ended"},
    )
    assert bad.status_code == 422
    assert "end_reason" in bad.json()["fields"]
