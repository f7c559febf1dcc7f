"""The assessments API (`cases.api.assessments`)."""

from datetime import date

import pytest

from quartier.cases.models import Assessment, Skill
from tests.api.client import messages
from tests.cases.api.conftest import case_of
from tests.factories import (
    AssessmentFactory,
    ContactFactory,
    FollowUpFactory,
    PlanFactory,
)


@pytest.mark.django_db
def test_assessments_list_is_scoped_and_filtered_by_case(world, api_as, case_worker, cases):
    own, partner, _other = cases
    mine = AssessmentFactory(case=own)
    second_case = case_of(world)
    AssessmentFactory(case=second_case)
    AssessmentFactory(case=partner)
    client = api_as(case_worker)
    assert client.get("/api/v1/assessments/").json()["count"] == 2
    body = client.get("/api/v1/assessments/", {"case": own.pk}).json()
    assert [item["id"] for item in body["items"]] == [mine.pk]
    assert body["items"][0]["need_language"] == 2
    assert client.get("/api/v1/assessments/", {"case": partner.pk}).json()["count"] == 0


@pytest.mark.django_db
def test_assessment_create_and_update(api_as, case_worker, cases):
    own = cases[0]
    skill = Skill.objects.create(name="Teamwork", category="social")
    client = api_as(case_worker)
    created = client.post(
        "/api/v1/assessments/",
        {"case": own.pk, "date": "2025-03-05", "need_debts": 3, "skills": [skill.pk]},
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["need_debts"] == 3
    assert body["skills"][0]["name"] == "Teamwork"
    own.refresh_from_db()
    assert own.stage == "profiling"
    url = f"/api/v1/assessments/{body['id']}/"
    assert client.get(url).json()["id"] == body["id"]
    changed = client.patch(url, {"version": body["version"], "need_debts": 1, "skills": []})
    assert changed.status_code == 200, changed.content
    assessment = Assessment.objects.get(pk=body["id"])
    assert (assessment.need_debts, list(assessment.skills.all())) == (1, [])
    stale = client.patch(url, {"version": body["version"], "notes": "old"})
    assert stale.status_code == 409
    assert stale.json()["changed"] == ["need_debts"]
    assessment.refresh_from_db()
    assert assessment.notes == ""


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "text"),
    [
        ({"date": "2025-02-01"}, "before the entry date"),
        ({"date": "2099-02-01"}, "in the future"),
        ({"date": "2025-04-01", "need_health": 4}, ""),
        ({"date": "2025-04-01", "skills": [999999]}, "Unknown skill"),
    ],
)
def test_assessment_with_bad_input_is_refused(api_as, case_worker, cases, body, text):
    own = cases[0]
    response = api_as(case_worker).post("/api/v1/assessments/", {"case": own.pk, **body})
    assert response.status_code == 422
    assert text in messages(response)
    assert not Assessment.objects.exists()
    own.refresh_from_db()
    assert own.stage == "first_counselling"


@pytest.mark.django_db
def test_assessment_update_refuses_a_date_before_entry(api_as, case_worker, cases):
    assessment = AssessmentFactory(case=cases[0], notes="kept")
    response = api_as(case_worker).patch(
        f"/api/v1/assessments/{assessment.pk}/",
        {"version": assessment.version, "date": "2025-01-01", "notes": "new"},
    )
    assert response.status_code == 422
    assessment.refresh_from_db()
    assert (assessment.notes, assessment.date) == ("kept", date(2025, 3, 10))


@pytest.mark.django_db
def test_foreign_assessments_plans_contacts_and_follow_ups_are_404(api_as, case_worker, cases):
    client = api_as(case_worker)
    for foreign in cases[1:]:
        for path, obj, change in [
            ("assessments", AssessmentFactory(case=foreign), {"notes": "x"}),
            ("plans", PlanFactory(case=foreign), {"summary": "x"}),
            ("contacts", ContactFactory(case=foreign), {"notes": "x"}),
            ("follow-ups", FollowUpFactory(case=foreign), {"done": True}),
        ]:
            url = f"/api/v1/{path}/{obj.pk}/"
            assert client.get(url).status_code == 404, url
            send = client.put if path == "plans" else client.patch
            assert send(url, {"version": obj.version, **change}).status_code == 404, url
            assert type(obj).objects.get(pk=obj.pk).version == obj.version
