"""What a synthetic participant is drawn from: the weighted tables (stages, exit
reasons, contact channels and topics, education, German level, origins, genders),
the pools of skills, and `_Draft`, one participant with their case before it is
written.
"""

from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace

from quartier.cases.models import (
    ExitReason,
    Skill,
    Stage,
)
from quartier.core.models import (
    User,
)
from quartier.demo import data
from quartier.demo.services.staff import _Tenant
from quartier.participants.models import (
    Channel,
    Gender,
    GermanLevel,
    Topic,
)

OPEN_STAGES = [
    (Stage.FIRST_COUNSELLING, 8),
    (Stage.PROFILING, 15),
    (Stage.QUALIFICATION, 25),
    (Stage.WORK_TRIAL, 12),
    (Stage.INTERNSHIP, 12),
    (Stage.PLACEMENT, 10),
    (Stage.STABILISATION, 18),
]


EXIT_REASONS = [
    (ExitReason.EMPLOYMENT, 25),
    (ExitReason.APPRENTICESHIP, 6),
    (ExitReason.EDUCATION, 6),
    (ExitReason.OTHER_MEASURE, 10),
    (ExitReason.COMPLETED, 15),
    (ExitReason.MOVED_AWAY, 6),
    (ExitReason.HEALTH, 6),
    (ExitReason.NO_CONTACT, 12),
    (ExitReason.DROPPED_OUT, 9),
    (ExitReason.OTHER, 5),
]


CONTACT_CHANNELS = [
    (Channel.WALK_IN, 40, (20, 90)),
    (Channel.PHONE, 28, (5, 30)),
    (Channel.WEB, 8, (10, 20)),
    (Channel.VIDEO, 4, (20, 45)),
    (Channel.HOME_VISIT, 6, (45, 120)),
    (Channel.OUTREACH, 14, (15, 60)),
]


CONTACT_TOPICS = [
    (Topic.JOB_SEARCH, 18),
    (Topic.APPLICATION, 16),
    (Topic.QUALIFICATION, 12),
    (Topic.LANGUAGE, 8),
    (Topic.CHILDCARE, 5),
    (Topic.HEALTH, 4),
    (Topic.DEBTS, 5),
    (Topic.HOUSING, 5),
    (Topic.BENEFITS, 9),
    (Topic.RESIDENCE, 3),
    (Topic.DIGITAL, 6),
    (Topic.EMPLOYER, 6),
    (Topic.OTHER, 3),
]


ISCED = [(0, 8), (1, 10), (2, 35), (3, 30), (4, 5), (5, 4), (6, 5), (7, 2), (None, 1)]


GERMAN_LEVELS = [
    (GermanLevel.NONE, 5),
    (GermanLevel.A1, 15),
    (GermanLevel.A2, 20),
    (GermanLevel.B1, 25),
    (GermanLevel.B2, 15),
    (GermanLevel.C1, 8),
    (GermanLevel.NATIVE, 7),
    (GermanLevel.UNKNOWN, 5),
]


GENERAL_SKILLS = [
    "Zuverlässigkeit",
    "Pünktlichkeit",
    "Lernbereitschaft",
    "Motivation und Einsatzbereitschaft",
    "Belastbarkeit",
    "Selbstständiges Arbeiten",
    "Durchhaltevermögen",
    "Sorgfalt",
    "Flexibilität",
    "Teamfähigkeit",
    "Umgang mit Kunden",
    "Freundliches Auftreten",
    "Einfühlungsvermögen",
    "Konfliktfähigkeit",
    "Zeitmanagement",
    "Rechnen im Arbeitsalltag",
    "Smartphone-Nutzung",
    "Grundkenntnisse PC/Office",
    "Online-Recherche und Stellensuche",
]


@dataclass
class _Counts:
    participants: int = 0
    cases: int = 0
    contacts: int = 0
    first_contacts: int = 0


class _Pools:
    """Names, streets and skills drawn once: Faker is slow per call."""

    def __init__(self, fake):
        self.first_female = [fake.first_name_female() for _ in range(300)]
        self.first_male = [fake.first_name_male() for _ in range(300)]
        self.last = [fake.last_name() for _ in range(1000)]
        self.streets = [fake.street_name() for _ in range(300)]
        skills = {skill.name: skill.pk for skill in Skill.objects.all()}
        self.general_skills = [skills[name] for name in GENERAL_SKILLS if name in skills]
        self.field_skills = {
            slug: [skills[name] for name in names if name in skills]
            for slug, names in data.PROJECT_FIELDS.items()
        }
        self.language_skills = [
            skills[name]
            for name in ("Sprachmittlung in der Herkunftssprache", "Interkulturelle Kompetenz")
            if name in skills
        ]


def _weighted(pairs):
    """(values, cumulative weights) for rng.choices."""
    values = [pair[0] for pair in pairs]
    cumulative, total = [], 0
    for pair in pairs:
        total += pair[1]
        cumulative.append(total)
    return values, cumulative


def _pick(rng, weighted):
    values, cumulative = weighted
    return rng.choices(values, cum_weights=cumulative)[0]


def _day(rng, first: date, last: date) -> date:
    if last <= first:
        return first
    return date.fromordinal(rng.randint(first.toordinal(), last.toordinal()))


def _ascii(text: str) -> str:
    table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ı": "i", "ş": "s"})
    cleaned = text.lower().translate(table)
    return "".join(char for char in cleaned if char.isascii() and char.isalnum()) or "tn"


@dataclass
class _Draft:
    """One participant's case file before it is written."""

    participant: SimpleNamespace
    tenant: _Tenant
    responsible: User
    demo: bool
    entry: date
    activity_end: date
    stage: str
    exit: date | None
    special: bool
    #: Consent to be contacted after leaving: (given?, withdrawn on).
    followup_consent: bool
    followup_withdrawn: date | None
    #: The six-month follow-up after the exit: (due, recorded on or None).
    six_month: tuple[date, date | None] | None = None
    case: SimpleNamespace | None = None


_STAGES = _weighted(OPEN_STAGES)


_EXIT_REASONS = _weighted(EXIT_REASONS)


_CHANNELS = _weighted([(channel, weight) for channel, weight, _minutes in CONTACT_CHANNELS])


_MINUTES = {channel: minutes for channel, _weight, minutes in CONTACT_CHANNELS}


_TOPICS = _weighted(CONTACT_TOPICS)


_ISCED = _weighted(ISCED)


_GERMAN = _weighted(GERMAN_LEVELS)


_ORIGINS = {
    slug: (share, _weighted(origins.items())) for slug, (share, origins) in data.ORIGIN_MIX.items()
}


_GENDERS = _weighted(
    [(Gender.FEMALE, 48), (Gender.MALE, 48), (Gender.NON_BINARY, 1), (Gender.NOT_STATED, 3)]
)
