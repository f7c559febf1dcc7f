"""Helpers of the referrals area's tests: a referral sent through the services (with its
packet and events), and one sent by letter to a partner without Quartier users."""

from quartier.network.services import referrals as services
from tests.network.factories import sharing_consent


def draft_of(case, recipient, actor, *, purpose="language_course", reason=None, fields=None):
    """A draft made by the service (with its "draft" event)."""
    return services.referral_create(
        actor=actor,
        case=case,
        draft=services.Draft(
            recipient=recipient,
            purpose=purpose,
            reason=reason or "Needs a B1 course with childcare.",
            shared_fields=fields or ["name", "contact", "birth_date"],
        ),
    )


def sent_referral(case, recipient, actor, *, purpose="language_course", **kwargs):
    """A referral sent with a sharing consent for `purpose`."""
    sharing_consent(case, recipient, purpose)
    referral = draft_of(case, recipient, actor, purpose=purpose, **kwargs)
    return services.referral_send(actor=actor, referral=referral)
