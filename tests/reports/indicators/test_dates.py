"""The date rules of the indicators in SQL against Python: age in full years
(`Participant.age_on`) and "+ k calendar months" (`dateutil.relativedelta`), on every
day around the boundaries and on random dates, on whichever database the suite runs."""

from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.db.models import BooleanField, ExpressionWrapper
from hypothesis import given
from hypothesis import strategies as st

from quartier.cases.models import Case
from quartier.core.models import Project
from quartier.participants.models import Participant
from quartier.reports.indicators.dates import (
    age_at_least,
    age_below,
    age_between,
    age_key,
    months_after,
    months_after_aliases,
)
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

AGES = (18, 25, 30, 55)


def make_cases(project: Project, triples) -> None:
    """One unemployed participant with a case per (birth, entry, unemployed_since)."""
    organisation = project.lead_organisation
    participants = Participant.objects.bulk_create(
        Participant(
            project=project,
            organisation=organisation,
            external_id=str(number),
            first_name="A",
            last_name="B",
            birth_date=birth,
            postcode="44649",
            labour_status="unemployed",
            unemployed_since=since,
        )
        for number, (birth, _entry, since) in enumerate(triples)
    )
    Case.objects.bulk_create(
        Case(participant=p, project=project, organisation=organisation, entry_date=entry)
        for p, (_birth, entry, _since) in zip(participants, triples, strict=True)
    )


def flag(condition):
    return ExpressionWrapper(condition, output_field=BooleanField())


def sql_flags(project: Project):
    """Per case: the dates, and every age and month rule as the database decides it."""
    annotations = {f"at_least_{years}": flag(age_at_least("age", years)) for years in AGES}
    annotations |= {f"below_{years}": flag(age_below("age", years)) for years in AGES}
    annotations["young_adult"] = flag(age_between("age", 18, 29))
    annotations["after_6"] = flag(months_after("since", 6))
    annotations["after_12"] = flag(months_after("since", 12))
    return (
        Case.objects.filter(project=project)
        .alias(
            age=age_key(birth="participant__birth_date", day="entry_date"),
            **months_after_aliases(
                start="participant__unemployed_since", day="entry_date", prefix="since"
            ),
        )
        .annotate(**annotations)
        .values(
            "entry_date",
            "participant__birth_date",
            "participant__unemployed_since",
            *annotations,
        )
    )


def check(project: Project) -> int:
    rows = list(sql_flags(project))
    for row in rows:
        birth, entry = row["participant__birth_date"], row["entry_date"]
        since = row["participant__unemployed_since"]
        age = Participant(birth_date=birth).age_on(entry)
        where = f"born {birth}, entry {entry}, unemployed since {since}, age {age}"
        for years in AGES:
            assert row[f"at_least_{years}"] is (age >= years), where
            assert row[f"below_{years}"] is (age < years), where
        assert row["young_adult"] is (18 <= age <= 29), where
        assert row["after_6"] is (since + relativedelta(months=6) <= entry), where
        assert row["after_12"] is (since + relativedelta(months=12) <= entry), where
    return len(rows)


def days(first: date, last: date):
    return (first + timedelta(days=n) for n in range((last - first).days + 1))


def test_age_on_every_birthday_and_the_days_around_it():
    # Births on every day of 2003 and 2004 (a leap year), entries the day before, on
    # and after each birthday that matters, in leap and common years.
    project = ProjectFactory()
    triples = []
    for birth in days(date(2003, 1, 1), date(2004, 12, 31)):
        for years in AGES:
            birthday = birth + relativedelta(years=years)  # 29 Feb → 28 Feb
            for entry in {birthday - timedelta(days=1), birthday, birthday + timedelta(days=1)}:
                triples.append((birth, entry, entry))
    make_cases(project, triples)
    assert check(project) == len(triples)


def test_months_after_on_every_day_and_every_month_end():
    # Unemployed since every day of 2023 and 2024; entries the day before, on and after
    # since + 6 and + 12 months, and on the last day of that month.
    project = ProjectFactory()
    triples = []
    for since in days(date(2023, 1, 1), date(2024, 12, 31)):
        for months in (6, 12):
            due = since + relativedelta(months=months)
            month_end = due + relativedelta(day=31)
            entries = {due - timedelta(days=1), due, due + timedelta(days=1), month_end}
            triples.extend((date(1980, 1, 1), entry, since) for entry in entries)
    make_cases(project, triples)
    assert check(project) == len(triples)


any_day = st.dates(min_value=date(1930, 1, 1), max_value=date(2035, 12, 31))


@given(
    st.lists(
        st.tuples(any_day, any_day, st.integers(min_value=0, max_value=800)),
        min_size=1,
        max_size=25,
    )
)
def test_random_dates_agree_with_python(values):
    project = ProjectFactory()
    make_cases(
        project,
        [(birth, entry, entry - timedelta(days=back)) for birth, entry, back in values],
    )
    assert check(project) == len(values)


# The six-month follow-up: exit + 6 calendar months ≤ recorded on + early days ----------


@given(
    pairs=st.lists(
        st.tuples(
            st.dates(min_value=date(2019, 1, 1), max_value=date(2026, 12, 31)),
            st.integers(min_value=150, max_value=200),
        ),
        min_size=1,
        max_size=40,
    ),
    early=st.integers(min_value=0, max_value=40),
)
def test_the_follow_up_rule_in_sql_agrees_with_relativedelta(pairs, early):
    from django.test import override_settings

    from quartier.reports.indicators.followup import followup_aliases, followup_in_time

    project = ProjectFactory()
    organisation = project.lead_organisation
    participants = Participant.objects.bulk_create(
        Participant(
            project=project,
            organisation=organisation,
            external_id=str(number),
            first_name="A",
            last_name="B",
            birth_date=date(1990, 1, 1),
            postcode="44649",
            labour_status="inactive",
        )
        for number in range(len(pairs))
    )
    Case.objects.bulk_create(
        Case(
            participant=p,
            project=project,
            organisation=organisation,
            entry_date=exit,
            exit_date=exit,
            followup_6m_recorded_on=exit + timedelta(days=days),
        )
        for p, (exit, days) in zip(participants, pairs, strict=True)
    )
    with override_settings(QUARTIER_FOLLOWUP_6M_EARLY_DAYS=early):
        rows = (
            Case.objects.filter(project=project)
            .alias(**followup_aliases())
            .annotate(in_time=flag(followup_in_time()))
            .values_list("exit_date", "followup_6m_recorded_on", "in_time")
        )
        for exit, recorded, in_time in rows:
            expected = exit + relativedelta(months=6) <= recorded + timedelta(days=early)
            assert bool(in_time) == expected, (exit, recorded, early)
