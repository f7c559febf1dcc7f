"""The ESF Plus common indicators (INDICATORS.md section 2) for hand-made cases at every
boundary. Each test says which participants it makes and why each one counts or not;
the expected figures are written out by hand, not computed by the code under test."""

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quartier.cases.models import Case
from quartier.reports.indicators import CODES, GENDER_COLUMNS, PARTICIPANT_CODES, indicator_report
from tests.factories import ProjectFactory
from tests.reports.indicator_people import ZERO, by_gender, enter

pytestmark = pytest.mark.django_db

ENTRY = date(2024, 6, 15)


@pytest.fixture
def project():
    # Funded long enough for every date below (the funded period is tested apart).
    return ProjectFactory(start_date=date(2020, 1, 1), end_date=date(2027, 12, 31))


def report(project, date_from=None, date_to=None):
    return indicator_report(project=project, date_from=date_from, date_to=date_to)


def figures(project, code, date_from=None, date_to=None):
    return report(project, date_from, date_to).indicators[code]


# Age: full years on the entry date --------------------------------------------------


def test_age_boundaries_on_the_entry_date(project):
    # Birthdays on the entry date count the new age; the day before they do not.
    enter(project, entry=ENTRY, birth=date(2006, 6, 16), gender="female")  # 17, 18 tomorrow
    enter(project, entry=ENTRY, birth=date(2006, 6, 15), gender="male")  # 18 today
    enter(project, entry=ENTRY, birth=date(1994, 6, 16), gender="non_binary")  # 29
    enter(project, entry=ENTRY, birth=date(1994, 6, 15), gender="not_stated")  # 30 today
    enter(project, entry=ENTRY, birth=date(1969, 6, 16), gender="female")  # 54
    enter(project, entry=ENTRY, birth=date(1969, 6, 15), gender="male")  # 55 today
    result = report(project)
    assert result.indicators["EECO06"] == by_gender("female")
    assert result.indicators["EECO07"] == by_gender("male", "non_binary")
    assert result.indicators["EECO08"] == by_gender("male")
    assert result.indicators["EECO01"] == by_gender(
        "female", "male", "non_binary", "not_stated", "female", "male"
    )


def test_ages_the_day_after_the_birthday_count_the_new_age_too(project):
    enter(project, entry=date(2024, 6, 16), birth=date(2006, 6, 15))  # 18 yesterday
    enter(project, entry=date(2024, 6, 16), birth=date(1994, 6, 15))  # 30 yesterday
    enter(project, entry=date(2024, 6, 16), birth=date(1969, 6, 15))  # 55 yesterday
    result = report(project)
    assert result.indicators["EECO06"]["total"] == 0
    assert result.indicators["EECO07"]["total"] == 1
    assert result.indicators["EECO08"]["total"] == 1


def test_born_on_29_february_is_a_year_older_on_1_march_of_a_common_year(project):
    # 2022, 2023 and 2026 have no 29 February: the birthday is passed on 1 March.
    enter(project, entry=date(2022, 2, 28), birth=date(2004, 2, 29), gender="female")  # 17
    enter(project, entry=date(2022, 3, 1), birth=date(2004, 2, 29), gender="male")  # 18
    enter(project, entry=date(2026, 2, 28), birth=date(1996, 2, 29), gender="non_binary")  # 29
    enter(project, entry=date(2026, 3, 1), birth=date(1996, 2, 29), gender="not_stated")  # 30
    enter(project, entry=date(2023, 2, 28), birth=date(1968, 2, 29), gender="female")  # 54
    enter(project, entry=date(2023, 3, 1), birth=date(1968, 2, 29), gender="male")  # 55
    result = report(project)
    assert result.indicators["EECO06"] == by_gender("female")
    assert result.indicators["EECO07"] == by_gender("male", "non_binary")
    assert result.indicators["EECO08"] == by_gender("male")


