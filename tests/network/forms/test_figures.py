"""The network view's period: the current year up to today by default, the dates from
the query string, a clear error (and the default) for a bad date or a reversed period."""

from datetime import date

import pytest

from quartier.core.models import Project
from quartier.network.forms.figures import FiguresFilterForm

TODAY = date(2026, 7, 15)


def _form(data=None):
    return FiguresFilterForm(data, projects=Project.objects.none(), today=TODAY)


def test_without_dates_the_current_year_up_to_today():
    assert _form().period() == (date(2026, 1, 1), TODAY)
    assert _form({}).period() == (date(2026, 1, 1), TODAY)


def test_both_dates():
    form = _form({"von": "2025-02-01", "bis": "2025-04-30"})
    assert form.is_valid()
    assert form.period() == (date(2025, 2, 1), date(2025, 4, 30))


def test_german_dates_are_read_too():
    assert _form({"von": "01.02.2025", "bis": "30.04.2025"}).period() == (
        date(2025, 2, 1),
        date(2025, 4, 30),
    )


def test_only_the_end_starts_the_period_on_new_year_of_its_year():
    assert _form({"bis": "2025-04-30"}).period() == (date(2025, 1, 1), date(2025, 4, 30))


def test_only_the_start_runs_to_today():
    assert _form({"von": "2025-10-01"}).period() == (date(2025, 10, 1), TODAY)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"von": "2025-02-30"}, "von"),
        ({"bis": "soon"}, "bis"),
        ({"von": "2025-06-01", "bis": "2025-05-31"}, "bis"),
        ({"von": "2027-01-01"}, "bis"),  # after today, the default end
    ],
)
def test_a_bad_period_is_an_error_and_the_default_is_used(data, field):
    form = _form(data)
    assert not form.is_valid()
    assert field in form.errors
    assert form.period() == (date(2026, 1, 1), TODAY)


def test_the_reversed_period_says_which_dates():
    form = _form({"von": "2025-06-01", "bis": "2025-05-31"})
    assert form.errors["bis"] == [
        "The end of the period (31.05.2025) lies before its start (01.06.2025). "
        "Choose an end on or after the start."
    ]
