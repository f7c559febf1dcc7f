"""The demo's offers: places, the seed projects' modules and cafés with their weekly
schedules and holiday closures, translations for the public map, enrolments of the
demo participants with attendance, a few issued certificates, and residents' requests
to the practical projects (rickshaw rides, household and garden jobs).

Runs after the case files exist (`services.seed_demo`). What takes part is bounded by
the offers' places, not by the number of participants: every offer is simulated seat by
seat over time, so no session ever has more people than places, and a full offer keeps
a waiting list of open cases. Attendance is recorded for the last twelve weeks of each
participation (all of it for the short courses, whose certificates count sessions or
hours). Like the case files, enrolments and attendance are written in bulk without a
query per row, so `--participants 100000` adds seconds, not minutes.

The demo's projects run in the present (`seed_demo` moves each seed's funded period so
that the day of the seed lies inside it; the seeds' dates of offers and events move
with it): offers have no end date, and the open cases take part up to today.

Reproducible: the same seed on the same day gives the same rows; public identifiers of
places, offers and schedules are derived from their keys, so links to the public map
survive a reseed.
"""

import base64
import bisect
import random
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from dateutil.easter import easter
from django.conf import settings
from django.core.management.color import no_style
from django.db import connection
from django.db.models import Q

from quartier.cases.models import Case, ExitReason, Goal, Stage
from quartier.core.models import District, Organisation, Project, User
from quartier.demo import data, offer_data
from quartier.offers import schedules as offer_schedules
from quartier.offers.models import (
    Attendance,
    AttendanceStatus,
    Certificate,
    CertificateKind,
    CertificateRule,
    DropoutReason,
    Enrolment,
    EnrolmentStatus,
    Location,
    Offer,
    OfferTranslation,
    Schedule,
    ScheduleException,
    ServiceRequest,
    ServiceRequestStatus,
)
from quartier.offers.selectors.certificates import months_taken_part
from quartier.offers.services.certificates import CERTIFICATE_PREFIX
from quartier.participants.models import GermanLevel

#: Stable public identifiers: uuid5 of the key in this namespace.
PUBLIC_ID_NAMESPACE = uuid.UUID("6f1c2b4e-5d0a-4c1f-9b7e-2a8d3c4e5f60")
WEEKDAYS = {code: number for number, code in enumerate(("MO", "TU", "WE", "TH", "FR", "SA", "SU"))}
#: Attendance is recorded for the last twelve weeks of a participation.
ATTENDANCE_WEEKS = 12
#: Closed for the pandemic in spring 2020 (the demo's offers all ran then).
#: Chance that a case of each stage takes part in an offer of its organisation.
TAKES_PART = {
    Stage.FIRST_COUNSELLING: 0.0,
    Stage.PROFILING: 0.2,
    Stage.QUALIFICATION: 0.85,
    Stage.WORK_TRIAL: 0.75,
    Stage.INTERNSHIP: 0.6,
    Stage.PLACEMENT: 0.5,
    Stage.STABILISATION: 0.5,
    Stage.EXITED: 0.45,
}
#: Stages in which a live case takes part in an offer right now.
CURRENT_STAGES = {Stage.PROFILING, Stage.QUALIFICATION, Stage.WORK_TRIAL, Stage.INTERNSHIP}
#: Live cases early in the chain mostly ask for a popular offer (and may have to wait).
ASKS_FOR_POPULAR = CURRENT_STAGES | {Stage.FIRST_COUNSELLING}
ASK_POPULAR = 0.9
LEARNER_LEVELS = {GermanLevel.NONE, GermanLevel.A1, GermanLevel.A2, GermanLevel.B1}
DROPOUT_BY_EXIT = {
    ExitReason.EMPLOYMENT: DropoutReason.FOUND_WORK,
    ExitReason.APPRENTICESHIP: DropoutReason.FOUND_WORK,
    ExitReason.EDUCATION: DropoutReason.OTHER_MEASURE,
    ExitReason.OTHER_MEASURE: DropoutReason.OTHER_MEASURE,
    ExitReason.MOVED_AWAY: DropoutReason.MOVED_AWAY,
    ExitReason.HEALTH: DropoutReason.HEALTH,
    ExitReason.NO_CONTACT: DropoutReason.NO_CONTACT,
    ExitReason.DROPPED_OUT: DropoutReason.OWN_WISH,
}
EARLY_DROPOUTS = [
    DropoutReason.OWN_WISH,
    DropoutReason.HEALTH,
    DropoutReason.NO_CONTACT,
    DropoutReason.CHILDCARE,
    DropoutReason.OTHER_MEASURE,
]
#: Waiting list of a full offer: at most this many.
MAX_WAITING = 6
#: Certificates issued in the demo: per offer (more in DORSTEN TREFF, whose seed names
#: its certificate), and confirmations of participation.
CERTIFICATES_PER_OFFER = {"dorsten-treff": 2}
CONFIRMATIONS = 3
#: Service requests per practical project, by status.
REQUESTS = {
    ServiceRequestStatus.DONE: 7,
    ServiceRequestStatus.SCHEDULED: 2,
    ServiceRequestStatus.REQUESTED: 3,
    ServiceRequestStatus.CANCELLED: 1,
}
TEAM_SIZE = {"rikscha": (1, 1), "household": (1, 2), "garden": (2, 3)}


