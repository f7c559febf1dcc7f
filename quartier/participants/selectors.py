"""Reads of participants, consents and first contacts, always through a `*_visible_to(user)`."""

from dataclasses import dataclass, replace
from datetime import date
from difflib import SequenceMatcher

from django.db.models import Q, QuerySet

from quartier.core.folding import fold, fold_letters
from quartier.core.models import CASE_ROLES, Membership, Project
from quartier.participants.models import (
    Consent,
    FirstContact,
    Participant,
    participant_number_key,
)


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


# Search ---------------------------------------------------------------------------

#: Words of a query that are matched (more are ignored).
SEARCH_WORDS = 5


def participant_word_condition(word: str) -> Q:
    """Participants matching one word of a search: a part of a name however typed
    ("yildiz" finds "Yıldız", "Koehler" and "Kohler" find "Köhler"; see
    `quartier.core.folding`), or the participant number: exactly as written, or by its
    number alone ("294" and "000294" find "BQB-000294")."""
    if word.isdigit():
        return Q(search_key__contains=participant_number_key(word)) | Q(external_id__iexact=word)
    condition = Q(search_key__contains=fold(word))
    if any(character.isdigit() for character in word):
        condition = Q(external_id__iexact=word)
    return condition


def participants_search(participants: QuerySet[Participant], query: str) -> QuerySet[Participant]:
    """`participants` that match every word of `query` (`participant_word_condition`)."""
    for word in query.split()[:SEARCH_WORDS]:
        participants = participants.filter(participant_word_condition(word))
    return participants


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


def normalise_name(value: str) -> str:
    """A name as the duplicate check compares it: folded (`quartier.core.folding`),
    letters only. 'Yıldız' and 'Yildiz', 'Müller' and 'Mueller' come out the same."""
    return fold_letters(value)


def _similar(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    matcher = SequenceMatcher(None, a, b)
    if matcher.real_quick_ratio() < NAME_MINIMUM or matcher.quick_ratio() < NAME_MINIMUM:
        return 0.0  # an upper bound already too low
    return matcher.ratio()


#: The score from which two people are listed as possible duplicates.
DUPLICATE_THRESHOLD = 0.82
#: Each name must be at least this similar (Anna Müller / Anna Maurer: no).
NAME_MINIMUM = 0.7
#: The same birth date raises the score, a different one lowers it; a different
#: postcode (someone who moved) lowers it a little.
SAME_BIRTH_DATE = 0.1
OTHER_BIRTH_DATE = -0.1
OTHER_POSTCODE = -0.05


@dataclass(frozen=True)
class PersonKey:
    """What the duplicate check compares of a person: folded names, birth date, postcode."""

    first: str
    last: str
    birth_date: date | None
    postcode: str

    @classmethod
    def of(cls, first_name: str, last_name: str, birth_date, postcode: str) -> "PersonKey":
        return cls(normalise_name(first_name), normalise_name(last_name), birth_date, postcode)

    def blocks(self) -> set:
        """Keys under which possible duplicates are looked up in bulk (`DuplicateFinder`):
        the birth date, and the postcode with the first two letters of either name."""
        keys = {("postcode", self.postcode, name[:2]) for name in (self.first, self.last) if name}
        if self.birth_date:
            keys.add(("birth_date", self.birth_date))
        return keys


def duplicate_score(a: PersonKey, b: PersonKey) -> float:
    """How likely `a` and `b` are the same person, from 0 to 1.

    Both names must be close and together very close, in either order (swapped first
    and last names); the same birth date adds to that, a different one takes from it,
    and so does a different postcode."""
    straight = (_similar(a.first, b.first), _similar(a.last, b.last))
    swapped = (_similar(a.first, b.last), _similar(a.last, b.first))
    names = max(
        (sum(pair) / 2 if min(pair) >= NAME_MINIMUM else 0.0) for pair in (straight, swapped)
    )
    if not names:
        return 0.0
    score = names
    if a.birth_date and b.birth_date:
        score += SAME_BIRTH_DATE if a.birth_date == b.birth_date else OTHER_BIRTH_DATE
    if a.postcode != b.postcode:
        score += OTHER_POSTCODE
    return round(min(score, 1.0), 3)


def possible_duplicates(
    *,
    user,
    first_name: str,
    last_name: str,
    postcode: str,
    birth_date: date | None = None,
    exclude_pk: int | None = None,
) -> list[Participant]:
    """Participants the user may see who may be this person, most likely first.

    Candidates share the postcode or the birth date; `duplicate_score` decides. Catches
    spellings (Meier/Maier, Murad/Murat), transliterations (Yıldız/Yildiz, Müller/
    Mueller) and swapped first and last names. Each carries `duplicate_score`.
    """
    person = PersonKey.of(first_name, last_name, birth_date, postcode)
    if not (person.first or person.last) or not postcode:
        return []
    near = Q(postcode=postcode)
    if birth_date:
        near |= Q(birth_date=birth_date)
    candidates = (
        participants_visible_to(user).filter(near).select_related("project", "organisation")
    )
    if exclude_pk:
        candidates = candidates.exclude(pk=exclude_pk)
    found = []
    for candidate in candidates.order_by("-id")[:MAX_CANDIDATES]:
        other = PersonKey.of(
            candidate.first_name, candidate.last_name, candidate.birth_date, candidate.postcode
        )
        score = duplicate_score(person, other)
        if score >= DUPLICATE_THRESHOLD:
            candidate.duplicate_score = score
            found.append(candidate)
    found.sort(key=lambda p: -p.duplicate_score)
    return found[:10]


#: Candidates scored per check (people at one postcode or with one birth date).
MAX_CANDIDATES = 5000


@dataclass(frozen=True)
class DuplicateCandidate:
    """An existing participant as the bulk check lists it."""

    pk: int
    external_id: str
    first_name: str
    last_name: str
    birth_date: date
    postcode: str
    score: float = 0.0


class DuplicateFinder:
    """The duplicate check for many people at once (the list import's preview): the
    participants to compare with are read once and looked up by `PersonKey.blocks`,
    so a list of thousands of rows is not thousands of queries. It finds what
    `possible_duplicates` finds, except for names whose first two letters differ in
    both names at the same postcode with different birth dates."""

    def __init__(self, participants: QuerySet[Participant]):
        self.blocks: dict = {}
        rows = participants.values_list(
            "pk", "external_id", "first_name", "last_name", "birth_date", "postcode"
        )
        for row in rows.iterator(chunk_size=2000):
            candidate = DuplicateCandidate(*row)
            key = PersonKey.of(row[2], row[3], row[4], row[5])
            for block in key.blocks():
                self.blocks.setdefault(block, []).append((key, candidate))

    def find(
        self, *, first_name: str, last_name: str, birth_date, postcode: str, limit: int = 5
    ) -> list[DuplicateCandidate]:
        person = PersonKey.of(first_name, last_name, birth_date, postcode)
        seen: dict[int, DuplicateCandidate] = {}
        for block in person.blocks():
            for key, candidate in self.blocks.get(block, ()):
                if candidate.pk in seen:
                    continue
                score = duplicate_score(person, key)
                if score >= DUPLICATE_THRESHOLD:
                    seen[candidate.pk] = replace(candidate, score=score)
        return sorted(seen.values(), key=lambda c: (-c.score, c.pk))[:limit]
