"""The participant import applies the case file's date rules per row: entry and exit in the
project's funded period, and a six-month follow-up only from its date on, counted as
recorded on the day of the import (the list has no column for the day it was taken)."""

from datetime import date

import pytest
import time_machine

from quartier.cases.models import Case
from quartier.participants.listformat.writing import write_csv
from quartier.participants.selectors.participant_list import participants_export_rows
from tests.participants.services.test_importing import exited, person, run

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def on_4_december_2026():
    with time_machine.travel(date(2026, 12, 4), tick=False):
        yield


@pytest.fixture
def ended(world):
    """BQB-Süd's period: 01.01.2020 to 31.12.2022."""
    world.project.start_date, world.project.end_date = date(2020, 1, 1), date(2022, 12, 31)
    world.project.save()
    return world.project


def test_an_entry_after_the_end_is_reported_per_row(world, ended):
    rows = [person(1, entry_date=date(2022, 3, 1)), person(2, entry_date=date(2026, 12, 4))]
    result = run(world, write_csv(rows))
    assert result.problems == [
        "row 3, column entry_date: The project runs from 01.01.2020 to 31.12.2022; "
        "an entry on 04.12.2026 lies outside it. ('2026-12-04')"
    ]
    assert not Case.objects.exists()


def test_an_exit_after_the_end_is_reported_per_row(world, ended):
    row = exited(1, entry_date=date(2022, 3, 1), exit_date=date(2023, 1, 2))
    result = run(world, write_csv([row]))
    assert [str(p) for p in result.problem_details] == [
        "row 2, column exit_date: The project runs from 01.01.2020 to 31.12.2022; "
        "an exit on 02.01.2023 lies outside it. ('2023-01-02')"
    ]


def test_a_six_month_follow_up_before_its_date_is_refused(world):
    row = exited(1, exit_date=date(2026, 8, 31), followup_6m_employed="yes")
    result = run(world, write_csv([row]))
    assert result.problems == [
        "row 2, column followup_6m_employed: The six-month follow-up can be recorded from "
        "28.02.2027 on (six months after the exit on 31.08.2026). ('yes')"
    ]
    # Without follow-up answers the same exit is imported.
    result = run(
        world, write_csv([exited(1, exit_date=date(2026, 8, 31), followup_6m_employed="unknown")])
    )
    assert result.ok


def test_an_imported_follow_up_counts_as_recorded_on_the_import_day(world):
    result = run(world, write_csv([exited(1), exited(2, followup_6m_employed="unknown")]))
    assert result.ok
    first, second = Case.objects.order_by("participant__external_id")
    assert (first.followup_6m_employed, first.followup_6m_recorded_on) == ("yes", date(2026, 12, 4))
    assert second.followup_6m_recorded_on is None


def test_importing_the_export_again_keeps_the_follow_up_and_its_day(world):
    run(world, write_csv([exited(1)]))
    with time_machine.travel(date(2027, 5, 1), tick=False):
        exported = write_csv(participants_export_rows(project=world.project))
        result = run(world, exported, update=True)
        assert result.ok
        assert (result.updated, result.unchanged) == (0, 1)
    assert Case.objects.get().followup_6m_recorded_on == date(2026, 12, 4)
