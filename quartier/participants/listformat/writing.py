"""Writing participant-list rows as CSV or XLSX (the format the import reads)."""

from collections.abc import Iterable
from dataclasses import fields
from datetime import date

from quartier.core import spreadsheets
from quartier.core.spreadsheets import safe_cell
from quartier.participants.listformat.columns import (
    COLUMNS,
    ParticipantRow,
)

# Writing files ---------------------------------------------------------------------


def _cells(record: ParticipantRow) -> list[str]:
    """The record's cells as text, escaped reversibly with `safe_cell` ("'=…"); the
    import's `read_cell` drops exactly that apostrophe again."""
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
    that apostrophe again (`read_cell`), so import(export(x)) = x still holds. The cells
    are escaped here, beside the format, and written raw (the one raw file; see
    `quartier.core.spreadsheets`)."""
    return spreadsheets.write_csv(COLUMNS, (_cells(record) for record in records), raw=True)


def write_xlsx(records: Iterable[ParticipantRow]) -> bytes:
    """The list as an Excel workbook: the same header in the first sheet, every cell text
    (so that dates, postcodes with a leading zero and numbers survive a round trip),
    escaped like the CSV's cells and written raw."""
    return spreadsheets.write_xlsx(
        COLUMNS,
        (_cells(record) for record in records),
        sheet="Teilnehmende",
        raw=True,
        as_text=True,
        freeze=(1, 0),
    )
