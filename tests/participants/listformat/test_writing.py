"""The participant list as a spreadsheet program opens it: text that starts like a formula
reaches Excel as text, and the import reads back exactly what was exported."""

import csv
import io
from dataclasses import replace

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from quartier.core.models import Role
from quartier.core.spreadsheets import read_cell, safe_cell
from quartier.participants.listformat.columns import COLUMNS
from quartier.participants.listformat.parsing import parse_rows
from quartier.participants.listformat.reading import read_table
from quartier.participants.listformat.writing import write_csv, write_xlsx
from tests.factories import CaseFactory
from tests.participants.services.test_importing import person

FORMULA = '=HYPERLINK("https://example.org/x","Klick")'
LAST = COLUMNS.index("last_name")
FIRST = COLUMNS.index("first_name")


def read_back(content: bytes, filename: str):
    _header, raw = read_table(content, filename)
    rows, problems = parse_rows(raw, districts=["wanne-sued"])
    assert problems == []
    return rows


def test_csv_cells_starting_like_a_formula_are_escaped():
    lines = list(csv.reader(io.StringIO(write_csv([person(1, last_name=FORMULA)]).decode())))
    assert lines[1][LAST] == "'" + FORMULA


def test_xlsx_cells_starting_like_a_formula_are_escaped_text():
    content = write_xlsx([person(1, last_name=FORMULA, first_name="+49")])
    sheet = load_workbook(io.BytesIO(content)).active
    for column in (LAST, FIRST):
        cell = sheet.cell(row=2, column=column + 1)
        assert cell.data_type == "s"
    assert sheet.cell(row=2, column=LAST + 1).value == "'" + FORMULA
    assert sheet.cell(row=2, column=FIRST + 1).value == "'+49"


AWKWARD = [FORMULA, "'=1+2", "''@x", "-Müller", "@home", "+1", "'t Hooft", "O'Brien", "'"]


@pytest.mark.parametrize("name", AWKWARD)
@pytest.mark.parametrize(("write", "filename"), [(write_csv, "x.csv"), (write_xlsx, "x.xlsx")])
def test_import_of_the_export_gives_back_the_names(write, filename, name):
    rows = [person(1, last_name=name), person(2, first_name=name)]
    assert read_back(write(rows), filename) == rows


@given(
    st.text(alphabet=st.sampled_from("=+-@'aß "), min_size=1, max_size=8)
    .map(str.strip)
    .filter(bool)
)
def test_read_cell_undoes_safe_cell(text):
    escaped = safe_cell(text)
    assert not escaped.startswith(("=", "+", "-", "@"))
    assert read_cell(escaped) == text
    assert read_back(write_csv([replace(person(1), last_name=text)]), "x.csv")[0].last_name == text


@pytest.mark.django_db
def test_the_import_pages_export_escapes_names(world, login):
    CaseFactory(
        participant__project=world.project,
        participant__organisation=world.org_a,
        participant__last_name=FORMULA,
    )
    client = login(world.member(Role.PROJECT_LEAD, world.org_a))
    url = reverse("participants:export", args=[world.project.slug, "csv"])
    lines = list(csv.reader(io.StringIO(client.get(url).content.decode("utf-8-sig"))))
    assert lines[1][LAST] == "'" + FORMULA
    url = reverse("participants:export", args=[world.project.slug, "xlsx"])
    sheet = load_workbook(io.BytesIO(client.get(url).content)).active
    cell = sheet.cell(row=2, column=LAST + 1)
    assert (cell.data_type, cell.value) == ("s", "'" + FORMULA)
