"""The case-list export as a spreadsheet program reads it: no cell is a live formula,
and the headers are in the UI's language."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("https://example.org/x","Klick")'


@pytest.fixture
def dangerous_case(world, worker):
    return CaseFactory(
        participant__project=world.project,
        participant__organisation=world.org_a,
        participant__external_id="@A-1",
        participant__first_name="+49 2323",
        participant__last_name=FORMULA,
        responsible=worker,
        entry_date=date(2025, 3, 1),
    )


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def xlsx_sheet(response):
    return load_workbook(io.BytesIO(response.content)).active


def test_xlsx_cells_of_names_are_text_not_formulas(dangerous_case, worker, login):
    response = login(worker).get(reverse("cases:case_list_xlsx"))
    sheet = xlsx_sheet(response)
    id_cell, last_cell, first_cell = sheet["A2"], sheet["B2"], sheet["C2"]
    for cell in (id_cell, last_cell, first_cell):
        assert cell.data_type == "s", (cell.coordinate, cell.data_type, cell.value)
    assert last_cell.value == "'" + FORMULA
    assert first_cell.value == "'+49 2323"
    assert id_cell.value == "'@A-1"
    # The entry date is still a date cell.
    assert sheet["H2"].value.date() == date(2025, 3, 1)


def test_csv_cells_of_names_are_escaped(dangerous_case, worker, login):
    rows = csv_rows(login(worker).get(reverse("cases:case_list_csv")))
    assert rows[1][:3] == ["'@A-1", "'" + FORMULA, "'+49 2323"]
    assert rows[1][7] == "2025-03-01"


def test_export_headers_are_german_in_the_german_ui(dangerous_case, worker, login, client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "de"
    login(worker)
    header = csv_rows(client.get(reverse("cases:case_list_csv")))[0]
    assert header == [
        "Teilnehmendennummer",
        "Nachname",
        "Vorname",
        "Projekt",
        "Phase",
        "zuständige Fachkraft",
        "Quartier",
        "Eintrittsdatum",
        "Austrittsdatum",
        "überfällige Wiedervorlagen",
    ]
    sheet = xlsx_sheet(client.get(reverse("cases:case_list_xlsx")))
    assert [cell.value for cell in sheet[1]] == header
    assert sheet.title == "Fälle"
