"""Every module that writes a CSV or XLSX file escapes its text cells with `safe_cell`
(formula injection): a new writer without it fails here."""

import re
from pathlib import Path

import quartier

WRITERS = re.compile(r"csv\.writer\(|csv\.DictWriter\(|xlsxwriter\.Workbook\(|openpyxl\.Workbook\(")


def writer_modules() -> list[Path]:
    root = Path(quartier.__file__).parent
    return sorted(
        path
        for path in root.rglob("*.py")
        if "migrations" not in path.parts and WRITERS.search(path.read_text(encoding="utf-8"))
    )


def test_there_are_writers_to_check():
    names = {path.name for path in writer_modules()}
    assert {"cases.py", "writing.py", "exports.py", "files.py"} <= names


def test_every_spreadsheet_writer_escapes_its_cells():
    unescaped = [
        str(path) for path in writer_modules() if "safe_cell(" not in path.read_text("utf-8")
    ]
    assert unescaped == []
