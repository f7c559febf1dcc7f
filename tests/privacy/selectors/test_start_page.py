"""The data-protection officer's start page part (privacy.selectors.start_page): the
consents of her persons ending in the next 30 days, the recent withdrawals, the erasure
requests, today's access-log count; the organisation admin gets the same for her
organisation, nobody gets another organisation's."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from quartier.core.models import Role
from quartier.privacy.models import AccessLogEntry, ErasureRequest
from quartier.privacy.selectors.consents import consents_expiring_for
from quartier.privacy.selectors.start_page import (
    access_entries_today,
    privacy_part,
)
from tests.factories import ConsentFactory
from tests.privacy.dpo_support import case_of

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 15)


def consent(case, **fields):
    return ConsentFactory(participant=case.participant, given_on=date(2026, 1, 10), **fields)


@pytest.fixture
def consents(world):
    own = case_of(world, last_name="Ownperson")
    partner = case_of(world, world.org_b, last_name="Partnerperson")
    return {
        "soon": consent(own, valid_until=TODAY + timedelta(days=10)),
        "today": consent(own, purpose="photos", valid_until=TODAY),
        "later": consent(own, purpose="followup_contact", valid_until=TODAY + timedelta(days=31)),
        "ended": consent(own, purpose="special_categories", valid_until=TODAY - timedelta(days=1)),
        "withdrawn": consent(
            own,
            purpose="special_categories",
            valid_until=TODAY + timedelta(days=5),
            withdrawn_on=TODAY - timedelta(days=3),
        ),
        "withdrawn_long_ago": consent(
            own, purpose="photos", withdrawn_on=TODAY - timedelta(days=40)
        ),
        "partner_soon": consent(partner, valid_until=TODAY + timedelta(days=3)),
    }


@pytest.mark.parametrize("role", [Role.DATA_PROTECTION_OFFICER, Role.ORGANISATION_ADMIN])
def test_her_organisations_consents_ending_in_30_days_and_the_recent_withdrawals(
    world, consents, role
):
    user = world.member(role, world.org_a)
    part = privacy_part(user=user, today=TODAY)["privacy_start"]
    assert part["expiring"].rows == [consents["today"], consents["soon"]]
    assert part["expiring"].total == 2
    assert part["withdrawn"].rows == [consents["withdrawn"]]


def test_the_partner_organisations_officer_sees_only_hers(world, consents):
    officer_b = world.member(Role.DATA_PROTECTION_OFFICER, world.org_b)
    assert list(consents_expiring_for(officer_b, today=TODAY)) == [consents["partner_soon"]]


def test_a_case_worker_and_another_projects_officer_see_none(world, consents):
    worker = world.member(Role.CASE_WORKER, world.org_a)
    other = world.member(Role.DATA_PROTECTION_OFFICER, world.org_c, world.other_project)
    for user in (worker, other):
        part = privacy_part(user=user, today=TODAY)["privacy_start"]
        assert part["expiring"].rows == []
        assert part["withdrawn"].rows == []


def test_the_list_stops_at_ten_and_tells_how_many_more(world):
    dpo = world.member(Role.DATA_PROTECTION_OFFICER, world.org_a)
    for _ in range(12):
        consent(case_of(world), valid_until=TODAY + timedelta(days=20))
    expiring = privacy_part(user=dpo, today=TODAY)["privacy_start"]["expiring"]
    assert (len(expiring.rows), expiring.total, expiring.more) == (10, 12, 2)


def test_open_erasure_requests_of_her_persons(world):
    dpo = world.member(Role.DATA_PROTECTION_OFFICER, world.org_a)
    own, partner = case_of(world), case_of(world, world.org_b)
    kept = ErasureRequest.objects.create(
        project=world.project,
        participant=own.participant,
        pseudonym="e1",
        state=ErasureRequest.State.ANONYMISED,
        received_on=TODAY - timedelta(days=200),
        channel=ErasureRequest.Channel.LETTER,
        keep_until=date(2031, 12, 31),
    )
    ErasureRequest.objects.create(
        project=world.project,
        participant=own.participant,
        pseudonym="e2",
        state=ErasureRequest.State.REMOVED,
        received_on=TODAY - timedelta(days=200),
        channel=ErasureRequest.Channel.LETTER,
    )
    ErasureRequest.objects.create(
        project=world.project,
        participant=partner.participant,
        pseudonym="e3",
        state=ErasureRequest.State.ANONYMISED,
        received_on=TODAY,
        channel=ErasureRequest.Channel.EMAIL,
    )
    assert privacy_part(user=dpo, today=TODAY)["privacy_start"]["erasures"].rows == [kept]


def test_todays_access_log_entries_of_her_organisation_are_counted(world):
    dpo = world.member(Role.DATA_PROTECTION_OFFICER, world.org_a)
    today = timezone.localdate()
    for organisation in (world.org_a, world.org_a, world.org_b):
        AccessLogEntry.objects.create(
            action="view",
            record_type="cases.case",
            record_id=1,
            project_id=world.project.pk,
            organisation_id=organisation.pk,
        )
    assert access_entries_today(dpo, today=today) == 2
    assert access_entries_today(dpo, today=today - timedelta(days=1)) == 0
    assert access_entries_today(world.member(Role.CASE_WORKER, world.org_a), today=today) == 0


def test_her_projects_link_the_registers(world):
    dpo = world.member(Role.DATA_PROTECTION_OFFICER, world.org_a)
    assert privacy_part(user=dpo, today=TODAY)["privacy_start"]["projects"] == [world.project]