def test_born_on_29_february_has_the_birthday_on_29_february_of_a_leap_year(project):
    enter(project, entry=date(2024, 2, 29), birth=date(2006, 2, 28))  # 18 since yesterday
    enter(project, entry=date(2024, 2, 29), birth=date(2006, 3, 1))  # 17, 18 tomorrow
    enter(project, entry=date(2024, 2, 28), birth=date(1996, 2, 29))  # 27, 28 tomorrow
    enter(project, entry=date(2024, 2, 29), birth=date(1996, 2, 29))  # 28 today
    result = report(project)
    assert result.indicators["EECO07"]["total"] == 3
    assert result.indicators["EECO06"]["total"] == 1
    assert result.indicators["EECO01"]["total"] == 4


# Labour market status and long-term unemployment ------------------------------------


def unemployed(project, *, since, entry, birth=date(1980, 1, 1), gender="female"):
    return enter(
        project,
        entry=entry,
        birth=birth,
        gender=gender,
        labour_status="unemployed",
        unemployed_since=since,
    )


def test_long_term_unemployed_from_25_after_exactly_twelve_calendar_months(project):
    unemployed(project, since=date(2023, 6, 15), entry=date(2024, 6, 15), gender="female")  # 12 m
    unemployed(
        project, since=date(2023, 6, 16), entry=date(2024, 6, 15), gender="male"
    )  # a day short
    unemployed(project, since=date(2023, 6, 14), entry=date(2024, 6, 15), gender="non_binary")
    unemployed(project, since=date(2020, 1, 1), entry=date(2024, 6, 15), gender="not_stated")
    assert figures(project, "EECO03") == by_gender("female", "non_binary", "not_stated")
    assert figures(project, "EECO02") == by_gender("female", "male", "non_binary", "not_stated")


def test_long_term_unemployed_below_25_after_exactly_six_calendar_months(project):
    young = date(2004, 1, 1)  # 20 on every entry date below
    unemployed(project, since=date(2023, 12, 15), entry=date(2024, 6, 15), birth=young)  # 6 m
    unemployed(project, since=date(2023, 12, 16), entry=date(2024, 6, 15), birth=young)  # short
    unemployed(  # 7 months, the day of month is no longer looked at
        project, since=date(2023, 11, 30), entry=date(2024, 6, 1), birth=young, gender="male"
    )
    assert figures(project, "EECO03") == by_gender("female", "male")


def test_the_six_month_rule_ends_the_day_before_the_25th_birthday(project):
    since, entry = date(2023, 12, 15), date(2024, 6, 15)  # six months, not twelve
    unemployed(project, since=since, entry=entry, birth=date(1999, 6, 16), gender="female")  # 24
    unemployed(project, since=since, entry=entry, birth=date(1999, 6, 15), gender="male")  # 25
    assert figures(project, "EECO03") == by_gender("female")


def test_six_months_from_the_end_of_august_end_at_the_end_of_february(project):
    young = date(2005, 1, 1)
    # 2023-08-31 + 6 months = 2024-02-29 (leap year); 2022-08-31 + 6 months = 2023-02-28.
    unemployed(project, since=date(2023, 8, 31), entry=date(2024, 2, 29), birth=young)
    unemployed(
        project, since=date(2023, 8, 31), entry=date(2024, 2, 28), birth=young, gender="male"
    )
    unemployed(
        project, since=date(2022, 8, 31), entry=date(2023, 2, 28), birth=young, gender="non_binary"
    )
    unemployed(
        project, since=date(2022, 8, 30), entry=date(2023, 2, 28), birth=young, gender="not_stated"
    )
    unemployed(project, since=date(2022, 8, 27), entry=date(2023, 2, 27), birth=young)
    # 2022-08-29 + 6 months = 2023-02-28 (clamped), one day after this entry:
    unemployed(
        project, since=date(2022, 8, 29), entry=date(2023, 2, 27), birth=young, gender="male"
    )
    # In: 08-31→02-29, 08-31→02-28 (2023), 08-30→02-28 (clamped), 08-27→02-27.
    assert figures(project, "EECO03") == by_gender("female", "non_binary", "not_stated", "female")