@dataclass
class OfferCounts:
    offers: int = 0
    locations: int = 0
    enrolments: int = 0
    attendances: int = 0
    certificates: int = 0
    service_requests: int = 0


def clear_demo_offers(projects: dict[str, Project]) -> None:
    """Removes the demo projects' offers and places with everything hanging on them, and
    any enrolment of their cases (the cases are removed next, with raw deletes too).
    Stored certificate PDFs are deleted from the storage."""
    project_ids = [project.pk for project in projects.values()]
    offers = Offer.objects.filter(project_id__in=project_ids)
    enrolments = Enrolment.objects.filter(
        Q(offer__project_id__in=project_ids) | Q(case__project_id__in=project_ids)
    )
    certificates = Certificate.objects.filter(enrolment__in=enrolments)
    storage = Certificate._meta.get_field("pdf").storage
    for name in certificates.exclude(pdf="").values_list("pdf", flat=True):
        storage.delete(name)
    requests = ServiceRequest.objects.filter(offer__in=offers)
    schedules = Schedule.objects.filter(offer__in=offers)
    team = ServiceRequest.team.through.objects
    for queryset in (
        certificates,
        Attendance.objects.filter(enrolment__in=enrolments),
        team.filter(Q(servicerequest__in=requests) | Q(case__project_id__in=project_ids)),
        requests,
        enrolments,
        ScheduleException.objects.filter(schedule__in=schedules),
        schedules,
        OfferTranslation.objects.filter(offer__in=offers),
        Offer.locations.through.objects.filter(offer__in=offers),
        offers,
        Location.objects.filter(project_id__in=project_ids),
    ):
        queryset._raw_delete(queryset.db)


def seed_offers(
    *,
    seed: int,
    projects: dict[str, Project],
    organisations: dict[str, Organisation],
    districts: dict[str, District],
    today: date,
) -> OfferCounts:
    """The offers of the five projects and, for the cases that exist, their enrolments,
    attendance, certificates and the practical projects' service requests."""
    rng = random.Random(f"offers:{seed}")
    tz = ZoneInfo(settings.TIME_ZONE)
    logins = _demo_logins()
    catalogue = _Catalogue(projects, organisations, districts, logins, today, tz)
    catalogue.write()
    counts = OfferCounts(offers=len(catalogue.offers), locations=len(catalogue.locations))

    cases = _load_cases(projects, {user.pk for user in logins.values()}, today)
    goals = _load_goals(projects)
    enrolments = _plan_enrolments(rng, catalogue, cases, goals, today)
    tables = _Tables()
    _write_enrolments(rng, catalogue, enrolments, tables, today)
    counts.enrolments = tables.enrolments.written
    counts.attendances = tables.attendances.written
    counts.certificates = _issue_certificates(rng, catalogue, enrolments, today, tz)
    counts.service_requests = _service_requests(rng, catalogue, enrolments, today, tz)
    return counts


def _months_moved(project: Project) -> int:
    """How far seed_demo moved the project's period into the present (data.demo_period)."""
    real = next(spec["start"] for spec in data.PROJECTS if spec["slug"] == project.slug)
    start = project.start_date
    return (start.year - real.year) * 12 + start.month - real.month


def _demo_logins() -> dict[str, User]:
    emails = {f"{local}@{data.DEMO_DOMAIN}": local for local, *_rest in data.DEMO_USERS}
    return {emails[user.email]: user for user in User.objects.filter(email__in=list(emails))}


def _public_id(kind: str, key: str) -> uuid.UUID:
    return uuid.uuid5(PUBLIC_ID_NAMESPACE, f"{kind}/{key}")


def _validate(instance, *exclude: str) -> None:
    """The model's field checks and clean(), without the per-object queries for foreign
    keys and unique fields (the database checks those on insert)."""
    fks = [f.name for f in instance._meta.concrete_fields if f.is_relation]
    instance.full_clean(exclude=[*fks, *exclude], validate_unique=False, validate_constraints=False)


# The catalogue -----------------------------------------------------------------------


def holidays(year: int, state: str) -> dict[date, str]:
    """Public holidays of a German federal state (NW, RP, TH) in one year."""
    sunday = easter(year)
    days = {
        date(year, 1, 1): "Neujahr",
        sunday - timedelta(days=2): "Karfreitag",
        sunday + timedelta(days=1): "Ostermontag",
        date(year, 5, 1): "Tag der Arbeit",
        sunday + timedelta(days=39): "Christi Himmelfahrt",
        sunday + timedelta(days=50): "Pfingstmontag",
        date(year, 10, 3): "Tag der Deutschen Einheit",
        date(year, 12, 25): "1. Weihnachtstag",
        date(year, 12, 26): "2. Weihnachtstag",
    }
    if state in ("NW", "RP"):
        days[sunday + timedelta(days=60)] = "Fronleichnam"
        days[date(year, 11, 1)] = "Allerheiligen"
    if state == "TH" or year == 2017:  # 2017: the Reformation's 500th, everywhere
        days[date(year, 10, 31)] = "Reformationstag"
    if state == "TH" and year >= 2019:
        days[date(year, 9, 20)] = "Weltkindertag"
    return days


