"""The indicator report as files: JSON (INDICATORS.md section 3), CSV and XLSX.

CSV and XLSX have one row per indicator (the ESF Plus codes, then the programme
indicators such as BIWAQ HF1) and one column per gender, total first:
`code, indicator, total, women, men, non_binary, not_stated`. The XLSX's second
sheet ("Report") names the project and the period and holds the six-month
follow-up coverage. Labels are in the active language; every text cell passes
`safe_cell` (formula injection). A suppressed report writes its "<5" cells as text.
"""

import csv
import io
import json

from quartier.reports.indicators.definitions import FOLLOWUP_LABELS, GENDER_COLUMNS
from quartier.reports.indicators.report import IndicatorReport
from quartier.reports.selectors.spreadsheets import safe_cell

REPORT_FORMATS = ("json", "csv", "xlsx")
TABLE_HEADER = ("code", "indicator", *GENDER_COLUMNS)


def report_file(report: IndicatorReport, file_format: str) -> bytes:
    """The report in one of `REPORT_FORMATS`, as bytes (UTF-8 for JSON and CSV)."""
    writers = {"json": report_json, "csv": report_csv, "xlsx": report_xlsx}
    if file_format not in writers:
        raise ValueError(f"file_format must be one of {REPORT_FORMATS}, not {file_format!r}")
    return writers[file_format](report)


def report_json(report: IndicatorReport) -> bytes:
    return (json.dumps(report.as_json(), indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def table_rows(report: IndicatorReport):
    """The table of the CSV and XLSX: the ESF Plus codes, then the programme indicators."""
    for code, label, figures in (*report.rows(), *report.programme_rows()):
        yield [code, safe_cell(str(label)), *(figures[column] for column in GENDER_COLUMNS)]


def report_csv(report: IndicatorReport) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(TABLE_HEADER)
    for row in table_rows(report):
        writer.writerow([safe_cell(cell) for cell in row])
    return out.getvalue().encode("utf-8")


def report_xlsx(report: IndicatorReport) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    bold = workbook.add_format({"bold": True})
    sheet = workbook.add_worksheet("Indicators")
    sheet.write_row(0, 0, TABLE_HEADER, bold)
    for index, row in enumerate(table_rows(report), start=1):
        for column, value in enumerate(row):
            _write(sheet, index, column, value)
    sheet.set_column(0, 0, 9)
    sheet.set_column(1, 1, 70)
    sheet.set_column(2, len(TABLE_HEADER) - 1, 11)
    sheet.freeze_panes(1, 2)
    about = workbook.add_worksheet("Report")
    details = [
        ("project", report.project.slug),
        ("project name", report.project.name),
        ("from", report.date_from.isoformat() if report.date_from else "open"),
        ("to", report.date_to.isoformat() if report.date_to else "open"),
        *((str(FOLLOWUP_LABELS[key]), report.followup_6m[key]) for key in ("leavers", "with_data")),
    ]
    for index, (name, value) in enumerate(details):
        about.write_string(index, 0, name, bold)
        _write(about, index, 1, value)
    about.set_column(0, 0, 40)
    about.set_column(1, 1, 40)
    workbook.close()
    return buffer.getvalue()


def _write(sheet, row: int, column: int, value) -> None:
    # Text is always written as text (never as a formula), and escaped besides.
    if isinstance(value, int):
        sheet.write_number(row, column, value)
    else:
        sheet.write_string(row, column, safe_cell(str(value)))
