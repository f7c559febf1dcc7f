"""Who takes part in the demo's offers: the open and closed cases are loaded, and every
offer is simulated seat by seat over time, so no session ever has more people than
places, and a full offer keeps a waiting list of open cases.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Q

from quartier.cases.models import Case, ExitReason, Goal, Stage
from quartier.core.models import Project
from quartier.demo import offer_data
from quartier.demo.offers.catalogue import _Catalogue, _OfferPlan
from quartier.offers.models import (
    DropoutReason,
    EnrolmentStatus,
)
from quartier.participants.models import GermanLevel

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
