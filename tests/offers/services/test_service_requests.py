"""Service requests (`services.service_requests`)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from quartier.core.models import Role
from quartier.offers.models import ServiceRequestStatus
from quartier.offers.selectors.service_requests import service_request_counts
from quartier.offers.services.service_requests import (
    service_request_create,
    service_request_done,
    service_request_schedule,
)
from tests.factories import CaseFactory
from tests.offers.factories import (
    EnrolmentFactory,
    OfferFactory,
    ScheduleFactory,
    ServiceRequestFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = dt.timedelta(days=1)


def new_case(world, organisation=None, **fields):
    return CaseFactory(
        participant__project=world.project,
        participant__organisation=organisation or world.org_a,
        entry_date=TODAY - 400 * DAY,
        **fields,
    )


# Service requests -------------------------------------------------------------------------


@pytest.fixture
def rickshaw(world):
    offer = OfferFactory(
        project=world.project, organisation=world.org_a, kind="practical_project", published=True
    )
    ScheduleFactory(offer=offer)
    return offer


def test_resident_request_from_the_public_map(rickshaw):
    request = service_request_create(
        actor=None,
        offer=rickshaw,
        requested_by_name="Frau Kowalski",
        contact_phone="02362 1234",
        description="Fahrt zum Markt",
        preferred_date=TODAY + 3 * DAY,
    )
    assert request.status == ServiceRequestStatus.REQUESTED


def test_public_request_to_an_internal_offer_is_a_404(rickshaw):
    rickshaw.published = False
    rickshaw.save()
    with pytest.raises(Http404):
        service_request_create(
            actor=None, offer=rickshaw, requested_by_name="X", contact_phone="1", description="Y"
        )


def test_request_needs_a_way_to_reply_and_a_practical_project(rickshaw, offer):
    with pytest.raises(ValidationError) as error:
        service_request_create(actor=None, offer=rickshaw, requested_by_name="X", description="Y")
    assert "contact_phone" in error.value.message_dict
    with pytest.raises(ValidationError):
        service_request_create(
            actor=None, offer=offer, requested_by_name="X", contact_phone="1", description="Y"
        )


def test_request_is_scheduled_to_enrolled_participants_and_done(world, worker, rickshaw):
    request = ServiceRequestFactory(offer=rickshaw)
    member = EnrolmentFactory(offer=rickshaw)
    outsider = new_case(world)
    when = timezone.now() + dt.timedelta(days=2)
    with pytest.raises(ValidationError) as error:
        service_request_schedule(
            actor=worker,
            service_request=request,
            expected_version=request.version,
            scheduled_for=when,
            team=[member.case, outsider],
        )
    assert "team" in error.value.message_dict
    service_request_schedule(
        actor=worker,
        service_request=request,
        expected_version=request.version,
        scheduled_for=when,
        team=[member.case],
    )
    assert list(request.team.all()) == [member.case]
    service_request_done(actor=worker, service_request=request, expected_version=request.version)
    assert request.status == ServiceRequestStatus.DONE
    assert request.done_at is not None
    assert service_request_counts(user=worker, project=world.project)["done"] == 1


def test_partner_staff_cannot_schedule_requests(world, rickshaw):
    request = ServiceRequestFactory(offer=rickshaw)
    partner = world.member(Role.CASE_WORKER, world.org_b)
    with pytest.raises(PermissionDenied):
        service_request_schedule(
            actor=partner,
            service_request=request,
            expected_version=request.version,
            scheduled_for=timezone.now(),
            team=[],
        )
