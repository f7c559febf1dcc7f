"""Participants (Teilnehmende), their consents (Einwilligungen) and first contacts (Erstkontakte).

A `Participant` is one person taking part in one project, owned by one organisation
of its consortium. It holds identity, contact data and the ESF Plus entry
questionnaire with the same fields and codes as the participant list
(INDICATORS.md section 1). The participation itself, with entry and exit, is the
`cases.Case`.

The models live in one module per area and are imported here, so that Django finds
them and `from quartier.participants.models import Participant` works everywhere (the
one package that re-exports):

- `participants`: `Participant`, its choices and the search keys
- `consents`: `ConsentText`, `Consent`, `ConsentPurpose`, `ReferralPurpose`
- `first_contacts`: `FirstContact`, `RequestEvent`, channels, topics, target groups
- `import_jobs`: `ImportJob`
"""

# isort: off
# In the order the models had in one module, which is the order Django registers
# them in (content types, admin lists): not alphabetical.
from quartier.participants.models.participants import (
    SEARCH_KEY_LENGTH,
    participant_number_key,
    participant_search_key,
    Gender,
    LabourStatus,
    YesNoNotStated,
    Isced,
    GermanLevel,
    Benefits,
    SPECIAL_CATEGORY_FIELDS,
    Participant,
)
from quartier.participants.models.consents import (
    BLOCK_PURPOSES,
    PARTNER_PURPOSES,
    ConsentPurpose,
    ReferralPurpose,
    GuardianReached,
    GuardianRelation,
    ConsentText,
    Consent,
)
from quartier.participants.models.first_contacts import (
    Channel,
    Topic,
    TargetGroup,
    RequestStep,
    FirstContact,
    RequestEvent,
)
from quartier.participants.models.import_jobs import (
    ImportJob,
)
# isort: on

__all__ = [
    "SEARCH_KEY_LENGTH",
    "participant_number_key",
    "participant_search_key",
    "Gender",
    "LabourStatus",
    "YesNoNotStated",
    "Isced",
    "GermanLevel",
    "Benefits",
    "SPECIAL_CATEGORY_FIELDS",
    "Participant",
    "BLOCK_PURPOSES",
    "PARTNER_PURPOSES",
    "ConsentPurpose",
    "ReferralPurpose",
    "ConsentText",
    "Consent",
    "GuardianReached",
    "GuardianRelation",
    "Channel",
    "Topic",
    "TargetGroup",
    "RequestStep",
    "FirstContact",
    "RequestEvent",
    "ImportJob",
]
