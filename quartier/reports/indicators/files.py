"""The indicator report as files: JSON (INDICATORS.md section 3), CSV and XLSX.

CSV and XLSX have one row per indicator (the ESF Plus codes, then the programme
indicators such as BIWAQ HF1) and one column per gender, total first:
`code, indicator, total, women, men, non_binary, not_stated`. The XLSX's second
sheet ("Report") names the project and the period and holds the six-month
follow-up coverage. Labels are in the active language; every text cell passes
`quartier.core.spreadsheets`, which escapes it (formula injection). A suppressed
report writes its "<5" cells as text.
"""

import json

from quartier.core.spreadsheets import Sheet, write_csv, write_xlsx
from quartier.reports.indicators.definitions import FOLLOWUP_LABELS, GENDER_COLUMNS
from quartier.reports.indicators.report import IndicatorReport

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
    """The table of the CSV and XLSX: the ESF Plus codes, then the programme indicators
    (labels in the active language; the writer escapes them)."""
    for code, label, figures in (*report.rows(), *report.programme_rows()):
        yield [code, str(label), *(figures[column] for column in GENDER_COLUMNS)]


def report_csv(report: IndicatorReport) -> bytes:
    return write_csv(TABLE_HEADER, table_rows(report))


def report_xlsx(report: IndicatorReport) -> bytes:
    details = [
        ("project", report.project.slug),
        ("project name", report.project.name),
        ("from", report.date_from.isoformat() if report.date_from else "open"),
        ("to", report.date_to.isoformat() if report.date_to else "open"),
        *((str(FOLLOWUP_LABELS[key]), report.followup_6m[key]) for key in ("leavers", "with_data")),
    ]
    about = Sheet("Report", None, details, widths=[(0, 0, 40), (1, 1, 40)], bold_first_column=True)
    return write_xlsx(
        TABLE_HEADER,
        table_rows(report),
        sheet="Indicators",
        widths=[(0, 0, 9), (1, 1, 70), (2, len(TABLE_HEADER) - 1, 11)],
        freeze=(1, 2),
        more_sheets=[about],
    )
