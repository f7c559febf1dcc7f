"""The one parser for a register row's hours (`services.attendance.parse_hours`), used by
the register page and the API alike."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quartier.offers.services.attendance import parse_hours

hundredths = st.decimals(min_value=0, max_value=99, places=2, allow_nan=False)


@given(hundredths)
def test_comma_and_point_read_the_same(hours):
    text = format(hours, "f")
    assert parse_hours(text) == parse_hours(text.replace(".", ",")) == hours


@given(hundredths)
def test_a_decimal_from_the_api_reads_as_itself(hours):
    assert parse_hours(hours) == hours


@given(st.text(alphabet=" \t"))
def test_nothing_typed_is_no_hours(blank):
    assert parse_hours(blank) is None
    assert parse_hours(None) is None


@pytest.mark.parametrize(
    "text", ["-1", "1e1", "NaN", "Infinity", "1_0", "1,5,0", "drei", "1.5h", "+2", ".", ","]
)
def test_anything_but_a_non_negative_decimal_is_refused(text):
    with pytest.raises(ValueError, match="not a number of hours"):
        parse_hours(text)


@pytest.mark.parametrize(("text", "hours"), [(" 2 ", "2"), (",5", "0.5"), ("3.", "3")])
def test_spaces_and_a_bare_separator_are_read(text, hours):
    assert parse_hours(text) == Decimal(hours)
