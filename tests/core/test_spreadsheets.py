"""`quartier.core.spreadsheets`: every cell written stays data (no cell of a non-raw file
starts like a formula), `read_cell` undoes `safe_cell`, and the CSV/XLSX layout options."""

import csv
import io
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from quartier.core.spreadsheets import (
    FORMULA_STARTS,
    Sheet,
    XlsxWorkbook,
    read_cell,
    safe_cell,
    write_csv,
    write_xlsx,
)

TEXT = st.text(alphabet=st.sampled_from("=+-@'\t\raß 1"), max_size=8) | st.text(max_size=12)


def csv_cells(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def xlsx_rows(content: bytes, sheet: int = 0):
    workbook = load_workbook(io.BytesIO(content))
    return list(workbook.worksheets[sheet].iter_rows(values_only=True))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+2", "'=1+2"),
        ("+49 2323", "'+49 2323"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("Hallo", "Hallo"),
        ("<5", "<5"),
        ("", ""),
        (-5, -5),
        (12, 12),
        (None, None),
    ],
)
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


@given(TEXT)
def test_read_cell_undoes_safe_cell(text):
    assert read_cell(safe_cell(text)) == text


@given(st.lists(st.lists(TEXT, min_size=1, max_size=3), min_size=1, max_size=4))
def test_no_written_csv_cell_starts_like_a_formula(rows):
    lines = csv_cells(write_csv(["a", "b", "c"], rows))
    assert len(lines) == len(rows) + 1
    for written, given_row in zip(lines[1:], rows, strict=True):
        assert [read_cell(cell) for cell in written] == given_row
        assert not any(cell.startswith(FORMULA_STARTS) for cell in written)


@given(st.lists(st.lists(TEXT, min_size=1, max_size=3), min_size=1, max_size=4))
def test_no_written_xlsx_cell_starts_like_a_formula(rows):
    written = xlsx_rows(write_xlsx(["a", "b", "c"], rows, sheet="S"))
    for row in written[1:]:
        for cell in row:
            assert cell is None or not str(cell).startswith(FORMULA_STARTS)


def test_xlsx_text_cells_are_text_not_formulas():
    content = write_xlsx(["=h"], [["=1+2"], ["@x"]], sheet="S")
    sheet = load_workbook(io.BytesIO(content)).active
    assert [cell.value for cell in sheet["A"]] == ["'=h", "'=1+2", "'@x"]
    assert {cell.data_type for cell in sheet["A"]} == {"s"}


def test_raw_mode_writes_the_cells_as_given():
    assert csv_cells(write_csv(["h"], [["'=x"]], raw=True)) == [["h"], ["'=x"]]
    assert csv_cells(write_csv(["h"], [["'=x"]])) == [["h"], ["''=x"]]
    assert xlsx_rows(write_xlsx(["h"], [["=x"]], sheet="S", raw=True))[1] == ("=x",)


def test_csv_numbers_dates_and_none():
    content = write_csv(["n", "d", "e"], [[-5, date(2026, 1, 2), None]])
    assert content.decode() == "n,d,e\n-5,2026-01-02,\n"


def test_csv_for_excel_has_a_bom_and_crlf():
    assert write_csv(["a"], [["b"]], excel=True) == "\ufeffa\r\nb\r\n".encode()


def test_xlsx_numbers_dates_widths_freeze_and_autofilter():
    content = write_xlsx(
        ["n", "d"],
        [[3, date(2026, 1, 2)], [None, None]],
        sheet="A sheet name longer than thirty-one characters",
        widths=[(0, 1, 20)],
        freeze=(1, 0),
        autofilter=True,
    )
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.active
    assert sheet.title == "A sheet name longer than thirty"
    assert sheet["A2"].value == 3
    assert sheet["B2"].value.date() == date(2026, 1, 2)
    assert sheet["B2"].number_format == "dd.mm.yyyy"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:B3"
    assert sheet.column_dimensions["A"].width > 19


def test_xlsx_as_text_and_several_sheets():
    about = Sheet("About", None, [("label", 7)], bold_first_column=True)
    content = write_xlsx(["a"], [[1], ["=x"]], sheet="Data", as_text=True, more_sheets=[about])
    workbook = load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["Data", "About"]
    data = workbook["Data"]
    assert [data["A2"].value, data["A3"].value] == ["1", "'=x"]
    assert data["A2"].number_format == "@"
    assert workbook["About"]["A1"].font.b
    assert workbook["About"]["B1"].value == 7


def test_a_workbook_laid_out_by_hand_escapes_too():
    book = XlsxWorkbook()
    sheet = book.sheet("S")
    sheet.write(0, 0, "=1", book.style(bold=True))
    sheet.write_row(1, ["+1", 2])
    sheet.write_text(2, 0, 5)
    assert xlsx_rows(book.close()) == [("'=1", None), ("'+1", 2), ("5", None)]
