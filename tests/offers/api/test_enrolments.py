"""The offers API's enrolments (`api.enrolments`)."""

import datetime as dt

import pytest
from django.utils import timezone

from quartier.offers.models import (
    Enrolment,
)
from tests.api.client import messages
from tests.factories import CaseFactory, GoalFactory, PlanFactory
from tests.offers.factories import (
    EnrolmentFactory,
    OfferFactory,
)

TODAY = timezone.localdate()
DAY = dt.timedelta(days=1)


def new_case(world, organisation=None, project=None):
    return CaseFactory(
        participant__project=project or world.project,
        participant__organisation=organisation or world.org_a,
        entry_date=TODAY - 400 * DAY,
    )


@pytest.mark.django_db
def test_enrolment_create_list_and_detail(world, api_as, case_worker, offer):
    case = new_case(world)
    goal = GoalFactory(plan=PlanFactory(case=case))
    client = api_as(case_worker)
    created = client.post(
        "/api/v1/enrolments/",
        {
            "offer": offer.pk,
            "case": case.pk,
            "goal": goal.pk,
            "planned_end_date": str(TODAY + 90 * DAY),
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["status"], body["start_date"], body["goal"]) == ("active", str(TODAY), goal.pk)
    assert body["participant"]["id"] == case.participant_id
    assert body["attended_hours"] == "0"
    other = EnrolmentFactory(offer=OfferFactory(project=world.project, organisation=world.org_a))
    assert client.get("/api/v1/enrolments/").json()["count"] == 2
    by_offer = client.get("/api/v1/enrolments/", {"offer": offer.pk}).json()
    assert [item["id"] for item in by_offer["items"]] == [body["id"]]
    by_case = client.get("/api/v1/enrolments/", {"case": other.case_id}).json()
    assert [item["id"] for item in by_case["items"]] == [other.pk]
    assert client.get("/api/v1/enrolments/", {"status": "waiting"}).json()["count"] == 0
    assert client.get(f"/api/v1/enrolments/{body['id']}/").json()["offer_title"] == offer.title


@pytest.mark.django_db
def test_enrolment_beyond_capacity_is_refused_unless_on_the_waiting_list(
    world, api_as, case_worker, offer
):
    offer.capacity = 1
    offer.save()
    first = EnrolmentFactory(offer=offer)
    case = new_case(world)
    client = api_as(case_worker)
    refused = client.post("/api/v1/enrolments/", {"offer": offer.pk, "case": case.pk})
    assert refused.status_code == 422
    assert "offer: The offer is full (1 places)" in messages(refused)
    assert not Enrolment.objects.filter(case=case).exists()
    waiting = client.post(
        "/api/v1/enrolments/", {"offer": offer.pk, "case": case.pk, "waiting_list": True}
    )
    assert waiting.status_code == 201, waiting.content
    assert (waiting.json()["status"], waiting.json()["start_date"]) == ("waiting", None)
    ended = client.post(
        f"/api/v1/enrolments/{first.pk}/end/",
        {"version": first.version, "status": "dropped_out", "dropout_reason": "found_work"},
    )
    assert ended.status_code == 200, ended.content
    assert ended.json()["enrolment"]["status"] == "dropped_out"
    assert ended.json()["moved_up"] == [waiting.json()["id"]]
    assert Enrolment.objects.get(pk=waiting.json()["id"]).status == "active"


@pytest.mark.django_db
def test_moved_up_names_only_enrolments_the_user_may_see(world, api_as, case_worker, offer):
    offer.capacity = 1
    offer.save()
    first = EnrolmentFactory(offer=offer)
    partners_case = new_case(world, organisation=world.org_b)
    EnrolmentFactory(
        offer=offer,
        case=partners_case,
        status="waiting",
        start_date=None,
        waiting_since=timezone.now(),
    )
    ended = api_as(case_worker).post(
        f"/api/v1/enrolments/{first.pk}/end/",
        {"version": first.version, "status": "completed"},
    )
    assert ended.status_code == 200, ended.content
    assert ended.json()["moved_up"] == []
    assert Enrolment.objects.get(case=partners_case).status == "active"


@pytest.mark.django_db
def test_enrolment_with_foreign_ids_is_404(world, api_as, case_worker, offer, foreign_offer):
    own = new_case(world)
    partners_case = new_case(world, organisation=world.org_b)
    client = api_as(case_worker)
    assert (
        client.post(
            "/api/v1/enrolments/", {"offer": offer.pk, "case": partners_case.pk}
        ).status_code
        == 404
    )
    assert (
        client.post("/api/v1/enrolments/", {"offer": foreign_offer.pk, "case": own.pk}).status_code
        == 404
    )
    partners = EnrolmentFactory(offer=offer, case=partners_case)
    url = f"/api/v1/enrolments/{partners.pk}/"
    assert client.get(url).status_code == 404
    assert client.patch(url, {"version": 1, "notes": "x"}).status_code == 404
    assert client.post(f"{url}end/", {"version": 1, "status": "completed"}).status_code == 404
    assert client.get("/api/v1/enrolments/", {"case": partners_case.pk}).json()["count"] == 0
    assert Enrolment.objects.count() == 1
    partners.refresh_from_db()
    assert (partners.status, partners.notes) == ("active", "")


@pytest.mark.django_db
def test_enrolment_update_and_stale_version(world, api_as, case_worker, offer):
    enrolment = EnrolmentFactory(offer=offer, notes="Kept")
    goal = GoalFactory(plan=PlanFactory(case=enrolment.case))
    client = api_as(case_worker)
    url = f"/api/v1/enrolments/{enrolment.pk}/"
    changed = client.patch(url, {"version": enrolment.version, "goal": goal.pk})
    assert changed.status_code == 200, changed.content
    assert (changed.json()["goal"], changed.json()["notes"]) == (goal.pk, "Kept")
    stale = client.patch(url, {"version": enrolment.version, "notes": "Overwritten"})
    assert stale.status_code == 409
    assert stale.json()["changed"] == ["goal"]
    enrolment.refresh_from_db()
    assert (enrolment.goal, enrolment.notes) == (goal, "Kept")


@pytest.mark.django_db
def test_enrolment_goal_from_another_case_is_refused(world, api_as, case_worker, offer):
    enrolment = EnrolmentFactory(offer=offer)
    strangers_goal = GoalFactory(plan=PlanFactory(case=new_case(world)))
    response = api_as(case_worker).patch(
        f"/api/v1/enrolments/{enrolment.pk}/",
        {"version": enrolment.version, "goal": strangers_goal.pk},
    )
    assert response.status_code == 422
    assert "goal" in response.json()["fields"]
    enrolment.refresh_from_db()
    assert enrolment.goal is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"status": "dropped_out"}, "dropout_reason"),
        ({"status": "completed", "end_date": "2099-01-01"}, "end_date"),
    ],
)
def test_ending_with_bad_input_is_422_and_changes_nothing(api_as, case_worker, offer, body, field):
    enrolment = EnrolmentFactory(offer=offer)
    response = api_as(case_worker).post(
        f"/api/v1/enrolments/{enrolment.pk}/end/", {"version": enrolment.version, **body}
    )
    assert response.status_code == 422
    assert field in response.json()["fields"]
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.end_date) == ("active", None)
