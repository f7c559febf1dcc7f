"""The offers API's service requests (`api.service_requests`)."""

import datetime as dt

import pytest
from django.utils import timezone

from quartier.offers.models import ServiceRequest
from quartier.offers.services.service_requests import service_request_schedule
from tests.factories import CaseFactory, DistrictFactory
from tests.offers.factories import (
    EnrolmentFactory,
    OfferFactory,
    ScheduleFactory,
    ServiceRequestFactory,
)

TODAY = timezone.localdate()
DAY = dt.timedelta(days=1)


def new_case(world, organisation=None, project=None):
    return CaseFactory(
        participant__project=project or world.project,
        participant__organisation=organisation or world.org_a,
        entry_date=TODAY - 400 * DAY,
    )


# Service requests ----------------------------------------------------------------------


@pytest.fixture
def rickshaw(world):
    offer = OfferFactory(
        project=world.project,
        organisation=world.org_a,
        kind="practical_project",
        title="Fahrradrikscha",
        published=True,
    )
    ScheduleFactory(offer=offer)
    return offer


@pytest.mark.django_db
def test_service_request_create_list_and_detail(world, api_as, case_worker, rickshaw):
    district = DistrictFactory()
    world.project.districts.add(district)
    client = api_as(case_worker)
    created = client.post(
        "/api/v1/service-requests/",
        {
            "offer": rickshaw.pk,
            "requested_by_name": "Frau Kowalski",
            "contact_phone": "02362 123456",
            "description": "Fahrt zum Wochenmarkt",
            "district": district.slug,
            "preferred_date": str(TODAY + 3 * DAY),
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["status"], body["district"], body["team"]) == ("requested", district.slug, [])
    ServiceRequestFactory(offer=rickshaw, status="cancelled")
    listed = client.get("/api/v1/service-requests/").json()
    assert listed["items"][0]["id"] == body["id"]
    assert client.get("/api/v1/service-requests/", {"status": "requested"}).json()["count"] == 1
    detail = client.get(f"/api/v1/service-requests/{body['id']}/").json()
    assert detail["description"] == "Fahrt zum Wochenmarkt"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"contact_phone": ""}, "contact_phone"),
        ({"preferred_date": "2020-01-01"}, "preferred_date"),
        ({"district": "atlantis"}, "district"),
    ],
)
def test_service_request_with_bad_input_is_422(api_as, case_worker, rickshaw, overrides, field):
    body = {
        "offer": rickshaw.pk,
        "requested_by_name": "Herr Yilmaz",
        "contact_phone": "0176 555",
        "description": "Hecke schneiden",
        **overrides,
    }
    response = api_as(case_worker).post("/api/v1/service-requests/", body)
    assert response.status_code == 422, response.content
    assert field in response.json()["fields"]
    assert not ServiceRequest.objects.exists()


@pytest.mark.django_db
def test_only_practical_projects_take_requests(api_as, case_worker, offer):
    response = api_as(case_worker).post(
        "/api/v1/service-requests/",
        {"offer": offer.pk, "requested_by_name": "X", "contact_phone": "1", "description": "Y"},
    )
    assert response.status_code == 422
    assert "offer" in response.json()["fields"]


@pytest.mark.django_db
def test_service_request_is_scheduled_to_a_team_and_done(world, api_as, case_worker, rickshaw):
    request = ServiceRequestFactory(offer=rickshaw)
    member = EnrolmentFactory(offer=rickshaw)
    outsider = new_case(world)
    client = api_as(case_worker)
    url = f"/api/v1/service-requests/{request.pk}/"
    when = (timezone.now() + 2 * DAY).isoformat()
    not_enrolled = client.patch(
        url,
        {
            "version": request.version,
            "status": "scheduled",
            "scheduled_for": when,
            "team": [member.case_id, outsider.pk],
        },
    )
    assert not_enrolled.status_code == 422
    assert "team" in not_enrolled.json()["fields"]
    without_time = client.patch(
        url, {"version": request.version, "status": "scheduled", "team": [member.case_id]}
    )
    assert without_time.status_code == 422
    assert "scheduled_for" in without_time.json()["fields"]
    scheduled = client.patch(
        url,
        {
            "version": request.version,
            "status": "scheduled",
            "scheduled_for": when,
            "team": [member.case_id],
        },
    )
    assert scheduled.status_code == 200, scheduled.content
    assert (scheduled.json()["status"], scheduled.json()["team"]) == ("scheduled", [member.case_id])
    stale = client.patch(url, {"version": request.version, "status": "cancelled"})
    assert stale.status_code == 409
    assert "status" in stale.json()["changed"]
    done = client.patch(
        url, {"version": scheduled.json()["version"], "status": "done", "notes": "Gut angekommen"}
    )
    assert done.status_code == 200, done.content
    request.refresh_from_db()
    assert (request.status, request.notes) == ("done", "Gut angekommen")
    assert request.done_at is not None


@pytest.mark.django_db
def test_team_members_the_manager_does_not_see_are_only_counted(
    world, api_as, case_worker, rickshaw
):
    own = EnrolmentFactory(offer=rickshaw)
    partners = EnrolmentFactory(offer=rickshaw, case=new_case(world, organisation=world.org_b))
    request = ServiceRequestFactory(offer=rickshaw)
    service_request_schedule(
        actor=case_worker,
        service_request=request,
        expected_version=request.version,
        scheduled_for=timezone.now() + DAY,
        team=[own.case, partners.case],
    )
    body = api_as(case_worker).get(f"/api/v1/service-requests/{request.pk}/").json()
    assert (body["team"], body["team_others"]) == ([own.case_id], 1)


@pytest.mark.django_db
def test_service_request_team_with_a_foreign_case_is_404(world, api_as, case_worker, rickshaw):
    request = ServiceRequestFactory(offer=rickshaw)
    foreign = new_case(world, organisation=world.org_c, project=world.other_project)
    response = api_as(case_worker).patch(
        f"/api/v1/service-requests/{request.pk}/",
        {
            "version": request.version,
            "status": "scheduled",
            "scheduled_for": timezone.now().isoformat(),
            "team": [foreign.pk],
        },
    )
    assert response.status_code == 404
    request.refresh_from_db()
    assert request.status == "requested"


@pytest.mark.django_db
def test_partner_enters_a_request_but_does_not_manage_it(world, api_as, partner, rickshaw):
    client = api_as(partner)
    created = client.post(
        "/api/v1/service-requests/",
        {"offer": rickshaw.pk, "requested_by_name": "X", "contact_phone": "1", "description": "Y"},
    )
    assert created.status_code == 201, created.content
    url = f"/api/v1/service-requests/{created.json()['id']}/"
    assert client.get(url).status_code == 404
    assert client.patch(url, {"version": 1, "status": "cancelled"}).status_code == 404
    assert client.get("/api/v1/service-requests/").json()["count"] == 0
    assert ServiceRequest.objects.get().status == "requested"