def closures(first: date, last: date, state: str, *, school: bool) -> dict[date, str]:
    """The days between `first` and `last` on which the demo's offers do not take place:
    public holidays, the week between Christmas and New Year (for school offers the
    Christmas holidays up to Epiphany)."""
    closed = {}
    for year in range(first.year, last.year + 1):
        if school:
            for day in range(23, 32):
                closed[date(year, 12, day)] = "Weihnachtsferien"
            for day in range(1, 7):
                closed[date(year, 1, day)] = "Weihnachtsferien"
        else:
            for day in range(24, 32):
                closed[date(year, 12, day)] = "Weihnachtsschließung"
        closed.update(holidays(year, state))
    return {day: reason for day, reason in closed.items() if first <= day <= last}


@dataclass
class _OfferPlan:
    """One offer of the catalogue with what the simulation needs to know about it."""

    key: str
    spec: dict
    offer: Offer
    schedules: list[Schedule] = field(default_factory=list)
    #: Session dates up to yesterday (sorted) and the hours one person can attend.
    dates: list[date] = field(default_factory=list)
    hours: dict[date, Decimal] = field(default_factory=dict)
    #: Session dates of the next weeks (for service requests planned ahead).
    upcoming: list[date] = field(default_factory=list)

    @property
    def enrol(self) -> dict | None:
        return self.spec.get("enrol")

    def first_session(self, day: date) -> date | None:
        index = bisect.bisect_left(self.dates, day)
        return self.dates[index] if index < len(self.dates) else None

    def last_session(self, day: date) -> date | None:
        index = bisect.bisect_right(self.dates, day)
        return self.dates[index - 1] if index else None

    def sessions(self, first: date, last: date) -> list[date]:
        return self.dates[
            bisect.bisect_left(self.dates, first) : bisect.bisect_right(self.dates, last)
        ]


