"""The referral's record: its packet closes with the referral or its consent, and it
goes with the case (kept as long as the case's retention requires)."""

from datetime import date

import pytest

from quartier.cases.models import Case
from quartier.network.models import Referral, ReferralEvent, ReferralState
from tests.network.factories import ReferralFactory, sharing_consent

pytestmark = pytest.mark.django_db


def test_packet_is_open_only_while_open_and_consented(world):
    referral = ReferralFactory(recipient=world.org_b, state=ReferralState.SENT)
    assert not referral.packet_is_open(date(2026, 3, 2))  # no consent, no override
    consent = sharing_consent(referral.case, world.org_b, given_on=date(2026, 3, 1))
    referral.consent = consent
    assert referral.packet_is_open(date(2026, 3, 2))
    assert not referral.packet_is_open(date(2026, 2, 28))  # before the consent
    consent.withdrawn_on = date(2026, 3, 5)
    assert not referral.packet_is_open(date(2026, 3, 5))
    consent.withdrawn_on = None
    consent.valid_until = date(2026, 3, 10)
    assert referral.packet_is_open(date(2026, 3, 10))
    assert not referral.packet_is_open(date(2026, 3, 11))
    for state in (ReferralState.COMPLETED, ReferralState.DECLINED, ReferralState.EXPIRED):
        referral.state = state
        assert not referral.packet_is_open(date(2026, 3, 2))


def test_an_override_with_justification_holds_without_consent(world):
    referral = ReferralFactory(
        recipient=world.org_b,
        state=ReferralState.ACCEPTED,
        override_justification="Acute housing emergency, consent follows.",
    )
    assert referral.packet_is_open(date(2026, 3, 2))


def test_referrals_go_with_the_case(world):
    referral = ReferralFactory(recipient=world.org_b)
    ReferralEvent.objects.create(referral=referral, to_state="draft")
    Case.objects.filter(pk=referral.case_id).delete()
    assert not Referral.objects.exists()
    assert not ReferralEvent.objects.exists()
