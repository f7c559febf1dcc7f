"""The service request pages: residents' requests to the practical projects, from
recording through scheduling to a team, done or cancelled; the lists with their
filters, pages and counts per project; bad input and foreign ids."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from quartier.core.models import Role
from quartier.offers.models import ServiceRequest, ServiceRequestStatus
from quartier.privacy.models import AccessLogEntry
from tests.factories import DistrictFactory
from tests.offers.factories import (
    EnrolmentFactory,
    OfferFactory,
    ScheduleFactory,
    ServiceRequestFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = dt.timedelta(days=1)


@pytest.fixture
def rickshaw(world):
    """DORSTEN TREFF's rickshaw rides: a practical project of organisation A."""
    offer = OfferFactory(
        project=world.project,
        organisation=world.org_a,
        kind="practical_project",
        title="Rikscha-Fahrten",
        published=True,
    )
    ScheduleFactory(offer=offer)
    return offer


@pytest.fixture
def driver(rickshaw):
    return EnrolmentFactory(offer=rickshaw)


def url(name: str, *args) -> str:
    return reverse(f"offers:{name}", args=args)


def when(days: int = 2, hour: int = 10) -> str:
    return f"{TODAY + days * DAY:%Y-%m-%d}T{hour:02d}:00"


# Recording a request ------------------------------------------------------------------


def test_staff_record_a_request_on_a_residents_behalf(login, world, worker, rickshaw):
    district = DistrictFactory()
    world.project.districts.add(district)
    response = login(worker).post(
        url("service_request_create", rickshaw.pk),
        {
            "requested_by_name": "Frau Kowalski",
            "contact_phone": "02362 123456",
            "address": "Lippestraße 5",
            "district": district.pk,
            "description": "Fahrt zum Wochenmarkt und zurück",
            "preferred_date": f"{TODAY + 3 * DAY:%Y-%m-%d}",
        },
    )
    request = ServiceRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("service_request_detail", request.pk)
    assert request.status == ServiceRequestStatus.REQUESTED
    assert request.created_by == worker
    assert request.district == district
    assert request.preferred_date == TODAY + 3 * DAY


def test_request_without_a_way_to_reply_is_refused(login, worker, rickshaw):
    response = login(worker).post(
        url("service_request_create", rickshaw.pk),
        {"requested_by_name": "Herr Nowak", "description": "Hecke schneiden"},
    )
    assert response.status_code == 400
    assert "contact_phone" in response.context["form"].errors
    assert not ServiceRequest.objects.exists()


def test_request_for_a_past_date_is_refused(login, worker, rickshaw):
    response = login(worker).post(
        url("service_request_create", rickshaw.pk),
        {
            "requested_by_name": "Herr Nowak",
            "contact_email": "nowak@example.org",
            "description": "Hecke schneiden",
            "preferred_date": f"{TODAY - DAY:%Y-%m-%d}",
        },
    )
    assert response.status_code == 400
    assert "preferred_date" in response.context["form"].errors
    assert not ServiceRequest.objects.exists()


def test_district_of_another_project_is_not_offered(login, worker, rickshaw):
    foreign = DistrictFactory()
    response = login(worker).post(
        url("service_request_create", rickshaw.pk),
        {
            "requested_by_name": "Frau Kowalski",
            "contact_phone": "1",
            "description": "Fahrt",
            "district": foreign.pk,
        },
    )
    assert response.status_code == 400
    assert "district" in response.context["form"].errors


def test_only_practical_projects_take_requests(login, world, worker):
    module = OfferFactory(project=world.project, organisation=world.org_a)
    client = login(worker)
    assert client.get(url("service_request_create", module.pk)).status_code == 404
    assert client.get(url("offer_service_requests", module.pk)).status_code == 404


# Scheduling, done, cancelled ------------------------------------------------------------


@pytest.fixture
def request_(rickshaw):
    return ServiceRequestFactory(offer=rickshaw, preferred_date=TODAY + 2 * DAY)


def schedule(client, request_, team, *, version=None, at=None):
    return client.post(
        url("service_request_schedule", request_.pk),
        {
            "schedule-expected_version": version or request_.version,
            "schedule-scheduled_for": at or when(),
            "schedule-team": [case.pk for case in team],
            "schedule-notes": "Rollstuhl passt in die Rikscha",
        },
    )