class _Catalogue:
    """Builds the places, offers, schedules with their closures and translations."""

    def __init__(self, projects, organisations, districts, logins, today: date, tz):
        self.projects, self.today, self.tz = projects, today, tz
        self.logins = logins
        self.horizon = today + timedelta(days=365)
        self.locations = {
            key: self._location(key, spec, projects, organisations, districts)
            for key, spec in offer_data.LOCATIONS.items()
        }
        self.offers: list[_OfferPlan] = [
            self._offer(spec, projects, organisations) for spec in offer_data.OFFERS
        ]
        self.exceptions: list[ScheduleException] = []
        for plan in self.offers:
            self._schedules(plan)
        self.translations = [
            self._translation(plan, language, texts)
            for plan in self.offers
            for language, texts in offer_data.TRANSLATIONS.get(plan.key, {}).items()
        ]

    def _location(self, key, spec, projects, organisations, districts) -> Location:
        location = Location(
            public_id=_public_id("location", key),
            project=projects[spec["project"]],
            organisation=organisations[spec["organisation"]],
            name=spec["name"],
            street=spec["street"],
            postcode=spec["postcode"],
            city=spec["city"],
            district=districts[spec["district"]] if spec["district"] else None,
            latitude=Decimal(spec["lat"]),
            longitude=Decimal(spec["lon"]),
            accessible=spec["accessible"],
            notes=spec["notes"],
        )
        _validate(location)
        return location

    def _contact(self, spec) -> User | None:
        local = offer_data.CONTACTS.get(spec["organisation"])
        local = local or offer_data.PROJECT_LEAD_LOGINS[spec["project"]]
        return self.logins.get(local)

    def _offer(self, spec, projects, organisations) -> _OfferPlan:
        project = projects[spec["project"]]
        rule, minimum = spec.get("certificate", (CertificateRule.MONTHS, 4))
        contact = self._contact(spec)
        city = offer_data.LOCATIONS[spec["locations"][0]]["city"]
        public = spec["kind"] in ("cafe_meeting", "counselling_hour", "practical_project")
        offer = Offer(
            public_id=_public_id("offer", spec["key"]),
            project=project,
            organisation=organisations[spec["organisation"]],
            kind=spec["kind"],
            title=spec["title"],
            short_description=spec["short_description"],
            description=spec["description"],
            how_to_take_part=spec["how_to_take_part"],
            capacity=spec["capacity"],
            target_groups=spec["target_groups"],
            languages=spec["languages"],
            part_time_suitable=spec.get("part_time_suitable", False),
            childcare_available=spec.get("childcare_available", False),
            accessible=spec.get("accessible", False),
            cost_note=spec.get("cost_note", ""),
            contact_person=contact,
            # Numbers in the towns' area codes, made up (like the participants' ones).
            contact_phone=f"{data.AREA_CODES[city]} {_number(spec['key'])}" if public else "",
            contact_email=f"{spec['key']}@{data.DEMO_DOMAIN}",
            occupational_field=spec.get("occupational_field", ""),
            published=spec["published"],
            start_date=(
                data.shift_day(spec["start"], _months_moved(project))
                if "start" in spec
                else project.start_date
            ),
            certificate_rule=rule,
            certificate_min_months=minimum if rule == CertificateRule.MONTHS else 4,
            certificate_min_hours=Decimal(minimum) if rule == CertificateRule.HOURS else None,
            certificate_min_rate=Decimal(minimum) if rule == CertificateRule.RATE else None,
            certificate_contents=spec.get("certificate_contents", ""),
            created_by=contact,
        )
        _validate(offer)
        return _OfferPlan(key=spec["key"], spec=spec, offer=offer)

    def _schedules(self, plan: _OfferPlan) -> None:
        spec, offer = plan.spec, plan.offer
        state = offer_data.PROJECT_STATES[spec["project"]]
        yesterday = self.today - timedelta(days=1)
        closed = closures(offer.start_date, self.horizon, state, school=spec.get("school", False))
        hours: dict[date, Decimal] = defaultdict(Decimal)
        upcoming = set()
        for number, item in enumerate(spec["schedules"]):
            location = self.locations[item.get("location", spec["locations"][0])]
            schedule = Schedule(
                public_id=_public_id("schedule", f"{plan.key}/{number}"),
                offer=offer,
                location=location,
                start_time=time.fromisoformat(item["from"]),
                end_time=time.fromisoformat(item["to"]),
                description=item.get("note", ""),
                created_by=offer.created_by,
            )
            if "days" in item:
                schedule.kind = Schedule.Kind.WEEKLY
                schedule.weekdays = sorted(WEEKDAYS[code] for code in item["days"].split())
                schedule.interval = item.get("every", 1)
                schedule.valid_from = offer.start_date
            else:
                schedule.kind = Schedule.Kind.ONE_OFF
                schedule.date = (
                    data.shift_day(item["on"], _months_moved(offer.project), keep_weekday=True)
                    if "on" in item
                    else self._ahead(item["in_days"], item["weekday"])
                )
            _validate(schedule)
            plan.schedules.append(schedule)
            length = offer_schedules.session_length(schedule)
            for session in offer_schedules.occurrences(schedule, offer.start_date, self.horizon):
                reason = closed.get(session.date) if schedule.kind == Schedule.Kind.WEEKLY else None
                if reason is not None:
                    self.exceptions.append(
                        ScheduleException(
                            schedule=schedule,
                            date=session.date,
                            reason=reason,
                            created_by=offer.created_by,
                        )
                    )
                elif session.date <= yesterday:
                    hours[session.date] += length
                elif session.date <= self.today + timedelta(days=30):
                    upcoming.add(session.date)
        plan.hours = dict(hours)
        plan.dates = sorted(hours)
        plan.upcoming = sorted(upcoming)

    def _ahead(self, days: int, weekday: str) -> date:
        day = self.today + timedelta(days=days)
        return day + timedelta(days=(WEEKDAYS[weekday] - day.weekday()) % 7)

    def _translation(self, plan: _OfferPlan, language: str, texts) -> OfferTranslation:
        title, short_description, how_to_take_part, reviewed = texts
        lead = self.logins.get(offer_data.PROJECT_LEAD_LOGINS[plan.spec["project"]])
        reviewed_at = None
        if reviewed:
            reviewed_at = datetime.combine(
                plan.offer.start_date + timedelta(days=30), time(10, 0), self.tz
            )
        translation = OfferTranslation(
            offer=plan.offer,
            language=language,
            title=title,
            short_description=short_description,
            how_to_take_part=how_to_take_part,
            reviewed=reviewed,
            reviewed_by=lead if reviewed else None,
            reviewed_at=reviewed_at,
            created_by=plan.offer.created_by,
        )
        _validate(translation)
        return translation

    def write(self) -> None:
        Location.objects.bulk_create(self.locations.values())
        Offer.objects.bulk_create([plan.offer for plan in self.offers])
        Offer.locations.through.objects.bulk_create(
            Offer.locations.through(offer_id=plan.offer.pk, location_id=self.locations[key].pk)
            for plan in self.offers
            for key in plan.spec["locations"]
        )
        for plan in self.offers:
            for schedule in plan.schedules:
                schedule.offer_id, schedule.location_id = plan.offer.pk, schedule.location.pk
        Schedule.objects.bulk_create(
            [schedule for plan in self.offers for schedule in plan.schedules]
        )
        for exception in self.exceptions:
            exception.schedule_id = exception.schedule.pk
        ScheduleException.objects.bulk_create(self.exceptions, batch_size=2000)
        for translation in self.translations:
            translation.offer_id = translation.offer.pk
        OfferTranslation.objects.bulk_create(self.translations)


def _number(key: str) -> str:
    """A made-up, stable phone extension for an offer."""
    return f"{(uuid.uuid5(PUBLIC_ID_NAMESPACE, key).int % 90000) + 10000}"


# Who takes part --------------------------------------------------------------------


@dataclass(frozen=True)
class _Case:
    pk: int
    project_id: int
    organisation_id: int
    stage: str
    entry: date
    exit: date | None
    exit_reason: str
    responsible_id: int
    birth_date: date | None
    german_level: str
    #: The demo logins' open cases are live: their work reaches today.
    live: bool
    #: The last day anything happens in the case.
    last_day: date


