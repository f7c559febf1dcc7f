"""The offers permissions across every role, and the scoped reads (a foreign id is a 404)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.http import Http404
from django.utils import timezone

from quartier.core.models import Role
from quartier.offers.selectors.enrolments import enrolment_get, enrolments_of_case
from quartier.offers.selectors.offers import (
    OfferFilter,
    offer_get,
    offer_list,
    offer_text,
    offers_visible_to,
    published_offers,
    with_enrolment_counts,
)
from tests.factories import CaseFactory
from tests.offers.factories import (
    EnrolmentFactory,
    LocationFactory,
    OfferFactory,
    OfferTranslationFactory,
)

pytestmark = pytest.mark.django_db

CASE_ROLES = {Role.PROJECT_LEAD, Role.CASE_WORKER, Role.JOB_COACH}


@pytest.fixture
def offer(world):
    return OfferFactory(project=world.project, organisation=world.org_a)


@pytest.mark.parametrize("role", list(Role))
def test_every_project_member_sees_the_catalogue(world, offer, role):
    user = world.member(role, world.org_b)
    assert user.has_perm("offers.view_offer", offer)
    assert list(offers_visible_to(user)) == [offer]


@pytest.mark.parametrize("role", list(Role))
def test_only_case_roles_of_the_provider_change_an_offer(world, offer, role):
    own = world.member(role, world.org_a)
    partner = world.member(role, world.org_b)
    assert own.has_perm("offers.change_offer", offer) is (role in CASE_ROLES)
    assert own.has_perm("offers.manage_service_requests", offer) is (role in CASE_ROLES)
    assert not partner.has_perm("offers.change_offer", offer)


@pytest.mark.parametrize("role", list(Role))
def test_only_case_roles_of_the_owning_organisation_change_a_place(world, role):
    place = LocationFactory(project=world.project, organisation=world.org_a)
    own = world.member(role, world.org_a)
    partner = world.member(role, world.org_b)
    stranger = world.member(role, world.org_c, project=world.other_project)
    assert own.has_perm("offers.change_location", place) is (role in CASE_ROLES)
    assert not partner.has_perm("offers.change_location", place)
    assert not stranger.has_perm("offers.change_location", place)


@pytest.mark.parametrize("role", list(Role))
def test_case_roles_of_the_project_enrol_and_fill_registers(world, offer, role):
    partner = world.member(role, world.org_b)
    assert partner.has_perm("offers.enrol", offer) is (role in CASE_ROLES)
    assert partner.has_perm("offers.fill_register", offer) is (role in CASE_ROLES)


@pytest.mark.parametrize("role", list(Role))
def test_other_projects_staff_have_no_right_on_the_offer(world, offer, role):
    user = world.member(role, world.org_c, project=world.other_project)
    for perm in ("view_offer", "change_offer", "enrol", "fill_register"):
        assert not user.has_perm(f"offers.{perm}", offer)
    assert not offers_visible_to(user).exists()


@pytest.mark.parametrize("role", list(Role))
def test_certificates_by_case_staff_and_override_only_by_the_lead(world, offer, role):
    enrolment = EnrolmentFactory(offer=offer)
    user = world.member(role, world.org_a)
    assert user.has_perm("offers.issue_certificate", enrolment) is (role in CASE_ROLES)
    assert user.has_perm("offers.override_certificate_rule", enrolment) is (
        role == Role.PROJECT_LEAD
    )


def test_platform_admin_may_everything(platform_admin, offer):
    enrolment = EnrolmentFactory(offer=offer)
    assert platform_admin.has_perm("offers.change_offer", offer)
    assert platform_admin.has_perm("offers.change_location", LocationFactory(project=offer.project))
    assert platform_admin.has_perm("offers.override_certificate_rule", enrolment)


def test_foreign_offer_and_enrolment_ids_are_404(world, offer):
    stranger = world.member(Role.CASE_WORKER, world.org_c, project=world.other_project)
    enrolment = EnrolmentFactory(offer=offer)
    with pytest.raises(Http404):
        offer_get(user=stranger, pk=offer.pk)
    with pytest.raises(Http404):
        enrolment_get(user=stranger, pk=enrolment.pk)
    partner = world.member(Role.CASE_WORKER, world.org_b)
    with pytest.raises(Http404):  # the partner sees the offer, not the lead's participants
        enrolment_get(user=partner, pk=enrolment.pk)
    assert offer_get(user=partner, pk=offer.pk) == offer


def test_offer_list_filters(world):
    worker = world.member(Role.CASE_WORKER, world.org_a)
    garden = OfferFactory(
        project=world.project,
        title="Garten- und Landschaftsbau",
        target_groups=["single_parents", "immigrants"],
        languages=["de", "ar"],
    )
    cafe = OfferFactory(
        project=world.project,
        title="Stadtteilcafé",
        kind="cafe_meeting",
        occupational_field="",
        target_groups=["families"],
    )
    OfferFactory(project=world.project, title="Alt", active=False)

    def titles(**filters):
        return [o.title for o in offer_list(user=worker, filters=OfferFilter(**filters))]

    assert titles() == [garden.title, cafe.title]
    assert titles(kind="cafe_meeting") == [cafe.title]
    assert titles(occupational_field="gardening_landscaping") == [garden.title]
    assert titles(target_group="immigrants") == [garden.title]
    assert titles(target_group="families") == [cafe.title]
    assert titles(language="ar") == [garden.title]
    assert titles(query="landschaft") == [garden.title]
    assert titles(active=False) == ["Alt"]


def test_offer_list_counts_places_taken_and_waiting(world):
    worker = world.member(Role.CASE_WORKER, world.org_a)
    offer = OfferFactory(project=world.project, capacity=1)
    EnrolmentFactory(offer=offer)
    EnrolmentFactory(offer=offer, status="waiting", start_date=None, waiting_since=timezone.now())
    row = with_enrolment_counts(offer_list(user=worker)).get()
    assert (row.active_count, row.waiting_count) == (1, 1)


def test_public_map_shows_only_published_active_running_offers(world):
    shown = OfferFactory(project=world.project, published=True)
    OfferTranslationFactory(offer=shown, language="uk", title="Послуга")
    OfferFactory(project=world.project, published=False)
    OfferFactory(project=world.project, published=True, active=False)
    OfferFactory(
        project=world.project,
        published=True,
        start_date=dt.date(2020, 1, 1),
        end_date=timezone.localdate() - dt.timedelta(days=1),
    )
    offers = list(published_offers())
    assert offers == [shown]
    assert offer_text(offers[0], "uk").title == "Послуга"


def test_enrolments_of_case_carry_attended_hours(world):
    worker = world.member(Role.CASE_WORKER, world.org_a)
    case = CaseFactory(participant__project=world.project, participant__organisation=world.org_a)
    enrolment = EnrolmentFactory(offer=OfferFactory(project=world.project), case=case)
    enrolment.attendances.create(date=timezone.localdate(), status="present", hours="2.5")
    rows = list(enrolments_of_case(user=worker, case=case))
    assert rows == [enrolment]
    assert rows[0].attended_hours == Decimal("2.5")
