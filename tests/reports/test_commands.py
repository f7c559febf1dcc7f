"""`manage.py indicators`: JSON, CSV and XLSX (read back), and clear one-line errors."""

import csv
import io
import json
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections
from openpyxl import load_workbook

from quartier.reports.indicators import CODES
from tests.factories import ProjectFactory
from tests.participants.test_commands import run_as_from_the_shell
from tests.reports.indicator_people import assess, enter

pytestmark = pytest.mark.django_db

HEADER = ["code", "indicator", "total", "women", "men", "non_binary", "not_stated"]


@pytest.fixture
def shell(capsys, monkeypatch):
    """`manage.py …` as from the shell: (exit status, stdout, stderr)."""
    monkeypatch.setattr(connections, "close_all", lambda: None)
    return lambda *argv: run_as_from_the_shell(capsys, *argv)


@pytest.fixture
def project():
    """Three people entering in 2024 (one of them leaving, with progress), one in 2023."""
    project = ProjectFactory(
        slug="bqb-sued",
        name='=HYPERLINK("http://evil")',
        start_date=date(2023, 1, 1),
        end_date=date(2026, 12, 31),
    )
    enter(project, entry=date(2024, 3, 1), gender="female", labour_status="unemployed",
          unemployed_since=date(2022, 1, 1))  # fmt: skip
    enter(project, entry=date(2024, 3, 1), gender="male", labour_status="employed")
    leaver = enter(project, entry=date(2024, 1, 1), gender="non_binary", exit=date(2024, 12, 31),
                   exit_employed="yes", followup_6m_employed="no",
                   followup_6m_recorded_on=date(2025, 7, 1))  # fmt: skip
    assess(leaver, date(2024, 1, 2), 10)
    assess(leaver, date(2024, 12, 1), 4)
    enter(project, entry=date(2023, 12, 31), gender="not_stated")
    return project


def command(*args) -> str:
    out = io.StringIO()
    call_command("indicators", *args, stdout=out)
    return out.getvalue()


def test_json_to_standard_output(project):
    data = json.loads(
        command("--project", "bqb-sued", "--from", "2024-01-01", "--to", "2024-12-31")
    )
    assert data["project"] == "bqb-sued"
    assert (data["from"], data["to"]) == ("2024-01-01", "2024-12-31")
    indicators = data["indicators"]
    assert list(indicators) == list(CODES)
    assert indicators["EECO01"] == {
        "total": 3, "women": 1, "men": 1, "non_binary": 1, "not_stated": 0
    }  # fmt: skip
    assert indicators["EECO03"]["women"] == 1
    assert indicators["EECO05"]["men"] == 1
    assert indicators["EECR04"]["non_binary"] == 1
    assert data["followup_6m"] == {"leavers": 1, "with_data": 1}
    assert data["programme_indicators"]["HF1"]["non_binary"] == 1


def test_without_dates_all_time(project):
    data = json.loads(command("--project", "bqb-sued", "--format", "json"))
    assert data["from"] is None
    assert data["indicators"]["EECO01"]["total"] == 4


def test_csv_one_row_per_indicator_one_column_per_gender(project):
    rows = list(csv.reader(io.StringIO(command("--project", "bqb-sued", "--format", "csv",
                                               "--from", "2024-01-01"))))  # fmt: skip
    assert rows[0] == HEADER
    assert [row[0] for row in rows[1:]] == [*CODES, "HF1"]
    by_code = {row[0]: row for row in rows[1:]}
    assert by_code["EECO01"] == ["EECO01", "Total number of participants", "3", "1", "1", "1", "0"]
    assert by_code["HF1"][2:] == ["1", "0", "0", "1", "0"]


def test_csv_to_a_file(project, tmp_path):
    path = tmp_path / "indikatoren.csv"
    out = command("--project", "bqb-sued", "--format", "csv", "--output", str(path))
    assert out.strip() == f"Wrote the indicators of bqb-sued to {path}."
    rows = list(csv.reader(io.StringIO(path.read_text("utf-8"))))
    assert len(rows) == 1 + len(CODES) + 1


def test_xlsx_reads_back(project, tmp_path):
    path = tmp_path / "indikatoren.xlsx"
    command("--project", "bqb-sued", "--from", "2024-01-01", "--to", "2024-12-31",
            "--format", "xlsx", "--output", str(path))  # fmt: skip
    workbook = load_workbook(path)
    sheet = workbook["Indicators"]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == HEADER
    by_code = {row[0]: row for row in rows[1:]}
    assert list(by_code) == [*CODES, "HF1"]
    assert by_code["EECO01"] == ["EECO01", "Total number of participants", 3, 1, 1, 1, 0]
    assert by_code["EECR04"][2:] == [1, 0, 0, 1, 0]
    assert all(
        isinstance(value, int) for row in rows[1:] if row[0] != "EECO19" for value in row[2:]
    )
    # EECO19 counts companies: its total, no gender columns.
    assert by_code["EECO19"][2:] == [0, None, None, None, None]
    about = {row[0]: row[1] for row in workbook["Report"].iter_rows(values_only=True)}
    assert about["project"] == "bqb-sued"
    assert about["from"] == "2024-01-01"
    assert about["to"] == "2024-12-31"
    assert about["Leavers in the period"] == 1
    assert about["Leavers with six-month follow-up data"] == 1
    # The project's name starts like a formula: written as text, escaped.
    assert about["project name"] == '\'=HYPERLINK("http://evil")'
    assert sheet["B2"].data_type == "s"


def test_xlsx_needs_an_output_file(project, shell):
    status, out, err = shell("indicators", "--project", "bqb-sued", "--format", "xlsx")
    assert status == 1
    assert out == ""
    assert err.strip() == (
        "CommandError: --format xlsx needs --output FILE.xlsx: a workbook cannot be printed "
        "to the terminal."
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--project", "nirgendwo"], "No project with the short name 'nirgendwo'"),
        (
            ["--project", "bqb-sued", "--from", "2024-12-31", "--to", "2024-01-01"],
            "The end of the period (2024-01-01) lies before its start (2024-12-31).",
        ),
        (
            ["--project", "bqb-sued", "--from", "31.12.2024"],
            "The start of the period, '31.12.2024', is not a date as YYYY-MM-DD.",
        ),
        (
            ["--project", "bqb-sued", "--to", "2023-02-29"],
            "The end of the period, '2023-02-29', is not a date that exists.",
        ),
        (["--project", "bqb-sued", "--format", "pdf"], "invalid choice: 'pdf'"),
    ],
    ids=["unknown-project", "end-before-start", "malformed", "impossible", "format"],
)
def test_bad_input_is_one_clear_line_and_exit_status_non_zero(project, shell, args, message):
    status, out, err = shell("indicators", *args)
    assert status != 0
    assert out == ""
    assert message in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1 or "usage:" in err


def test_an_unwritable_output_is_named(project, tmp_path):
    with pytest.raises(CommandError, match="Cannot write .*nix/x.csv"):
        command("--project", "bqb-sued", "--format", "csv",
                "--output", str(tmp_path / "nix" / "x.csv"))  # fmt: skip
