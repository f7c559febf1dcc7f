"""Helpers of the API tests (area `api`): a referral sent through the services, so
that it carries its frozen packet and its events."""

from datetime import UTC, datetime

from quartier.network.services import referrals as services
from tests.network.factories import sharing_consent

#: When the test referrals are sent (a fixed day, far enough in the past).
SENT_AT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def sent_referral(
    case,
    sender,
    recipient_organisation,
    *,
    purpose: str = "language_course",
    fields=("name", "contact", "reason"),
    reason: str = "Needs a B1 course with childcare.",
    consent=None,
):
    """A referral of `case` from `sender` to `recipient_organisation`, sent with a
    consent for `purpose` (made unless given)."""
    if consent is None:
        consent = sharing_consent(case, recipient_organisation, purpose)
    referral = services.referral_create(
        actor=sender,
        case=case,
        draft=services.Draft(
            recipient=recipient_organisation,
            purpose=purpose,
            reason=reason,
            shared_fields=list(fields),
        ),
    )
    return services.referral_send(actor=sender, referral=referral, now=SENT_AT)