def _load_cases(projects: dict[str, Project], demo_ids: set[int], today: date) -> list[_Case]:
    ends = {project.pk: min(project.end_date, today) for project in projects.values()}
    rows = (
        Case.objects.filter(project_id__in=list(ends))
        .order_by("pk")
        .values_list(
            "pk",
            "project_id",
            "organisation_id",
            "stage",
            "entry_date",
            "exit_date",
            "exit_reason",
            "responsible_id",
            "participant__birth_date",
            "participant__german_level",
        )
    )
    cases = []
    for pk, project, organisation, stage, entry, exit_, reason, responsible, birth, level in rows:
        live = exit_ is None and responsible in demo_ids
        last_day = exit_ or (today if live else ends[project])
        cases.append(
            _Case(
                pk, project, organisation, stage, entry, exit_, reason or "", responsible,
                birth, level, live, last_day,
            )
        )  # fmt: skip
    return cases


def _load_goals(projects: dict[str, Project]) -> dict[int, list[tuple[int, str]]]:
    """Plan goals that name an offer, per case: (goal id, title)."""
    phrases = {
        spec["enrol"]["goal"] for spec in offer_data.OFFERS if spec.get("enrol", {}).get("goal")
    }
    titles = Q()
    for phrase in phrases:
        titles |= Q(title__contains=phrase)
    goals = defaultdict(list)
    rows = Goal.objects.filter(
        titles, plan__case__project_id__in=[project.pk for project in projects.values()]
    ).values_list("pk", "plan__case_id", "title")
    for pk, case_id, title in rows.order_by("pk"):
        goals[case_id].append((pk, title))
    return goals


def _age(case: _Case, day: date) -> int | None:
    if case.birth_date is None:
        return None
    return (day - case.birth_date).days * 100 // 36525


def _fits(spec: dict, case: _Case, day: date) -> bool:
    audience = spec["enrol"].get("audience")
    age = _age(case, day)
    if audience == "pupils":
        return age is not None and age < 18
    if audience == "adults":
        return age is None or age >= 18
    if audience == "under_27":
        return age is not None and 16 <= age < 27
    if audience == "learners":
        return case.german_level in LEARNER_LEVELS and (age is None or age >= 18)
    return True


@dataclass
class _Request:
    """One case asking for one offer; after the seat allocation, an enrolment."""

    plan: _OfferPlan
    case: _Case
    start: date
    planned_end: date
    #: Ends before today (completed or dropped out), or runs on (active).
    end: date | None
    status: str
    dropout_reason: str = ""
    goal_id: int | None = None
    waiting_since: datetime | None = None
    pk: int | None = None
    hours: Decimal = Decimal(0)
    present: int = 0


def _school_year(day: date) -> tuple[date, date]:
    """The school year that starts on or after `day` (from late August to June)."""
    year = day.year if day <= date(day.year, 8, 20) else day.year + 1
    return date(year, 8, 20), date(year + 1, 6, 30)


def _plan_enrolments(rng, catalogue: _Catalogue, cases, goals, today: date) -> list[_Request]:
    """Who asks for which offer and when, then the seats: a request gets a place that is
    free from its start; a current one that finds none waits if the offer stays full."""
    by_tenant = defaultdict(list)
    for plan in catalogue.offers:
        if plan.enrol and plan.offer.capacity and plan.dates:
            by_tenant[(plan.offer.project_id, plan.offer.organisation_id)].append(plan)
    wanted: list[_Request] = []
    for case in cases:
        plans = [
            plan
            for plan in by_tenant.get((case.project_id, case.organisation_id), ())
            if _fits(plan.spec, case, max(case.entry, plan.offer.start_date))
        ]
        if plans:
            wanted.extend(_requests_of(rng, case, plans, goals.get(case.pk, ()), today))
    wanted.sort(key=lambda request: (request.start, request.case.pk, request.plan.key))

    seats: dict[str, list[date]] = {
        plan.key: [date.min] * plan.offer.capacity for plans in by_tenant.values() for plan in plans
    }
    placed, waiting = [], defaultdict(list)
    for request in wanted:
        free = seats[request.plan.key]
        # The place that became free last before the start: keeps the others open longest.
        options = [index for index, since in enumerate(free) if since <= request.start]
        if options:
            index = max(options, key=lambda index: (free[index], -index))
            free[index] = request.end + timedelta(days=1) if request.end else date.max
            placed.append(request)
        elif request.status == EnrolmentStatus.ACTIVE:
            waiting[request.plan.key].append(request)
    for key, requests in waiting.items():
        placed.extend(_waiting_list(rng, key, requests, seats[key], placed, today, catalogue.tz))
    return placed


