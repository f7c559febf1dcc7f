"""The one rule for consents: valid on a date, and which of the needed ones are missing."""

from datetime import date

import pytest

from quartier.participants.models import ConsentPurpose
from quartier.participants.selectors.consents import (
    consent_valid,
    consents_missing,
    special_categories_allowed,
)
from tests.factories import ConsentFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


def test_a_consent_is_valid_from_the_day_it_was_given_until_the_day_of_withdrawal():
    consent = ConsentFactory(
        purpose=ConsentPurpose.PHOTOS, given_on=date(2025, 3, 1), withdrawn_on=date(2025, 6, 1)
    )
    participant = consent.participant
    assert not consent_valid(participant, ConsentPurpose.PHOTOS, on=date(2025, 2, 28))
    assert consent_valid(participant, ConsentPurpose.PHOTOS, on=date(2025, 3, 1))
    assert consent_valid(participant, ConsentPurpose.PHOTOS, on=date(2025, 5, 31))
    assert not consent_valid(participant, ConsentPurpose.PHOTOS, on=date(2025, 6, 1))
    assert not consent_valid(participant, ConsentPurpose.COUNSELLING, on=date(2025, 4, 1))


def test_counselling_and_follow_up_contact_are_missing_until_given():
    participant = ParticipantFactory()
    assert consents_missing(participant, on=date(2025, 4, 1)) == [
        ConsentPurpose.COUNSELLING,
        ConsentPurpose.FOLLOWUP_CONTACT,
    ]
    ConsentFactory(participant=participant, purpose=ConsentPurpose.COUNSELLING)
    assert consents_missing(participant, on=date(2025, 4, 1)) == [ConsentPurpose.FOLLOWUP_CONTACT]


def test_a_withdrawn_consent_is_missing_again():
    participant = ParticipantFactory()
    for purpose in (ConsentPurpose.COUNSELLING, ConsentPurpose.FOLLOWUP_CONTACT):
        ConsentFactory(participant=participant, purpose=purpose, withdrawn_on=date(2025, 5, 1))
    assert consents_missing(participant, on=date(2025, 4, 1)) == []
    assert len(consents_missing(participant, on=date(2025, 5, 1))) == 2


def test_special_categories_follow_the_special_category_consent():
    participant = ParticipantFactory()
    assert not special_categories_allowed(participant, on=date(2025, 4, 1))
    ConsentFactory(participant=participant, purpose=ConsentPurpose.SPECIAL_CATEGORIES)
    assert special_categories_allowed(participant, on=date(2025, 4, 1))
