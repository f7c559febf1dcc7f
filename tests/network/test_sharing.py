"""What may be shared per purpose, and the packet built from a case."""

from datetime import date

import pytest

from quartier.network import sharing
from quartier.network.models import SharedField
from quartier.participants.models import ReferralPurpose
from tests.factories import AssessmentFactory, CaseFactory


def test_every_purpose_offers_the_defaults():
    for purpose in ReferralPurpose.values:
        assert set(sharing.DEFAULT_FIELDS) <= set(sharing.fields_for(purpose))


def test_clean_fields_keeps_required_and_drops_what_the_purpose_does_not_allow():
    fields = sharing.clean_fields("childcare", ["birth_date", "contact", "childcare", "bogus"])
    assert fields == ["name", "contact", "reason", "childcare"]


@pytest.mark.django_db
def test_packet_holds_exactly_the_chosen_fields():
    case = CaseFactory(
        participant__first_name="Aylin",
        participant__last_name="Demir",
        participant__birth_date=date(1991, 4, 7),
        participant__phone="0176 555 01",
        participant__email="aylin@example.org",
    )
    packet = sharing.build_packet(
        case=case, fields=["name", "reason", "birth_date"], reason="B1 course"
    )
    assert packet == {"name": "Aylin Demir", "reason": "B1 course", "birth_date": "07.04.1991"}
    assert "0176" not in str(packet)


@pytest.mark.django_db
def test_needs_come_from_the_newest_assessment():
    case = CaseFactory()
    assessment = AssessmentFactory(case=case, need_debts=3, need_language=0, need_childcare=0)
    packet = sharing.build_packet(
        case=case, fields=[SharedField.NEEDS], reason="", assessment=assessment
    )
    assert "3" in packet["needs"]
    assert packet["needs"].count(":") == 1
