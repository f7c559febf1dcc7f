"""Helpers of the inbox tests: a referral sent through the services (with its consent,
frozen packet and events), an assignment from outside."""

from datetime import date, datetime

from django.utils import timezone

from quartier.network.services import referrals as services
from tests.network.factories import sharing_consent

#: The day the inbox tests' referrals are sent (a Monday): their answer is due ten
#: working days later, long before today, so they are overdue unless a test says not.
SENT_AT = timezone.make_aware(datetime(2026, 3, 2, 10, 0))


def sent_referral(
    sender,
    case,
    recipient,
    *,
    purpose: str = "language_course",
    fields=("name", "contact", "reason"),
    reason: str = "Needs a B1 course with childcare.",
    consent=None,
    **consent_fields,
):
    """A referral of `case` to the organisation `recipient`, sent by `sender` on
    SENT_AT with a sharing consent (made unless given)."""
    if consent is None:
        consent = sharing_consent(case, recipient, purpose, **consent_fields)
    referral = services.referral_create(
        actor=sender,
        case=case,
        draft=services.Draft(
            recipient=recipient, purpose=purpose, reason=reason, shared_fields=list(fields)
        ),
    )
    return services.referral_send(actor=sender, referral=referral, now=SENT_AT)


def assignment(actor, case, sender_organisation, *, received_on=date(2026, 3, 2)):
    """An assignment from `sender_organisation` (e.g. the Jobcenter) to the case."""
    return services.assignment_record(
        actor=actor,
        case=case,
        assignment=services.Assignment(
            sender=sender_organisation,
            purpose="work_opportunity",
            reason="Arbeitsgelegenheit im Quartierscafé.",
            external_reference="JC-2026-0042",
            received_on=received_on,
        ),
    )
