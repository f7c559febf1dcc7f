"""The catalogue's writes (`services.catalogue`): offers, places and translations."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from quartier.core.models import Role
from quartier.core.services import ConcurrentEditError
from quartier.offers.models import Offer
from quartier.offers.services.catalogue import (
    location_update,
    offer_create,
    offer_translation_save,
    offer_update,
)
from tests.offers.factories import (
    LocationFactory,
    OfferTranslationFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = dt.timedelta(days=1)


# Catalogue ---------------------------------------------------------------------------


def test_offer_create_is_internal_by_default_and_keeps_its_places(world, worker):
    place = LocationFactory(project=world.project, organisation=world.org_a)
    offer = offer_create(
        actor=worker,
        project=world.project,
        organisation=world.org_a,
        locations=[place],
        kind="qualification_module",
        title="Quartiershausmeister",
        target_groups=["long_term_unemployed", "immigrants"],
        languages=["de", "tr"],
    )
    assert offer.published is False
    assert offer.certificate_rule == "months"
    assert offer.certificate_min_months == 4
    assert list(offer.locations.all()) == [place]


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"target_groups": ["astronauts"]}, "target_groups"),
        ({"languages": ["deu"]}, "languages"),
        ({"start_date": TODAY, "end_date": TODAY - DAY}, "end_date"),
        ({"certificate_rule": "hours"}, "certificate_min_hours"),
        ({"capacity": 0}, "capacity"),
    ],
)
def test_offer_with_bad_input_is_refused_and_not_saved(world, worker, fields, error_field):
    with pytest.raises(ValidationError) as error:
        offer_create(
            actor=worker,
            project=world.project,
            organisation=world.org_a,
            kind="course",
            title="Bewerbungstraining",
            **fields,
        )
    assert error_field in error.value.message_dict
    assert not Offer.objects.exists()


def test_offer_for_a_partner_organisation_is_refused(world, worker):
    with pytest.raises(PermissionDenied):
        offer_create(
            actor=worker, project=world.project, organisation=world.org_b, kind="course", title="X"
        )


def test_offer_of_another_project_cannot_use_this_projects_place(world, worker):
    foreign = LocationFactory(project=world.other_project, organisation=world.org_c)
    with pytest.raises(ValidationError) as error:
        offer_create(
            actor=worker,
            project=world.project,
            organisation=world.org_a,
            locations=[foreign],
            kind="course",
            title="X",
        )
    assert "locations" in error.value.message_dict


def test_offer_update_refuses_a_stale_version(worker, offer):
    offer_update(actor=worker, offer=offer, expected_version=offer.version, title="Neu")
    stale = Offer.objects.get(pk=offer.pk)
    with pytest.raises(ConcurrentEditError):
        offer_update(actor=worker, offer=stale, expected_version=1, title="Alt")


def test_partner_staff_cannot_change_the_offer(world, offer):
    partner = world.member(Role.CASE_WORKER, world.org_b)
    with pytest.raises(PermissionDenied):
        offer_update(actor=partner, offer=offer, expected_version=offer.version, title="X")


def test_translation_falls_back_to_german_per_field(worker, offer):
    offer_translation_save(
        actor=worker, offer=offer, language="tr", title="Mahalle hizmeti", reviewed=True
    )
    text = Offer.objects.prefetch_related("translations").get(pk=offer.pk).text_in("tr")
    assert text.title == "Mahalle hizmeti"
    assert text.short_description == offer.short_description  # German fallback
    assert text.fallback == {"short_description", "how_to_take_part"}
    assert text.reviewed is True
    assert offer.text_in("ar").title == offer.title
    assert offer.text_in("ar").language == "de"


def test_changing_a_translation_without_review_marks_it_unreviewed(worker, offer):
    translation = OfferTranslationFactory(offer=offer, reviewed=True, reviewed_by=worker)
    offer_translation_save(
        actor=worker,
        offer=offer,
        language="en",
        title="Neighbourhood service",
        expected_version=translation.version,
    )
    translation.refresh_from_db()
    assert translation.reviewed is False
    assert translation.reviewed_by is None


def test_german_is_not_a_translation(worker, offer):
    with pytest.raises(ValidationError):
        offer_translation_save(actor=worker, offer=offer, language="de", title="X")


# Places ------------------------------------------------------------------------------


def test_place_update_follows_the_change_location_rule(world, worker, partner):
    """The service asks the same permission the place's edit page checks: the owning
    organisation's case staff may change the place, a partner organisation's may not."""
    place = LocationFactory(project=world.project, organisation=world.org_a, name="Alt")
    with pytest.raises(PermissionDenied):
        location_update(actor=partner, location=place, expected_version=place.version, name="X")
    place.refresh_from_db()
    assert place.name == "Alt"
    location_update(actor=worker, location=place, expected_version=place.version, name="Neu")
    place.refresh_from_db()
    assert place.name == "Neu"