def test_request_is_scheduled_to_a_team_done_and_counted(login, world, worker, driver, request_):
    client = login(worker)
    page = client.get(url("service_request_detail", request_.pk))
    assert list(page.context["schedule_form"].fields["team"].queryset) == [driver.case]
    response = schedule(client, request_, [driver.case])
    assert response.status_code == 302
    request_.refresh_from_db()
    assert request_.status == ServiceRequestStatus.SCHEDULED
    assert timezone.localtime(request_.scheduled_for).strftime("%Y-%m-%dT%H:%M") == when()
    assert list(request_.team.all()) == [driver.case]
    assert request_.notes == "Rollstuhl passt in die Rikscha"
    response = client.post(
        url("service_request_done", request_.pk),
        {"done-expected_version": request_.version, "done-notes": "Gut angekommen"},
    )
    assert response.status_code == 302
    request_.refresh_from_db()
    assert request_.status == ServiceRequestStatus.DONE
    assert request_.done_at is not None
    counts = client.get(url("service_request_list")).context["counts"]
    assert [(row.project_name, row.done, row.total) for row in counts] == [
        (world.project.name, 1, 1)
    ]


def test_team_member_not_taking_part_is_refused(login, world, worker, driver, request_):
    outsider = EnrolmentFactory(
        offer=OfferFactory(project=world.project, organisation=world.org_a)
    ).case
    response = schedule(login(worker), request_, [outsider])
    assert response.status_code == 400
    assert "team" in response.context["schedule_form"].errors
    request_.refresh_from_db()
    assert request_.status == ServiceRequestStatus.REQUESTED


def test_team_member_who_starts_later_is_refused(login, worker, rickshaw, request_):
    later = EnrolmentFactory(offer=rickshaw, start_date=TODAY + 10 * DAY)
    response = schedule(login(worker), request_, [later.case], at=when(days=2))
    assert response.status_code == 400
    request_.refresh_from_db()
    assert request_.status == ServiceRequestStatus.REQUESTED


def test_schedule_without_a_team_is_refused(login, worker, driver, request_):
    response = schedule(login(worker), request_, [])
    assert response.status_code == 400
    request_.refresh_from_db()
    assert request_.status == ServiceRequestStatus.REQUESTED


def test_stale_schedule_is_refused_and_nothing_changes(login, worker, driver, request_):
    client = login(worker)
    stale = request_.version
    schedule(client, request_, [driver.case])
    request_.refresh_from_db()
    response = schedule(client, request_, [driver.case], version=stale, at=when(days=5))
    assert response.status_code == 400
    (error,) = response.context["schedule_form"].errors.as_data()["__all__"]
    assert error.code == "concurrent_edit"
    request_.refresh_from_db()
    assert timezone.localtime(request_.scheduled_for).strftime("%Y-%m-%dT%H:%M") == when()


def test_a_new_request_cannot_be_marked_done(login, worker, request_):
    response = login(worker).post(
        url("service_request_done", request_.pk), {"done-expected_version": request_.version}
    )
    assert response.status_code == 400
    request_.refresh_from_db()
    assert request_.status == ServiceRequestStatus.REQUESTED


def test_request_is_cancelled_with_a_note(login, worker, request_):
    response = login(worker).post(
        url("service_request_cancel", request_.pk),
        {"cancel-expected_version": request_.version, "cancel-notes": "Hat abgesagt"},
    )
    assert response.status_code == 302
    request_.refresh_from_db()
    assert request_.status == ServiceRequestStatus.CANCELLED
    assert request_.notes == "Hat abgesagt"


def test_cancelled_request_cannot_be_scheduled(login, worker, driver, request_):
    request_.status = ServiceRequestStatus.CANCELLED
    request_.save()
    response = schedule(login(worker), request_, [driver.case])
    assert response.status_code == 400
    request_.refresh_from_db()
    assert request_.status == ServiceRequestStatus.CANCELLED


