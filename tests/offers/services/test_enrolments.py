"""Enrolment with waiting list (`services.enrolments`)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from quartier.core.models import Role
from quartier.offers.models import (
    Enrolment,
    EnrolmentStatus,
)
from quartier.offers.selectors.enrolments import waiting_list
from quartier.offers.services.catalogue import offer_update
from quartier.offers.services.enrolments import enrolment_create, enrolment_end
from tests.factories import CaseFactory, GoalFactory, PlanFactory
from tests.offers.factories import (
    EnrolmentFactory,
    OfferFactory,
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


# Enrolment and waiting list -----------------------------------------------------------


def test_enrolment_beyond_capacity_without_waiting_list_is_refused(world, worker, offer):
    offer.capacity = 1
    offer.save()
    enrolment_create(actor=worker, offer=offer, case=new_case(world))
    second = new_case(world)
    with pytest.raises(ValidationError) as error:
        enrolment_create(actor=worker, offer=offer, case=second)
    assert "full (1 places)" in error.value.message_dict["offer"][0]
    assert not second.enrolments.exists()


def test_full_offer_puts_people_on_the_waiting_list_in_order(world, worker, offer):
    offer.capacity = 1
    offer.save()
    enrolment_create(actor=worker, offer=offer, case=new_case(world))
    first = enrolment_create(actor=worker, offer=offer, case=new_case(world), waiting_list=True)
    second = enrolment_create(actor=worker, offer=offer, case=new_case(world), waiting_list=True)
    assert first.status == second.status == EnrolmentStatus.WAITING
    assert first.start_date is None
    assert list(waiting_list(user=worker, offer=offer)) == [first, second]


def test_ending_an_enrolment_moves_the_first_waiting_person_up(world, worker, offer):
    offer.capacity = 1
    offer.save()
    active = enrolment_create(actor=worker, offer=offer, case=new_case(world))
    first = enrolment_create(actor=worker, offer=offer, case=new_case(world), waiting_list=True)
    second = enrolment_create(actor=worker, offer=offer, case=new_case(world), waiting_list=True)
    ended, moved = enrolment_end(
        actor=worker,
        enrolment=active,
        expected_version=active.version,
        status="dropped_out",
        dropout_reason="found_work",
    )
    assert ended.status == EnrolmentStatus.DROPPED_OUT
    assert ended.end_date == TODAY
    assert moved == [first]
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == EnrolmentStatus.ACTIVE
    assert first.start_date == TODAY
    assert second.status == EnrolmentStatus.WAITING


def test_more_places_move_waiting_people_up(world, worker, offer):
    offer.capacity = 1
    offer.save()
    enrolment_create(actor=worker, offer=offer, case=new_case(world))
    waiting = enrolment_create(actor=worker, offer=offer, case=new_case(world), waiting_list=True)
    offer.refresh_from_db()
    offer_update(actor=worker, offer=offer, expected_version=offer.version, capacity=2)
    waiting.refresh_from_db()
    assert waiting.status == EnrolmentStatus.ACTIVE


def test_dropping_out_needs_a_reason(world, worker, offer):
    enrolment = EnrolmentFactory(offer=offer)
    with pytest.raises(ValidationError) as error:
        enrolment_end(
            actor=worker,
            enrolment=enrolment,
            expected_version=enrolment.version,
            status="dropped_out",
        )
    assert "dropout_reason" in error.value.message_dict


def test_one_open_enrolment_per_offer_and_case(world, worker, offer):
    case = new_case(world)
    enrolment_create(actor=worker, offer=offer, case=case)
    with pytest.raises(ValidationError):
        enrolment_create(actor=worker, offer=offer, case=case)
    assert case.enrolments.count() == 1


def test_enrolment_in_another_projects_offer_is_refused(world, worker):
    foreign = OfferFactory(project=world.other_project, organisation=world.org_c)
    with pytest.raises((PermissionDenied, ValidationError)):
        enrolment_create(actor=worker, offer=foreign, case=new_case(world))
    assert not Enrolment.objects.exists()


def test_partner_cannot_enrol_a_case_they_do_not_see(world, offer):
    partner = world.member(Role.CASE_WORKER, world.org_b)
    with pytest.raises(PermissionDenied):
        enrolment_create(actor=partner, offer=offer, case=new_case(world))


def test_partner_may_enrol_own_case_in_the_lead_organisations_offer(world, offer):
    partner = world.member(Role.CASE_WORKER, world.org_b)
    enrolment = enrolment_create(
        actor=partner, offer=offer, case=new_case(world, organisation=world.org_b)
    )
    assert enrolment.status == EnrolmentStatus.ACTIVE


def test_enrolment_links_only_a_goal_of_the_same_case(world, worker, offer):
    case = new_case(world)
    other_goal = GoalFactory(plan=PlanFactory(case=new_case(world)))
    with pytest.raises(ValidationError) as error:
        enrolment_create(actor=worker, offer=offer, case=case, goal=other_goal)
    assert "goal" in error.value.message_dict
    own_goal = GoalFactory(plan=PlanFactory(case=case))
    enrolment = enrolment_create(actor=worker, offer=offer, case=case, goal=own_goal)
    assert enrolment.goal == own_goal
