"""Builds the demo: the five seed projects, one login per role, staff, and synthetic
participants with their whole case file.

Every participant gets the ESF Plus entry data, a case (stage spread over the chain,
about 30 % exited with exit data, some with the six-month follow-up), consents,
assessments, for most open cases a plan with goals, about ten contacts, follow-ups,
and for some a first contact; the projects get their consent texts and anonymous
walk-ins. The demo case-role logins get a realistic case load with follow-ups due
today and overdue, so that "Mein Tag" is never empty. The projects' offers, with
enrolments and attendance of these cases, follow (quartier.demo.offers.seeding).

The projects run in the present: each seed's funded period keeps its length and is
moved so that `today` lies inside it, ending in the sixth month after today's
(`data.demo_period`); the real period is written in the project's description. No
entry, contact, assessment, exit or attendance lies outside a project's period.

Reproducible: the same `seed` on the same `today` gives the same data (follow-ups are
placed around `today`). The case file is written with `bulk_create` in batches, with
no query per row and no audit entry per row (bulk writes send no signals), so
`participants=100_000` with about a million contacts takes a minute or two.
"""

import math
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from auditlog.context import disable_auditlog
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone
from faker import Faker

from quartier.cases.models import (
    NEED_DOMAINS,
    Assessment,
    Case,
    Contact,
    Document,
    ExitReason,
    FollowUp,
    Goal,
    Plan,
    Skill,
    Stage,
)
from quartier.core.models import (
    CASE_ROLES,
    District,
    DistrictStatistic,
    Funder,
    Membership,
    Organisation,
    Project,
    ProjectMember,
    Role,
    User,
)
from quartier.demo import data
from quartier.demo.offers import seeding as offer_seeding
from quartier.participants.models import (
    Benefits,
    Channel,
    Consent,
    ConsentPurpose,
    ConsentText,
    FirstContact,
    Gender,
    GermanLevel,
    LabourStatus,
    Participant,
    TargetGroup,
    Topic,
    participant_search_key,
)

#: Participants generated and written per round; their case files follow in the same round.
BATCH_SIZE = 2000
#: Rows per INSERT statement.
INSERT_BATCH = 5000
#: Cases per generated staff member (the demo logins have their own, below).
CASELOAD = 40
DEMO_CASELOAD = {Role.CASE_WORKER: 45, Role.JOB_COACH: 40, Role.PROJECT_LEAD: 10}
#: What "Mein Tag" of each demo case-role login shows: due today, overdue, next 7 days.
MY_DAY = {Role.CASE_WORKER: (4, 3, 5), Role.JOB_COACH: (3, 2, 4), Role.PROJECT_LEAD: (1, 1, 2)}
TEAM_EMAIL = "{project}.team{number}@" + data.DEMO_DOMAIN

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
LANGUAGE_NEED = {"none": 3, "A1": 3, "A2": 2, "B1": 1, "": 1}
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
class SeedSummary:
    projects: int
    organisations: int
    users: int
    participants: int
    cases: int = 0
    contacts: int = 0
    first_contacts: int = 0
    offers: int = 0
    enrolments: int = 0


def demo_is_loaded() -> bool:
    return Project.objects.filter(slug__in=[p["slug"] for p in data.PROJECTS]).exists()


def demo_logins() -> list[tuple[str, str, str]]:
    """(e-mail, role, project) of every demo login, for printing."""
    rows = [(f"admin@{data.DEMO_DOMAIN}", "Plattform-Admin", "alle Projekte")]
    for local, _name, role, _org, project in data.DEMO_USERS:
        rows.append((f"{local}@{data.DEMO_DOMAIN}", Role(role).label, project))
    return rows


@transaction.atomic
def seed_demo(*, seed: int = 1, participants: int = 500, today: date | None = None) -> SeedSummary:
    today = today or timezone.localdate()
    rng = random.Random(seed)
    fake = Faker("de_DE")
    fake.seed_instance(seed)

    districts = _seed_districts()
    funders = {
        slug: Funder.objects.update_or_create(
            name=name, defaults={"kind": kind, "programme": programme}
        )[0]
        for slug, (name, kind, programme) in data.FUNDERS.items()
    }
    organisations = {
        slug: Organisation.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "kind": kind,
                "street": street,
                "postcode": plz,
                "city": city,
            },
        )[0]
        for slug, (name, kind, street, plz, city) in data.ORGANISATIONS.items()
    }
    projects = {}
    for spec in data.PROJECTS:
        # The demo runs in the present: each seed's period, moved (data.demo_period).
        start, end, _months = data.demo_period(spec, today)
        project, _ = Project.objects.update_or_create(
            slug=spec["slug"],
            defaults={
                "name": spec["name"],
                "description": data.demo_description(spec),
                "start_date": start,
                "end_date": end,
            },
        )
        project.districts.set([districts[slug] for slug in spec["districts"]])
        project.funders.set([funders[slug] for slug in spec["funders"]])
        for index, org_slug in enumerate(spec["consortium"]):
            ProjectMember.objects.update_or_create(
                project=project,
                organisation=organisations[org_slug],
                defaults={"is_lead": index == 0},
            )
        projects[spec["slug"]] = project
    _seed_consent_texts(projects)

    demo_users = _seed_demo_users(organisations, projects)
    # Enrolments point at the cases that `_clear_people` removes.
    offer_seeding.clear_demo_offers(projects)
    _clear_people(projects)
    tenants = _tenants(projects, organisations, districts, participants, today)
    staff = _seed_staff(fake, rng, tenants, demo_users)
    counts = _seed_people(fake, rng, tenants, participants, today)
    offer_counts = offer_seeding.seed_offers(
        seed=seed, projects=projects, organisations=organisations, districts=districts, today=today
    )
    return SeedSummary(
        projects=len(projects),
        organisations=len(organisations),
        users=len(demo_users) + 1 + staff,
        participants=counts.participants,
        cases=counts.cases,
        contacts=counts.contacts,
        first_contacts=counts.first_contacts,
        offers=offer_counts.offers,
        enrolments=offer_counts.enrolments,
    )


