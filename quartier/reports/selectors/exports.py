"""Files for funders: the indicator report as XLSX and PDF, and the participant list.

The indicator report is a German document for the funder, like the printable forms:
its fixed wording is written here and in `reports/pdf/indicator_report.html` in
German, and the indicator names come from the catalogue in German. Counts arrive as
the viewer may see them (an evaluator's report is suppressed before it gets here).

Every spreadsheet is written by `quartier.core.spreadsheets`, so a name or title that
starts with `=`, `+`, `-` or `@` reaches Excel as text, never as a formula.

The participant list is the format of INDICATORS.md section 1, written from the rows
of `participants.selectors.participant_list` (the same rows as `manage.py export_participants`),
limited to the participants who take part in the period.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from quartier.core.models import Project
from quartier.core.pdf import render_pdf
from quartier.core.spreadsheets import XLSX_CONTENT_TYPE, XlsxWorkbook
from quartier.participants.listformat import writing as list_writing
from quartier.participants.listformat.columns import ParticipantRow
from quartier.participants.selectors.participant_list import participant_row
from quartier.participants.selectors.participants import participants_visible_to
from quartier.reports.indicators import GENDER_LABELS, GENDERS, IndicatorReport, funded_period

XLSX = XLSX_CONTENT_TYPE
LIST_FORMATS = ("csv", "xlsx")
REPORT_FORMATS = ("xlsx", "pdf")
#: The gender columns of the report, the total last (as funders' forms have it).
REPORT_COLUMNS = (*GENDERS, "total")
SIGNATURE_LINE = "Ort, Datum, Unterschrift Projektleitung"


@dataclass(frozen=True)
class Download:
    content: bytes
    content_type: str
    filename: str
    rows: int = 0


def period_text(date_from: date | None, date_to: date | None, funded=None) -> str:
    """The period in German words for the report's header. With the `FundedPeriod`
    counted, the days counted: an open end is the funded period's."""
    if funded is not None:
        text = f"{funded.date_from:%d.%m.%Y} – {funded.date_to:%d.%m.%Y}"
        if date_from is None and date_to is None:
            return f"{text} (gesamte Förderlaufzeit)"
        return text
    if date_from and date_to:
        return f"{date_from:%d.%m.%Y} – {date_to:%d.%m.%Y}"
    if date_from:
        return f"ab {date_from:%d.%m.%Y}"
    if date_to:
        return f"bis {date_to:%d.%m.%Y}"
    return "gesamte Laufzeit (alle Daten des Projekts)"


def funder_text(project: Project) -> str:
    return "; ".join(
        f"{funder.name} ({funder.programme})" if funder.programme else funder.name
        for funder in project.funders.all()
    )


def _stamp(project: Project, date_from, date_to) -> str:
    span = f"{date_from or 'beginn'}_{date_to or 'heute'}"
    return f"indikatoren-{project.slug}-{span}"


def funded_period_note(funded) -> str:
    """The sentence the pages and files show when the chosen period was cut to the
    project's funded period ("" when it was not)."""
    if funded is None or not funded.limited:
        return ""
    dates = {"start": f"{funded.funded_from:%d.%m.%Y}", "end": f"{funded.funded_to:%d.%m.%Y}"}
    if funded.empty:
        message = _(
            "The chosen period lies outside the funded period %(start)s–%(end)s: "
            "nothing is counted."
        )
        return message % dates
    return _("Period limited to the funded period %(start)s–%(end)s.") % dates


def followup_coverage(followup: dict) -> str:
    """The share of leavers with six-month follow-up data ("–" without leavers, or when
    either figure is suppressed)."""
    leavers, with_data = followup["leavers"], followup["with_data"]
    if not isinstance(leavers, int) or not isinstance(with_data, int) or not leavers:
        return "–"
    return f"{round(100 * with_data / leavers)} %"


@dataclass(frozen=True)
class ReportTable:
    """The report as rows of text and figures, German, ready for XLSX and PDF."""

    project: Project
    period: str
    funders: str
    created: date
    suppressed_below: int | None
    funded_note: str
    header: list[str]
    rows: list[tuple[str, str, list]]  # (code, label, figures in REPORT_COLUMNS order)
    programme_rows: list[tuple[str, str, list]]
    followup: list[tuple[str, object]]


def report_table(report: IndicatorReport) -> ReportTable:
    with translation.override("de"):
        header = ["Code", "Indikator", *[str(GENDER_LABELS[c]) for c in REPORT_COLUMNS]]
        funded_note = funded_period_note(report.funded)
        rows = [
            (code, str(label), [figures[c] for c in REPORT_COLUMNS])
            for code, label, figures in report.rows()
        ]
        programme_rows = [
            (code, str(label), [figures[c] for c in REPORT_COLUMNS])
            for code, label, figures in report.programme_rows()
        ]
    leavers = report.followup_6m["leavers"]
    with_data = report.followup_6m["with_data"]
    return ReportTable(
        project=report.project,
        period=period_text(report.date_from, report.date_to, report.funded),
        funders=funder_text(report.project),
        created=timezone.localdate(),
        suppressed_below=report.suppressed_below,
        funded_note=funded_note,
        header=header,
        rows=rows,
        programme_rows=programme_rows,
        followup=[
            ("Austritte im Zeitraum", leavers),
            ("davon mit Angaben zur Sechs-Monats-Nachbefragung", with_data),
            ("Abdeckung der Nachbefragung", followup_coverage(report.followup_6m)),
        ],
    )