def _requests_of(rng, case: _Case, plans, goals, today: date) -> list[_Request]:
    """The offers one case asks for: one or two in a row, the one its plan names first;
    for a live case in the chain the last one is running now."""
    popular = [plan for plan in plans if plan.spec.get("popular")]
    current_only = bool(
        case.live and case.stage in ASKS_FOR_POPULAR and popular and rng.random() < ASK_POPULAR
    )
    if not current_only and rng.random() >= TAKES_PART[case.stage]:
        return []
    named = {}
    for plan in plans:
        phrase = plan.enrol.get("goal")
        for goal_id, title in goals:
            if phrase and phrase in title:
                named.setdefault(plan.key, goal_id)
    if current_only:
        chosen = [rng.choice(popular)]
    else:
        chosen = [plan for plan in plans if plan.key in named]
        others = [plan for plan in plans if plan.key not in named]
        rng.shuffle(others)
        chosen = (chosen + others)[: 1 if rng.random() < 0.7 else 2]
    current = (current_only or case.stage in CURRENT_STAGES) and case.live
    requests = []
    earliest = case.entry + timedelta(days=7)
    if current:
        request = _current(rng, case, chosen[-1], today)
        chosen = chosen[:-1]
        if request is not None:
            requests.append(request)
            latest = request.start - timedelta(days=7)
        else:
            latest = case.last_day - timedelta(days=14)
    else:
        latest = case.last_day - timedelta(days=14)
    for number, plan in enumerate(chosen):
        last = number == len(chosen) - 1 and not requests
        request = _past(rng, case, plan, earliest, latest, runs_out=last)
        if request is not None:
            requests.append(request)
            earliest = request.planned_end + timedelta(days=7)
    for request in requests:
        request.goal_id = named.get(request.plan.key)
    return requests


def _current(rng, case: _Case, plan: _OfferPlan, today: date) -> _Request | None:
    """A participation that started recently and runs on."""
    weeks = rng.randint(*plan.enrol["weeks"])
    if plan.enrol.get("school_year"):
        start, planned_end = _school_year(today - timedelta(days=365))
    else:
        start = today - timedelta(days=rng.randint(7, max(7, weeks * 7 - 7)))
        planned_end = start + timedelta(weeks=weeks)
    start = plan.first_session(max(start, case.entry, plan.offer.start_date))
    if start is None or planned_end <= today:
        return None
    return _Request(plan, case, start, planned_end, None, EnrolmentStatus.ACTIVE)


def _past(rng, case: _Case, plan, earliest: date, latest: date, *, runs_out: bool):
    """A participation that ended before `latest`: completed or dropped out. The case's
    last one may still have been running when the case ended (its exit, or the end of
    its project): then it ends there, cut short by the exit or completed."""
    earliest = max(earliest, plan.offer.start_date)
    room = (latest - earliest).days
    if room < 14:
        return None
    if plan.enrol.get("school_year"):
        begin, planned_end = _school_year(earliest)
    else:
        length = rng.randint(*plan.enrol["weeks"]) * 7
        if runs_out and not case.live and rng.random() < 0.35:
            begin = max(earliest, case.last_day - timedelta(days=rng.randint(14, length)))
        else:
            length = min(length, room)
            begin = earliest + timedelta(days=rng.randint(0, room - length))
        planned_end = begin + timedelta(days=length)
    start = plan.first_session(begin)
    if start is None or start >= planned_end:
        return None
    if planned_end > case.last_day:
        end = plan.last_session(case.last_day)
        if case.live or end is None or end < start:
            return None
        if case.exit is None or (end - start) >= (planned_end - start) * 3 / 4:
            return _Request(plan, case, start, planned_end, end, EnrolmentStatus.COMPLETED)
        reason = DROPOUT_BY_EXIT.get(case.exit_reason, DropoutReason.OTHER)
        return _Request(plan, case, start, planned_end, end, EnrolmentStatus.DROPPED_OUT, reason)
    if planned_end > latest:
        return None
    end = plan.last_session(planned_end)
    if rng.random() < 0.12 and (end - start).days > 21:
        quit_on = start + timedelta(days=rng.randint(14, (end - start).days))
        end = plan.last_session(quit_on)
        reason = rng.choice(EARLY_DROPOUTS)
        return _Request(plan, case, start, planned_end, end, EnrolmentStatus.DROPPED_OUT, reason)
    return _Request(plan, case, start, planned_end, end, EnrolmentStatus.COMPLETED)


def _waiting_list(rng, key, requests, free, placed, today: date, tz) -> list[_Request]:
    """Current requests that found no place: a place that has become free since is
    taken now (as the waiting list moves up); the rest wait, if the offer is full."""
    result = []
    for request in requests:
        options = [index for index, since in enumerate(free) if since < today]
        if not options:
            break
        index = min(options, key=lambda index: (free[index], index))
        start = request.plan.first_session(max(free[index], request.start))
        if start is None:
            continue
        request.start = start
        free[index] = date.max
        result.append(request)
    full = all(since == date.max for since in free)
    moved_up = {id(request) for request in result}
    waiting = [request for request in requests if id(request) not in moved_up]
    if not full or not waiting:
        return result
    # Full since the last place was taken; the waiting list is no older than that.
    taken = max(
        (request.start for request in placed + result if request.plan.key == key),
        default=today - timedelta(days=30),
    )
    for request in waiting[:MAX_WAITING]:
        since = max(taken, request.start)
        request.status = EnrolmentStatus.WAITING
        request.waiting_since = datetime.combine(
            since, time(rng.randint(9, 15), rng.choice((0, 15, 30, 45))), tz
        )
        request.start = request.end = None
        result.append(request)
    return result


