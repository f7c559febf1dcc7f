"""Writing participant-list rows as CSV or XLSX (the format the import reads)."""

import csv
import io
from collections.abc import Iterable
from dataclasses import fields
from datetime import date

from quartier.participants.listformat.columns import (
    COLUMNS,
    ParticipantRow,
)
from quartier.reports.selectors.spreadsheets import safe_cell

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
