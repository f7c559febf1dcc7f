"""The cases API (`cases.api.cases`): the list with its filters, one case, changes,
the exit and the six-month survey; and that every case-file endpoint needs a token."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quartier.cases.models import Assessment, Case, Contact, FollowUp, Plan, Skill
from quartier.core.models import Role
from quartier.privacy.models import AccessLogEntry
from tests.api.client import messages
from tests.cases.api.conftest import TODAY, case_of
from tests.factories import (
    AssessmentFactory,
    ConsentFactory,
    ContactFactory,
    DistrictFactory,
    FollowUpFactory,
    GoalFactory,
    PlanFactory,
)


@pytest.mark.django_db
def test_case_list_shows_only_the_own_organisations_cases(api_as, case_worker, cases):
    own, _partner, _other = cases
    body = api_as(case_worker).get("/api/v1/cases/").json()
    assert [item["id"] for item in body["items"]] == [own.pk]
    item = body["items"][0]
    assert item["participant"]["id"] == own.participant_id
    assert item["organisation"] == own.organisation.slug
    assert item["version"] == own.version


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.EVALUATOR, Role.NETWORK_COACH])
@pytest.mark.parametrize(
    "path", ["cases", "assessments", "plans", "contacts", "follow-ups", "participants"]
)
def test_aggregate_roles_see_empty_lists(world, api_as, cases, role, path):
    own = cases[0]
    AssessmentFactory(case=own)
    PlanFactory(case=own)
    ContactFactory(case=own)
    FollowUpFactory(case=own)
    body = api_as(world.member(role, world.org_a)).get(f"/api/v1/{path}/").json()
    assert body == {"items": [], "count": 0}


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.EVALUATOR, Role.NETWORK_COACH])
def test_aggregate_roles_get_404_on_details_and_writes(world, api_as, cases, role):
    own = cases[0]
    client = api_as(world.member(role, world.org_a))
    details = {
        f"/api/v1/cases/{own.pk}/": {"stage": "profiling"},
        f"/api/v1/assessments/{AssessmentFactory(case=own).pk}/": {"notes": "x"},
        f"/api/v1/contacts/{ContactFactory(case=own).pk}/": {"notes": "x"},
        f"/api/v1/follow-ups/{FollowUpFactory(case=own).pk}/": {"done": True},
    }
    for url, change in details.items():
        assert client.get(url).status_code == 404, url
        assert client.patch(url, {"version": 1, **change}).status_code == 404, url
    plan = PlanFactory(case=own)
    assert client.get(f"/api/v1/plans/{plan.pk}/").status_code == 404
    assert client.put(f"/api/v1/plans/{plan.pk}/", {"version": 1}).status_code == 404
    created = client.post("/api/v1/contacts/", {"case": own.pk, "date": "2025-04-01"})
    assert created.status_code == 404
    assert Contact.objects.count() == 1
    # No read was logged (the records made above are CHANGE entries of the access log).
    assert not AccessLogEntry.objects.exclude(action="change").exists()


@pytest.mark.django_db
def test_case_list_filters(world, api_as, case_worker):
    colleague = world.member(Role.JOB_COACH, world.org_a)
    district = DistrictFactory()
    world.project.districts.add(district)
    young = case_of(
        world,
        participant__birth_date=date(2004, 1, 1),
        participant__last_name="Junge",
        participant__district=district,
        entry_date=date(2025, 1, 10),
    )
    coached = case_of(
        world, responsible=colleague, stage="qualification", entry_date=date(2025, 5, 1)
    )
    exited = case_of(world, stage="exited", exit_date=date(2025, 6, 1), entry_date=date(2025, 2, 1))
    FollowUpFactory(case=coached, due_date=TODAY() - timedelta(days=3))
    client = api_as(case_worker)

    def ids(**params):
        response = client.get("/api/v1/cases/", params)
        assert response.status_code == 200, response.content
        return [item["id"] for item in response.json()["items"]]

    assert ids() == [coached.pk, young.pk]
    assert ids(include_exited=True) == [coached.pk, exited.pk, young.pk]
    assert ids(stage="exited") == [exited.pk]
    assert ids(responsible=colleague.pk) == [coached.pk]
    assert ids(overdue=True) == [coached.pk]
    assert ids(target_group="young_people") == [young.pk]
    assert ids(district=district.slug) == [young.pk]
    assert ids(project=world.project.slug) == [coached.pk, young.pk]
    assert ids(project=world.other_project.slug) == []
    assert ids(entry_from="2025-03-01") == [coached.pk]
    assert ids(entry_to="2025-03-01") == [young.pk]
    assert ids(search="junge") == [young.pk]
    assert ids(ordering="entry") == [young.pk, coached.pk]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {"stage": "sleeping"},
        {"target_group": "families"},
        {"ordering": "random"},
        {"entry_from": "2025-02-30"},
        {"entry_from": "2025-05-01", "entry_to": "2025-04-01"},
    ],
)
def test_case_list_refuses_unknown_codes_and_reversed_dates(api_as, case_worker, params):
    response = api_as(case_worker).get("/api/v1/cases/", params)
    assert response.status_code == 422


@pytest.mark.django_db
def test_case_list_is_paginated(world, api_as, case_worker):
    for day in range(1, 4):
        case_of(world, entry_date=date(2025, 1, day))
    body = api_as(case_worker).get("/api/v1/cases/", {"limit": 1, "offset": 1}).json()
    assert body["count"] == 3
    assert [item["entry_date"] for item in body["items"]] == ["2025-01-02"]


@pytest.mark.django_db
def test_case_list_queries_do_not_grow_with_the_rows(world, api_as, case_worker):
    district = DistrictFactory()
    client = api_as(case_worker)
    client.get("/api/v1/cases/")  # the token's first use is recorded once
    counts = []
    for total in (5, 25):
        while Case.objects.filter(organisation=world.org_a).count() < total:
            case = case_of(world, responsible=case_worker, participant__district=district)
            FollowUpFactory(case=case)
        with CaptureQueriesContext(connection) as queries:
            body = client.get("/api/v1/cases/", {"limit": 100}).json()
        assert body["count"] == total
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["assessments", "plans", "contacts", "follow-ups", "participants"])
def test_other_lists_need_a_fixed_number_of_queries(world, api_as, case_worker, path):
    client = api_as(case_worker)
    client.get("/api/v1/cases/")
    counts = []
    for total in (3, 12):
        while Case.objects.filter(organisation=world.org_a).count() < total:
            case = case_of(world)
            AssessmentFactory(case=case).skills.add(
                Skill.objects.create(name=f"S{case.pk}", category="social")
            )
            GoalFactory(plan=PlanFactory(case=case))
            ContactFactory(case=case, staff=case_worker)
            FollowUpFactory(case=case, assigned_to=case_worker)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/api/v1/{path}/", {"limit": 100}).json()["count"] == total
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.mark.django_db
def test_case_detail_is_access_logged(api_as, case_worker, cases):
    own = cases[0]
    response = api_as(case_worker).get(f"/api/v1/cases/{own.pk}/")
    assert response.status_code == 200
    assert response.json()["participant"]["external_id"] == own.participant.external_id
    entry = AccessLogEntry.objects.get(action="view")
    assert (entry.user, entry.record_type, entry.record_id, entry.project_id) == (
        case_worker,
        "cases.case",
        own.pk,
        own.project_id,
    )


@pytest.mark.django_db
def test_foreign_cases_are_404_everywhere(api_as, case_worker, cases):
    client = api_as(case_worker)
    for foreign in cases[1:]:
        base = f"/api/v1/cases/{foreign.pk}/"
        assert client.get(base).status_code == 404
        assert client.patch(base, {"version": 1, "stage": "profiling"}).status_code == 404
        exit_body = {
            "version": 1,
            "exit_date": "2025-06-01",
            "exit_reason": "employment",
            "exit_job_searching": "no",
            "exit_education_training": "no",
            "exit_qualification": "no",
            "exit_employed": "yes",
        }
        assert client.post(f"{base}exit/", exit_body).status_code == 404
        assert client.delete(f"{base}exit/?version=1").status_code == 404
        six_months = {
            "version": 1,
            "followup_6m_employed": "yes",
            "followup_6m_better_situation": "no",
        }
        assert client.put(f"{base}followup-6m/", six_months).status_code == 404
        for path, body in [
            ("assessments", {"case": foreign.pk, "date": "2025-04-01"}),
            ("plans", {"case": foreign.pk, "goals": [{"title": "x"}]}),
            ("contacts", {"case": foreign.pk, "date": "2025-04-01"}),
            ("follow-ups", {"case": foreign.pk, "due_date": "2025-09-01", "title": "x"}),
        ]:
            assert client.post(f"/api/v1/{path}/", body).status_code == 404, path
        foreign.refresh_from_db()
        assert (foreign.stage, foreign.exit_date, foreign.version) == ("first_counselling", None, 1)
    # No read was logged (the records made above are CHANGE entries of the access log).
    assert not AccessLogEntry.objects.exclude(action="change").exists()
    assert not Assessment.objects.exists()
    assert not Plan.objects.exists()
    assert not Contact.objects.exists()
    assert not FollowUp.objects.exists()


@pytest.mark.django_db
def test_patch_case_changes_stage_and_responsible(world, api_as, case_worker, cases):
    own = cases[0]
    colleague = world.member(Role.JOB_COACH, world.org_a)
    response = api_as(case_worker).patch(
        f"/api/v1/cases/{own.pk}/",
        {"version": own.version, "stage": "qualification", "responsible": colleague.pk},
    )
    assert response.status_code == 200, response.content
    own.refresh_from_db()
    assert (own.stage, own.responsible, own.entry_date) == (
        "qualification",
        colleague,
        date(2025, 3, 1),
    )
    assert response.json()["responsible"] == {"id": colleague.pk, "full_name": colleague.full_name}
    assert response.json()["version"] == own.version


@pytest.mark.django_db
def test_patch_case_with_a_stale_version_is_409_naming_what_changed(api_as, case_worker, cases):
    own = cases[0]
    client = api_as(case_worker)
    version = client.get(f"/api/v1/cases/{own.pk}/").json()["version"]
    first = client.patch(f"/api/v1/cases/{own.pk}/", {"version": version, "stage": "profiling"})
    assert first.status_code == 200
    second = client.patch(
        f"/api/v1/cases/{own.pk}/", {"version": version, "entry_date": "2025-02-01"}
    )
    assert second.status_code == 409
    assert second.json()["changed"] == ["stage"]
    assert second.json()["version"] == version + 1
    assert "Nothing was saved" in second.json()["detail"]
    own.refresh_from_db()
    assert (own.stage, own.entry_date, own.version) == ("profiling", date(2025, 3, 1), version + 1)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "field", "text"),
    [
        ({"entry_date": "1980-01-01"}, "entry_date", "before the birth date"),
        ({"entry_date": "2022-01-01"}, "entry_date", "unemployed since"),
        ({"stage": "exited"}, "stage", "exit form"),
        ({"responsible": 999999}, "responsible", "no case role"),
    ],
)
def test_patch_case_with_bad_input_is_422_and_changes_nothing(
    api_as, case_worker, cases, body, field, text
):
    own = cases[0]
    response = api_as(case_worker).patch(
        f"/api/v1/cases/{own.pk}/", {"version": own.version, **body}
    )
    assert response.status_code == 422
    assert text in " ".join(response.json()["fields"][field])
    own.refresh_from_db()
    assert own.version == 1


@pytest.mark.django_db
def test_responsible_from_the_partner_organisation_is_refused(world, api_as, case_worker, cases):
    partner = world.member(Role.CASE_WORKER, world.org_b)
    response = api_as(case_worker).patch(
        f"/api/v1/cases/{cases[0].pk}/", {"version": 1, "responsible": partner.pk}
    )
    assert response.status_code == 422
    assert "responsible: This person has no case role" in messages(response)


def exit_body(version, **overrides):
    body = {
        "version": version,
        "exit_date": "2025-09-30",
        "exit_reason": "employment",
        "exit_job_searching": "no",
        "exit_education_training": "no",
        "exit_qualification": "yes",
        "exit_employed": "yes",
    }
    body.update(overrides)
    return body


@pytest.mark.django_db
def test_exit_closes_the_case_and_plans_the_six_month_follow_up(api_as, case_worker, cases):
    own = cases[0]
    ConsentFactory(participant=own.participant, purpose="followup_contact")
    response = api_as(case_worker).post(f"/api/v1/cases/{own.pk}/exit/", exit_body(own.version))
    assert response.status_code == 200, response.content
    own.refresh_from_db()
    assert (own.stage, own.exit_date, own.exit_employed) == ("exited", date(2025, 9, 30), "yes")
    follow_up = own.follow_ups.get()
    assert (follow_up.kind, follow_up.due_date) == ("six_month", date(2026, 3, 30))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "status", "text"),
    [
        ({"exit_date": "2025-02-01"}, 422, "before the entry date"),
        ({"exit_date": "2099-01-01"}, 422, "in the future"),
        ({"exit_employed": "maybe"}, 422, ""),
        ({"exit_reason": "bored"}, 422, ""),
    ],
)
def test_exit_with_bad_input_changes_nothing(api_as, case_worker, cases, overrides, status, text):
    own = cases[0]
    response = api_as(case_worker).post(
        f"/api/v1/cases/{own.pk}/exit/", exit_body(own.version, **overrides)
    )
    assert response.status_code == status
    assert text in messages(response)
    own.refresh_from_db()
    assert (own.exit_date, own.stage, own.version) == (None, "first_counselling", 1)


@pytest.mark.django_db
def test_exit_with_a_stale_version_is_409(api_as, case_worker, cases):
    own = cases[0]
    own.stage = "profiling"
    own.save()
    response = api_as(case_worker).post(f"/api/v1/cases/{own.pk}/exit/", exit_body(1))
    assert response.status_code == 409
    assert response.json()["changed"] == ["stage"]
    own.refresh_from_db()
    assert own.exit_date is None


@pytest.mark.django_db
def test_exit_can_be_undone_and_six_months_recorded(api_as, case_worker, cases):
    own = cases[0]
    ConsentFactory(participant=own.participant, purpose="followup_contact")
    client = api_as(case_worker)
    closed = client.post(f"/api/v1/cases/{own.pk}/exit/", exit_body(own.version)).json()
    early = client.put(
        f"/api/v1/cases/{own.pk}/followup-6m/",
        {
            "version": closed["version"],
            "followup_6m_employed": "yes",
            "followup_6m_better_situation": "no",
            "followup_6m_recorded_on": "2025-09-01",
        },
    )
    assert early.status_code == 422
    assert "before the exit date" in messages(early)
    recorded = client.put(
        f"/api/v1/cases/{own.pk}/followup-6m/",
        {
            "version": closed["version"],
            "followup_6m_employed": "yes",
            "followup_6m_better_situation": "no",
        },
    )
    assert recorded.status_code == 200, recorded.content
    assert recorded.json()["followup_6m_employed"] == "yes"
    assert recorded.json()["followup_6m_recorded_on"] == TODAY().isoformat()
    stale = client.delete(f"/api/v1/cases/{own.pk}/exit/?version={closed['version']}")
    assert stale.status_code == 409
    assert set(stale.json()["changed"]) == {
        "followup_6m_employed",
        "followup_6m_better_situation",
        "followup_6m_recorded_on",
    }
    reopened = client.delete(f"/api/v1/cases/{own.pk}/exit/?version={recorded.json()['version']}")
    assert reopened.status_code == 200
    own.refresh_from_db()
    assert (own.exit_date, own.followup_6m_employed) == (None, "unknown")


@pytest.mark.django_db
def test_six_month_follow_up_of_an_open_case_is_refused(api_as, case_worker, cases):
    own = cases[0]
    response = api_as(case_worker).put(
        f"/api/v1/cases/{own.pk}/followup-6m/",
        {"version": 1, "followup_6m_employed": "yes", "followup_6m_better_situation": "yes"},
    )
    assert response.status_code == 422
    assert "after the exit" in messages(response)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/cases/"),
        ("get", "/api/v1/cases/1/"),
        ("patch", "/api/v1/cases/1/"),
        ("post", "/api/v1/cases/1/exit/"),
        ("delete", "/api/v1/cases/1/exit/?version=1"),
        ("put", "/api/v1/cases/1/followup-6m/"),
        ("get", "/api/v1/skills/"),
        ("get", "/api/v1/assessments/"),
        ("post", "/api/v1/assessments/"),
        ("get", "/api/v1/assessments/1/"),
        ("patch", "/api/v1/assessments/1/"),
        ("get", "/api/v1/plans/"),
        ("post", "/api/v1/plans/"),
        ("get", "/api/v1/plans/1/"),
        ("put", "/api/v1/plans/1/"),
        ("get", "/api/v1/contacts/"),
        ("post", "/api/v1/contacts/"),
        ("get", "/api/v1/contacts/1/"),
        ("patch", "/api/v1/contacts/1/"),
        ("get", "/api/v1/follow-ups/"),
        ("post", "/api/v1/follow-ups/"),
        ("get", "/api/v1/follow-ups/1/"),
        ("patch", "/api/v1/follow-ups/1/"),
    ],
)
def test_every_case_file_endpoint_needs_a_token(api_as, method, path):
    client = api_as(None)
    response = (
        getattr(client, method)(path)
        if method in ("get", "delete")
        else getattr(client, method)(path, {})
    )
    assert response.status_code == 401
