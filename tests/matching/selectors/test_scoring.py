"""The score: the SQL ranking and the row-by-row Python computation give the same
numbers (a property test over random people and vacancies), and the factors' reasons."""

import math
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quartier.cases.models import Case, Stage
from quartier.economy.models import Vacancy
from quartier.matching.selectors import scoring
from quartier.matching.selectors.scoring import Weights
from tests.economy.factories_vacancies import SkillFactory
from tests.factories import AssessmentFactory, CaseFactory, DistrictFactory, ProjectFactory
from tests.matching.factories import MatchVacancyFactory, PostcodeAreaFactory
from tests.offers.factories import OfferFactory

TODAY = date(2026, 12, 5)
FIELDS = ["", "gardening_landscaping", "care", "retail"]
LEVELS = ["", "none", "A1", "A2", "B1", "B2", "C1", "native"]
VACANCY_LEVELS = ["", "A1", "A2", "B1", "B2", "C1"]
COORDS = st.one_of(
    st.none(),
    st.tuples(
        st.decimals(min_value=Decimal("51.30"), max_value=Decimal("51.80"), places=6),
        st.decimals(min_value=Decimal("6.90"), max_value=Decimal("7.40"), places=6),
    ),
)
vacancy_specs = st.fixed_dictionaries(
    {
        "occupational_field": st.sampled_from(FIELDS),
        "german_level": st.sampled_from(VACANCY_LEVELS),
        "part_time": st.booleans(),
        "hours_per_week": st.one_of(
            st.none(), st.sampled_from([Decimal(20), Decimal(30), Decimal(39)])
        ),
        "shift_work": st.booleans(),
        "driving_licence": st.booleans(),
        "start_date": st.one_of(
            st.none(), st.integers(-30, 200).map(lambda d: TODAY + timedelta(d))
        ),
        "coords": COORDS,
        "needs": st.lists(
            st.tuples(st.integers(0, 4), st.booleans()), max_size=4, unique_by=lambda n: n[0]
        ),
    }
)
person_specs = st.fixed_dictionaries(
    {
        "german_level": st.sampled_from(LEVELS),
        "single_parent": st.sampled_from(["yes", "no", "not_stated"]),
        "childcare_needed": st.booleans(),
        "driving_licence": st.booleans(),
        "own_car": st.booleans(),
        "public_transport": st.booleans(),
        "stage": st.sampled_from(Stage.values),
        "fields": st.lists(st.sampled_from(FIELDS[1:]), max_size=2, unique=True),
        "skills": st.one_of(st.none(), st.lists(st.integers(0, 4), max_size=4, unique=True)),
        "postcode": st.sampled_from(["44649", "44866", "99999"]),
        "district": st.booleans(),
    }
)
weight_specs = st.builds(
    Weights,
    occupational_field=st.integers(0, 100),
    skills=st.integers(0, 100),
    german=st.integers(0, 100),
    hours=st.integers(0, 100),
    distance=st.integers(0, 100),
    mobility=st.integers(0, 100),
    start=st.integers(0, 100),
    stage=st.integers(0, 100),
    max_distance_km=st.integers(1, 200),
)


def make_case(project, spec, skills):
    district = (
        DistrictFactory(centre_lat="51.500000", centre_lon="7.200000") if spec["district"] else None
    )
    case = CaseFactory(
        participant__project=project,
        participant__postcode=spec["postcode"],
        participant__district=district,
        participant__german_level=spec["german_level"],
        participant__single_parent=spec["single_parent"],
        participant__childcare_needed=spec["childcare_needed"],
        participant__driving_licence=spec["driving_licence"],
        participant__own_car=spec["own_car"],
        participant__public_transport=spec["public_transport"],
        stage=spec["stage"],
    )
    for value in spec["fields"]:
        OfferFactory(project=project, occupational_field=value).enrolments.create(
            case=case, status="completed", start_date=date(2025, 3, 1), end_date=date(2025, 6, 1)
        )
    if spec["skills"] is not None:
        AssessmentFactory(case=case, date=date(2025, 1, 1)).skills.set([skills[0]])  # older one
        AssessmentFactory(case=case, date=date(2025, 4, 1)).skills.set(
            [skills[i] for i in spec["skills"]]
        )
    return case


def make_vacancy(project, spec, skills):
    coords = spec["coords"] or (None, None)
    return MatchVacancyFactory(
        project=project,
        employer=None,
        occupational_field=spec["occupational_field"],
        german_level=spec["german_level"],
        part_time=spec["part_time"],
        hours_per_week=spec["hours_per_week"],
        shift_work=spec["shift_work"],
        driving_licence=spec["driving_licence"],
        start_date=spec["start_date"],
        latitude=coords[0],
        longitude=coords[1],
        needs=[(skills[i], essential) for i, essential in spec["needs"]],
    )