def test_twelve_months_from_29_february_end_on_28_february(project):
    unemployed(project, since=date(2024, 2, 29), entry=date(2025, 2, 28), gender="female")
    unemployed(project, since=date(2024, 2, 29), entry=date(2025, 2, 27), gender="male")
    unemployed(project, since=date(2023, 2, 28), entry=date(2024, 2, 28), gender="non_binary")
    unemployed(project, since=date(2023, 3, 31), entry=date(2024, 3, 30), gender="not_stated")
    assert figures(project, "EECO03") == by_gender("female", "non_binary")


def test_only_unemployed_people_are_long_term_unemployed(project):
    enter(
        project,
        entry=ENTRY,
        labour_status="inactive",
        unemployed_since=date(2020, 1, 1),  # left over from an earlier status
    )
    assert figures(project, "EECO03") == ZERO
    assert figures(project, "EECO04") == by_gender("female")


def test_employed_and_self_employed_count_as_employed(project):
    enter(project, entry=ENTRY, labour_status="employed", gender="female")
    enter(project, entry=ENTRY, labour_status="self_employed", gender="male")
    enter(project, entry=ENTRY, labour_status="inactive", gender="non_binary")
    assert figures(project, "EECO05") == by_gender("female", "male")
    assert figures(project, "EECO04") == by_gender("non_binary")
    assert figures(project, "EECO02") == ZERO


# Education and the yes/no/not stated answers -----------------------------------------


def test_isced_levels_and_not_stated(project):
    for level, gender in [
        (0, "female"),
        (2, "male"),
        (3, "female"),
        (4, "non_binary"),
        (5, "male"),
        (8, "not_stated"),
        (None, "female"),
    ]:
        enter(project, entry=ENTRY, isced=level, gender=gender)
    result = report(project)
    assert result.indicators["EECO09"] == by_gender("female", "male")
    assert result.indicators["EECO10"] == by_gender("female", "non_binary")
    assert result.indicators["EECO11"] == by_gender("male", "not_stated")
    assert result.indicators["EECO01"]["total"] == 7


@pytest.mark.parametrize(
    ("field", "code"),
    [
        ("disability", "EECO12"),
        ("third_country_national", "EECO13"),
        ("foreign_background", "EECO14"),
        ("minority", "EECO15"),
        ("homeless", "EECO16"),
    ],
)
def test_only_yes_counts_never_not_stated(project, field, code):
    enter(project, entry=ENTRY, gender="female", **{field: "yes"})
    enter(project, entry=ENTRY, gender="male", **{field: "no"})
    enter(project, entry=ENTRY, gender="non_binary", **{field: "not_stated"})
    enter(project, entry=ENTRY, gender="not_stated", **{field: "yes"})
    assert figures(project, code) == by_gender("female", "not_stated")


def test_rural(project):
    enter(project, entry=ENTRY, rural=True, gender="non_binary")
    enter(project, entry=ENTRY, rural=False, gender="male")
    assert figures(project, "EECO17") == by_gender("non_binary")


def test_every_gender_has_its_column_and_the_total_is_their_sum(project):
    for gender, count in [("female", 3), ("male", 2), ("non_binary", 1), ("not_stated", 4)]:
        for _ in range(count):
            enter(project, entry=ENTRY, gender=gender)
    assert figures(project, "EECO01") == {
        "total": 10,
        "women": 3,
        "men": 2,
        "non_binary": 1,
        "not_stated": 4,
    }


# The period: entries for output, exits for result indicators -------------------------


FIRST, LAST = date(2024, 1, 1), date(2024, 12, 31)


def test_entries_on_the_first_and_last_day_count_and_a_day_outside_does_not(project):
    enter(project, entry=date(2023, 12, 31), gender="female")
    enter(project, entry=FIRST, gender="male")
    enter(project, entry=LAST, gender="non_binary")
    enter(project, entry=date(2025, 1, 1), gender="not_stated")
    assert figures(project, "EECO01", FIRST, LAST) == by_gender("male", "non_binary")
    assert figures(project, "EECO01", FIRST, None) == by_gender("male", "non_binary", "not_stated")
    assert figures(project, "EECO01", None, LAST) == by_gender("female", "male", "non_binary")
    assert figures(project, "EECO01") == by_gender("female", "male", "non_binary", "not_stated")


