"""Which consents a participant has: the one place that says whether a consent for a
purpose is valid on a date, and which of the consents a case needs are missing.

Both read `participant.consents.all()`, so a page or API list that prefetches the
consents asks no further query.
"""

from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from quartier.participants.models import Consent, ConsentPurpose, Participant
from quartier.participants.selectors.participants import participants_visible_to

#: The consents every case needs (counselling, and contact for the six-month follow-up).
REQUIRED_PURPOSES = (ConsentPurpose.COUNSELLING, ConsentPurpose.FOLLOWUP_CONTACT)


def consents_visible_to(user) -> QuerySet[Consent]:
    return Consent.objects.filter(participant__in=participants_visible_to(user))


def consent_valid(participant: Participant, purpose: str, *, on: date | None = None) -> bool:
    """Whether a consent of `participant` for `purpose` is valid on `on` (today): given
    on or before that day and not withdrawn by then (`Consent.is_valid_on`)."""
    if participant.pk is None:
        return False
    day = on or timezone.localdate()
    return any(
        consent.is_valid_on(day)
        for consent in participant.consents.all()
        if consent.purpose == purpose
    )


def consents_missing(participant: Participant, *, on: date | None = None) -> list[str]:
    """The purposes of `REQUIRED_PURPOSES` for which `participant` holds no valid consent
    on `on` (today), in the order of `ConsentPurpose`."""
    return [
        purpose for purpose in REQUIRED_PURPOSES if not consent_valid(participant, purpose, on=on)
    ]


def special_categories_allowed(participant: Participant, *, on: date | None = None) -> bool:
    """Whether a special-category consent of the participant is valid (today)."""
    return consent_valid(participant, ConsentPurpose.SPECIAL_CATEGORIES, on=on)
