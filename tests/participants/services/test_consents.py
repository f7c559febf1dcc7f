"""Recording and withdrawing consents: a minor's consent names the legal guardian
(boundary: exactly GUARDIAN_CONSENT_AGE on the entry date is old enough), several
purposes on one form, the withdrawal by the data-protection officer, the reminders of
consents that end soon. Today is pinned to 15.06.2026."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from quartier.cases.models import FollowUp
from quartier.core.models import Role
from quartier.participants.models import Consent
from quartier.participants.services import consents as services
from tests.factories import CaseFactory, ConsentFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 15)
ENTRY = date(2025, 3, 1)
GUARDIAN = {
    "guardian_name": "Hatice Yılmaz",
    "guardian_relation": "parent",
    "guardian_reached": "phone",
}


@pytest.fixture(autouse=True)
def pinned_today():
    moment = datetime(2026, 6, 15, 10, tzinfo=ZoneInfo("Europe/Berlin"))
    with time_machine.travel(moment, tick=False):
        yield


def _case(world, birth_date=date(1990, 5, 17), **kwargs):
    return CaseFactory(
        participant__project=world.project,
        participant__organisation=world.org_a,
        participant__birth_date=birth_date,
        entry_date=ENTRY,
        **kwargs,
    )


def _record(actor, case, **fields):
    return services.consent_record(
        actor=actor,
        participant=case.participant,
        purpose=fields.pop("purpose", "counselling"),
        form="paper",
        text_version="1.0",
        given_on=date(2026, 3, 1),
        **fields,
    )


# Minors ----------------------------------------------------------------------------


def test_exactly_sixteen_on_the_entry_date_needs_no_guardian(world, worker):
    case = _case(world, birth_date=date(2009, 3, 1))
    assert _record(worker, case).guardian_name == ""


def test_one_day_younger_needs_the_guardian(world, worker):
    case = _case(world, birth_date=date(2009, 3, 2))
    with pytest.raises(ValidationError) as refused:
        _record(worker, case)
    assert set(refused.value.message_dict) == {
        "guardian_name",
        "guardian_relation",
        "guardian_reached",
    }
    assert not Consent.objects.exists()
    consent = _record(worker, case, **GUARDIAN)
    assert (consent.guardian_name, consent.guardian_relation, consent.guardian_reached) == (
        "Hatice Yılmaz",
        "parent",
        "phone",
    )


def test_a_blank_guardian_name_is_refused(world, worker):
    case = _case(world, birth_date=date(2012, 1, 1))
    with pytest.raises(ValidationError) as refused:
        _record(worker, case, **{**GUARDIAN, "guardian_name": "   "})
    assert set(refused.value.message_dict) == {"guardian_name"}


def test_the_age_limit_is_a_setting(world, worker, settings):
    settings.GUARDIAN_CONSENT_AGE = 18
    case = _case(world, birth_date=date(2008, 1, 1))  # 17 on the entry date
    with pytest.raises(ValidationError):
        _record(worker, case)


def test_an_unknown_relation_is_refused(world, worker):
    case = _case(world)
    with pytest.raises(ValidationError) as refused:
        _record(worker, case, guardian_name="X", guardian_relation="uncle")
    assert "guardian_relation" in refused.value.message_dict


# Several purposes on one form ------------------------------------------------------


def test_one_consent_per_ticked_purpose(world, worker):
    case = _case(world)
    recorded = services.consents_record(
        actor=worker,
        participant=case.participant,
        purposes=["photos", "counselling", "special_categories"],
        form="paper",
        text_version="2.1",
        given_on=date(2026, 3, 1),
    )
    assert [c.purpose for c in recorded] == ["counselling", "photos", "special_categories"]
    assert {c.text_version for c in recorded} == {"2.1"}


def test_all_or_none(world, worker):
    case = _case(world, birth_date=date(2012, 1, 1))
    with pytest.raises(ValidationError):
        services.consents_record(
            actor=worker,
            participant=case.participant,
            purposes=["counselling", "photos"],
            form="paper",
            text_version="1.0",
            given_on=date(2026, 3, 1),
        )
    assert not Consent.objects.exists()


@pytest.mark.parametrize("purposes", [[], ["partner_sharing"]])
def test_no_purpose_or_a_partner_purpose_is_refused(world, worker, purposes):
    case = _case(world)
    with pytest.raises(ValidationError) as refused:
        services.consents_record(
            actor=worker,
            participant=case.participant,
            purposes=purposes,
            form="paper",
            text_version="1.0",
            given_on=date(2026, 3, 1),
        )
    assert "purposes" in refused.value.message_dict


# Withdrawal ------------------------------------------------------------------------


def test_the_dpo_of_the_organisation_withdraws(world):
    case = _case(world)
    consent = ConsentFactory(participant=case.participant)
    dpo = world.member(Role.DATA_PROTECTION_OFFICER, world.org_a)
    services.consent_withdraw(actor=dpo, consent=consent, withdrawn_on=TODAY)
    assert Consent.objects.get(pk=consent.pk).withdrawn_on == TODAY


@pytest.mark.parametrize(
    ("role", "side"),
    [
        (Role.DATA_PROTECTION_OFFICER, "org_b"),
        (Role.EVALUATOR, "org_a"),
        (Role.EMPLOYER_LIAISON, "org_a"),
    ],
)
def test_others_may_not_withdraw(world, role, side):
    case = _case(world)
    consent = ConsentFactory(participant=case.participant)
    with pytest.raises(PermissionDenied):
        services.consent_withdraw(
            actor=world.member(role, getattr(world, side)), consent=consent, withdrawn_on=TODAY
        )


def test_a_stale_copy_cannot_withdraw_twice(world, worker):
    case = _case(world)
    consent = ConsentFactory(participant=case.participant)
    stale = Consent.objects.get(pk=consent.pk)
    services.consent_withdraw(actor=worker, consent=consent, withdrawn_on=TODAY)
    with pytest.raises(ValidationError, match="already been withdrawn"):
        services.consent_withdraw(actor=worker, consent=stale, withdrawn_on=date(2026, 6, 1))
    assert Consent.objects.get(pk=consent.pk).withdrawn_on == TODAY


# Reminders of consents that end soon -----------------------------------------------


def _expiring(case, valid_until, **fields):
    return ConsentFactory(
        participant=case.participant,
        purpose=fields.pop("purpose", "photos"),
        given_on=date(2026, 1, 1),
        valid_until=valid_until,
        **fields,
    )


def test_a_consent_ending_within_30_days_gets_a_follow_up_once(world, worker):
    case = _case(world, responsible=worker)
    _expiring(case, date(2026, 7, 15))  # 30 days ahead: included
    _expiring(case, date(2026, 7, 16), purpose="followup_contact")  # 31 days: not yet
    assert services.consent_expiry_reminders_create() == {"reminded": 1}
    follow_up = FollowUp.objects.get(case=case)
    assert follow_up.due_date == TODAY
    assert "15.07.2026" in follow_up.title
    assert follow_up.assigned_to is None  # the case's responsible staff member's
    assert services.consent_expiry_reminders_create() == {"reminded": 0}
    assert FollowUp.objects.filter(case=case).count() == 1


def test_withdrawn_renewed_expired_and_closed_cases_get_no_reminder(world, worker):
    case = _case(world, responsible=worker)
    _expiring(case, date(2026, 7, 1), withdrawn_on=date(2026, 6, 1))
    _expiring(case, date(2026, 6, 14))  # expired yesterday
    _expiring(case, date(2026, 7, 1), purpose="counselling")
    ConsentFactory(participant=case.participant, purpose="counselling", given_on=date(2026, 6, 1))
    closed = _case(world, exit_date=date(2026, 5, 1))
    _expiring(closed, date(2026, 7, 1))
    assert services.consent_expiry_reminders_create() == {"reminded": 0}
