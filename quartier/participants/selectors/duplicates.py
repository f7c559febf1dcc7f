"""The duplicate check: who among the participants a user may see may be the same person
(one at a time for the intake, in bulk for the list import's preview).
"""

from dataclasses import dataclass, replace
from datetime import date
from difflib import SequenceMatcher

from django.db.models import Q, QuerySet

from quartier.core.folding import fold_letters
from quartier.participants.models import (
    Participant,
)
from quartier.participants.selectors.participants import participants_visible_to

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
