"""The register's state in SQL on the boundaries of the day, and the consents that
expire soon for the data-protection officer's start page."""

from datetime import date

import pytest

from quartier.core.models import Role
from quartier.privacy.selectors.consents import consent_register, consents_expiring_for
from tests.factories import CaseFactory, ConsentFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 15)


@pytest.fixture
def case(world):
    return CaseFactory(participant__project=world.project, participant__organisation=world.org_a)


@pytest.fixture
def dpo(world):
    return world.member(Role.DATA_PROTECTION_OFFICER, world.org_a)


@pytest.mark.parametrize(
    ("fields", "state"),
    [
        ({"valid_until": TODAY}, "valid"),  # its last day
        ({"valid_until": date(2026, 6, 14)}, "expired"),
        ({"withdrawn_on": TODAY}, "withdrawn"),  # from the day of the withdrawal
        ({"withdrawn_on": date(2026, 6, 16)}, "valid"),  # not yet
        ({"withdrawn_on": date(2026, 5, 1), "valid_until": date(2026, 5, 2)}, "withdrawn"),
        ({"given_on": TODAY}, "valid"),
        ({"given_on": date(2026, 6, 16)}, "pending"),
    ],
)
def test_the_state_on_the_day(dpo, case, fields, state):
    ConsentFactory(participant=case.participant, **{"given_on": date(2026, 1, 1), **fields})
    rows, _filter = consent_register(user=dpo, filters={}, today=TODAY)
    assert [row.m_state for row in rows] == [state]


def test_consents_expiring_within_the_days(dpo, world, case):
    inside = ConsentFactory(participant=case.participant, valid_until=date(2026, 7, 15))
    today = ConsentFactory(participant=case.participant, valid_until=TODAY)
    ConsentFactory(participant=case.participant, valid_until=date(2026, 7, 16))  # 31 days
    ConsentFactory(participant=case.participant, valid_until=date(2026, 6, 14))  # expired
    ConsentFactory(
        participant=case.participant, valid_until=date(2026, 7, 1), withdrawn_on=date(2026, 6, 1)
    )
    foreign = CaseFactory(participant__project=world.project, participant__organisation=world.org_b)
    ConsentFactory(participant=foreign.participant, valid_until=date(2026, 7, 1))
    assert list(consents_expiring_for(dpo, today=TODAY)) == [today, inside]
    assert list(consents_expiring_for(dpo, within_days=10, today=TODAY)) == [today]


def test_case_staff_have_no_register(world, case):
    ConsentFactory(participant=case.participant)
    worker = world.member(Role.CASE_WORKER, world.org_a)
    rows, _filter = consent_register(user=worker, filters={}, today=TODAY)
    assert list(rows) == []
