"""Reading a participant-list file (CSV or XLSX) into a header and raw rows, with the
guards against files too large, too deep or crafted.
"""

import csv
import io
import re
from datetime import date

from django.utils.translation import gettext as _

from quartier.core.spreadsheets import read_cell
from quartier.participants.listformat.columns import (
    COLUMNS,
    REQUIRED_COLUMNS,
    UNREADABLE_SPREADSHEETS,
    ListFileError,
)

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