def _suppression_note(table: ReportTable) -> str:
    return (
        f"Zahlen von 1 bis {table.suppressed_below - 1} sind als „<{table.suppressed_below}“ "
        "ausgewiesen (Schutz kleiner Fallzahlen)."
    )


def indicator_report_xlsx(report: IndicatorReport) -> Download:
    """One row per indicator, one column per gender, under a header block naming the
    project, the period and the funders."""
    table = report_table(report)
    book = XlsxWorkbook()
    sheet = book.sheet("Indikatoren")
    title = book.style(bold=True, font_size=14)
    bold = book.style(bold=True)
    head = book.style(bold=True, bg_color="#E5E7EB", border=1)
    number = book.style(border=1, align="right")
    text = book.style(border=1)
    sheet.write(0, 0, "Indikatorenbericht ESF Plus", title)
    facts = [
        ("Projekt", table.project.name),
        ("Zeitraum", table.period),
        ("Fördergeber", table.funders or "–"),
        ("Erstellt am", f"{table.created:%d.%m.%Y}"),
    ]
    notes = [table.funded_note, _suppression_note(table) if table.suppressed_below else ""]
    if any(notes):
        facts.append(("Hinweis", " ".join(note for note in notes if note)))
    for index, (label, value) in enumerate(facts, start=1):
        sheet.write(index, 0, label, bold)
        sheet.write_text(index, 1, value)
    row = len(facts) + 2

    def write_block(caption: str, rows: list[tuple[str, str, list]]) -> None:
        nonlocal row
        sheet.write(row, 0, caption, bold)
        row += 1
        sheet.write_row(row, table.header, head)
        row += 1
        for code, label, figures in rows:
            sheet.write_text(row, 0, code, text)
            sheet.write_text(row, 1, label, text)
            for column, figure in enumerate(figures, start=2):
                sheet.write(row, column, figure, number)
            row += 1
        row += 1

    write_block("Gemeinsame Indikatoren ESF Plus", table.rows)
    write_block("Programmindikatoren", table.programme_rows)
    sheet.write(row, 0, "Sechs-Monats-Nachbefragung", bold)
    row += 1
    for label, value in table.followup:
        sheet.write_text(row, 1, label, text)
        sheet.write(row, 2, value, number)
        row += 1
    sheet.set_column(0, 0, 14)
    sheet.set_column(1, 1, 62)
    sheet.set_column(2, len(table.header) - 1, 13)
    content = book.close()
    name = _stamp(report.project, report.date_from, report.date_to)
    return Download(content, XLSX, f"{name}.xlsx", rows=len(table.rows))


def indicator_report_pdf(report: IndicatorReport, *, request=None) -> Download:
    """The same report on A4 for signing: project, period, funders, the table, and the
    line for place, date and the project lead's signature."""
    table = report_table(report)
    project = report.project
    context = {
        "table": table,
        "project": project,
        "organisation": project.lead_organisation,
        "funders": list(project.funders.all()),
        "note": _suppression_note(table) if table.suppressed_below else "",
        "funded_note": table.funded_note,
        "signature_line": SIGNATURE_LINE,
    }
    with translation.override("de"):
        content = render_pdf("reports/pdf/indicator_report.html", context, request=request)
    name = _stamp(project, report.date_from, report.date_to)
    return Download(content, "application/pdf", f"{name}.pdf", rows=len(table.rows))


# The participant list -------------------------------------------------------------------


def participant_rows(
    *, user, project: Project, date_from: date | None, date_to: date | None
) -> list[ParticipantRow]:
    """The list rows of the project's participants whom `user` may see and whose
    participation overlaps the period (entry on or before its end; no exit, or an exit
    on or after its start), in the order they were recorded."""
    # Only the project's funded period: no one who entered after its end.
    funded = funded_period(project, date_from, date_to)
    participants = participants_visible_to(user).filter(
        Q(case__exit_date__isnull=True) | Q(case__exit_date__gte=funded.date_from),
        project=project,
        case__isnull=False,
        case__entry_date__lte=funded.date_to,
    )
    participants = participants.select_related("case", "district").order_by("id")
    return [participant_row(p) for p in participants.iterator(chunk_size=2000)]


def participant_list(
    *, user, project: Project, date_from: date | None, date_to: date | None, file_format: str
) -> Download:
    """The participant list as CSV or XLSX with every text cell made safe: the format the
    import reads (`participants.listformat.writing`), the same file `export_participants`
    writes."""
    if file_format not in LIST_FORMATS:
        raise ValueError(f"file_format must be one of {LIST_FORMATS}, not {file_format!r}")
    rows = participant_rows(user=user, project=project, date_from=date_from, date_to=date_to)
    span = f"{date_from or 'beginn'}_{date_to or 'heute'}"
    filename = f"teilnehmende-{project.slug}-{span}.{file_format}"
    if file_format == "csv":
        content = list_writing.write_csv(rows)
        return Download(content, "text/csv; charset=utf-8", filename, rows=len(rows))
    return Download(list_writing.write_xlsx(rows), XLSX, filename, rows=len(rows))