def _seed_districts() -> dict[str, District]:
    districts = {}
    for slug, spec in data.DISTRICTS.items():
        districts[slug], _ = District.objects.update_or_create(
            slug=slug,
            defaults={
                "name": spec["name"],
                "city": spec["city"],
                "centre_lat": Decimal(spec["lat"]),
                "centre_lon": Decimal(spec["lon"]),
            },
        )
    for slug, figures in data.STATISTICS.items():
        figures = dict(figures)
        reference_date = figures.pop("reference_date")
        DistrictStatistic.objects.update_or_create(
            district=districts[slug], reference_date=reference_date, defaults=figures
        )
    return districts


def _seed_consent_texts(projects: dict[str, Project]) -> None:
    for project in projects.values():
        for purpose, text in data.CONSENT_TEXTS.items():
            values = {"text": text.format(project=project.name), "valid_from": project.start_date}
            ConsentText.objects.update_or_create(
                project=project, purpose=purpose, text_version="1.0", defaults=values
            )


def _demo_user(email: str, full_name: str, password_hash: str, **extra) -> User:
    user, _ = User.objects.update_or_create(
        email=email,
        defaults={"full_name": full_name, "is_demo": True, "password": password_hash, **extra},
    )
    return user


def _seed_demo_users(organisations, projects) -> list[tuple[User, str, str, str]]:
    """The demo logins: (user, role, organisation slug, project slug) of each."""
    # Hash once: the password hasher is deliberately slow.
    password_hash = make_password(data.DEMO_PASSWORD)
    _demo_user(
        f"admin@{data.DEMO_DOMAIN}", "Anna Admin", password_hash, is_superuser=True, is_staff=True
    )
    logins = []
    for local, name, role, org_slug, project_slug in data.DEMO_USERS:
        user = _demo_user(f"{local}@{data.DEMO_DOMAIN}", name, password_hash)
        Membership.objects.get_or_create(
            user=user,
            organisation=organisations[org_slug],
            project=projects[project_slug],
            role=role,
        )
        logins.append((user, role, org_slug, project_slug))
    return logins


def _clear_people(projects: dict[str, Project]) -> None:
    """Removes the demo projects' participants with everything hanging on them.

    Bottom-up raw deletes: the ORM's cascade would load every row into memory to send
    the audit log's delete signals, which at a million contacts takes minutes. Uploaded
    documents go through the normal delete (there are few, and they are not demo data).
    """
    project_ids = [project.pk for project in projects.values()]
    cases = Case.objects.filter(project_id__in=project_ids)
    with disable_auditlog():
        Document.objects.filter(case__in=cases).delete()
    for queryset in (
        Assessment.skills.through.objects.filter(assessment__case__in=cases),
        Goal.objects.filter(plan__case__in=cases),
        Plan.objects.filter(case__in=cases),
        Assessment.objects.filter(case__in=cases),
        Contact.objects.filter(case__in=cases),
        FollowUp.objects.filter(case__in=cases),
        cases,
        FirstContact.objects.filter(project_id__in=project_ids),
        Consent.objects.filter(participant__project_id__in=project_ids),
        Participant.objects.filter(project_id__in=project_ids),
    ):
        queryset._raw_delete(queryset.db)


@dataclass
class _Tenant:
    """One organisation in one project: its share of participants and its case staff."""

    project: Project
    organisation: Organisation
    members: list[Organisation]
    districts: list[District]
    participants: int
    last_day: date
    demo: list[tuple[User, str]] = field(default_factory=list)
    staff: list[User] = field(default_factory=list)
    slots: list[User] = field(default_factory=list)
    taken: int = 0


def _tenants(projects, organisations, districts, total: int, today: date) -> list[list[_Tenant]]:
    """Per project (in the order of data.PROJECTS), its organisations as tenants, with the
    number of participants each gets: number n goes to project n % 5 and, within it, to
    organisation (n // 5) % (consortium size) (`_tenant_of`)."""
    per_project = []
    for spec in data.PROJECTS:
        project = projects[spec["slug"]]
        members = [organisations[slug] for slug in spec["consortium"]]
        project_districts = [districts[slug] for slug in spec["districts"]]
        per_project.append(
            [
                _Tenant(
                    project=project,
                    organisation=organisation,
                    members=members,
                    districts=project_districts,
                    participants=0,
                    last_day=min(project.end_date, today),
                )
                for organisation in members
            ]
        )
    for number in range(1, total + 1):
        _tenant_of(per_project, number).participants += 1
    return per_project


