"""Referrals as the figures see them: sent (and answered) at given moments, without
going through the services (the figures read only states and timestamps)."""

from datetime import datetime, timedelta

from django.utils import timezone

from quartier.network.models import Direction, ReferralState
from tests.factories import CaseFactory
from tests.network.factories import ReferralFactory


def at(day, hour: int = 10) -> datetime:
    """A local, aware moment on `day`."""
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def sent_referral(project, sender, recipient, day, *, state=ReferralState.SENT, **fields):
    """A referral of a case of `sender` in `project` to `recipient`, sent on `day`;
    `accepted_after`/`closed_after` (days) set the answers' moments."""
    accepted_after = fields.pop("accepted_after", None)
    closed_after = fields.pop("closed_after", None)
    sent_at = at(day)
    case = CaseFactory(participant__project=project, participant__organisation=sender)
    if state == ReferralState.DECLINED:
        fields.setdefault("decline_reason", "no_capacity")
    if state == ReferralState.NOT_COMPLETED:
        fields.setdefault("not_completed_reason", "did_not_come")
    if state == ReferralState.COMPLETED:
        fields.setdefault("outcome", "achieved")
    return ReferralFactory(
        case=case,
        project=project,
        sender_organisation=sender,
        recipient=recipient,
        state=state,
        sent_at=sent_at,
        answer_due=day + timedelta(days=14),
        accepted_at=None if accepted_after is None else sent_at + timedelta(days=accepted_after),
        closed_at=None if closed_after is None else sent_at + timedelta(days=closed_after),
        **fields,
    )


def assignment(project, outside, own, day, **fields):
    """An assignment from `outside` (e.g. the Jobcenter) to a case of `own`."""
    case = CaseFactory(participant__project=project, participant__organisation=own)
    return ReferralFactory(
        case=case,
        project=project,
        direction=Direction.INCOMING,
        sender_organisation=outside,
        recipient=own,
        state=fields.pop("state", ReferralState.SENT),
        sent_at=at(day, 0),
        received_on=day,
        answer_due=day + timedelta(days=14),
        **fields,
    )