def test_request_page_is_access_logged(login, worker, request_):
    login(worker).get(url("service_request_detail", request_.pk))
    assert AccessLogEntry.objects.filter(
        user=worker, record_type="offers.servicerequest", record_id=request_.pk
    ).exists()


# Lists ----------------------------------------------------------------------------------


def test_list_filters_by_status_and_pages(login, worker, rickshaw):
    ServiceRequestFactory.create_batch(30, offer=rickshaw)
    ServiceRequestFactory(
        offer=rickshaw, status=ServiceRequestStatus.CANCELLED, requested_by_name="Abgesagt"
    )
    client = login(worker)
    first = client.get(url("service_request_list"))
    assert first.context["page"].paginator.count == 31
    assert len(first.context["page"].object_list) == 25
    # New requests come before finished ones.
    assert all(item.status == "requested" for item in first.context["page"].object_list)
    second = client.get(url("service_request_list"), {"page": 2, "status": "requested"})
    assert second.context["page"].paginator.count == 30
    assert len(second.context["page"].object_list) == 5
    cancelled = client.get(url("service_request_list"), {"status": "cancelled"})
    assert [item.requested_by_name for item in cancelled.context["page"].object_list] == [
        "Abgesagt"
    ]
    open_ = client.get(url("service_request_list"), {"status": "open"})
    assert open_.context["page"].paginator.count == 30


def test_counts_per_project_across_practical_projects(login, world, worker, rickshaw):
    garden = OfferFactory(project=world.project, organisation=world.org_a, kind="practical_project")
    ServiceRequestFactory.create_batch(2, offer=rickshaw)
    ServiceRequestFactory(offer=garden, status=ServiceRequestStatus.CANCELLED)
    client = login(worker)
    (row,) = client.get(url("service_request_list")).context["counts"]
    assert (row.requested, row.scheduled, row.done, row.cancelled, row.total) == (2, 0, 0, 1, 3)
    per_offer = client.get(url("offer_service_requests", garden.pk))
    assert per_offer.context["page"].paginator.count == 1
    (row,) = per_offer.context["counts"]
    assert (row.requested, row.cancelled) == (0, 1)


def test_list_shows_only_the_practical_projects_the_user_manages(login, world, rickshaw):
    ServiceRequestFactory(offer=rickshaw, requested_by_name="Frau Kowalski")
    partner = world.member(Role.CASE_WORKER, world.org_b)
    response = login(partner).get(url("service_request_list"))
    assert response.context["page"].paginator.count == 0
    assert "Kowalski" not in response.content.decode()


# Permissions and foreign ids -----------------------------------------------------------


def test_partner_who_does_not_run_the_project_cannot_handle_its_requests(
    login, world, rickshaw, request_
):
    partner = world.member(Role.CASE_WORKER, world.org_b)
    client = login(partner)
    assert client.get(url("offer_service_requests", rickshaw.pk)).status_code == 403
    assert client.get(url("service_request_detail", request_.pk)).status_code == 404


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("service_request_detail", "get"),
        ("service_request_schedule", "post"),
        ("service_request_done", "post"),
        ("service_request_cancel", "post"),
    ],
)
def test_another_projects_request_is_a_404(login, world, worker, name, method):
    foreign_offer = OfferFactory(
        project=world.other_project, organisation=world.org_c, kind="practical_project"
    )
    foreign = ServiceRequestFactory(offer=foreign_offer)
    data = {
        "cancel-expected_version": foreign.version,
        "done-expected_version": foreign.version,
    }
    response = getattr(login(worker), method)(url(name, foreign.pk), data)
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == ServiceRequestStatus.REQUESTED


def test_another_projects_practical_project_is_a_404(login, world, worker):
    foreign = OfferFactory(
        project=world.other_project, organisation=world.org_c, kind="practical_project"
    )
    client = login(worker)
    assert client.get(url("offer_service_requests", foreign.pk)).status_code == 404
    assert client.get(url("service_request_create", foreign.pk)).status_code == 404
    response = client.post(
        url("service_request_create", foreign.pk),
        {"requested_by_name": "X", "contact_phone": "1", "description": "Y"},
    )
    assert response.status_code == 404
    assert not ServiceRequest.objects.exists()