def test_exits_on_the_first_and_last_day_count_and_a_day_outside_does_not(project):
    before = date(2023, 1, 1)  # every entry lies before the period
    leaving = {"exit_employed": "yes", "followup_6m_employed": "yes"}
    enter(project, entry=before, exit=date(2023, 12, 31), gender="female", **leaving)
    enter(project, entry=before, exit=FIRST, gender="male", **leaving)
    enter(project, entry=before, exit=LAST, gender="non_binary", **leaving)
    enter(project, entry=before, exit=date(2025, 1, 1), gender="not_stated", **leaving)
    enter(project, entry=before, gender="female")  # has not left
    result = report(project, FIRST, LAST)
    assert result.indicators["EECR04"] == by_gender("male", "non_binary")
    assert result.indicators["EECR05"] == by_gender("male", "non_binary")
    assert result.indicators["EECO01"] == ZERO  # nobody entered in the period
    assert result.followup_6m == {"leavers": 2, "with_data": 2}
    everything = report(project)
    assert everything.indicators["EECR04"]["total"] == 4
    assert everything.followup_6m == {"leavers": 4, "with_data": 4}


def test_a_case_entering_and_leaving_in_the_period_counts_on_both_sides(project):
    enter(project, entry=FIRST, exit=LAST, exit_qualification="yes", labour_status="inactive")
    result = report(project, FIRST, LAST)
    assert result.indicators["EECO04"]["total"] == 1
    assert result.indicators["EECR03"]["total"] == 1
    assert result.followup_6m["leavers"] == 1


def test_exit_answers_each_count_only_when_yes(project):
    enter(project, entry=ENTRY, exit=ENTRY, exit_job_searching="yes", gender="female")
    enter(project, entry=ENTRY, exit=ENTRY, exit_education_training="yes", gender="male")
    enter(project, entry=ENTRY, exit=ENTRY, exit_qualification="yes", gender="non_binary")
    enter(project, entry=ENTRY, exit=ENTRY, exit_employed="yes", gender="not_stated")
    result = report(project)
    assert result.indicators["EECR01"] == by_gender("female")
    assert result.indicators["EECR02"] == by_gender("male")
    assert result.indicators["EECR03"] == by_gender("non_binary")
    assert result.indicators["EECR04"] == by_gender("not_stated")


def test_six_month_follow_up_and_its_coverage(project):
    # Recorded on the day six months after the exit (2024-07-01 + 6 months).
    left = {"entry": ENTRY, "exit": date(2024, 7, 1), "followup_6m_recorded_on": date(2025, 1, 1)}
    enter(project, **left, followup_6m_employed="yes", gender="female")
    enter(project, **left, followup_6m_employed="no", gender="male")
    enter(project, **left, followup_6m_employed="unknown", gender="non_binary")
    enter(project, **left, gender="not_stated")  # never asked: unknown
    result = report(project)
    assert result.indicators["EECR05"] == by_gender("female")
    assert result.followup_6m == {"leavers": 4, "with_data": 2}


def test_better_situation_counts_only_for_people_employed_at_entry(project):
    left = {
        "entry": ENTRY,
        "exit": date(2024, 7, 1),
        "followup_6m_better_situation": "yes",
        "followup_6m_recorded_on": date(2025, 1, 6),
    }
    enter(project, **left, labour_status="employed", gender="female")
    enter(project, **left, labour_status="self_employed", gender="male")
    enter(project, **left, labour_status="inactive", gender="non_binary")
    enter(project, **left, labour_status="unemployed", unemployed_since=date(2024, 1, 1))
    enter(
        project,
        entry=ENTRY,
        exit=date(2024, 7, 1),
        labour_status="employed",
        followup_6m_better_situation="unknown",
    )
    assert figures(project, "EECR06") == by_gender("female", "male")


