"""The referral's loop in the services: send with consent, the recipient's answers,
the end of access when the consent is withdrawn, the deadlines."""

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from quartier.network.models import ReferralState
from quartier.network.selectors.referrals import referrals_received_by
from quartier.network.services import referrals as services
from quartier.participants.services import consents as consent_services
from tests.network.factories import feedback_consent, sharing_consent


def _draft(world, **changes):
    fields = {
        "recipient": world.org_b,
        "purpose": "language_course",
        "reason": "Needs a B1 course with childcare.",
        "shared_fields": ["name", "contact", "birth_date"],
    }
    fields.update(changes)
    return services.Draft(**fields)


def test_the_loop_closes(world, sender, recipient, case):
    consent = sharing_consent(case, world.org_b)
    feedback_consent(case, world.org_b)
    referral = services.referral_create(actor=sender, case=case, draft=_draft(world))
    referral = services.referral_send(actor=sender, referral=referral)
    assert referral.state == ReferralState.SENT
    assert referral.consent == consent
    assert referral.by_letter is False
    assert set(referral.shared_data) == {"name", "contact", "reason", "birth_date"}
    assert referral.shared_data["name"] == "Aylin Demir"
    assert list(referrals_received_by(recipient)) == [referral]
    services.referral_accept(actor=recipient, referral=referral)
    referral = services.referral_complete(
        actor=recipient, referral=referral, outcome="achieved", note="Started the B1 course."
    )
    assert referral.state == ReferralState.COMPLETED
    assert list(referrals_received_by(recipient)) == []
    states = list(referral.events.values_list("to_state", flat=True))
    assert states == ["draft", "sent", "accepted", "completed"]


def test_sending_without_consent_is_refused(world, sender, case):
    referral = services.referral_create(actor=sender, case=case, draft=_draft(world))
    with pytest.raises(ValidationError) as error:
        services.referral_send(actor=sender, referral=referral)
    assert error.value.code == "no_consent"
    referral.refresh_from_db()
    assert referral.state == ReferralState.DRAFT
    assert referral.shared_data == {}


def test_consent_for_another_purpose_does_not_count(world, sender, case):
    sharing_consent(case, world.org_b, "debt_counselling")
    referral = services.referral_create(actor=sender, case=case, draft=_draft(world))
    with pytest.raises(ValidationError):
        services.referral_send(actor=sender, referral=referral)


def test_override_needs_the_named_permission(world, sender, case):
    referral = services.referral_create(actor=sender, case=case, draft=_draft(world))
    with pytest.raises(PermissionDenied):
        services.referral_send(
            actor=sender,
            referral=referral,
            override_justification="Acute housing emergency tonight.",
        )
    from quartier.core.models import Role

    lead = world.member(Role.PROJECT_LEAD, world.org_a)
    referral = services.referral_send(
        actor=lead, referral=referral, override_justification="Acute housing emergency tonight."
    )
    assert referral.state == ReferralState.SENT
    assert referral.events.get(to_state="sent").reason == "override"


def test_withdrawal_ends_access_at_once(world, sender, recipient, case):
    consent = sharing_consent(case, world.org_b)
    referral = services.referral_send(
        actor=sender,
        referral=services.referral_create(actor=sender, case=case, draft=_draft(world)),
    )
    consent_services.consent_withdraw(
        actor=sender, consent=consent, withdrawn_on=timezone.localdate()
    )
    referral.refresh_from_db()
    assert referral.state == ReferralState.ENDED
    assert list(referrals_received_by(recipient)) == []
    with pytest.raises(ValidationError):
        services.referral_accept(actor=recipient, referral=referral)


def test_a_double_answer_changes_once(world, sender, recipient, case):
    sharing_consent(case, world.org_b)
    referral = services.referral_send(
        actor=sender,
        referral=services.referral_create(actor=sender, case=case, draft=_draft(world)),
    )
    services.referral_accept(actor=recipient, referral=referral)
    with pytest.raises(ValidationError) as error:
        services.referral_accept(actor=recipient, referral=referral)
    assert error.value.code == "state"
    assert referral.events.filter(to_state="accepted").count() == 1


def test_deadlines_remind_escalate_expire(world, sender, case):
    sharing_consent(case, world.org_b)
    monday = timezone.make_aware(datetime(2026, 3, 2, 9))
    referral = services.referral_send(
        actor=sender,
        referral=services.referral_create(actor=sender, case=case, draft=_draft(world)),
        now=monday,
    )
    assert referral.answer_due == date(2026, 3, 16)
    assert services.referrals_check_deadlines(today=date(2026, 3, 9))["reminded"] == 0
    assert services.referrals_check_deadlines(today=date(2026, 3, 10))["reminded"] == 1
    assert services.referrals_check_deadlines(today=date(2026, 3, 13))["escalated"] == 1
    assert services.referrals_check_deadlines(today=date(2026, 3, 16))["expired"] == 1
    referral.refresh_from_db()
    assert referral.state == ReferralState.EXPIRED
    assert monday + timedelta(days=14) >= referral.sent_at
