"""The network's models, one module per area, imported here so that Django finds them
and `from quartier.network.models import Referral` works:

- `partners`: `NetworkLevel`, `Partner` with its `PartnerPerson` and `PartnerContact`,
  `CoachTeam` with its `CoachTeamMember`
- `referrals`: `Referral` (and assignments from outside), `ReferralEvent`,
  `NetworkSettings`, the states and reasons
- `meetings`: `Meeting`, `Attendee`, `MeetingOutcome` (information, decision, task),
  `MeetingEvidence`
"""

# isort: off
from quartier.network.models.partners import (
    NetworkLevel,
    level_condition,
    Partner,
    PartnerChild,
    PartnerPerson,
    PartnerContactChannel,
    PartnerContact,
    CoachTeam,
    CoachTeamMember,
)
from quartier.network.models.referrals import (
    Direction,
    ReferralState,
    OPEN_STATES,
    CLOSED_STATES,
    DeclineReason,
    NotCompletedReason,
    Outcome,
    SharedField,
    Referral,
    EventKind,
    ReferralEvent,
    NetworkSettings,
)
from quartier.network.models.meetings import (
    MeetingKind,
    Meeting,
    MeetingChild,
    Attendee,
    OutcomeKind,
    MeetingOutcome,
    EvidenceKind,
    MeetingEvidence,
)
# isort: on

__all__ = [
    "NetworkLevel",
    "level_condition",
    "Partner",
    "PartnerChild",
    "PartnerPerson",
    "PartnerContactChannel",
    "PartnerContact",
    "CoachTeam",
    "CoachTeamMember",
    "Direction",
    "ReferralState",
    "OPEN_STATES",
    "CLOSED_STATES",
    "DeclineReason",
    "NotCompletedReason",
    "Outcome",
    "SharedField",
    "Referral",
    "EventKind",
    "ReferralEvent",
    "NetworkSettings",
    "MeetingKind",
    "Meeting",
    "MeetingChild",
    "Attendee",
    "OutcomeKind",
    "MeetingOutcome",
    "EvidenceKind",
    "MeetingEvidence",
]
