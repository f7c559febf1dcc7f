"""Writing CSV and XLSX files: the one module in Quartier that creates a CSV writer or an
XLSX workbook, so that every text cell people open in a spreadsheet stays data.

Formula injection (CSV injection): Excel, LibreOffice and Google Sheets run a cell that
starts with `=`, `+`, `-` or `@` as a formula, also when it arrives in a CSV file, and a
tab or carriage return in front hides such a start. Every text cell written here goes
through `safe_cell`: such text gets a leading apostrophe, which spreadsheets show as
plain text. Numbers stay numbers (a number is never run as a formula), dates are written
as dates (XLSX) or ISO dates (CSV), `None` as an empty cell.

`safe_cell` can be undone exactly: `read_cell` drops the apostrophe it added. For that,
text that already starts with apostrophes in front of a formula start gets one more too
(`'=x` is written `''=x`), and text that merely starts with an apostrophe (`'t Hooft`)
is left as it is.

The raw mode (`raw=True`) writes text cells as given. It exists for one file only: the
participant list (`quartier.participants.listformat`), which the import reads back
(import(export(x)) = x). That format escapes its cells itself, reversibly, with
`safe_cell` beside the reader's `read_cell`, so that the round trip is visible in one
place; escaping here again would escape twice (`'=x` → `''=x`) and break the round trip.
No other file is written raw.

- `write_csv(header, rows)`: CSV as UTF-8 bytes (optionally with a BOM and CRLF line ends
  for Excel);
- `write_xlsx(header, rows, sheet=...)`: an XLSX workbook of one table (column widths,
  frozen panes, an autofilter, text-only cells), or several (`more_sheets`);
- `XlsxWorkbook`: a workbook laid out cell by cell (the funder's indicator report), with
  the same escaping.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import xlsxwriter
from django.utils.functional import Promise

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "dd.mm.yyyy"


# Cells -----------------------------------------------------------------------------------


def _looks_like_formula(text: str) -> bool:
    return text.lstrip("'").startswith(FORMULA_STARTS)


def safe_cell(value):
    """`value` unchanged, unless it is text starting like a formula (after any leading
    apostrophes): then "'" + value. A lazy translation comes back as text in the active
    language."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str) and _looks_like_formula(value):
        return "'" + value
    return value


def read_cell(text: str) -> str:
    """The text `safe_cell` was given, from the text it wrote (the inverse for reading)."""
    if text.startswith("'") and _looks_like_formula(text[1:]):
        return text[1:]
    return text


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _text(value, raw: bool) -> str:
    return str(value) if raw else safe_cell(str(value))


def _csv_cell(value, raw: bool):
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if _is_number(value):
        return value
    return _text(value, raw)


# CSV -------------------------------------------------------------------------------------


