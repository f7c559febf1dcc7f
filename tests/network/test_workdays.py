"""Working days for the referral deadlines: Monday to Friday."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quartier.network.workdays import add_working_days, working_days_between


@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        (date(2026, 3, 2), 1, date(2026, 3, 3)),  # Monday → Tuesday
        (date(2026, 3, 6), 1, date(2026, 3, 9)),  # Friday → Monday
        (date(2026, 3, 7), 1, date(2026, 3, 9)),  # Saturday → Monday
        (date(2026, 3, 2), 10, date(2026, 3, 16)),  # two weeks
        (date(2028, 2, 28), 2, date(2028, 3, 1)),  # over a leap day
        (date(2026, 12, 31), 1, date(2027, 1, 1)),  # over the year's end
    ],
)
def test_add_working_days(start, count, expected):
    assert add_working_days(start, count) == expected


def test_between_counts_working_days_after_the_start():
    assert working_days_between(date(2026, 3, 2), date(2026, 3, 2)) == 0
    assert working_days_between(date(2026, 3, 6), date(2026, 3, 9)) == 1
    assert working_days_between(date(2026, 3, 2), date(2026, 3, 16)) == 10
    assert working_days_between(date(2026, 3, 9), date(2026, 3, 2)) == 0


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)), st.integers(0, 400))
def test_between_undoes_add(start, count):
    assert working_days_between(start, add_working_days(start, count)) == count