# The report as a whole -----------------------------------------------------------------


def test_other_projects_do_not_count(project):
    enter(ProjectFactory(), entry=ENTRY, exit=ENTRY, exit_employed="yes")
    result = report(project)
    assert all(result.indicators[code] == ZERO for code in PARTICIPANT_CODES)
    assert result.indicators["EECO19"] == {"total": 0}
    assert result.followup_6m == {"leavers": 0, "with_data": 0}
    assert result.hf1 == ZERO


def test_an_empty_project_has_every_code_with_zeros(project):
    result = report(project)
    assert list(result.indicators) == list(CODES)
    assert all(list(result.indicators[code]) == list(GENDER_COLUMNS) for code in PARTICIPANT_CODES)
    assert result.indicators["EECO19"] == {"total": 0}  # companies: no gender, a total


def test_the_report_takes_three_queries_whatever_the_number_of_cases(project):
    """The participant indicators, HF1, and EECO19 (economy)."""
    for day in range(1, 21):
        enter(project, entry=date(2024, 1, day), exit=date(2024, 2, day))
    with CaptureQueriesContext(connection) as queries:
        report(project, FIRST, LAST)
    assert len(queries) == 3


def test_a_mixed_population_by_hand(project):
    """Ten people entering in 2024, four of them leaving in it; every figure by hand."""
    p = project
    # 1 woman, 20, unemployed 7 months → EECO02, 03, 07; ISCED 2 → 09; foreign background.
    enter(p, entry=date(2024, 3, 1), birth=date(2003, 9, 9), labour_status="unemployed",
          unemployed_since=date(2023, 8, 1), isced=2, foreign_background="yes")  # fmt: skip
    # 2 man, 40, unemployed 11 months → 02 only; ISCED 3 → 10; third-country national.
    enter(p, entry=date(2024, 3, 1), birth=date(1984, 1, 1), gender="male",
          labour_status="unemployed", unemployed_since=date(2023, 4, 2), isced=3,
          third_country_national="yes", foreign_background="yes")  # fmt: skip
    # 3 non-binary, 17 → 06; inactive → 04; homeless; leaves in 2024 into training.
    enter(p, entry=date(2024, 4, 10), birth=date(2006, 4, 11), gender="non_binary",
          homeless="yes", exit=date(2024, 10, 1), exit_education_training="yes")  # fmt: skip
    # 4 woman, 56, employed → 05, 08; ISCED 6 → 11; leaves, better situation six months on.
    enter(p, entry=date(2024, 5, 5), birth=date(1968, 5, 5), labour_status="employed",
          isced=6, exit=date(2024, 11, 30), exit_employed="yes",
          followup_6m_employed="yes", followup_6m_better_situation="yes",
          followup_6m_recorded_on=date(2025, 5, 30))  # fmt: skip
    # 5 gender not stated, 30 → none of the age groups; self-employed → 05; disability.
    enter(p, entry=date(2024, 6, 30), birth=date(1994, 6, 30), gender="not_stated",
          labour_status="self_employed", disability="yes")  # fmt: skip
    # 6 man, 29, unemployed 2 years → 02, 03, 07; minority; rural; leaves job searching.
    enter(p, entry=date(2024, 7, 1), birth=date(1994, 7, 2), gender="male",
          labour_status="unemployed", unemployed_since=date(2022, 7, 1), minority="yes",
          rural=True, exit=date(2024, 12, 31), exit_job_searching="yes",
          followup_6m_employed="no", followup_6m_recorded_on=date(2025, 7, 2))  # fmt: skip
    # 7 woman, 24 (25 tomorrow), unemployed exactly 6 months (02-29 + 6 m = 08-29)
    # → 02, 03, 07.
    enter(p, entry=date(2024, 8, 29), birth=date(1999, 8, 30), labour_status="unemployed",
          unemployed_since=date(2024, 2, 29))  # fmt: skip
    # 8 man, 25 today, unemployed exactly 6 months → 02, 07 (not 03: needs 12 months).
    enter(p, entry=date(2024, 8, 29), birth=date(1999, 8, 29), gender="male",
          labour_status="unemployed", unemployed_since=date(2024, 2, 29))  # fmt: skip
    # 9 woman, 55 today, inactive → 04, 08; leaves with a qualification.
    enter(p, entry=date(2024, 12, 31), birth=date(1969, 12, 31), exit=date(2024, 12, 31),
          exit_qualification="yes", followup_6m_employed="unknown")  # fmt: skip
    # 10 non-binary, 18 today, inactive → 04, 07; ISCED not stated.
    enter(p, entry=date(2024, 1, 1), birth=date(2006, 1, 1), gender="non_binary")  # fmt: skip
    # Outside: entered 2023, left 2025 → counts nowhere in 2024.
    enter(p, entry=date(2023, 12, 31), exit=date(2025, 1, 1), exit_employed="yes",
          labour_status="unemployed", unemployed_since=date(2020, 1, 1))  # fmt: skip

    expected = {
        "EECO02": by_gender("female", "male", "male", "female", "male"),  # 1 2 6 7 8
        "EECO03": by_gender("female", "male", "female"),  # 1 6 7
        "EECO04": by_gender("non_binary", "female", "non_binary"),  # 3 9 10
        "EECO05": by_gender("female", "not_stated"),  # 4 5
        "EECO06": by_gender("non_binary"),  # 3
        "EECO07": by_gender("female", "male", "female", "male", "non_binary"),  # 1 6 7 8 10
        "EECO08": by_gender("female", "female"),  # 4 9
        "EECO09": by_gender("female"),  # 1
        "EECO10": by_gender("male"),  # 2
        "EECO11": by_gender("female"),  # 4
        "EECO01": by_gender(
            "female",
            "male",
            "non_binary",
            "female",
            "not_stated",
            "male",
            "female",
            "male",
            "female",
            "non_binary",
        ),  # fmt: skip
        "EECO12": by_gender("not_stated"),  # 5
        "EECO13": by_gender("male"),  # 2
        "EECO14": by_gender("female", "male"),  # 1 2
        "EECO15": by_gender("male"),  # 6
        "EECO16": by_gender("non_binary"),  # 3
        "EECO17": by_gender("male"),  # 6
        "EECR01": by_gender("male"),  # 6
        "EECR02": by_gender("non_binary"),  # 3
        "EECR03": by_gender("female"),  # 9
        "EECR04": by_gender("female"),  # 4
        "EECR05": by_gender("female"),  # 4
        "EECR06": by_gender("female"),  # 4 (employed at entry)
        "EECO19": {"total": 0},  # no employer supported: participants are no SMEs
    }
    result = report(p, FIRST, LAST)
    assert result.indicators == expected
    assert result.followup_6m == {"leavers": 4, "with_data": 2}  # 3 4 6 9; 4 yes, 6 no