def _tenant_of(per_project: list[list[_Tenant]], number: int) -> _Tenant:
    """Participant number n's project and organisation. Within a project n % 5 is the
    same for everyone, so the organisation counts the project's own participants
    (n // 5): a five-member consortium's partners all get their share."""
    tenants = per_project[number % len(per_project)]
    return tenants[(number // len(per_project)) % len(tenants)]


def _seed_staff(fake, rng, per_project: list[list[_Tenant]], demo_users) -> int:
    """Case staff for every organisation of every consortium (one per CASELOAD cases, at
    least one), a network coach and an employer liaison per project; then hands out the
    cases: the demo logins get a realistic case load, the generated staff the rest."""
    demo_by_tenant = defaultdict(list)
    for user, role, org_slug, project_slug in demo_users:
        if role in CASE_ROLES:
            demo_by_tenant[(project_slug, org_slug)].append((user, role))

    wanted = []  # (number within the project, tenant, role)
    for tenants in per_project:
        number = 0
        for tenant in tenants:
            tenant.demo = demo_by_tenant[(tenant.project.slug, tenant.organisation.slug)]
            demo_load = sum(DEMO_CASELOAD[role] for _user, role in tenant.demo)
            rest = max(0, tenant.participants - demo_load)
            for index in range(max(1, math.ceil(rest / CASELOAD))):
                number += 1
                role = Role.CASE_WORKER if index % 2 == 0 else Role.JOB_COACH
                wanted.append((number, tenant, role))
        for role in (Role.NETWORK_COACH, Role.EMPLOYER_LIAISON):
            number += 1
            wanted.append((number, tenants[0], role))
    rows = [
        (
            TEAM_EMAIL.format(project=tenant.project.slug, number=number),
            f"{fake.first_name()} {fake.last_name()}",
            tenant,
            role,
        )
        for number, tenant, role in wanted
    ]

    emails = [email for email, *_ in rows]
    generated = User.objects.filter(
        email__endswith=f"@{data.DEMO_DOMAIN}", email__regex=r"\.team[0-9]+@"
    )
    with disable_auditlog():
        # Generated staff of an earlier, bigger seed that this one does not need.
        generated.exclude(email__in=emails).delete()
        Membership.objects.filter(user__in=generated).delete()
    existing = {user.email: user for user in User.objects.filter(email__in=emails)}
    unusable = make_password(None)
    new = []
    for email, name, _tenant, _role in rows:
        if email in existing:
            existing[email].full_name = name
            existing[email].password = unusable
        else:
            new.append(User(email=email, full_name=name, is_demo=True, password=unusable))
    User.objects.bulk_update(existing.values(), ["full_name", "password"], batch_size=1000)
    User.objects.bulk_create(new, batch_size=1000)
    users = {user.email: user for user in User.objects.filter(email__in=emails)}
    memberships = []
    for email, _name, tenant, role in rows:
        user = users[email]
        memberships.append(
            Membership(
                user=user, organisation=tenant.organisation, project=tenant.project, role=role
            )
        )
        if role in CASE_ROLES:
            tenant.staff.append(user)
    Membership.objects.bulk_create(memberships, batch_size=1000)

    for tenants in per_project:
        for tenant in tenants:
            tenant.slots = _case_slots(rng, tenant)
            tenant.staff = [user for user, _role in tenant.demo] + tenant.staff
    return len(rows)


def _case_slots(rng, tenant: _Tenant) -> list[User]:
    """Who is responsible for each of the tenant's cases, in the order they are drawn."""
    n = tenant.participants
    quotas = [(user, DEMO_CASELOAD[role]) for user, role in tenant.demo]
    demo_load = sum(quota for _user, quota in quotas)
    slots: list[User] = []
    if quotas and n <= demo_load:
        # A small demo: the demo logins share all cases in proportion to their loads.
        shares = [(user, quota * n / demo_load) for user, quota in quotas]
        for user, share in shares:
            slots += [user] * int(share)
        by_remainder = sorted(shares, key=lambda item: item[1] - int(item[1]), reverse=True)
        slots += [user for user, _share in by_remainder[: n - len(slots)]]
    else:
        for user, quota in quotas:
            slots += [user] * quota
        generated = list(tenant.staff)
        slots += [generated[index % len(generated)] for index in range(n - len(slots))]
    rng.shuffle(slots)
    return slots


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


def _seed_people(fake, rng, per_project, total: int, today: date) -> _Counts:
    pools = _Pools(fake)
    rows = _Rows()
    tz = ZoneInfo(settings.TIME_ZONE)
    my_day_cases: dict[User, list[int]] = defaultdict(list)
    participants = 0
    for start in range(1, total + 1, BATCH_SIZE):
        drafts = [
            _draft_participant(rng, pools, per_project, number, today, rows)
            for number in range(start, min(total, start + BATCH_SIZE - 1) + 1)
        ]
        for draft in drafts:
            _draft_case(rng, draft, today, rows)
        _write_case_files(rng, pools, drafts, today, tz, rows)
        _converted_first_contacts(rng, drafts, rows)
        rows.write()
        participants += len(drafts)
        for draft in drafts:
            if draft.demo and draft.exit is None:
                my_day_cases[draft.responsible].append(draft.case.pk)
    _my_day(rng, per_project, my_day_cases, today, rows)
    _walk_ins(rng, per_project, today, rows)
    rows.write()
    rows.reset_sequences()
    return _Counts(
        participants=participants,
        cases=participants,
        contacts=rows.contacts.written,
        first_contacts=rows.first_contacts.written,
    )


def _draft_participant(rng, pools: _Pools, per_project, number: int, today: date, rows) -> _Draft:
    tenant = _tenant_of(per_project, number)
    responsible = tenant.slots[tenant.taken]
    tenant.taken += 1
    demo = any(responsible == user for user, _role in tenant.demo)
    slug = tenant.project.slug
    district = tenant.districts[number % len(tenant.districts)]
    city = data.DISTRICTS[district.slug]["city"]

    foreign_share, origins = _ORIGINS[slug]
    origin = _pick(rng, origins) if rng.random() < foreign_share else None
    gender = _pick(rng, _GENDERS)
    if origin:
        language, eu, roma, female, male, last_names = data.ORIGINS[origin]
    else:
        language, eu, roma = "", True, False
        female, male, last_names = pools.first_female, pools.first_male, pools.last
    first_pool = (
        female if gender == Gender.FEMALE else male if gender == Gender.MALE else female + male
    )
    first_name, last_name = rng.choice(first_pool), rng.choice(last_names)

    # Entry within the project period, leaving time for something to happen.
    start = tenant.project.start_date
    entry = _day(rng, start, max(start, tenant.last_day - timedelta(days=14)))
    pupil = slug == "job-in-west" and rng.random() < 0.35
    if pupil:
        age = rng.randint(14, 17)
    else:
        band = rng.random()
        age = (
            rng.randint(18, 24)
            if band < 0.25
            else rng.randint(55, 64)
            if band > 0.87
            else rng.randint(25, 54)
        )
    birth = date.fromordinal(entry.toordinal() - int(age * 365.25) - rng.randint(1, 360))

    if pupil:
        status = LabourStatus.INACTIVE
    else:
        roll = rng.random()
        status = (
            LabourStatus.UNEMPLOYED
            if roll < 0.55
            else LabourStatus.INACTIVE
            if roll < 0.83
            else LabourStatus.EMPLOYED
            if roll < 0.97
            else LabourStatus.SELF_EMPLOYED
        )
    unemployed_since = None
    if status == LabourStatus.UNEMPLOYED:
        # About 45 % long-term unemployed (12 months, 6 below the age of 25).
        threshold = 6 if age < 25 else 12
        months = (
            rng.randint(threshold + 1, 72) if rng.random() < 0.45 else rng.randint(1, threshold - 1)
        )
        days = months * 30 + rng.randint(0, 29)
        earliest = birth.toordinal() + 16 * 366
        unemployed_since = date.fromordinal(max(earliest, entry.toordinal() - days))

    isced = rng.choice([1, 1, 2]) if pupil else _pick(rng, _ISCED)
    special = rng.random() < 0.35
    single_parent = (
        "no"
        if pupil
        else "yes"
        if rng.random() < (0.18 if gender == Gender.FEMALE else 0.03)
        else rng.choice(["no"] * 9 + ["not_stated"])
    )
    if origin:
        german = _pick(rng, _GERMAN)
        languages = f"{language}, Deutsch" if german != GermanLevel.NONE else language
        third_country = "no" if eu else ("yes" if rng.random() < 0.6 else "no")
        background = "yes"
    else:
        german = GermanLevel.NATIVE
        languages = "Deutsch, Englisch" if rng.random() < 0.25 else "Deutsch"
        third_country = "no"
        background = "no" if rng.random() < 0.93 else "not_stated"
    disability = minority = "not_stated"
    health_notes = ""
    if special:
        disability = "yes" if rng.random() < 0.12 else "no"
        minority = "yes" if rng.random() < (0.4 if roma else 0.01) else "no"
        health_notes = rng.choice(data.HEALTH_NOTES) if rng.random() < 0.2 else ""
    homeless = "yes" if rng.random() < 0.03 else "no" if rng.random() < 0.93 else "not_stated"
    if single_parent == "yes":
        childcare = rng.random() < 0.7
    else:
        childcare = not pupil and gender == Gender.FEMALE and age < 45 and rng.random() < 0.12
    licence = age >= 18 and rng.random() < (0.25 if origin else 0.45)
    if status == LabourStatus.UNEMPLOYED:
        benefits = Benefits.SGB2 if rng.random() < 0.75 else Benefits.SGB3
    elif status == LabourStatus.INACTIVE:
        benefits = rng.choice(
            [Benefits.SGB2, Benefits.SGB2, Benefits.NONE, Benefits.OTHER, Benefits.NOT_STATED]
        )
    else:
        benefits = Benefits.SGB2 if rng.random() < 0.15 else Benefits.NONE
    if rng.random() < 0.7:
        phone = f"01{rng.choice('567')}{rng.randint(0, 9)} {rng.randint(1000000, 9999999)}"
    else:
        phone = f"{data.AREA_CODES[city]} {rng.randint(10000, 999999)}"
    email = (
        f"{_ascii(first_name)}.{_ascii(last_name)}{number % 100}@example.org"
        if rng.random() < 0.45
        else ""
    )

    values = {
        "project_id": tenant.project.pk,
        "organisation_id": tenant.organisation.pk,
        "external_id": f"{slug[:3].upper()}-{number:06d}",
        "first_name": first_name,
        "last_name": last_name,
        "birth_date": birth,
        "gender": gender,
        "postcode": data.DISTRICTS[district.slug]["plz"],
        "district_id": district.pk,
        "street": f"{rng.choice(pools.streets)} {rng.randint(1, 120)}",
        "city": city,
        "phone": phone if rng.random() < 0.9 else "",
        "email": email,
        "labour_status": status,
        "unemployed_since": unemployed_since,
        "isced": isced,
        "disability": disability,
        "third_country_national": third_country,
        "foreign_background": background,
        "minority": minority,
        "homeless": homeless,
        "single_parent": single_parent,
        "languages": languages,
        "german_level": german,
        "childcare_needed": childcare,
        "driving_licence": licence,
        "own_car": licence and rng.random() < 0.5,
        "public_transport": rng.random() < 0.92,
        "benefits": benefits,
        "health_notes": health_notes,
        "created_by_id": responsible.pk,
    }
    values["search_key"] = participant_search_key(first_name, last_name, values["external_id"])
    pk = rows.participants.next_id()
    rows.participants.add(id=pk, **values)
    participant = SimpleNamespace(
        pk=pk, number=number, full_name=f"{first_name} {last_name}", age=age, **values
    )

    span = (tenant.last_day - entry).days
    exit_date = None
    if span >= 30 and rng.random() < 0.30:
        exit_date = entry + timedelta(days=rng.randint(30, min(span, 540)))
    if exit_date:
        stage = Stage.EXITED
        activity_end = exit_date
    else:
        stage = _pick(rng, _STAGES)
        # The demo logins' open cases are live: their work reaches today.
        activity_end = today if demo else tenant.last_day
    followup_consent = rng.random() < 0.55
    followup_withdrawn = None
    if followup_consent and rng.random() < 0.06 and (activity_end - entry).days >= 14:
        followup_withdrawn = _day(rng, entry + timedelta(days=14), activity_end)
    return _Draft(
        participant=participant,
        tenant=tenant,
        responsible=responsible,
        demo=demo,
        entry=entry,
        activity_end=activity_end,
        stage=stage,
        exit=exit_date,
        special=special,
        followup_consent=followup_consent,
        followup_withdrawn=followup_withdrawn,
    )


def _draft_case(rng, draft: _Draft, today: date, rows) -> None:
    case = SimpleNamespace(
        participant_id=draft.participant.pk,
        project_id=draft.tenant.project.pk,
        organisation_id=draft.tenant.organisation.pk,
        responsible_id=draft.responsible.pk,
        stage=draft.stage,
        entry_date=draft.entry,
        created_by_id=draft.responsible.pk,
    )
    draft.case = SimpleNamespace(pk=rows.cases.next_id())
    if draft.exit:
        _draft_exit(rng, draft, case, today)
    rows.cases.add(id=draft.case.pk, **vars(case))


def _draft_exit(rng, draft: _Draft, case: SimpleNamespace, today: date) -> None:
    """The ESF Plus exit data, consistent with the reason for leaving."""
    reason = _pick(rng, _EXIT_REASONS)
    employed = reason == ExitReason.EMPLOYMENT or (
        reason == ExitReason.APPRENTICESHIP and rng.random() < 0.5
    )
    training = reason in (ExitReason.APPRENTICESHIP, ExitReason.EDUCATION, ExitReason.OTHER_MEASURE)
    searching = not employed and not training and rng.random() < 0.7
    qualified = rng.random() < (0.6 if reason == ExitReason.COMPLETED else 0.25)
    case.exit_date = draft.exit
    case.exit_reason = reason
    case.exit_employed = "yes" if employed else "no"
    case.exit_education_training = "yes" if training else "no"
    case.exit_job_searching = "yes" if searching else "no"
    case.exit_qualification = "yes" if qualified else "no"

    # The six-month follow-up, only for those who agreed to be contacted after leaving:
    # recorded for about two in three whose date has passed (always for the demo
    # logins' older leavers, so that their day is not flooded with old ones).
    withdrawn = draft.followup_withdrawn
    if draft.followup_consent and (withdrawn is None or withdrawn > draft.exit):
        due = draft.exit + relativedelta(months=6)
        recorded_on = None
        if due <= today and (
            rng.random() < 0.65 or (draft.demo and due < today - timedelta(days=30))
        ):
            recorded_on = min(today, due + timedelta(days=rng.randint(0, 21)))
            employed_6m = rng.random() < (0.8 if employed else 0.2)
            case.followup_6m_employed = "yes" if employed_6m else "no"
            better = employed_6m and rng.random() < 0.5
            case.followup_6m_better_situation = "yes" if better else "no"
            case.followup_6m_recorded_on = recorded_on
        draft.six_month = (due, recorded_on)


class _Table:
    """Rows of one model, written in bulk: COPY on PostgreSQL, `executemany` elsewhere.

    No model instances and no signals (so no audit entry per row): at a million
    contacts the ORM's per-object work would take minutes. Columns not given take the
    field's default; `created_at` and `updated_at` are the time of the seed. `next_id()`
    hands out primary keys for rows that others point to; `_Rows.reset_sequences` moves
    PostgreSQL's sequences past them afterwards.
    """

    def __init__(self, model, *, with_ids: bool = False):
        self.model = model
        fields = [f for f in model._meta.concrete_fields if with_ids or not f.primary_key]
        now = timezone.now()
        self.defaults = {
            f.attname: now if f.attname in ("created_at", "updated_at") else f.get_default()
            for f in fields
            if not f.primary_key
        }
        self.attnames = [f.attname for f in fields]
        self.adapters = [self._adapter(f, now) for f in fields]
        table = connection.ops.quote_name(model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        placeholders = ", ".join(["%s"] * len(fields))
        # Names from the model's meta, quoted; the values go as parameters.
        self.insert = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608
        self.copy = f"COPY {table} ({columns}) FROM STDIN"
        self.rows: list[dict] = []
        self.written = 0
        self._next_id = None

    @staticmethod
    def _adapter(f, now):
        if isinstance(f, models.DateTimeField):
            adapt = connection.ops.adapt_datetimefield_value
            adapted_now = adapt(now)
            return lambda value: adapted_now if value is now else adapt(value)
        if isinstance(f, models.DateField):
            return connection.ops.adapt_datefield_value
        if isinstance(f, models.JSONField):
            cache = {}

            def adapt_json(value):
                key = repr(value)
                if key not in cache:
                    cache[key] = f.get_db_prep_save(value, connection)
                return cache[key]

            return adapt_json
        if isinstance(f, models.CharField | models.TextField):
            # Plain strings: a database driver may adapt an enum member by its name.
            return lambda value: value if value is None else str(value)
        return None

    def next_id(self) -> int:
        if self._next_id is None:
            highest = self.model.objects.aggregate(highest=Max("pk"))["highest"]
            self._next_id = (highest or 0) + 1
        self._next_id += 1
        return self._next_id - 1

    def add(self, **values) -> None:
        self.rows.append(self.defaults | values)

    def write(self) -> None:
        adapters = list(zip(self.attnames, self.adapters, strict=True))
        rows = [
            tuple(adapt(row[name]) if adapt else row[name] for name, adapt in adapters)
            for row in self.rows
        ]
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # PostgreSQL's bulk path; the driver would parse a long INSERT every time.
                with cursor.cursor.copy(self.copy) as copy:
                    for row in rows:
                        copy.write_row(row)
            elif rows:
                cursor.executemany(self.insert, rows)
        self.written += len(rows)
        self.rows = []


class _Rows:
    """The child rows of the case files; written at the end of every batch."""

    def __init__(self):
        self.participants = _Table(Participant, with_ids=True)
        self.cases = _Table(Case, with_ids=True)
        self.consents = _Table(Consent)
        self.assessments = _Table(Assessment, with_ids=True)
        self.assessment_skills = _Table(Assessment.skills.through)
        self.plans = _Table(Plan, with_ids=True)
        self.goals = _Table(Goal)
        self.contacts = _Table(Contact)
        self.follow_ups = _Table(FollowUp)
        self.first_contacts = _Table(FirstContact)
        self.tables = [
            self.participants,
            self.cases,
            self.consents,
            self.assessments,
            self.assessment_skills,
            self.plans,
            self.goals,
            self.contacts,
            self.follow_ups,
            self.first_contacts,
        ]

    def write(self) -> None:
        for table in self.tables:
            table.write()

    def reset_sequences(self) -> None:
        statements = connection.ops.sequence_reset_sql(
            no_style(), [Participant, Case, Assessment, Plan]
        )
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def _write_case_files(rng, pools: _Pools, drafts: list[_Draft], today: date, tz, rows: _Rows):
    """Consents, assessments with skills, plans with goals, contacts and follow-ups."""
    for draft in drafts:
        _consents(rng, draft, rows)
        assessment_dates = _assessments(rng, pools, draft, rows)
        _plan(rng, draft, assessment_dates, rows)
        _contacts(rng, draft, rows)
        _follow_ups(rng, draft, today, tz, rows)


def _consent(rng, draft: _Draft, rows: _Rows, purpose, *, withdrawn=None, partner=None, given=None):
    rows.consents.add(
        participant_id=draft.participant.pk,
        purpose=purpose,
        partner_id=partner.pk if partner else None,
        form=Consent.Form.PAPER if rng.random() < 0.7 else Consent.Form.ELECTRONIC,
        text_version="1.0",
        given_on=given or draft.entry,
        withdrawn_on=withdrawn,
        recorded_by_id=draft.responsible.pk,
        created_by_id=draft.responsible.pk,
    )


def _consents(rng, draft: _Draft, rows: _Rows) -> None:
    """Counselling for everybody, the others for some, a few withdrawn."""
    _consent(rng, draft, rows, ConsentPurpose.COUNSELLING)
    if draft.followup_consent:
        _consent(
            rng, draft, rows, ConsentPurpose.FOLLOWUP_CONTACT, withdrawn=draft.followup_withdrawn
        )
    if rng.random() < 0.25:
        withdrawn = None
        if rng.random() < 0.12 and (draft.activity_end - draft.entry).days >= 14:
            withdrawn = _day(rng, draft.entry + timedelta(days=14), draft.activity_end)
        _consent(rng, draft, rows, ConsentPurpose.PHOTOS, withdrawn=withdrawn)
    if draft.special:
        # Never withdrawn here: the special-category entry fields rely on it.
        _consent(rng, draft, rows, ConsentPurpose.SPECIAL_CATEGORIES)
    members = draft.tenant.members
    if len(members) > 1 and rng.random() < 0.08:
        partners = [org for org in members if org != draft.tenant.organisation]
        _consent(
            rng,
            draft,
            rows,
            ConsentPurpose.PARTNER_SHARING,
            partner=rng.choice(partners),
            given=_day(rng, draft.entry, draft.activity_end),
        )


def _assessments(rng, pools: _Pools, draft: _Draft, rows: _Rows) -> list[date]:
    """None yet in first counselling, else one to three, with the needs falling."""
    if draft.stage == Stage.FIRST_COUNSELLING:
        return []
    end = draft.activity_end
    first = min(end, draft.entry + timedelta(days=rng.randint(3, 21)))
    wanted = rng.randint(1, 3) if (end - first).days >= 60 else 1
    dates = [first] + sorted(_day(rng, first + timedelta(days=30), end) for _ in range(wanted - 1))
    slug = draft.tenant.project.slug
    needs = _initial_needs(rng, draft.participant, draft.special)
    skills = _initial_skills(rng, pools, slug, draft.participant)
    for number, day in enumerate(dates):
        if number:
            needs = {name: max(0, value - (rng.random() < 0.5)) for name, value in needs.items()}
            extra = pools.field_skills[slug] + pools.general_skills
            skills = skills | set(rng.sample(extra, min(rng.randint(0, 2), len(extra))))
        assessment_id = rows.assessments.next_id()
        rows.assessments.add(
            id=assessment_id,
            case_id=draft.case.pk,
            date=day,
            strengths=rng.choice(data.STRENGTHS) if rng.random() < 0.3 else "",
            created_by_id=draft.responsible.pk,
            **needs,
        )
        for skill in sorted(skills):
            rows.assessment_skills.add(assessment_id=assessment_id, skill_id=skill)
    return dates


def _plan(rng, draft: _Draft, assessment_dates: list[date], rows: _Rows) -> None:
    """A plan for most open cases past profiling, some in profiling, many leavers."""
    if draft.exit:
        share = 0.7
    elif draft.stage == Stage.FIRST_COUNSELLING:
        share = 0.0
    elif draft.stage == Stage.PROFILING:
        share = 0.4
    else:
        share = 0.9
    if rng.random() >= share:
        return
    end = draft.activity_end
    start = assessment_dates[0] if assessment_dates else draft.entry
    agreed = min(end, start + timedelta(days=rng.randint(0, 14)))
    plan_id = rows.plans.next_id()
    rows.plans.add(
        id=plan_id,
        case_id=draft.case.pk,
        agreed_on=agreed,
        summary=rng.choice(data.PLAN_SUMMARIES),
        created_by_id=draft.responsible.pk,
    )
    for position, (title, steps, who) in enumerate(rng.sample(data.GOALS, rng.randint(2, 4))):
        due = agreed + timedelta(days=rng.randint(30, 240))
        rows.goals.add(
            plan_id=plan_id,
            title=title,
            steps=steps,
            responsible=who,
            due_date=due,
            status=_goal_status(rng, due, end, closed=draft.exit is not None),
            position=position,
            created_by_id=draft.responsible.pk,
        )


def _contacts(rng, draft: _Draft, rows: _Rows) -> None:
    """About ten per case, between entry and the end of the activity; one case in fifty
    is a long one with 40 to 80 contacts."""
    # The first case of every project is always a long one, so the case page can be
    # tried with a long history whatever day the demo is seeded.
    long = rng.random() < 0.02 or draft.participant.number <= len(data.PROJECTS)
    count = rng.randint(40, 80) if long else rng.randint(2, 16)
    first_day, last_day = draft.entry.toordinal(), draft.activity_end.toordinal()
    responsible, colleagues = draft.responsible.pk, [user.pk for user in draft.tenant.staff]
    for _ in range(count):
        channel = _pick(rng, _CHANNELS)
        low, high = _MINUTES[channel]
        topics = [_pick(rng, _TOPICS)]
        if rng.random() < 0.35:
            topics.append(_pick(rng, _TOPICS))
        topics = list(dict.fromkeys(topics))
        staff = responsible if rng.random() < 0.85 else rng.choice(colleagues)
        rows.contacts.add(
            case_id=draft.case.pk,
            date=date.fromordinal(rng.randint(first_day, last_day)),
            duration_minutes=rng.randint(low // 5, high // 5) * 5,
            channel=channel,
            topics=topics,
            notes=rng.choice(data.CONTACT_NOTES[topics[0]]),
            staff_id=staff,
            created_by_id=staff,
        )


def _follow_up(rows: _Rows, draft: _Draft, due: date, title: str, **extra) -> None:
    rows.follow_ups.add(
        case_id=draft.case.pk,
        due_date=due,
        title=title,
        assigned_to_id=draft.responsible.pk,
        created_by_id=draft.responsible.pk,
        **extra,
    )


def _follow_ups(rng, draft: _Draft, today: date, tz, rows: _Rows) -> None:
    """Done ones in the past; open ones around today for open cases (the demo logins'
    "Mein Tag" is planned separately, in `_write_my_day`); the six-month follow-up."""
    if rng.random() < 0.6:
        for _ in range(rng.randint(1, 3)):
            due = _day(rng, draft.entry, draft.activity_end)
            done = min(draft.activity_end, due + timedelta(days=rng.randint(0, 3)))
            title = rng.choice(data.FOLLOW_UP_TITLES)
            done_at = _at(rng, done, tz)
            _follow_up(rows, draft, due, title, done_at=done_at, done_by_id=draft.responsible.pk)
    if draft.six_month:
        due, recorded_on = draft.six_month
        done = {}
        if recorded_on:
            done = {"done_at": _at(rng, recorded_on, tz), "done_by_id": draft.responsible.pk}
        title = "Sechs-Monats-Nachbefragung nach dem Austritt"
        _follow_up(rows, draft, due, title, kind=FollowUp.Kind.SIX_MONTH, **done)
    if draft.exit is not None:
        return
    if draft.demo:
        if rng.random() < 0.3:
            due = today + timedelta(days=rng.randint(8, 60))
            _follow_up(rows, draft, due, rng.choice(data.FOLLOW_UP_TITLES))
    elif rng.random() < 0.45:
        due = today + timedelta(days=rng.randint(-10, 45))
        _follow_up(rows, draft, due, rng.choice(data.FOLLOW_UP_TITLES))
    if draft.stage == Stage.STABILISATION:
        due = today + timedelta(days=rng.randint(8, 40))
        title = rng.choice(data.STABILISATION_TITLES)
        _follow_up(rows, draft, due, title, kind=FollowUp.Kind.STABILISATION)


def _at(rng, day: date, tz) -> datetime:
    return datetime.combine(day, time(rng.randint(8, 16), rng.choice((0, 15, 30, 45))), tz)


def _initial_needs(rng, participant: SimpleNamespace, special: bool) -> dict[str, int]:
    """Support needs at the first assessment, derived from the entry data."""
    needs = {name: 0 for name, _label in NEED_DOMAINS}
    needs["need_language"] = LANGUAGE_NEED.get(participant.german_level, 0)
    needs["need_childcare"] = rng.randint(2, 3) if participant.childcare_needed else 0
    needs["need_housing"] = 3 if participant.homeless == "yes" else rng.choice((0, 0, 0, 1, 2))
    needs["need_mobility"] = (
        2
        if not participant.public_transport and not participant.driving_licence
        else rng.choice((0, 0, 1))
    )
    needs["need_digital"] = rng.choice((0, 1, 1, 2, 2, 3))
    needs["need_debts"] = rng.choice((0, 0, 0, 1, 2, 3))
    needs["need_residence"] = (
        rng.randint(1, 2) if participant.third_country_national == "yes" else 0
    )
    needs["need_stability"] = rng.choice((0, 1, 1, 2, 3))
    needs["need_basic_skills"] = 2 if (participant.isced or 0) <= 1 else rng.choice((0, 0, 1))
    # Health is special-category data: rated only with the participant's consent.
    needs["need_health"] = rng.choice((0, 0, 1, 2)) if special else 0
    return needs


def _initial_skills(rng, pools: _Pools, slug: str, participant: SimpleNamespace) -> set[int]:
    # min(): the skill list is admin data and may be shorter than the demo expects.
    general, field = pools.general_skills, pools.field_skills[slug]
    skills = set(rng.sample(general, min(rng.randint(2, 3), len(general))))
    skills |= set(rng.sample(field, min(rng.randint(1, 2), len(field))))
    if participant.foreign_background == "yes" and pools.language_skills and rng.random() < 0.5:
        skills.add(rng.choice(pools.language_skills))
    return skills


def _goal_status(rng, due: date, now: date, *, closed: bool) -> str:
    if closed:
        return rng.choice(
            [Goal.Status.ACHIEVED] * 5 + [Goal.Status.DROPPED] * 2 + [Goal.Status.IN_PROGRESS]
        )
    if due < now:
        return rng.choice(
            [Goal.Status.ACHIEVED] * 5
            + [Goal.Status.IN_PROGRESS] * 3
            + [Goal.Status.DROPPED, Goal.Status.OPEN]
        )
    return rng.choice(
        [Goal.Status.OPEN] * 4 + [Goal.Status.IN_PROGRESS] * 5 + [Goal.Status.ACHIEVED]
    )


def _target_group(participant: SimpleNamespace, entry: date) -> str:
    age = participant.age
    if age < 18:
        return TargetGroup.PUPILS
    if participant.single_parent == "yes":
        return TargetGroup.SINGLE_PARENTS
    if participant.third_country_national == "yes" or participant.foreign_background == "yes":
        return TargetGroup.IMMIGRANTS
    if age < 27:
        return TargetGroup.YOUNG_PEOPLE
    if participant.labour_status == LabourStatus.UNEMPLOYED:
        return TargetGroup.LONG_TERM_UNEMPLOYED
    return TargetGroup.OTHER


def _converted_first_contacts(rng, drafts: list[_Draft], rows: _Rows) -> None:
    """About one participant in four came in as a first contact that was converted."""
    for draft in drafts:
        if rng.random() >= 0.25:
            continue
        participant, tenant = draft.participant, draft.tenant
        channel = rng.choice(
            [Channel.WALK_IN] * 6 + [Channel.OUTREACH] * 2 + [Channel.PHONE, Channel.REQUEST]
        )
        place = rng.choice(data.PLACES[tenant.project.slug]) if channel == Channel.WALK_IN else ""
        day = max(tenant.project.start_date, draft.entry - timedelta(days=rng.randint(0, 28)))
        rows.first_contacts.add(
            project_id=tenant.project.pk,
            organisation_id=tenant.organisation.pk,
            date=day,
            channel=channel,
            place=place,
            topics=[_pick(rng, _TOPICS)],
            language=participant.languages.split(",")[0],
            target_group=_target_group(participant, draft.entry),
            name=participant.full_name,
            status=FirstContact.Status.CONVERTED,
            participant_id=participant.pk,
            created_by_id=draft.responsible.pk,
        )


def _my_day(rng, per_project, my_day_cases: dict[User, list[int]], today: date, rows) -> None:
    """Follow-ups due today, overdue and in the next days for each demo case-role login."""
    for tenants in per_project:
        for tenant in tenants:
            for user, role in tenant.demo:
                case_ids = my_day_cases.get(user)
                if not case_ids:
                    continue
                case_ids = rng.sample(case_ids, len(case_ids))
                due_today, overdue, upcoming = MY_DAY[role]
                days = (
                    [0] * due_today
                    + [-rng.randint(1, 14) for _ in range(overdue)]
                    + [rng.randint(1, 7) for _ in range(upcoming)]
                )
                for index, offset in enumerate(days):
                    rows.follow_ups.add(
                        case_id=case_ids[index % len(case_ids)],
                        due_date=today + timedelta(days=offset),
                        title=rng.choice(data.FOLLOW_UP_TITLES),
                        assigned_to_id=user.pk,
                        created_by_id=user.pk,
                    )


def _walk_ins(rng, per_project, today: date, rows: _Rows) -> None:
    """Anonymous walk-ins and outreach contacts over each project's period, and a few
    recent ones (some with a name, some appointment requests from the offer map)."""
    for tenants in per_project:
        lead = tenants[0]
        project = lead.project
        participants = sum(tenant.participants for tenant in tenants)
        for _ in range(participants * 35 // 100 + 10):
            channel = Channel.WALK_IN if rng.random() < 0.8 else Channel.OUTREACH
            day = _day(rng, project.start_date, lead.last_day)
            _walk_in(rng, rows, lead, day, FirstContact.Status.CLOSED, channel)
        for _ in range(6):
            day = today - timedelta(days=rng.randint(0, 14))
            _walk_in(rng, rows, lead, day, FirstContact.Status.OPEN)
        for _ in range(3):
            day = today - timedelta(days=rng.randint(0, 10))
            name = f"{rng.choice(['Frau', 'Herr'])} {rng.choice(['A.', 'K.', 'S.', 'M.'])}"
            phone = f"01{rng.choice('567')}{rng.randint(0, 9)} {rng.randint(1000000, 9999999)}"
            _walk_in(rng, rows, lead, day, FirstContact.Status.OPEN, name=name, reach=phone)
        for number in range(1, 4):
            day = today - timedelta(days=rng.randint(0, 5))
            _walk_in(
                rng,
                rows,
                lead,
                day,
                FirstContact.Status.REQUEST,
                Channel.REQUEST,
                name=f"Anfrage {number} über den Angebotsplan",
                reach=f"anfrage{number}.{project.slug}@example.org",
            )


def _walk_in(rng, rows, lead: _Tenant, day, status, channel=Channel.WALK_IN, name="", reach=""):
    """A first contact at the project's lead organisation (which runs the café)."""
    place = rng.choice(data.PLACES[lead.project.slug]) if channel == Channel.WALK_IN else ""
    rows.first_contacts.add(
        project_id=lead.project.pk,
        organisation_id=lead.organisation.pk,
        date=day,
        channel=channel,
        place=place,
        topics=[_pick(rng, _TOPICS)],
        language=rng.choice(["Deutsch"] * 5 + ["Türkisch", "Arabisch", "Bulgarisch"]),
        target_group=rng.choice(TargetGroup.values),
        name=name,
        reach=reach,
        notes=rng.choice(data.FIRST_CONTACT_NOTES),
        status=status,
        created_by_id=lead.staff[0].pk if lead.staff else None,
    )