def write_csv(
    header: Sequence | None,
    rows: Iterable[Sequence],
    *,
    raw: bool = False,
    excel: bool = False,
) -> bytes:
    """The header row (if any) and `rows` as UTF-8 CSV, comma-separated, lines ending in
    "\\n". `excel=True` starts the file with a byte-order mark and ends lines with
    "\\r\\n", so that Excel opens the UTF-8 right (the case list). Text cells are escaped
    with `safe_cell` unless `raw` (only the participant list; see the module)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n" if excel else "\n")
    if header is not None:
        writer.writerow([_csv_cell(label, raw) for label in header])
    for row in rows:
        writer.writerow([_csv_cell(value, raw) for value in row])
    return (("\ufeff" if excel else "") + out.getvalue()).encode("utf-8")


# XLSX ------------------------------------------------------------------------------------


class XlsxSheet:
    """One worksheet of an `XlsxWorkbook`; `write` escapes text unless the workbook is raw."""

    def __init__(self, workbook: "XlsxWorkbook", worksheet):
        self.workbook = workbook
        self.worksheet = worksheet

    def write(self, row: int, column: int, value, style=None) -> None:
        """A number as a number, a date as a date ("dd.mm.yyyy" unless `style`), `None` not
        at all, anything else as text (never as a formula), escaped."""
        if value is None:
            return
        if _is_number(value):
            self.worksheet.write_number(row, column, value, style)
        elif isinstance(value, date):
            if not isinstance(value, datetime):
                value = datetime(value.year, value.month, value.day)
            self.worksheet.write_datetime(row, column, value, style or self.workbook.date_style)
        else:
            self.write_text(row, column, value, style)

    def write_text(self, row: int, column: int, value, style=None) -> None:
        """`value` as text, whatever it is, escaped."""
        self.worksheet.write_string(row, column, _text(value, self.workbook.raw), style)

    def write_row(self, row: int, values: Iterable, style=None) -> None:
        for column, value in enumerate(values):
            self.write(row, column, value, style)

    def set_column(self, first: int, last: int, width: float) -> None:
        self.worksheet.set_column(first, last, width)

    def freeze_panes(self, row: int, column: int) -> None:
        self.worksheet.freeze_panes(row, column)

    def autofilter(self, first_row: int, first_column: int, last_row: int, last_column: int):
        self.worksheet.autofilter(first_row, first_column, last_row, last_column)


class XlsxWorkbook:
    """An XLSX workbook in memory, for a layout `write_xlsx` does not cover:
    `book.sheet(name)`, `book.style(bold=True, ...)` (xlsxwriter format properties),
    `sheet.write(...)`, then `book.close()` returns the file's bytes."""

    def __init__(self, *, raw: bool = False):
        self.raw = raw
        self._buffer = io.BytesIO()
        self._workbook = xlsxwriter.Workbook(
            self._buffer,
            {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False},
        )
        self._date_style = None

    @property
    def date_style(self):
        if self._date_style is None:
            self._date_style = self.style(num_format=DATE_FORMAT)
        return self._date_style

    def style(self, **properties):
        return self._workbook.add_format(properties)

    def sheet(self, name: str) -> XlsxSheet:
        """A new worksheet; Excel allows 31 characters in a name, so it is cut there."""
        return XlsxSheet(self, self._workbook.add_worksheet(str(name)[:31]))

    def close(self) -> bytes:
        self._workbook.close()
        return self._buffer.getvalue()


@dataclass
class Sheet:
    """One table of `write_xlsx`: a bold header row (if any), then `rows`.

    `widths` are (first column, last column, width); `freeze` is (row, column) for
    `freeze_panes`; `autofilter` puts a filter over header and rows; `as_text` writes every
    cell as text in a text-formatted cell (so dates, postcodes with a leading zero and
    numbers survive a round trip); `bold_first_column` makes the first column labels."""

    name: str
    header: Sequence | None
    rows: Iterable[Sequence]
    widths: Sequence[tuple[int, int, float]] = ()
    freeze: tuple[int, int] | None = None
    autofilter: bool = False
    as_text: bool = False
    bold_first_column: bool = False


def _write_sheet(book: XlsxWorkbook, table: Sheet, bold) -> None:
    sheet = book.sheet(table.name)
    text_style = book.style(num_format="@") if table.as_text else None
    number = 0
    if table.header is not None:
        for column, label in enumerate(table.header):
            sheet.write_text(0, column, label, bold)
        number = 1
    for values in table.rows:
        for column, value in enumerate(values):
            style = bold if table.bold_first_column and column == 0 else None
            if table.as_text:
                sheet.write_text(number, column, value, text_style)
            else:
                sheet.write(number, column, value, style)
        number += 1
    for first, last, width in table.widths:
        sheet.set_column(first, last, width)
    if table.freeze:
        sheet.freeze_panes(*table.freeze)
    if table.autofilter and table.header is not None:
        sheet.autofilter(0, 0, max(number - 1, 1), len(table.header) - 1)


def write_xlsx(
    header: Sequence | None,
    rows: Iterable[Sequence],
    *,
    sheet: str,
    raw: bool = False,
    widths: Sequence[tuple[int, int, float]] = (),
    freeze: tuple[int, int] | None = None,
    autofilter: bool = False,
    as_text: bool = False,
    more_sheets: Sequence[Sheet] = (),
) -> bytes:
    """An XLSX workbook: the table `header` + `rows` in the sheet `sheet` (see `Sheet` for
    the layout options), then the tables of `more_sheets`. Text cells are escaped with
    `safe_cell` unless `raw` (only the participant list; see the module)."""
    book = XlsxWorkbook(raw=raw)
    bold = book.style(bold=True)
    first = Sheet(sheet, header, rows, widths, freeze, autofilter, as_text)
    for table in (first, *more_sheets):
        _write_sheet(book, table, bold)
    return book.close()
