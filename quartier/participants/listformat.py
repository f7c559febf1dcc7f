"""The participant list: the CSV/XLSX format of INDICATORS.md section 1, read and written.

This module only parses, checks and writes rows; it touches no database. Reading
checks every row before anything is returned, and reports each problem as
`row N, column C: what is wrong (value given)`, counting the header as row 1.
A file that cannot be read at all (not UTF-8, too large once unpacked, no header, a
missing required or an unknown column) raises `ListFileError` with one clear line.

Messages are translated into the active language (the web import shows them in
German); the `row N, column C` frame and the column names stay as the format
defines them, and the management commands run without translation.
"""

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date

from django.utils.translation import gettext as _

from quartier.reports.selectors.spreadsheets import read_cell, safe_cell

GENDERS = ("female", "male", "non_binary", "not_stated")
LABOUR_STATUSES = ("unemployed", "inactive", "employed", "self_employed")
YES_NO_NOT_STATED = ("yes", "no", "not_stated")
YES_NO = ("yes", "no")
YES_NO_UNKNOWN = ("yes", "no", "unknown")
TRI_STATE_COLUMNS = (
    "disability",
    "third_country_national",
    "foreign_background",
    "minority",
    "homeless",
    "single_parent",
)
EXIT_COLUMNS = (
    "exit_job_searching",
    "exit_education_training",
    "exit_qualification",
    "exit_employed",
)
FOLLOWUP_COLUMNS = ("followup_6m_employed", "followup_6m_better_situation")

#: Every column in the order Quartier writes them.
COLUMNS = (
    "external_id",
    "first_name",
    "last_name",
    "birth_date",
    "gender",
    "postcode",
    "district",
    "entry_date",
    "labour_status",
    "unemployed_since",
    "isced",
    *TRI_STATE_COLUMNS,
    "rural",
    "exit_date",
    *EXIT_COLUMNS,
    *FOLLOWUP_COLUMNS,
)
REQUIRED_COLUMNS = (
    "external_id",
    "first_name",
    "last_name",
    "birth_date",
    "gender",
    "postcode",
    "entry_date",
    "labour_status",
)
#: Spreadsheet formats people may upload by mistake (old Excel, LibreOffice, Numbers).
UNREADABLE_SPREADSHEETS = (".xls", ".ods", ".numbers")
_POSTCODE = re.compile(r"^\d{5}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class ListFileError(ValueError):
    """The file as a whole cannot be read; the message is one line for the user."""


@dataclass(frozen=True)
class ParticipantRow:
    """One participant's participation in one project, as the list describes it."""

    external_id: str
    first_name: str
    last_name: str
    birth_date: date
    gender: str
    postcode: str
    district: str
    entry_date: date
    labour_status: str
    unemployed_since: date | None
    isced: int | None
    disability: str
    third_country_national: str
    foreign_background: str
    minority: str
    homeless: str
    single_parent: str
    rural: str
    exit_date: date | None
    exit_job_searching: str
    exit_education_training: str
    exit_qualification: str
    exit_employed: str
    followup_6m_employed: str
    followup_6m_better_situation: str


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    message: str
    value: str

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column}: {self.message} ({self.value!r})"


# Reading files ---------------------------------------------------------------------


