"""Which consents a participant has: the one place that says whether a consent for a
purpose is valid on a date, and which of the consents a case needs are missing.

Both read `participant.consents.all()`, so a page or API list that prefetches the
consents asks no further query.
"""

from datetime import date

from django.conf import settings
from django.db.models import Exists, Q, QuerySet
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


def guardian_needed(participant: Participant, *, entry_date: date | None = None) -> bool:
    """Whether the participant is younger than settings.GUARDIAN_CONSENT_AGE on the entry
    date (`entry_date`, or the case's): then a consent needs a legal guardian's as well.
    Exactly that age on the entry date is old enough."""
    if entry_date is None:
        case = getattr(participant, "case", None) if participant.pk else None
        entry_date = case.entry_date if case is not None else None
    if entry_date is None or participant.birth_date is None:
        return False
    return participant.age_on(entry_date) < settings.GUARDIAN_CONSENT_AGE


# In SQL -------------------------------------------------------------------------------


def valid_on_q(day: date, *, prefix: str = "") -> Q:
    """`Consent.is_valid_on(day)` as a condition on consents (`prefix` e.g. "consents__")."""
    return (
        Q(**{f"{prefix}given_on__lte": day})
        & (Q(**{f"{prefix}withdrawn_on__isnull": True}) | Q(**{f"{prefix}withdrawn_on__gt": day}))
        & (Q(**{f"{prefix}valid_until__isnull": True}) | Q(**{f"{prefix}valid_until__gte": day}))
    )


def counselling_stopped(participant_ref, *, day: date) -> Q:
    """A condition on rows about a participant (`participant_ref`: an `OuterRef` or an
    id): their counselling consent was withdrawn or has expired, and no valid one
    followed. Matching leaves these people out. Someone whose counselling consent was
    never recorded (just taken in: the case page asks for it) is not stopped by this."""
    counselling = Consent.objects.filter(
        participant_id=participant_ref, purpose=ConsentPurpose.COUNSELLING
    )
    return Exists(counselling) & ~Exists(counselling.filter(valid_on_q(day)))
