"""BIWAQ HF1: leavers in the period whose support needs total fell between assessments."""

from datetime import date

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from quartier.reports.indicators import hf1_rule, indicator_report
from tests.factories import ProjectFactory
from tests.reports.indicator_people import ZERO, assess, by_gender, enter

pytestmark = pytest.mark.django_db

ENTRY, EXIT = date(2024, 2, 1), date(2024, 11, 30)
FIRST, LAST = date(2024, 1, 1), date(2024, 12, 31)


@pytest.fixture
def project():
    # Funded long enough for every date below (the funded period is tested apart).
    return ProjectFactory(start_date=date(2020, 1, 1), end_date=date(2027, 12, 31))


def leaver(project, gender="female", exit=EXIT):
    return enter(project, entry=ENTRY, exit=exit, gender=gender)


def hf1(project, date_from=FIRST, date_to=LAST):
    return indicator_report(project=project, date_from=date_from, date_to=date_to).hf1


def test_the_last_assessment_lower_than_the_first_counts(project):
    improved = leaver(project, "female")
    assess(improved, date(2024, 2, 5), 12)
    assess(improved, date(2024, 6, 1), 14)  # worse in between
    assess(improved, date(2024, 11, 1), 11)  # one point lower than the first
    same = leaver(project, "male")
    assess(same, date(2024, 2, 5), 9)
    assess(same, date(2024, 11, 1), 9)
    worse = leaver(project, "non_binary")
    assess(worse, date(2024, 2, 5), 4)
    assess(worse, date(2024, 11, 1), 6)
    assert hf1(project) == by_gender("female")


def test_one_assessment_alone_never_counts(project):
    assess(leaver(project), date(2024, 2, 5), 20)
    assert hf1(project) == ZERO


def test_without_assessments_nobody_counts(project):
    leaver(project)
    assert hf1(project) == ZERO


def test_only_leavers_in_the_period_count(project):
    for exit, gender in [
        (date(2023, 12, 31), "female"),  # a day before the period
        (FIRST, "male"),
        (LAST, "non_binary"),
        (date(2025, 1, 1), "not_stated"),  # a day after
        (None, "female"),  # still taking part
    ]:
        case = enter(project, entry=date(2023, 6, 1), exit=exit, gender=gender)
        assess(case, date(2023, 6, 5), 15)
        assess(case, date(2023, 12, 1), 5)
    assert hf1(project) == by_gender("male", "non_binary")
    assert hf1(project, None, None) == by_gender("female", "male", "non_binary", "not_stated")


def test_assessments_on_the_same_day_are_ordered_as_recorded(project):
    case = leaver(project)
    assess(case, date(2024, 3, 1), 10)  # recorded first: the first assessment
    assess(case, date(2024, 3, 1), 8)  # recorded second on the same day: the last
    assert hf1(project) == by_gender("female")
    other = leaver(project, "male")
    assess(other, date(2024, 3, 1), 8)
    assess(other, date(2024, 3, 1), 10)
    assert hf1(project) == by_gender("female")


def test_order_is_by_date_not_by_recording(project):
    case = leaver(project)
    assess(case, date(2024, 9, 1), 5)  # recorded first, but dated later: the last one
    assess(case, date(2024, 3, 1), 9)  # the first one by date
    assert hf1(project) == by_gender("female")


def relapse(project):
    case = leaver(project, "male")
    assess(case, date(2024, 2, 5), 10)
    assess(case, date(2024, 6, 1), 4)
    assess(case, date(2024, 11, 1), 10)
    return case


@override_settings(QUARTIER_HF1_RULE="first_vs_best")
def test_first_vs_best_counts_a_relapse_after_progress(project):
    relapse(project)
    assert hf1(project) == by_gender("male")


def test_first_vs_last_does_not_count_a_relapse(project):
    relapse(project)
    assert hf1(project) == ZERO


@override_settings(QUARTIER_HF1_MIN_IMPROVEMENT=3)
def test_a_minimum_improvement_in_points(project):
    two = leaver(project, "female")
    assess(two, date(2024, 2, 5), 10)
    assess(two, date(2024, 11, 1), 8)  # 2 points: not enough
    three = leaver(project, "male")
    assess(three, date(2024, 2, 5), 10)
    assess(three, date(2024, 11, 1), 7)  # 3 points
    assert hf1(project) == by_gender("male")


@pytest.mark.parametrize(
    "changes",
    [
        {"QUARTIER_HF1_RULE": "best"},
        {"QUARTIER_HF1_MIN_IMPROVEMENT": 0},
        {"QUARTIER_HF1_MIN_IMPROVEMENT": "1"},
        {"QUARTIER_HF1_MIN_IMPROVEMENT": True},
    ],
)
def test_a_wrong_setting_is_refused_with_its_name(changes):
    setting = next(iter(changes))
    with override_settings(**changes), pytest.raises(ImproperlyConfigured, match=setting):
        hf1_rule()


def test_the_default_rule():
    rule = hf1_rule()
    assert (rule.compare, rule.min_improvement) == ("first_vs_last", 1)
