"""Only `quartier/core/spreadsheets.py` creates a CSV writer or an XLSX workbook, so every
file Quartier writes escapes its text cells (formula injection): a new writer anywhere
else fails here, and the callers of the one module are still there."""

import re
from pathlib import Path

import quartier

WRITERS = re.compile(r"csv\.writer\(|csv\.DictWriter\(|xlsxwriter\.Workbook\(|openpyxl\.Workbook\(")
ROOT = Path(quartier.__file__).parent


def writer_modules() -> list[str]:
    return sorted(
        str(path.relative_to(ROOT.parent))
        for path in ROOT.rglob("*.py")
        if "migrations" not in path.parts and WRITERS.search(path.read_text(encoding="utf-8"))
    )


def test_only_the_core_module_creates_writers():
    assert writer_modules() == ["quartier/core/spreadsheets.py"]


def test_the_four_files_are_written_through_it():
    callers = {
        "quartier/cases/views/cases.py",
        "quartier/participants/listformat/writing.py",
        "quartier/reports/selectors/exports.py",
        "quartier/reports/indicators/files.py",
    }
    for caller in callers:
        assert "quartier.core.spreadsheets import" in (ROOT.parent / caller).read_text("utf-8")


def test_only_the_participant_list_is_written_raw():
    raw = sorted(
        str(path.relative_to(ROOT.parent))
        for path in ROOT.rglob("*.py")
        if path != ROOT / "core" / "spreadsheets.py" and "raw=True" in path.read_text("utf-8")
    )
    assert raw == ["quartier/participants/listformat/writing.py"]