# The six-month follow-up counts from exit + 6 calendar months ------------------------


@pytest.fixture
def long_project():
    """A project funded long enough for every exit and follow-up below."""
    return ProjectFactory(start_date=date(2020, 1, 1), end_date=date(2027, 12, 31))


def followed_up(project, *, exit, recorded, gender="female"):
    """An employed participant who left on `exit`; six months on employed and better
    off, recorded on `recorded` (None: no date, as an import leaves it)."""
    return enter(
        project,
        entry=exit,
        exit=exit,
        gender=gender,
        labour_status="employed",
        followup_6m_employed="yes",
        followup_6m_better_situation="yes",
        followup_6m_recorded_on=recorded,
    )


def followup_counts(project) -> tuple[int, int, int]:
    result = report(project)
    return (
        result.indicators["EECR05"]["total"],
        result.indicators["EECR06"]["total"],
        result.followup_6m["with_data"],
    )


@pytest.mark.parametrize(
    ("exit_day", "recorded", "counts"),
    [
        (date(2024, 3, 15), date(2024, 9, 15), True),  # exactly six months
        (date(2024, 3, 15), date(2024, 9, 14), False),  # one day before
        (date(2024, 3, 15), date(2024, 3, 15), False),  # on the exit day
        (date(2024, 3, 15), date(2025, 3, 15), True),  # long after
        (date(2023, 8, 31), date(2024, 2, 29), True),  # clamped to 29 February
        (date(2023, 8, 31), date(2024, 2, 28), False),
        (date(2022, 8, 31), date(2023, 2, 28), True),  # clamped to 28 February
        (date(2022, 8, 31), date(2023, 2, 27), False),
        (date(2024, 8, 29), date(2025, 2, 28), True),  # 29 August: clamped as well
        (date(2024, 3, 31), date(2024, 9, 30), True),  # 31 March: clamped to 30 September
        (date(2024, 3, 31), date(2024, 9, 29), False),
        (date(2024, 2, 29), date(2024, 8, 29), True),  # no clamping
        (date(2024, 2, 29), date(2024, 8, 28), False),
        (date(2024, 12, 31), date(2025, 6, 30), True),  # across the year
        (date(2024, 12, 31), date(2025, 6, 29), False),
    ],
)
def test_a_follow_up_counts_only_from_exit_plus_six_calendar_months(
    long_project, exit_day, recorded, counts
):
    followed_up(long_project, exit=exit_day, recorded=recorded)
    expected = 1 if counts else 0
    assert followup_counts(long_project) == (expected, expected, expected)
    # The leaver is a leaver either way.
    assert report(long_project).followup_6m["leavers"] == 1


