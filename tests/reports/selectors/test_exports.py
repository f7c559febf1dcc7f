"""Downloads for funders: the indicator report as XLSX (read back with openpyxl) and PDF
(text extracted with pypdf), and the participant list for the funder's portal; every
cell that starts like a formula arrives as text."""

import csv
import io
import re
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from quartier.core.models import Role
from quartier.participants.listformat.columns import COLUMNS
from quartier.privacy.models import AccessLogEntry
from quartier.reports.indicators import indicator_report
from tests.factories import CaseFactory, FunderFactory
from tests.reports.views.test_pages import YEAR_2025

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]


def report_url(project, file_format: str) -> str:
    return reverse("reports:indicator_report", args=[project.slug, file_format])


def list_url(project, file_format: str) -> str:
    return reverse("reports:participant_list", args=[project.slug, file_format])


def sheet_rows(response) -> list[tuple]:
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    workbook = load_workbook(io.BytesIO(response.content))
    return [tuple(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]


def by_code(rows: list[tuple]) -> dict[str, tuple]:
    return {
        row[0]: row
        for row in rows
        if row and isinstance(row[0], str) and row[0][:2] in {"EE", "HF"}
    }


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in reader.pages))


# The indicator report as XLSX ----------------------------------------------------------


def test_xlsx_has_the_header_block_and_one_row_per_indicator_by_gender(seeded, lead, login):
    response = login(lead).get(report_url(seeded.project, "xlsx"), YEAR_2025)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    rows = sheet_rows(response)
    facts = {row[0]: row[1] for row in rows[:8] if row and row[0]}
    assert facts["Projekt"] == seeded.project.name
    assert facts["Zeitraum"] == "01.01.2025 – 31.12.2025"
    assert facts["Fördergeber"] == "Europäischer Sozialfonds Plus (BIWAQ)"
    header = next(row for row in rows if row and row[0] == "Code")
    assert len([cell for cell in header if cell]) == 7  # code, name, four genders, total
    indicators = by_code(rows)
    assert len([code for code in indicators if code.startswith("EE")]) == 24
    # Entered in 2025: Aylin, Carla, Emine (women) and Bernd (man); Carla left employed.
    assert indicators["EECO01"][2:] == (3, 1, 0, 0, 4)
    assert indicators["EECR04"][2:] == (1, 0, 0, 0, 1)
    assert indicators["EECO06"][2:] == (0, 0, 0, 0, 0)
    assert "HF1" in indicators
    followup = {row[1]: row[2] for row in rows if row and row[0] is None and row[1]}
    assert followup["Austritte im Zeitraum"] == 1


def test_xlsx_agrees_with_the_engine(seeded, lead, login):
    rows = by_code(sheet_rows(login(lead).get(report_url(seeded.project, "xlsx"), YEAR_2025)))
    report = indicator_report(
        project=seeded.project, date_from=date(2025, 1, 1), date_to=date(2025, 12, 31)
    )
    for code, _label, figures in report.rows():
        assert rows[code][2:] == tuple(
            figures[key] for key in ("women", "men", "non_binary", "not_stated", "total")
        ), code


def test_xlsx_cells_that_start_like_a_formula_stay_text(seeded, lead, login):
    seeded.project.name = '=HYPERLINK("http://example.com","Bericht")'
    seeded.project.save()
    seeded.project.funders.add(FunderFactory(name="+Stadt", programme="@Programm"))
    rows = sheet_rows(login(lead).get(report_url(seeded.project, "xlsx"), YEAR_2025))
    facts = {row[0]: row[1] for row in rows[:8] if row and row[0]}
    assert facts["Projekt"] == "'" + '=HYPERLINK("http://example.com","Bericht")'
    assert facts["Fördergeber"].startswith("'")
    workbook = load_workbook(
        io.BytesIO(login(lead).get(report_url(seeded.project, "xlsx")).content)
    )
    for row in workbook.worksheets[0].iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.coordinate


def test_whole_project_report_without_dates(seeded, lead, login):
    rows = sheet_rows(login(lead).get(report_url(seeded.project, "xlsx")))
    facts = {row[0]: row[1] for row in rows[:8] if row and row[0]}
    end = seeded.project.end_date.strftime("%d.%m.%Y")
    assert facts["Zeitraum"] == f"01.01.2024 – {end} (gesamte Förderlaufzeit)"
    assert by_code(rows)["EECO01"][-1] == 5


# The indicator report as PDF ------------------------------------------------------------


