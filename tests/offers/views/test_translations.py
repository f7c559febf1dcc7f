"""An offer's translations in the browser's terms (views/translations.py): saving,
reviewing, stale saves refused, removing."""

import pytest
from django.urls import reverse

from quartier.offers.models import OfferTranslation
from tests.offers.factories import OfferFactory, OfferTranslationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]


def own_offer(world, **fields):
    return OfferFactory(project=world.project, organisation=world.org_a, **fields)


def url(name, *args):
    return reverse(f"offers:{name}", args=args)


# Translations -------------------------------------------------------------------------


def test_translate_and_mark_as_reviewed(world, worker, login):
    offer = own_offer(world, title="Stadtteilcafé")
    client = login(worker)
    page = client.get(url("translation_edit", offer.pk, "uk"))
    assert "German original" in page.text
    assert "Stadtteilcafé" in page.text
    response = client.post(
        url("translation_edit", offer.pk, "uk"),
        {"expected_version": "0", "title": "Кафе району", "reviewed": "on"},
    )
    assert response.status_code == 302
    translation = OfferTranslation.objects.get(offer=offer, language="uk")
    assert (translation.title, translation.reviewed, translation.reviewed_by) == (
        "Кафе району",
        True,
        worker,
    )
    detail = client.get(url("offer_detail", offer.pk)).text
    assert "Кафе району" in detail
    assert ">reviewed<" in detail


def test_changing_a_translation_without_the_tick_marks_it_unreviewed(world, worker, login):
    offer = own_offer(world)
    translation = OfferTranslationFactory(offer=offer, language="en", reviewed=True)
    login(worker).post(
        url("translation_edit", offer.pk, "en"),
        {"expected_version": translation.version, "title": "Neighbourhood service"},
    )
    translation.refresh_from_db()
    assert (translation.title, translation.reviewed) == ("Neighbourhood service", False)


def test_stale_translation_is_refused(world, worker, login):
    offer = own_offer(world)
    OfferTranslationFactory(offer=offer, language="en", title="Saved meanwhile")
    response = login(worker).post(
        url("translation_edit", offer.pk, "en"), {"expected_version": "0", "title": "Mine"}
    )
    assert response.status_code == 200
    assert "Someone else changed this record" in response.text
    assert OfferTranslation.objects.get(offer=offer).title == "Saved meanwhile"


def test_german_and_unknown_languages_are_404(world, worker, login):
    offer = own_offer(world)
    client = login(worker)
    assert client.get(url("translation_edit", offer.pk, "de")).status_code == 404
    assert client.get(url("translation_edit", offer.pk, "fr")).status_code == 404


def test_remove_a_translation(world, worker, login):
    offer = own_offer(world)
    OfferTranslationFactory(offer=offer, language="ar")
    assert login(worker).post(url("translation_delete", offer.pk, "ar")).status_code == 302
    assert not OfferTranslation.objects.exists()