@pytest.fixture
def setting(db):
    PostcodeAreaFactory(postcode="44649", latitude="51.528000", longitude="7.159000")
    PostcodeAreaFactory(postcode="44866", latitude="51.483000", longitude="7.100000")
    return ProjectFactory(), [SkillFactory() for _ in range(5)]


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    person=person_specs,
    vacancies=st.lists(vacancy_specs, min_size=1, max_size=5),
    weights=weight_specs,
)
def test_sql_ranking_of_vacancies_equals_row_by_row(setting, person, vacancies, weights):
    project, skills = setting
    with transaction.atomic():
        case = make_case(project, person, skills)
        case = Case.objects.select_related("participant__district").get(pk=case.pk)
        for spec in vacancies:
            make_vacancy(project, spec, skills)
        queryset = Vacancy.objects.filter(project=project)
        ranked = scoring.rank_vacancies(
            queryset, person=scoring.person_of(case), weights=weights, today=TODAY
        )
        sql = [(row.pk, scoring.sql_score(row)) for row in ranked]
        python = scoring.score_row_by_row(
            case=case, vacancies=queryset, weights=weights, today=TODAY
        )
        assert sql == python
        # The explanation's points add up to the same score.
        person_ = scoring.person_of(case)
        for row in ranked:
            explanation = scoring.explain(person_, scoring.job_of(row), weights, TODAY)
            assert explanation.score == scoring.sql_score(row)
        transaction.set_rollback(True)


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    people=st.lists(person_specs, min_size=1, max_size=5),
    vacancy=vacancy_specs,
    weights=weight_specs,
)
def test_sql_ranking_of_cases_equals_row_by_row(setting, people, vacancy, weights):
    project, skills = setting
    with transaction.atomic():
        for spec in people:
            make_case(project, spec, skills)
        job = make_vacancy(project, vacancy, skills)
        cases = Case.objects.filter(project=project)
        ranked = scoring.rank_cases(cases, job=scoring.job_of(job), weights=weights, today=TODAY)
        sql = [(row.pk, scoring.sql_score(row)) for row in ranked]
        python = scoring.score_row_by_row(vacancy=job, cases=cases, weights=weights, today=TODAY)
        assert sql == python
        transaction.set_rollback(True)


def test_reasons_and_fallbacks():
    weights = Weights()
    person = scoring.Person(
        case_id=1,
        fields=frozenset({"care"}),
        skill_ids=frozenset({1, 2, 3}),
        german_rank=2,
        german_level="A2",
        needs_part_time=True,
        origin=None,
        driving_licence=True,
        stage=Stage.PLACEMENT,
    )
    job = scoring.Job(
        vacancy_id=1,
        field="care",
        essential=frozenset({1, 2, 3, 4}),
        german_level="B1",
        part_time=True,
        shift_work=True,
        position=(51.5, 7.2),
        driving_licence=True,
        start_date=TODAY + timedelta(days=200),
    )
    explanation = scoring.explain(person, job, weights, TODAY)
    reasons = {f.factor: (f.points, f.reason) for f in explanation.factors}
    assert reasons["occupational_field"] == (Decimal("20.00"), "field of interest: care")
    assert reasons["skills"] == (Decimal("20.31"), "3 of 4 essential skills")
    assert reasons["german"] == (Decimal("7.50"), "German A2, one level below the required B1")
    assert reasons["hours"] == (Decimal("5.00"), "part-time possible, but shift work")
    assert reasons["distance"] == (Decimal("0.00"), "distance unknown")
    assert reasons["mobility"][0] == Decimal("2.50")
    assert reasons["start"][0] == Decimal("2.50")
    assert reasons["stage"] == (Decimal("5.00"), "stage: placement")
    near = scoring.explain(
        scoring.Person(case_id=1, origin=(51.5, 7.2)), job, weights, TODAY
    ).factors
    distance = next(f for f in near if f.factor == "distance")
    assert (distance.points, distance.reason) == (
        Decimal("15.00"),
        "about 0.0 km from home (near home)",
    )


def test_distance_approximation_is_close_to_the_great_circle():
    # Herne Wanne-Süd to Bochum-Wattenscheid: about 9.5 km.
    a, b = (51.528, 7.159), (51.483, 7.100)
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    great_circle = (
        2
        * 6371
        * math.asin(
            math.sqrt(
                math.sin((lat2 - lat1) / 2) ** 2
                + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
            )
        )
    )
    assert abs(scoring.distance_km(a, b) - great_circle) < 0.01


def test_district_centre_is_the_fallback_origin(db):
    district = DistrictFactory(centre_lat="51.500000", centre_lon="7.200000")
    case = CaseFactory(participant__postcode="99999", participant__district=district)
    assert scoring.person_of(case).origin == (51.5, 7.2)
    assert scoring.person_of(CaseFactory(participant__postcode="99998")).origin is None


def test_the_distance_reads_in_the_languages_number_format():
    from django.utils import translation

    weights = Weights()
    job = scoring.Job(vacancy_id=1, position=(51.5, 7.25))
    person = scoring.Person(case_id=1, origin=(51.5, 7.2))
    with translation.override("en"):
        english = next(
            f
            for f in scoring.explain(person, job, weights, TODAY).factors
            if f.factor == "distance"
        )
    with translation.override("de"):
        german = next(
            f
            for f in scoring.explain(person, job, weights, TODAY).factors
            if f.factor == "distance"
        )
    assert "3.5 km" in english.reason
    assert "3,5 km" in german.reason