def read_table(content: bytes, filename: str) -> tuple[list[str], list[dict[str, str]]]:
    """The header and the rows of a CSV or XLSX file, every cell as stripped text."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        return _read_xlsx(content)
    if name.endswith(UNREADABLE_SPREADSHEETS):
        # Read as CSV these would only give a puzzling "not UTF-8".
        raise ListFileError(
            _("Only .csv and .xlsx files can be read. Save the list as 'CSV UTF-8' or as .xlsx.")
        )
    return _read_csv(content)


#: Limits of what a file may hold, checked before and while it is read, so that a
#: crafted file (an XLSX "zip bomb", a CSV with one endless cell) is refused with a
#: message instead of taking a worker's memory and time. A list of 100,000 rows as
#: Quartier writes it is about 100 MB unpacked at a compression ratio of about 14.
MAX_ROWS = 200_000
#: Columns read per row of a workbook (the list has 29; more are not read at all).
MAX_COLUMNS = 100
#: Characters in one cell (the longest column of the list allows 100).
MAX_CELL_CHARS = 10_000
#: The size of a workbook's parts once unpacked, all together.
MAX_UNPACKED_BYTES = 250_000_000
#: How many times larger than packed a large part (over 1 MB unpacked) may be.
MAX_COMPRESSION_RATIO = 100
_RATIO_CHECKED_FROM = 1_000_000
#: How much of an XML part is read to find its root element (a DTD comes before it).
_PROLOGUE_BYTES = 65_536


def _too_many_rows() -> ListFileError:
    return ListFileError(
        _("The file has more than %(max)s rows. Split the list into smaller files.")
        % {"max": f"{MAX_ROWS:,}".replace(",", ".")}
    )


def _too_long_cell(row: int) -> ListFileError:
    return ListFileError(
        _(
            "Row %(row)s has a cell longer than %(max)s characters, which no column of the "
            "list needs. Check the file: a quotation mark that is never closed makes the "
            "rest of the file one cell."
        )
        % {"row": row, "max": f"{MAX_CELL_CHARS:,}".replace(",", ".")}
    )


def _delimiter(text: str) -> str:
    """The delimiter of a CSV text, guessed from its header line: German Excel writes
    semicolons (also as "CSV UTF-8"), others commas or tabs. The header holds only
    column names, so the most frequent of the three separates them."""
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    counts = {delimiter: first_line.count(delimiter) for delimiter in (",", ";", "\t")}
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else ","


def _read_csv(content: bytes) -> tuple[list[str], list[dict[str, str]]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ListFileError(
            _(
                "The file is not UTF-8 encoded (probably Windows-1252 from Excel). In Excel, "
                "save it with “File → Save As → CSV UTF-8 (Comma delimited)”."
            )
        ) from error
    limit = csv.field_size_limit()
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    lines = []
    try:
        # The field limit is process-wide; it is set for this read and set back.
        csv.field_size_limit(MAX_CELL_CHARS)
        for line in reader:
            if len(lines) > MAX_ROWS:
                raise _too_many_rows()
            lines.append(line)
    except csv.Error as error:
        if "field limit" in str(error):
            raise _too_long_cell(reader.line_num) from error
        raise ListFileError(
            _("Line %(line)s of the file cannot be read as CSV (%(error)s).")
            % {"line": reader.line_num, "error": error}
        ) from error
    finally:
        csv.field_size_limit(limit)
    return _table(lines)


def _check_workbook(content: bytes) -> None:
    """Refuse a workbook whose parts would unpack too large or too far (a "zip bomb"),
    or whose XML declares a DTD (entities that expand), before openpyxl opens it."""
    import zipfile

    unreadable = ListFileError(_("The file cannot be opened as an Excel workbook (.xlsx)."))
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise unreadable from error
    too_large = ListFileError(
        _(
            "The workbook would unpack to more than %(max)s MB, far more than a participant "
            "list needs. It is not read. Save the list again as .xlsx or as CSV UTF-8."
        )
        % {"max": MAX_UNPACKED_BYTES // 1_000_000}
    )
    if sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
        raise too_large
    for member in members:
        if (
            member.file_size > _RATIO_CHECKED_FROM
            and member.file_size > MAX_COMPRESSION_RATIO * max(member.compress_size, 1)
        ):
            raise too_large
    for member in members:
        if not member.filename.endswith((".xml", ".rels")):
            continue
        try:
            with archive.open(member) as part:
                # Read at most this much, whatever the header claims.
                prologue = part.read(_PROLOGUE_BYTES)
        except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, EOFError) as error:
            raise unreadable from error
        if _declares_dtd(prologue):
            raise ListFileError(
                _(
                    "The workbook contains a document type declaration (DTD), which Excel "
                    "never writes. It is not read. Save the list again in Excel as .xlsx."
                )
            )


def _declares_dtd(prologue: bytes) -> bool:
    """Whether an XML part declares a DTD or entities (before its root element; a part
    whose root element does not start within the prologue counts as declaring one)."""
    if prologue.startswith((b"\xff\xfe", b"\xfe\xff")):
        prologue = prologue.decode("utf-16", errors="replace").encode("utf-8")
    upper = prologue.upper()
    if b"<!DOCTYPE" in upper or b"<!ENTITY" in upper:
        return True
    return prologue.strip() != b"" and re.search(rb"<[A-Za-z_]", prologue) is None


def _read_xlsx(content: bytes) -> tuple[list[str], list[dict[str, str]]]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    _check_workbook(content)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (BadZipFile, KeyError, OSError, ValueError) as error:
        raise ListFileError(_("The file cannot be opened as an Excel workbook (.xlsx).")) from error
    try:
        sheet = workbook.worksheets[0]
        lines = []
        for number, row in enumerate(
            sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS), start=1
        ):
            if number > MAX_ROWS + 1:
                raise _too_many_rows()
            cells = [_cell_text(cell) for cell in row]
            while cells and not cells[-1]:  # the sheet's width, not the row's
                cells.pop()
            if any(len(cell) > MAX_CELL_CHARS for cell in cells):
                raise _too_long_cell(number)
            lines.append(cells)
    except ListFileError:
        raise
    except Exception as error:  # the XML of the sheet is broken in some way
        raise ListFileError(_("The file cannot be opened as an Excel workbook (.xlsx).")) from error
    finally:
        workbook.close()
    return _table(lines)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "date") and callable(value.date):  # datetime from Excel
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _table(lines: list[list[str]]) -> tuple[list[str], list[dict[str, str]]]:
    # Trailing empty lines (common in spreadsheets) are not rows.
    while lines and not any(cell.strip() for cell in lines[-1]):
        lines.pop()
    if not lines or not any(cell.strip() for cell in lines[0]):
        raise ListFileError(_("The file has no header row. The first row must name the columns."))
    header = [cell.strip() for cell in lines[0]]
    _check_header(header)
    rows = []
    for line in lines[1:]:
        # A cell written as "'=…" (see `write_csv`) is read back as "=…".
        cells = [read_cell(cell.strip()) for cell in line] + [""] * (len(header) - len(line))
        rows.append(dict(zip(header, cells, strict=False)))
    return header, rows


def _check_header(header: list[str]) -> None:
    duplicates = sorted({name for name in header if header.count(name) > 1})
    if duplicates:
        raise ListFileError(
            _("The header names a column twice: %(columns)s.") % {"columns": ", ".join(duplicates)}
        )
    unknown = [name for name in header if name not in COLUMNS]
    if unknown:
        raise ListFileError(
            _("Unknown column(s): %(columns)s. Allowed: %(allowed)s.")
            % {"columns": ", ".join(unknown), "allowed": ", ".join(COLUMNS)}
        )
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise ListFileError(
            _("Required column(s) missing: %(columns)s.") % {"columns": ", ".join(missing)}
        )


# Checking rows ---------------------------------------------------------------------


def parse_rows(
    rows: Iterable[dict[str, str]], *, districts: Iterable[str] = ()
) -> tuple[list[ParticipantRow], list[Problem]]:
    """Check every row; return the parsed rows and all problems found (rows are numbered
    from 2, the header being row 1). `districts` are the slugs of the project's districts."""
    allowed_districts = set(districts)
    parsed: list[ParticipantRow] = []
    problems: list[Problem] = []
    first_seen: dict[str, int] = {}
    for number, row in enumerate(rows, start=2):
        row_problems: list[Problem] = []
        record = _parse_row(number, row, allowed_districts, row_problems)
        external_id = row.get("external_id", "")
        if external_id:
            if external_id in first_seen:
                row_problems.append(
                    Problem(
                        number,
                        "external_id",
                        _("already used in row %(row)s") % {"row": first_seen[external_id]},
                        external_id,
                    )
                )
            else:
                first_seen[external_id] = number
        problems.extend(row_problems)
        if record is not None and not row_problems:
            parsed.append(record)
    return parsed, problems


