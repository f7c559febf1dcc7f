"""The follow-ups API (`cases.api.follow_ups`)."""

from datetime import date

import pytest
from django.utils import timezone

from quartier.cases.models import FollowUp
from quartier.core.models import Role
from tests.cases.api.conftest import case_of
from tests.factories import (
    FollowUpFactory,
)


@pytest.mark.django_db
def test_follow_up_list_filters(world, api_as, case_worker, cases):
    own = cases[0]
    colleague = world.member(Role.CASE_WORKER, world.org_a)
    mine_soon = FollowUpFactory(case=own, assigned_to=case_worker, due_date=date(2025, 4, 1))
    mine_later = FollowUpFactory(case=own, assigned_to=case_worker, due_date=date(2025, 8, 1))
    theirs = FollowUpFactory(case=case_of(world), assigned_to=colleague, due_date=date(2025, 5, 1))
    done = FollowUpFactory(
        case=own, assigned_to=case_worker, due_date=date(2025, 3, 1), done_at=timezone.now()
    )
    FollowUpFactory(case=cases[1])
    client = api_as(case_worker)

    def ids(**params):
        return [item["id"] for item in client.get("/api/v1/follow-ups/", params).json()["items"]]

    assert ids() == [done.pk, mine_soon.pk, theirs.pk, mine_later.pk]
    assert ids(assigned_to_me=True) == [done.pk, mine_soon.pk, mine_later.pk]
    assert ids(open=True) == [mine_soon.pk, theirs.pk, mine_later.pk]
    assert ids(open=False) == [done.pk]
    assert ids(due_before="2025-05-01") == [done.pk, mine_soon.pk]
    assert ids(case=theirs.case_id) == [theirs.pk]


@pytest.mark.django_db
def test_follow_up_create_change_and_tick_off(world, api_as, case_worker, cases):
    own = cases[0]
    colleague = world.member(Role.JOB_COACH, world.org_a)
    client = api_as(case_worker)
    created = client.post(
        "/api/v1/follow-ups/",
        {"case": own.pk, "due_date": "2025-10-01", "title": "Ask about the course"},
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["assigned_to"]["id"] == case_worker.pk
    assert body["done"] is False
    url = f"/api/v1/follow-ups/{body['id']}/"
    moved = client.patch(
        url, {"version": body["version"], "assigned_to": colleague.pk, "due_date": "2025-10-08"}
    )
    assert moved.status_code == 200, moved.content
    ticked = client.patch(url, {"version": moved.json()["version"], "done": True})
    assert ticked.status_code == 200
    assert ticked.json()["done"] is True
    assert ticked.json()["done_by"]["id"] == case_worker.pk
    follow_up = FollowUp.objects.get(pk=body["id"])
    assert (follow_up.assigned_to, follow_up.due_date) == (colleague, date(2025, 10, 8))
    stale = client.patch(url, {"version": moved.json()["version"], "done": False})
    assert stale.status_code == 409
    assert "done_at" in stale.json()["changed"]
    follow_up.refresh_from_db()
    assert follow_up.done_at is not None
    reopened = client.patch(url, {"version": ticked.json()["version"], "done": False})
    assert reopened.status_code == 200
    assert reopened.json()["done"] is False


@pytest.mark.django_db
def test_follow_up_for_someone_of_the_partner_organisation_is_refused(
    world, api_as, case_worker, cases
):
    partner = world.member(Role.CASE_WORKER, world.org_b)
    client = api_as(case_worker)
    response = client.post(
        "/api/v1/follow-ups/",
        {"case": cases[0].pk, "due_date": "2025-10-01", "title": "x", "assigned_to": partner.pk},
    )
    assert response.status_code == 422
    assert "assigned_to" in response.json()["fields"]
    assert not FollowUp.objects.exists()
    follow_up = FollowUpFactory(case=cases[0], title="Kept")
    change = client.patch(
        f"/api/v1/follow-ups/{follow_up.pk}/",
        {"version": follow_up.version, "title": "New", "assigned_to": partner.pk, "done": True},
    )
    assert change.status_code == 422
    follow_up.refresh_from_db()
    assert (follow_up.title, follow_up.done_at) == ("Kept", None)


@pytest.mark.django_db
def test_a_misspelt_field_is_refused_not_ignored(api_as, case_worker, cases):
    own = cases[0]
    response = api_as(case_worker).patch(
        f"/api/v1/cases/{own.pk}/", {"version": own.version, "stgae": "profiling"}
    )
    assert response.status_code == 422
    assert "stgae" in str(response.json()["detail"])
    own.refresh_from_db()
    assert own.version == 1
