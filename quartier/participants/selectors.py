"""Reads of participants, consents and first contacts, always through a `*_visible_to(user)`."""

from django.db.models import Q, QuerySet

from quartier.core.models import CASE_ROLES, Membership, Project
from quartier.participants.models import Consent, FirstContact, Participant


def case_grants(user) -> set[tuple[int, int]]:
    """(project id, organisation id) pairs in which the user holds a case role."""
    if user is None or not user.is_authenticated or not user.is_active:
        return set()
    return set(
        Membership.objects.filter(user=user, role__in=list(CASE_ROLES)).values_list(
            "project_id", "organisation_id"
        )
    )


def tenant_condition(grants: set[tuple[int, int]], prefix: str = "") -> Q | None:
    """A filter for rows whose project and owning organisation are one of `grants`."""
    if not grants:
        return None
    condition = Q()
    for project_id, organisation_id in sorted(grants):
        condition |= Q(
            **{f"{prefix}project_id": project_id, f"{prefix}organisation_id": organisation_id}
        )
    return condition


def participants_visible_to(user) -> QuerySet[Participant]:
    """Participants owned by an organisation in which the user holds a case role in that project.

    Evaluators, network coaches and employer liaisons see no individual participants;
    partners see another organisation's participants only through a referral with
    consent (the network issue). Platform admins see everything.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return Participant.objects.none()
    if user.is_platform_admin:
        return Participant.objects.all()
    condition = tenant_condition(case_grants(user))
    if condition is None:
        return Participant.objects.none()
    return Participant.objects.filter(condition)


def consents_visible_to(user) -> QuerySet[Consent]:
    return Consent.objects.filter(participant__in=participants_visible_to(user))


def first_contacts_visible_to(user) -> QuerySet[FirstContact]:
    """First contacts of the organisations in which the user holds a case role."""
    if user is None or not user.is_authenticated or not user.is_active:
        return FirstContact.objects.none()
    if user.is_platform_admin:
        return FirstContact.objects.all()
    condition = tenant_condition(case_grants(user))
    if condition is None:
        return FirstContact.objects.none()
    return FirstContact.objects.filter(condition)


def projects_with_case_role(user) -> QuerySet[Project]:
    """Projects in which the user may record participants and first contacts."""
    if user.is_platform_admin:
        return Project.objects.all()
    return Project.objects.filter(id__in={p for p, _o in case_grants(user)})


# The duplicate check ---------------------------------------------------------------

_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "é": "e", "è": "e", "á": "a"})


def normalise_name(value: str) -> str:
    """Lower case, umlauts spelled out, accents and everything but letters dropped:
    'Müller-Lüdenscheidt' and 'mueller ludenscheidt' come out the same."""
    import unicodedata

    folded = value.casefold().translate(_FOLD)
    plain = unicodedata.normalize("NFKD", folded)
    return "".join(char for char in plain if char.isalpha())


def _similar(a: str, b: str) -> float:
    from difflib import SequenceMatcher

    if not a or not b:
        return 0.0
    return SequenceMatcher(None, a, b).ratio()


DUPLICATE_THRESHOLD = 0.82


def _pair_score(first: float, last: float) -> float:
    """Both names must be close, and together very close (Anne/Anna Müller: yes;
    Anna Müller/Anna Maurer: no)."""
    return (first + last) / 2 if min(first, last) >= 0.7 else 0.0


def possible_duplicates(
    *, user, first_name: str, last_name: str, postcode: str, exclude_pk: int | None = None
) -> list[Participant]:
    """Participants the user may see with the same postcode and a similar name.

    Catches small spelling differences (Meier/Maier, Müller/Mueller) and swapped first
    and last names. The database narrows the candidates to the postcode and names that
    start with the same letter; the similarity is scored here.
    """
    first, last = normalise_name(first_name), normalise_name(last_name)
    if not (first or last) or not postcode:
        return []
    initials = {value[0] for value in (first, last) if value}
    letters = Q()
    for initial in initials:
        for variant in {initial, {"a": "ä", "o": "ö", "u": "ü"}.get(initial, initial)}:
            letters |= Q(last_name__istartswith=variant) | Q(first_name__istartswith=variant)
    candidates = (
        participants_visible_to(user)
        .filter(letters, postcode=postcode)
        .select_related("project", "organisation")
    )
    if exclude_pk:
        candidates = candidates.exclude(pk=exclude_pk)
    found = []
    for candidate in candidates[:2000]:
        other_first = normalise_name(candidate.first_name)
        other_last = normalise_name(candidate.last_name)
        score = max(
            _pair_score(_similar(first, other_first), _similar(last, other_last)),
            _pair_score(_similar(first, other_last), _similar(last, other_first)),
        )
        if score >= DUPLICATE_THRESHOLD:
            candidate.duplicate_score = score
            found.append(candidate)
    found.sort(key=lambda p: -p.duplicate_score)
    return found[:10]