def _parse_row(number: int, row: dict[str, str], districts: set[str], problems: list[Problem]):
    def problem(column: str, message: str) -> None:
        problems.append(Problem(number, column, message, row.get(column, "")))

    def text(column: str, *, required: bool = False, max_length: int = 100) -> str:
        value = row.get(column, "")
        if required and not value:
            problem(column, _("is required"))
        elif len(value) > max_length:
            problem(column, _("is longer than %(max)s characters") % {"max": max_length})
        return value

    def day(column: str, *, required: bool = False) -> date | None:
        value = row.get(column, "")
        if not value:
            if required:
                problem(column, _("is required (a date as YYYY-MM-DD)"))
            return None
        if not _DATE.match(value):
            problem(column, _("is not a date as YYYY-MM-DD"))
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            problem(column, _("is not a date that exists"))
            return None

    def choice(column: str, allowed: tuple[str, ...], *, default: str | None = None) -> str:
        value = row.get(column, "")
        if not value and default is not None:
            return default
        if value not in allowed:
            problem(column, _("must be one of %(values)s") % {"values": ", ".join(allowed)})
        return value

    external_id = text("external_id", required=True, max_length=50)
    first_name = text("first_name", required=True)
    last_name = text("last_name", required=True)
    birth_date = day("birth_date", required=True)
    gender = choice("gender", GENDERS)
    postcode = row.get("postcode", "")
    if not _POSTCODE.match(postcode):
        problem("postcode", _("must be five digits"))
    district = row.get("district", "")
    if district and district not in districts:
        allowed = ", ".join(sorted(districts)) or _("none")
        problem(
            "district",
            _("is not a district of the project (allowed: %(allowed)s)") % {"allowed": allowed},
        )
    entry_date = day("entry_date", required=True)
    labour_status = choice("labour_status", LABOUR_STATUSES)
    unemployed_since = day("unemployed_since")
    if (
        labour_status == "unemployed"
        and unemployed_since is None
        and not row.get("unemployed_since")
    ):
        problem("unemployed_since", _("is required when labour_status is unemployed"))
    if labour_status and labour_status != "unemployed" and row.get("unemployed_since"):
        problem("unemployed_since", _("is only allowed when labour_status is unemployed"))
    isced = None
    if row.get("isced", ""):
        if row["isced"] in {str(level) for level in range(9)}:
            isced = int(row["isced"])
        else:
            problem("isced", _("must be a level from 0 to 8, or empty"))
    tri_state = {c: choice(c, YES_NO_NOT_STATED, default="not_stated") for c in TRI_STATE_COLUMNS}
    rural = choice("rural", YES_NO, default="no")
    exit_date = day("exit_date")
    exits = {}
    for column in EXIT_COLUMNS:
        if exit_date is not None or row.get("exit_date"):
            if not row.get(column):
                problem(column, _("is required when exit_date is set (yes or no)"))
                exits[column] = ""
            else:
                exits[column] = choice(column, YES_NO)
        elif row.get(column):
            problem(column, _("is only allowed with an exit_date"))
            exits[column] = ""
        else:
            exits[column] = ""
    followups = {}
    for column in FOLLOWUP_COLUMNS:
        # "unknown" is what an empty cell means, so it may stand without an exit.
        if row.get(column, "") not in ("", "unknown") and not row.get("exit_date"):
            problem(column, _("is only allowed with an exit_date"))
        followups[column] = choice(column, YES_NO_UNKNOWN, default="unknown")

    if birth_date and entry_date and birth_date > entry_date:
        problem(
            "birth_date", _("lies after entry_date %(date)s") % {"date": entry_date.isoformat()}
        )
    if unemployed_since and entry_date and unemployed_since > entry_date:
        problem(
            "unemployed_since",
            _("lies after entry_date %(date)s") % {"date": entry_date.isoformat()},
        )
    if exit_date and entry_date and exit_date < entry_date:
        problem(
            "exit_date", _("lies before entry_date %(date)s") % {"date": entry_date.isoformat()}
        )

    if problems:
        return None
    return ParticipantRow(
        external_id=external_id,
        first_name=first_name,
        last_name=last_name,
        birth_date=birth_date,
        gender=gender,
        postcode=postcode,
        district=district,
        entry_date=entry_date,
        labour_status=labour_status,
        unemployed_since=unemployed_since,
        isced=isced,
        rural=rural,
        exit_date=exit_date,
        **tri_state,
        **exits,
        **followups,
    )