@pytest.mark.parametrize(
    ("early_days", "exit_day", "recorded", "counts"),
    [
        (14, date(2024, 3, 15), date(2024, 9, 1), True),  # 15 September less 14 days
        (14, date(2024, 3, 15), date(2024, 8, 31), False),
        (0, date(2024, 3, 15), date(2024, 9, 14), False),
        (1, date(2024, 3, 15), date(2024, 9, 14), True),
        (1, date(2023, 8, 31), date(2024, 2, 28), True),  # 29 February less one day
        (1, date(2023, 8, 31), date(2024, 2, 27), False),
        (31, date(2024, 3, 31), date(2024, 8, 30), True),  # 30 September less 31 days
        (31, date(2024, 3, 31), date(2024, 8, 29), False),
    ],
)
def test_the_setting_opens_a_window_before_the_six_months(
    long_project, settings, early_days, exit_day, recorded, counts
):
    settings.QUARTIER_FOLLOWUP_6M_EARLY_DAYS = early_days
    followed_up(long_project, exit=exit_day, recorded=recorded)
    expected = 1 if counts else 0
    assert followup_counts(long_project) == (expected, expected, expected)


@pytest.mark.parametrize("value", [-1, "7", 1.5, True])
def test_a_wrong_early_window_setting_is_refused(project, settings, value):
    from django.core.exceptions import ImproperlyConfigured

    settings.QUARTIER_FOLLOWUP_6M_EARLY_DAYS = value
    with pytest.raises(ImproperlyConfigured, match="QUARTIER_FOLLOWUP_6M_EARLY_DAYS"):
        report(project)


@pytest.mark.parametrize(
    ("created_at", "counts"),
    [
        (datetime(2024, 9, 15, 8, 0, tzinfo=UTC), True),  # the six-month day
        (datetime(2024, 9, 14, 21, 30, tzinfo=UTC), False),  # 23:30 in Berlin, the day before
        (datetime(2024, 9, 14, 22, 30, tzinfo=UTC), True),  # 00:30 in Berlin on the day
        (datetime(2024, 3, 15, 8, 0, tzinfo=UTC), False),  # created on the exit day
    ],
)
def test_a_follow_up_without_a_date_counts_from_the_day_its_case_was_created(
    long_project, created_at, counts
):
    case = followed_up(long_project, exit=date(2024, 3, 15), recorded=None)
    Case.objects.filter(pk=case.pk).update(created_at=created_at)
    expected = 1 if counts else 0
    assert followup_counts(long_project) == (expected, expected, expected)
