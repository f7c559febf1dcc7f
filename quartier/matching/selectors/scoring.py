"""The match score: additive factors, each worth at most its project weight, each with
a one-line reason.

The score of a participant (their case) and a vacancy is the sum of eight factors.
Every factor is computed in whole hundredths of a point ("centipoints") so that the
database and Python agree to the last digit: the SQL ranking (`rank_vacancies`,
`rank_cases`) and the plain per-row implementation (`score_row_by_row`, the benchmark's
baseline, and `factor_points`, which also words the reasons) do the same integer
arithmetic. Only the distance uses floating point (cosine and square root, both
available in PostgreSQL and in SQLite ≥ 3.35 or through Django's registered functions);
it is floored to whole centipoints, so both agree unless a distance falls within a
rounding error of a hundredth of a point (on PostgreSQL `cos` may differ from Python's
in the last bit).

The factors (W is the factor's weight from `MatchWeights`, defaults without a row):

- **occupational field**: the participant's fields of interest are the occupational
  fields of the offers the case is or was enrolled in (any enrolment status: taking
  part in, waiting for, completed or left a module in a field says the person is
  oriented towards it). The Potenzialanalyse's skills are not mapped to fields (the
  skills list has categories, not occupational fields); they count in the skills
  factor. The vacancy's field among them: W, else 0.
- **skills** (latest Potenzialanalyse against `VacancySkill`): three quarters of W for
  the share of essential skills covered, one quarter for the optional ones; a kind
  the vacancy lists none of counts as covered. No Potenzialanalyse yet: 0.
- **German**: at least the required level (`GERMAN_LEVEL_ORDER`), or none required: W;
  one level below: W/2; further below or not assessed: 0.
- **hours**: a single parent or someone needing childcare needs part-time work: a
  vacancy that allows part-time or asks at most 30 hours a week gives W (W/2 with
  shift work), a full-time one 0. Without that need: W.
- **distance** between the centre of the participant's postcode area (`PostcodeArea`;
  else the centre of their district) and the vacancy's coordinates, as an
  equirectangular approximation (longitude scaled by the cosine of the mean latitude,
  earth radius 6371 km; within a city region it is off by well under one per cent
  from the great-circle distance): W at 0 km falling linearly to 0 at the project's
  `max_distance_km`. Without coordinates on either side: 0, "distance unknown"; the
  vacancy is still ranked.
- **driving licence and mobility**: a vacancy needing a driving licence gives W to a
  licence holder with a car, W/2 with a licence only, 0 without; one not needing it
  gives W to someone who can use public transport or has a car, W/2 otherwise.
- **start**: someone still available (the case is open and not yet in stabilisation,
  i.e. not yet in a job) gets W for a vacancy starting now or within 90 days, W/2 for
  a later one; someone not available gets 0.
- **stage**: closer to placement is more: first counselling 0, profiling W/4,
  qualification W/2, work trial or internship 3W/4, placement W; stabilisation and
  exited 0 (already in work or gone).

Halves and quarters are integer divisions of the centipoints.
"""

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import (
    Case,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Cos, Floor, Greatest, Power, Sqrt
from django.db.models.lookups import Exact
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from quartier.cases.models import Assessment, Stage
from quartier.cases.models import Case as CaseModel
from quartier.economy.models import GERMAN_LEVEL_ORDER, Vacancy, VacancySkill
from quartier.matching.models import MatchWeights, PostcodeArea
from quartier.offers.models import Enrolment, OccupationalField, Offer

FACTORS = (
    "occupational_field",
    "skills",
    "german",
    "hours",
    "distance",
    "mobility",
    "start",
    "stage",
)
EARTH_RADIUS_KM = 6371.0
RADIANS = math.pi / 180
PART_TIME_HOURS = 30
SOON_DAYS = 90
NEAR_HOME_KM = 5
#: Quarters of the stage factor per stage: closer to placement is more.
STAGE_QUARTERS = {
    Stage.FIRST_COUNSELLING: 0,
    Stage.PROFILING: 1,
    Stage.QUALIFICATION: 2,
    Stage.WORK_TRIAL: 3,
    Stage.INTERNSHIP: 3,
    Stage.PLACEMENT: 4,
    Stage.STABILISATION: 0,
    Stage.EXITED: 0,
}
#: Stages in which a person is no longer available for a new job.
UNAVAILABLE_STAGES = (Stage.STABILISATION, Stage.EXITED)
_LEVEL_BY_RANK = {rank: level for level, rank in GERMAN_LEVEL_ORDER.items()}


# Inputs ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Weights:
    """The points each factor is worth at most, and the distance at which the distance
    factor reaches zero."""

    occupational_field: int = 20
    skills: int = 25
    german: int = 15
    hours: int = 10
    distance: int = 15
    mobility: int = 5
    start: int = 5
    stage: int = 5
    max_distance_km: int = 25

    def centi(self, factor: str) -> int:
        return getattr(self, factor) * 100

    @property
    def total(self) -> int:
        return sum(getattr(self, factor) for factor in FACTORS)


def weights_for(project) -> Weights:
    """The project's weights (one query), the defaults when it has none."""
    stored = MatchWeights.objects.filter(project=project).first()
    if stored is None:
        return Weights()
    return Weights(**{name: getattr(stored, name) for name in (*FACTORS, "max_distance_km")})


@dataclass(frozen=True)
class Person:
    """What the score reads of a participant and their case."""

    case_id: int
    fields: frozenset = frozenset()
    #: Skill ids of the latest Potenzialanalyse; None without one.
    skill_ids: frozenset | None = None
    #: Rank in GERMAN_LEVEL_ORDER; None when not assessed.
    german_rank: int | None = None
    needs_part_time: bool = False
    origin: tuple[float, float] | None = None
    driving_licence: bool = False
    own_car: bool = False
    public_transport: bool = True
    stage: str = Stage.FIRST_COUNSELLING
    is_open: bool = True
    german_level: str = ""

    @property
    def available(self) -> bool:
        return self.is_open and self.stage not in UNAVAILABLE_STAGES


@dataclass(frozen=True)
class Job:
    """What the score reads of a vacancy."""

    vacancy_id: int
    field: str = ""
    essential: frozenset = frozenset()
    optional: frozenset = frozenset()
    german_level: str = ""
    part_time: bool = False
    hours_per_week: float | None = None
    shift_work: bool = False
    position: tuple[float, float] | None = None
    driving_licence: bool = False
    start_date: date | None = None

    @property
    def part_time_possible(self) -> bool:
        return self.part_time or (
            self.hours_per_week is not None and self.hours_per_week <= PART_TIME_HOURS
        )


@dataclass
class Factor:
    """One factor of a score: its points, its maximum and why (already translated)."""

    factor: str
    points: Decimal
    max_points: int
    reason: str


@dataclass
class Explanation:
    score: Decimal
    factors: list[Factor] = field(default_factory=list)

    def as_json(self) -> list[dict]:
        return [
            {
                "factor": f.factor,
                "points": str(f.points),
                "max_points": f.max_points,
                "reason": f.reason,
            }
            for f in self.factors
        ]


def _float(value) -> float | None:
    return None if value is None else float(value)


def _position(latitude, longitude) -> tuple[float, float] | None:
    if latitude is None or longitude is None:
        return None
    return (float(latitude), float(longitude))


def job_of(vacancy: Vacancy, needs: list[VacancySkill] | None = None) -> Job:
    """The vacancy as the score reads it; `needs` its required skills (else read)."""
    if needs is None:
        needs = list(vacancy.skill_needs.all())
    return Job(
        vacancy_id=vacancy.pk,
        field=vacancy.occupational_field,
        essential=frozenset(n.skill_id for n in needs if n.essential),
        optional=frozenset(n.skill_id for n in needs if not n.essential),
        german_level=vacancy.german_level,
        part_time=vacancy.part_time,
        hours_per_week=_float(vacancy.hours_per_week),
        shift_work=vacancy.shift_work,
        position=_position(vacancy.latitude, vacancy.longitude),
        driving_licence=vacancy.driving_licence,
        start_date=vacancy.start_date,
    )


def persons_of(cases: list[CaseModel]) -> dict[int, Person]:
    """The people of `cases` (participant and district loaded) as the score reads them,
    in three queries whatever their number: fields of interest, latest assessments'
    skills, postcode centres."""
    case_ids = [case.pk for case in cases]
    fields: dict[int, set] = {case_id: set() for case_id in case_ids}
    for case_id, value in (
        Enrolment.objects.filter(case_id__in=case_ids)
        .exclude(offer__occupational_field="")
        .values_list("case_id", "offer__occupational_field")
        .distinct()
    ):
        fields[case_id].add(value)
    latest: dict[int, int] = {}
    for case_id, assessment_id in (
        Assessment.objects.filter(case_id__in=case_ids)
        .order_by("case_id", "date", "id")
        .values_list("case_id", "id")
    ):
        latest[case_id] = assessment_id
    skills: dict[int, set] = {assessment_id: set() for assessment_id in latest.values()}
    through = Assessment.skills.through
    for assessment_id, skill_id in through.objects.filter(
        assessment_id__in=list(latest.values())
    ).values_list("assessment_id", "skill_id"):
        skills[assessment_id].add(skill_id)
    postcodes = {case.participant.postcode for case in cases}
    centres = {
        area.postcode: (float(area.latitude), float(area.longitude))
        for area in PostcodeArea.objects.filter(postcode__in=postcodes)
    }
    persons = {}
    for case in cases:
        participant = case.participant
        origin = centres.get(participant.postcode)
        if origin is None and participant.district_id is not None:
            district = participant.district
            origin = _position(district.centre_lat, district.centre_lon)
        assessment_id = latest.get(case.pk)
        persons[case.pk] = Person(
            case_id=case.pk,
            fields=frozenset(fields[case.pk]),
            skill_ids=None if assessment_id is None else frozenset(skills[assessment_id]),
            german_rank=GERMAN_LEVEL_ORDER.get(participant.german_level),
            german_level=participant.german_level,
            needs_part_time=participant.single_parent == "yes" or participant.childcare_needed,
            origin=origin,
            driving_licence=participant.driving_licence,
            own_car=participant.own_car,
            public_transport=participant.public_transport,
            stage=case.stage,
            is_open=case.exit_date is None,
        )
    return persons


def person_of(case: CaseModel) -> Person:
    return persons_of([case])[case.pk]


# The score in Python, row by row -----------------------------------------------------


def distance_km(origin: tuple[float, float], position: tuple[float, float]) -> float:
    """Equirectangular distance, in the same order of operations as the SQL."""
    lat1, lon1 = origin
    lat2, lon2 = position
    dx = (lon2 - lon1) * RADIANS * math.cos((lat2 + lat1) / 2 * RADIANS)
    dy = (lat2 - lat1) * RADIANS
    return EARTH_RADIUS_KM * math.sqrt(dx**2 + dy**2)


def _skills_centi(w: int, covered_e: int, total_e: int, covered_o: int, total_o: int) -> int:
    essential = 3 * w if total_e == 0 else 3 * w * covered_e // total_e
    optional = w if total_o == 0 else w * covered_o // total_o
    return (essential + optional) // 4


def factor_points(person: Person, job: Job, weights: Weights, today: date) -> dict[str, tuple]:
    """Each factor's centipoints and the facts its reason names: {factor: (centi, why, data)}."""
    out: dict[str, tuple] = {}
    w = weights.centi

    # Occupational field.
    if not person.fields:
        out["occupational_field"] = (0, "unknown", {})
    elif not job.field:
        out["occupational_field"] = (0, "none", {})
    elif job.field in person.fields:
        out["occupational_field"] = (w("occupational_field"), "match", {"field": job.field})
    else:
        out["occupational_field"] = (0, "other", {"field": job.field})

    # Skills.
    if person.skill_ids is None:
        out["skills"] = (0, "no_assessment", {})
    else:
        data = {
            "covered_e": len(job.essential & person.skill_ids),
            "total_e": len(job.essential),
            "covered_o": len(job.optional & person.skill_ids),
            "total_o": len(job.optional),
        }
        centi = _skills_centi(
            w("skills"), data["covered_e"], data["total_e"], data["covered_o"], data["total_o"]
        )
        out["skills"] = (centi, "coverage", data)

    # German.
    required = GERMAN_LEVEL_ORDER.get(job.german_level) if job.german_level else None
    data = {"has": person.german_level, "needs": job.german_level}
    if required is None:
        out["german"] = (w("german"), "none_required", data)
    elif person.german_rank is None:
        out["german"] = (0, "unknown", data)
    elif person.german_rank >= required:
        out["german"] = (w("german"), "enough", data)
    elif person.german_rank == required - 1:
        out["german"] = (w("german") // 2, "one_below", data)
    else:
        out["german"] = (0, "below", data)

    # Hours.
    if not person.needs_part_time:
        out["hours"] = (w("hours"), "free", {})
    elif not job.part_time_possible:
        out["hours"] = (0, "full_time", {})
    elif job.shift_work:
        out["hours"] = (w("hours") // 2, "part_time_shifts", {})
    else:
        out["hours"] = (w("hours"), "part_time", {})

    # Distance.
    if person.origin is None or job.position is None:
        out["distance"] = (0, "unknown", {})
    else:
        km = distance_km(person.origin, job.position)
        limit = weights.max_distance_km
        centi = max(int(math.floor(w("distance") - w("distance") * km / limit)), 0)
        out["distance"] = (centi, "km", {"km": km})

    # Driving licence and mobility.
    if job.driving_licence:
        if person.driving_licence and person.own_car:
            out["mobility"] = (w("mobility"), "licence_car", {})
        elif person.driving_licence:
            out["mobility"] = (w("mobility") // 2, "licence_only", {})
        else:
            out["mobility"] = (0, "no_licence", {})
    elif person.public_transport or person.own_car:
        out["mobility"] = (w("mobility"), "mobile", {})
    else:
        out["mobility"] = (w("mobility") // 2, "not_mobile", {})

    # Start against availability.
    if not person.available:
        out["start"] = (0, "unavailable", {})
    elif job.start_date is None or job.start_date <= today:
        out["start"] = (w("start"), "now", {})
    elif job.start_date <= today + timedelta(days=SOON_DAYS):
        out["start"] = (w("start"), "soon", {"date": job.start_date})
    else:
        out["start"] = (w("start") // 2, "later", {"date": job.start_date})

    # Stage.
    out["stage"] = (w("stage") * STAGE_QUARTERS.get(person.stage, 0) // 4, "stage", {})
    return out


def score_centi(person: Person, job: Job, weights: Weights, today: date) -> int:
    return sum(value[0] for value in factor_points(person, job, weights, today).values())


def _points(centi) -> Decimal:
    return (Decimal(int(centi)) / 100).quantize(Decimal("0.01"))


def score_row_by_row(
    *,
    case: CaseModel | None = None,
    vacancy: Vacancy | None = None,
    vacancies=None,
    cases=None,
    weights: Weights,
    today: date,
) -> list[tuple[int, Decimal]]:
    """The same score, one row at a time in Python: (id, score) best first, ties by id.

    Give `case` and `vacancies` (a queryset) to rank vacancies for a person, or
    `vacancy` and `cases` (a queryset) to rank people for a vacancy. It reads every row
    with what the score needs (skills prefetched) and scores it in a loop: the
    benchmark's baseline, and the tests' proof that the SQL computes the same numbers."""
    scored = []
    if case is not None:
        person = person_of(case)
        for row in vacancies.prefetch_related("skill_needs"):
            scored.append((row.pk, score_centi(person, job_of(row), weights, today)))
    else:
        job = job_of(vacancy)
        rows = list(cases.select_related("participant", "participant__district"))
        persons = persons_of(rows)
        for row in rows:
            scored.append((row.pk, score_centi(persons[row.pk], job, weights, today)))
    scored.sort(key=lambda item: (-item[1], item[0]))
    return [(pk, _points(centi)) for pk, centi in scored]


# Reasons --------------------------------------------------------------------------------


def _field_label(value: str) -> str:
    return str(OccupationalField(value).label) if value in OccupationalField.values else value


def _level_label(value: str) -> str:
    if value == "none":
        return _("no German yet")
    if value == "native":
        return _("first language")
    return value


def _reason(factor: str, why: str, data: dict) -> str:
    if factor == "occupational_field":
        return {
            "unknown": _("field of interest unknown (no offers taken part in)"),
            "none": _("no occupational field given"),
            "match": _("field of interest: %(field)s"),
            "other": _("another field (%(field)s)"),
        }[why] % {"field": _field_label(data.get("field", ""))}
    if factor == "skills":
        if why == "no_assessment":
            return _("no Potenzialanalyse yet")
        if not data["total_e"] and not data["total_o"]:
            return _("no skills listed")
        parts = []
        if data["total_e"]:
            parts.append(
                _("%(covered)s of %(total)s essential skills")
                % {"covered": data["covered_e"], "total": data["total_e"]}
            )
        if data["total_o"]:
            parts.append(
                _("%(covered)s of %(total)s optional skills")
                % {"covered": data["covered_o"], "total": data["total_o"]}
            )
        return ", ".join(parts)
    if factor == "german":
        values = {"has": _level_label(data["has"]), "needs": data["needs"]}
        return {
            "none_required": _("no German level required"),
            "unknown": _("German level not assessed (%(needs)s required)"),
            "enough": _("German %(has)s, %(needs)s required"),
            "one_below": _("German %(has)s, one level below the required %(needs)s"),
            "below": _("German %(has)s, %(needs)s required"),
        }[why] % values
    if factor == "hours":
        return {
            "free": _("no restriction on working hours"),
            "full_time": _("full-time only, but part-time needed (single parent or childcare)"),
            "part_time_shifts": _("part-time possible, but shift work"),
            "part_time": _("part-time possible"),
        }[why]
    if factor == "distance":
        if why == "unknown":
            return _("distance unknown")
        # In the language's number format ("3,5" in German).
        km = number_format(round(data["km"], 1), decimal_pos=1)
        if data["km"] <= NEAR_HOME_KM:
            return _("about %(km)s km from home (near home)") % {"km": km}
        return _("about %(km)s km from home") % {"km": km}
    if factor == "mobility":
        return {
            "licence_car": _("driving licence needed: has one and a car"),
            "licence_only": _("driving licence needed: has one, but no car"),
            "no_licence": _("driving licence needed, has none"),
            "mobile": _("no driving licence needed"),
            "not_mobile": _("no driving licence needed, but no car and no public transport"),
        }[why]
    if factor == "start":
        if why == "unavailable":
            return _("not available (already in work or left)")
        if why == "now":
            return _("can start now")
        day = date_format(data["date"], "SHORT_DATE_FORMAT")
        if why == "soon":
            return _("starts on %(date)s") % {"date": day}
        return _("starts on %(date)s, more than three months ahead") % {"date": day}
    return ""


def explain(person: Person, job: Job, weights: Weights, today: date) -> Explanation:
    """The factors of one pair with their points, maxima and reasons."""
    factors = []
    for name, (centi, why, data) in factor_points(person, job, weights, today).items():
        if name == "stage":
            reason = _("stage: %(stage)s") % {"stage": Stage(person.stage).label}
        else:
            reason = _reason(name, why, data)
        factors.append(Factor(name, _points(centi), getattr(weights, name), reason))
    return Explanation(score=sum((f.points for f in factors), Decimal("0.00")), factors=factors)


# The score in SQL ----------------------------------------------------------------------


def _int(value: int) -> Value:
    return Value(value, output_field=IntegerField())


def _float_value(value: float) -> Value:
    return Value(value, output_field=FloatField())


def _as_float(name: str):
    return Cast(name, FloatField())


def _distance_sql(lat1, lon1, lat2, lon2):
    """The equirectangular distance in km as an expression (same order as `distance_km`)."""
    k = _float_value(RADIANS)
    dx = (lon2 - lon1) * k * Cos((lat2 + lat1) / _float_value(2.0) * k)
    dy = (lat2 - lat1) * k
    two = _float_value(2.0)
    return ExpressionWrapper(
        _float_value(EARTH_RADIUS_KM) * Sqrt(Power(dx, two) + Power(dy, two)),
        output_field=FloatField(),
    )


def _distance_centi_sql(km, weights: Weights):
    """W falling linearly to 0 at the limit; 0 without a distance. The distance is
    evaluated once per row (Greatest/Coalesce rather than CASE WHEN d >= limit ...)."""
    w = float(weights.centi("distance"))
    limit = float(weights.max_distance_km)
    points = Floor(_float_value(w) - _float_value(w) * km / _float_value(limit))
    return Coalesce(
        Cast(Greatest(points, _float_value(0.0)), IntegerField()),
        _int(0),
        output_field=IntegerField(),
    )


def _skills_sql(w: int, covered_e, total_e, covered_o, total_o):
    """`_skills_centi` as an expression; `total_*` are ints (constants) or expressions."""

    def share(weight, covered, total):
        if isinstance(total, int):
            if total == 0:
                return _int(weight)
            return ExpressionWrapper(
                _int(weight) * covered / _int(total), output_field=IntegerField()
            )
        return Case(
            When(Exact(total, 0), then=_int(weight)),
            default=ExpressionWrapper(_int(weight) * covered / total, output_field=IntegerField()),
            output_field=IntegerField(),
        )

    return ExpressionWrapper(
        (share(3 * w, covered_e, total_e) + share(w, covered_o, total_o)) / _int(4),
        output_field=IntegerField(),
    )


def _count_if(**condition):
    return Sum(Case(When(**condition, then=_int(1)), default=_int(0), output_field=IntegerField()))


def _vacancy_skills_sql(w: int, skill_ids: frozenset):
    """The skills factor of each vacancy row for one person: one correlated subquery
    over the vacancy's required skills; a vacancy listing none gets W."""
    ids = sorted(skill_ids)
    total_e, total_o = _count_if(essential=True), _count_if(essential=False)
    if ids:
        covered_e = _count_if(essential=True, skill_id__in=ids)
        covered_o = _count_if(essential=False, skill_id__in=ids)
    else:
        covered_e = covered_o = _int(0)
    points = (
        VacancySkill.objects.filter(vacancy=OuterRef("pk"))
        .order_by()
        .values("vacancy")
        .annotate(points=_skills_sql(w, covered_e, total_e, covered_o, total_o))
        .values("points")
    )
    return Coalesce(Subquery(points, output_field=IntegerField()), _int(w))


def _case_skills_sql(w: int, essential: frozenset, optional: frozenset):
    """The skills factor of each case row for one vacancy: the case's latest assessment
    (one probe of `assessment_case_order`) with its skills counted in a subquery of
    its own; 0 without an assessment."""
    latest = Assessment.objects.filter(case=OuterRef("pk")).order_by("-date", "-id")
    if not essential and not optional:
        points = latest.annotate(points=_int(w)).values("points")[:1]
        return Coalesce(Subquery(points, output_field=IntegerField()), _int(0))
    through = Assessment.skills.through

    def covered(ids):
        if not ids:
            return _int(0)
        return Sum(
            Case(
                When(skill_id__in=sorted(ids), then=_int(1)),
                default=_int(0),
                output_field=IntegerField(),
            )
        )

    counted = (
        through.objects.filter(assessment_id=OuterRef("pk"))
        .order_by()
        .values("assessment_id")
        .annotate(
            points=_skills_sql(
                w, covered(essential), len(essential), covered(optional), len(optional)
            )
        )
        .values("points")
    )
    without_skills = _skills_centi(w, 0, len(essential), 0, len(optional))
    points = latest.annotate(
        points=Coalesce(Subquery(counted, output_field=IntegerField()), _int(without_skills))
    ).values("points")[:1]
    return Coalesce(Subquery(points, output_field=IntegerField()), _int(0))


def _score_sum() -> ExpressionWrapper:
    total = F(f"m_{FACTORS[0]}")
    for name in FACTORS[1:]:
        total = total + F(f"m_{name}")
    return ExpressionWrapper(total, output_field=IntegerField())


def _levels(condition) -> list[str]:
    return [level for level, rank in GERMAN_LEVEL_ORDER.items() if condition(rank)]


def rank_vacancies(vacancies: QuerySet[Vacancy], *, person: Person, weights: Weights, today: date):
    """`vacancies` with each factor's centipoints (`m_<factor>`) and `m_score`, best
    first: one query for all of them."""
    w = weights.centi
    p = person
    if p.fields:
        field_expr = Case(
            When(occupational_field__in=sorted(p.fields), then=_int(w("occupational_field"))),
            default=_int(0),
            output_field=IntegerField(),
        )
    else:
        field_expr = _int(0)

    annotations = {}
    skills_expr = _int(0) if p.skill_ids is None else _vacancy_skills_sql(w("skills"), p.skill_ids)

    german_whens = [When(german_level="", then=_int(w("german")))]
    if p.german_rank is not None:
        german_whens.append(
            When(
                german_level__in=_levels(lambda rank: rank <= p.german_rank),
                then=_int(w("german")),
            )
        )
        below = _LEVEL_BY_RANK.get(p.german_rank + 1)
        if below:
            german_whens.append(When(german_level=below, then=_int(w("german") // 2)))
    german_expr = Case(*german_whens, default=_int(0), output_field=IntegerField())

    if p.needs_part_time:
        hours_expr = Case(
            When(
                Q(part_time=True) | Q(hours_per_week__lte=PART_TIME_HOURS),
                then=Case(
                    When(shift_work=True, then=_int(w("hours") // 2)),
                    default=_int(w("hours")),
                    output_field=IntegerField(),
                ),
            ),
            default=_int(0),
            output_field=IntegerField(),
        )
    else:
        hours_expr = _int(w("hours"))

    if p.origin is None:
        distance_expr = _int(0)
    else:
        distance_expr = _distance_centi_sql(
            _distance_sql(
                _float_value(p.origin[0]),
                _float_value(p.origin[1]),
                _as_float("latitude"),
                _as_float("longitude"),
            ),
            weights,
        )

    if p.driving_licence and p.own_car:
        with_licence = w("mobility")
    elif p.driving_licence:
        with_licence = w("mobility") // 2
    else:
        with_licence = 0
    without = w("mobility") if (p.public_transport or p.own_car) else w("mobility") // 2
    mobility_expr = Case(
        When(driving_licence=True, then=_int(with_licence)),
        default=_int(without),
        output_field=IntegerField(),
    )

    if p.available:
        start_expr = Case(
            When(start_date__isnull=True, then=_int(w("start"))),
            When(start_date__lte=today + timedelta(days=SOON_DAYS), then=_int(w("start"))),
            default=_int(w("start") // 2),
            output_field=IntegerField(),
        )
    else:
        start_expr = _int(0)
    stage_expr = _int(w("stage") * STAGE_QUARTERS.get(p.stage, 0) // 4)

    return (
        vacancies.annotate(**annotations)
        .annotate(
            m_occupational_field=field_expr,
            m_skills=skills_expr,
            m_german=german_expr,
            m_hours=hours_expr,
            m_distance=distance_expr,
            m_mobility=mobility_expr,
            m_start=start_expr,
            m_stage=stage_expr,
        )
        .annotate(m_score=_score_sum())
        .order_by("-m_score", "pk")
    )


def rank_cases(cases: QuerySet[CaseModel], *, job: Job, weights: Weights, today: date):
    """`cases` with each factor's centipoints (`m_<factor>`) and `m_score` for one
    vacancy, best first: one query for all of them."""
    w = weights.centi
    j = job
    if j.field:
        field_expr = Case(
            When(
                # The offers of the field as an uncorrelated subquery (computed once),
                # so that each case costs one probe of its enrolments, no join.
                Exists(
                    Enrolment.objects.filter(
                        case=OuterRef("pk"),
                        offer_id__in=Offer.objects.filter(occupational_field=j.field).values("pk"),
                    )
                ),
                then=_int(w("occupational_field")),
            ),
            default=_int(0),
            output_field=IntegerField(),
        )
    else:
        field_expr = _int(0)

    skills_expr = _case_skills_sql(w("skills"), j.essential, j.optional)

    if not j.german_level:
        german_expr = _int(w("german"))
    else:
        required = GERMAN_LEVEL_ORDER[j.german_level]
        whens = [
            When(
                participant__german_level__in=_levels(lambda rank: rank >= required),
                then=_int(w("german")),
            )
        ]
        if required - 1 in _LEVEL_BY_RANK:
            whens.append(
                When(
                    participant__german_level=_LEVEL_BY_RANK[required - 1],
                    then=_int(w("german") // 2),
                )
            )
        german_expr = Case(*whens, default=_int(0), output_field=IntegerField())

    if not j.part_time_possible:
        needing = 0
    elif j.shift_work:
        needing = w("hours") // 2
    else:
        needing = w("hours")
    hours_expr = Case(
        When(
            Q(participant__single_parent="yes") | Q(participant__childcare_needed=True),
            then=_int(needing),
        ),
        default=_int(w("hours")),
        output_field=IntegerField(),
    )

    annotations = {}
    if j.position is None:
        distance_expr = _int(0)
    else:
        lat, lon = _float_value(j.position[0]), _float_value(j.position[1])
        # One probe of the postcode centres per row, the distance computed inside it;
        # the district's centre only where the postcode has none.
        from_postcode = (
            PostcodeArea.objects.filter(postcode=OuterRef("participant__postcode"))
            .annotate(km=_distance_sql(_as_float("latitude"), _as_float("longitude"), lat, lon))
            .values("km")[:1]
        )
        from_district = _distance_sql(
            _as_float("participant__district__centre_lat"),
            _as_float("participant__district__centre_lon"),
            lat,
            lon,
        )
        distance_expr = _distance_centi_sql(
            Coalesce(Subquery(from_postcode, output_field=FloatField()), from_district), weights
        )

    if j.driving_licence:
        mobility_expr = Case(
            When(
                participant__driving_licence=True,
                participant__own_car=True,
                then=_int(w("mobility")),
            ),
            When(participant__driving_licence=True, then=_int(w("mobility") // 2)),
            default=_int(0),
            output_field=IntegerField(),
        )
    else:
        mobility_expr = Case(
            When(
                Q(participant__public_transport=True) | Q(participant__own_car=True),
                then=_int(w("mobility")),
            ),
            default=_int(w("mobility") // 2),
            output_field=IntegerField(),
        )

    if j.start_date is None or j.start_date <= today + timedelta(days=SOON_DAYS):
        start_points = w("start")
    else:
        start_points = w("start") // 2
    start_expr = Case(
        When(Q(exit_date__isnull=True) & ~Q(stage__in=UNAVAILABLE_STAGES), then=_int(start_points)),
        default=_int(0),
        output_field=IntegerField(),
    )
    stage_expr = Case(
        *[
            When(stage=stage, then=_int(w("stage") * quarters // 4))
            for stage, quarters in STAGE_QUARTERS.items()
            if quarters
        ],
        default=_int(0),
        output_field=IntegerField(),
    )

    return (
        cases.annotate(**annotations)
        .annotate(
            m_occupational_field=field_expr,
            m_skills=skills_expr,
            m_german=german_expr,
            m_hours=hours_expr,
            m_distance=distance_expr,
            m_mobility=mobility_expr,
            m_start=start_expr,
            m_stage=stage_expr,
        )
        .annotate(m_score=_score_sum())
        .order_by("-m_score", "pk")
    )


def sql_score(row) -> Decimal:
    """A ranked row's score in points."""
    return _points(row.m_score)