def test_pdf_shows_project_period_funder_table_and_signature_line(seeded, lead, login):
    response = login(lead).get(report_url(seeded.project, "pdf"), YEAR_2025)
    assert response.status_code == 200
    text = pdf_text(response)
    assert seeded.project.name in text
    assert "01.01.2025 – 31.12.2025" in text
    assert "Europäischer Sozialfonds Plus (BIWAQ)" in text
    assert "Ort, Datum, Unterschrift Projektleitung" in text
    # The row of EECO01: the four genders and the total.
    assert re.search(r"EECO01 .*? 3 1 0 0 4", text)
    assert re.search(r"EECR04 .*? 1 0 0 0 1", text)
    assert "HF1" in text


def test_unknown_format_and_bad_period_are_refused_clearly(seeded, lead, login):
    client = login(lead)
    assert client.get(report_url(seeded.project, "docx")).status_code == 404
    response = client.get(
        report_url(seeded.project, "xlsx"),
        {"period": "custom", "date_from": "2025-05-01", "date_to": "2025-04-01"},
    )
    assert response.status_code == 400
    assert "lies before its start" in response.content.decode()


# The participant list -------------------------------------------------------------------


def test_participant_list_csv_has_the_list_format_and_the_period(seeded, lead, login):
    response = login(lead).get(list_url(seeded.project, "csv"), YEAR_2025)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    reader = csv.DictReader(io.StringIO(response.content.decode("utf-8")))
    assert tuple(reader.fieldnames) == COLUMNS
    rows = {row["first_name"]: row for row in reader}
    # Organisation A's participants taking part in 2025 (Dieter's 2024 case is still
    # open); Emine belongs to the partner, whose staff export her themselves.
    assert set(rows) == {"Aylin", "Bernd", "Carla", "Dieter"}
    assert rows["Carla"]["exit_date"] == "2025-06-30"
    assert rows["Carla"]["exit_employed"] == "yes"
    assert rows["Aylin"]["district"] == "wanne-nord"
    entry = AccessLogEntry.objects.get(action="export", user=lead)
    assert entry.record_type == "participants.participant"
    assert entry.project_id == seeded.project.pk
    assert "4 rows" in entry.detail


def test_participant_list_period_leaves_out_those_outside(seeded, lead, login):
    response = login(lead).get(
        list_url(seeded.project, "csv"),
        {"period": "custom", "date_from": "2024-01-01", "date_to": "2024-12-31"},
    )
    names = [row["first_name"] for row in csv.DictReader(io.StringIO(response.content.decode()))]
    assert names == ["Dieter"]


def test_participant_list_xlsx_reads_back_and_escapes_formula_cells(seeded, world, lead, login):
    CaseFactory(
        participant__project=seeded.project,
        participant__organisation=world.org_a,
        participant__first_name="=1+2",
        participant__last_name="@SUM(A1)",
        participant__external_id="-42",
    )
    response = login(lead).get(list_url(seeded.project, "xlsx"))
    rows = sheet_rows(response)
    assert rows[0] == COLUMNS
    written = {row[COLUMNS.index("first_name")]: row for row in rows[1:]}
    tricky = written["'=1+2"]
    assert tricky[COLUMNS.index("last_name")] == "'@SUM(A1)"
    assert tricky[COLUMNS.index("external_id")] == "'-42"
    assert written["Aylin"][COLUMNS.index("birth_date")] == "1990-05-17"
    # The CSV escapes the same cells.
    text = login(lead).get(list_url(seeded.project, "csv")).content.decode()
    assert "'=1+2,'@SUM(A1)" in text


@pytest.mark.parametrize("role", [Role.CASE_WORKER, Role.JOB_COACH, Role.EVALUATOR])
def test_only_project_leads_download_the_participant_list(seeded, world, login, role):
    user = world.member(role, world.org_a)
    response = login(user).get(list_url(seeded.project, "csv"))
    assert response.status_code == 404
    assert not AccessLogEntry.objects.filter(action="export").exists()


def test_participant_list_of_a_foreign_project_is_not_found(seeded, world, lead, login):
    assert login(lead).get(list_url(world.other_project, "csv")).status_code == 404
    assert login(lead).get(list_url(seeded.project, "pdf")).status_code == 404


def test_platform_admin_exports_the_whole_consortium(seeded, platform_admin, login):
    response = login(platform_admin).get(list_url(seeded.project, "csv"), YEAR_2025)
    names = {row["first_name"] for row in csv.DictReader(io.StringIO(response.content.decode()))}
    assert names == {"Aylin", "Bernd", "Carla", "Dieter", "Emine"}