# Writing files ---------------------------------------------------------------------


def _cells(record: ParticipantRow) -> list[str]:
    values = []
    for field in fields(ParticipantRow):
        value = getattr(record, field.name)
        if value is None:
            values.append("")
        elif isinstance(value, date):
            values.append(value.isoformat())
        else:
            values.append(safe_cell(str(value)))
    return values


def write_csv(records: Iterable[ParticipantRow]) -> bytes:
    """The list as UTF-8 CSV with a header row, columns in Quartier's order.

    People open and edit this file in a spreadsheet before importing it again, so text
    that starts like a formula is escaped with `safe_cell` ("'=…"); reading drops exactly
    that apostrophe again (`read_cell`), so import(export(x)) = x still holds."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for record in records:
        writer.writerow(_cells(record))
    return out.getvalue().encode("utf-8")


def write_xlsx(records: Iterable[ParticipantRow]) -> bytes:
    """The list as an Excel workbook: the same header in the first sheet, every cell text
    (so that dates, postcodes with a leading zero and numbers survive a round trip)."""
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False}
    )
    sheet = workbook.add_worksheet("Teilnehmende")
    text_format = workbook.add_format({"num_format": "@"})
    bold = workbook.add_format({"bold": True})
    sheet.write_row(0, 0, COLUMNS, bold)
    for index, record in enumerate(records, start=1):
        for column, value in enumerate(_cells(record)):
            sheet.write_string(index, column, value, text_format)
    sheet.freeze_panes(1, 0)
    workbook.close()
    return buffer.getvalue()