# Writing -----------------------------------------------------------------------------


class _Tables:
    def __init__(self):
        # services imports this module: the bulk writer is fetched when seeding runs.
        from quartier.demo.services import _Table

        self.enrolments = _Table(Enrolment, with_ids=True)
        self.attendances = _Table(Attendance)


def _write_enrolments(rng, catalogue, requests: list[_Request], tables: _Tables, today: date):
    """Enrolments and their attendance for the last twelve weeks up to yesterday."""
    yesterday = today - timedelta(days=1)
    window = timedelta(weeks=ATTENDANCE_WEEKS) - timedelta(days=1)
    requests.sort(key=lambda request: (request.plan.key, request.case.pk))
    for request in requests:
        request.pk = tables.enrolments.next_id()
        tables.enrolments.add(
            id=request.pk,
            offer_id=request.plan.offer.pk,
            case_id=request.case.pk,
            status=request.status,
            start_date=request.start,
            planned_end_date=request.planned_end if request.start else None,
            end_date=request.end,
            dropout_reason=request.dropout_reason,
            waiting_since=request.waiting_since,
            goal_id=request.goal_id,
            created_by_id=request.case.responsible_id,
        )
        if request.start is None:
            continue
        last = min(request.end or yesterday, yesterday)
        reliability = rng.uniform(0.7, 0.97)
        hours = request.plan.hours
        for day in request.plan.sessions(max(request.start, last - window), last):
            roll = rng.random()
            if roll < reliability:
                status, attended = AttendanceStatus.PRESENT, hours[day]
                if attended > 1 and rng.random() < 0.12:
                    attended -= rng.choice((Decimal("0.5"), Decimal("1"), Decimal("1.5")))
                request.hours += attended
                request.present += 1
            elif roll < reliability + (1 - reliability) * 0.6:
                status, attended = AttendanceStatus.EXCUSED, Decimal(0)
            else:
                status, attended = AttendanceStatus.UNEXCUSED, Decimal(0)
            tables.attendances.add(
                enrolment_id=request.pk,
                date=day,
                status=status,
                hours=attended,
                created_by_id=request.case.responsible_id,
            )
    tables.enrolments.write()
    tables.attendances.write()
    statements = connection.ops.sequence_reset_sql(no_style(), [Enrolment])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _eligible(request: _Request) -> bool:
    """The offer's certificate rule, on the attendance the demo recorded."""
    offer = request.plan.offer
    if offer.certificate_rule == CertificateRule.HOURS:
        return request.hours >= offer.certificate_min_hours
    if offer.certificate_rule == CertificateRule.RATE:
        held = len(request.plan.sessions(request.start, request.end))
        return bool(held) and request.present * 100 >= offer.certificate_min_rate * held
    return months_taken_part(request.start, request.end) >= offer.certificate_min_months


def _issue_certificates(rng, catalogue, requests: list[_Request], today: date, tz) -> int:
    """A few certificates for those who met the rule, and confirmations of participation
    for some who dropped out: snapshots as `certificate_issue` takes them, no PDF yet."""
    ended = sorted(
        (r for r in requests if r.end is not None and r.end < today),
        key=lambda r: (r.end, r.pk),
    )
    chosen, per_offer = [], defaultdict(int)
    for request in ended:
        wanted = per_offer[request.plan.key] < CERTIFICATES_PER_OFFER.get(
            request.plan.spec["project"], 1
        )
        if wanted and request.status == EnrolmentStatus.COMPLETED and _eligible(request):
            per_offer[request.plan.key] += 1
            chosen.append((request, CertificateKind.CERTIFICATE))
    dropped = [r for r in ended if r.status == EnrolmentStatus.DROPPED_OUT and r.present]
    chosen += [(r, CertificateKind.CONFIRMATION) for r in dropped[-CONFIRMATIONS:]]
    if not chosen:
        return 0
    names = Case.objects.filter(pk__in=[request.case.pk for request, _kind in chosen]).values_list(
        "pk", "participant__first_name", "participant__last_name", "participant__birth_date"
    )
    people = {pk: (f"{first} {last}".strip(), birth) for pk, first, last, birth in names}
    funders = defaultdict(list)
    through = Project.funders.through.objects.filter(
        project_id__in=[project.pk for project in catalogue.projects.values()]
    )
    for project_id, name in through.values_list("project_id", "funder__name"):
        funders[project_id].append(name)
    numbers = _last_numbers()
    issued = sorted(
        (min(today, request.end + timedelta(days=rng.randint(0, 14))), request.pk, request, kind)
        for request, kind in chosen
    )
    certificates = []
    for issued_on, _pk, request, kind in issued:
        offer = request.plan.offer
        numbers[issued_on.year] += 1
        name, birth = people[request.case.pk]
        certificate = Certificate(
            enrolment_id=request.pk,
            kind=kind,
            number=f"{CERTIFICATE_PREFIX}-{issued_on.year}-{numbers[issued_on.year]:06d}",
            verification_token=base64.urlsafe_b64encode(rng.randbytes(24)).decode().rstrip("="),
            issued_on=issued_on,
            issued_by_id=request.case.responsible_id,
            period_start=request.start,
            period_end=request.end,
            hours=request.hours,
            contents=offer.certificate_contents,
            participant_name=name,
            participant_birth_date=birth,
            offer_title=offer.title,
            offer_kind=offer.kind,
            organisation_name=offer.organisation.name,
            project_name=offer.project.name,
            funder_names=sorted(funders[offer.project_id]),
            created_by_id=request.case.responsible_id,
        )
        _validate(certificate)
        certificates.append(certificate)
    Certificate.objects.bulk_create(certificates)
    return len(certificates)


def _last_numbers() -> dict[int, int]:
    """The highest certificate number issued so far, per year (the demo continues them)."""
    highest = defaultdict(int)
    prefix = f"{CERTIFICATE_PREFIX}-"
    for number in Certificate.objects.filter(number__startswith=prefix).values_list(
        "number", flat=True
    ):
        _prefix, year, serial = number.split("-", 2)
        if year.isdigit() and serial.isdigit():
            highest[int(year)] = max(highest[int(year)], int(serial))
    return highest


def _service_requests(rng, catalogue, requests: list[_Request], today: date, tz) -> int:
    """Residents' requests to the practical projects: done ones with the participants who
    went, some planned for the next days, new ones and a cancelled one."""
    by_offer = defaultdict(list)
    for request in requests:
        if request.start is not None:
            by_offer[request.plan.key].append(request)
    rows, teams = [], []
    for plan in catalogue.offers:
        kind = plan.spec.get("requests")
        if not kind:
            continue
        spec = offer_data.SERVICE_REQUESTS[kind]
        district = next(
            (location.district for location in catalogue.locations.values()
             if location.project_id == plan.offer.project_id and location.district),
            None,
        )  # fmt: skip
        city = offer_data.LOCATIONS[plan.spec["locations"][0]]["city"]
        enrolled = by_offer.get(plan.key, [])
        start_time = plan.schedules[0].start_time
        for status, count in REQUESTS.items():
            for _ in range(count):
                row, team = _service_request(
                    rng, plan, spec, status, enrolled, today, tz, start_time
                )
                if row is None:
                    continue
                row.address = f"{rng.choice(spec['streets'])} {rng.randint(1, 140)}, {city}"
                row.district = district
                row.contact_phone = f"{spec['area_code']} {rng.randint(10000, 999999)}"
                _validate(row)
                rows.append(row)
                teams.append(team)
    ServiceRequest.objects.bulk_create(rows)
    ServiceRequest.team.through.objects.bulk_create(
        ServiceRequest.team.through(servicerequest_id=row.pk, case_id=case_id)
        for row, team in zip(rows, teams, strict=True)
        for case_id in team
    )
    return len(rows)


def _service_request(rng, plan, spec, status, enrolled, today, tz, start_time):
    """One request and the cases of its team (None when the status cannot be shown:
    nobody took part on any day yet, or nobody takes part now)."""
    low, high = TEAM_SIZE[plan.spec["requests"]]
    row = ServiceRequest(
        offer=plan.offer,
        requested_by_name=rng.choice(offer_data.REQUESTERS),
        description=rng.choice(spec["asks"]),
        status=status,
        created_by=None if rng.random() < 0.4 else plan.offer.contact_person,
    )
    team: list[int] = []
    if status == ServiceRequestStatus.CANCELLED:
        if not plan.dates:
            return None, []
        row.preferred_date = rng.choice(plan.dates[-120:])
        row.notes = "Termin wurde von der Bewohnerin abgesagt."
        return row, []
    if status == ServiceRequestStatus.DONE:
        ran = [request for request in enrolled if request.start < today]
        if not ran:
            return None, []
        someone = rng.choice(ran)
        days = plan.sessions(someone.start, min(someone.end or today, today - timedelta(days=1)))
        if not days:
            return None, []
        day = rng.choice(days)
        row.preferred_date = day
        present = [r for r in ran if r.start <= day and (r.end is None or day <= r.end)]
        team = [r.case.pk for r in rng.sample(present, min(len(present), rng.randint(low, high)))]
        row.scheduled_for = datetime.combine(day, _later(start_time, 1), tz)
        row.done_at = row.scheduled_for + timedelta(hours=2)
    elif status == ServiceRequestStatus.SCHEDULED:
        now = [r for r in enrolled if r.status == EnrolmentStatus.ACTIVE]
        if not now or not plan.upcoming:
            return None, []
        day = rng.choice(plan.upcoming)
        now = [r for r in now if r.start <= day]
        if not now:
            return None, []
        team = [r.case.pk for r in rng.sample(now, min(len(now), rng.randint(low, high)))]
        row.preferred_date = day
        row.scheduled_for = datetime.combine(day, _later(start_time, 1), tz)
    else:
        row.preferred_date = today + timedelta(days=rng.randint(3, 21))
    return row, team


def _later(start: time, hours: int) -> time:
    return time(min(start.hour + hours, 20), start.minute)
