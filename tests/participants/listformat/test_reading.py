"""The participant list format (INDICATORS.md section 1): reading, checking, writing."""

import dataclasses
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quartier.participants.listformat.columns import (
    COLUMNS,
    EXIT_COLUMNS,
    GENDERS,
    LABOUR_STATUSES,
    ListFileError,
    ParticipantRow,
)
from quartier.participants.listformat.parsing import parse_rows
from quartier.participants.listformat.reading import read_table
from quartier.participants.listformat.writing import write_csv, write_xlsx

HEADER = ",".join(
    [
        "external_id",
        "first_name",
        "last_name",
        "birth_date",
        "gender",
        "postcode",
        "entry_date",
        "labour_status",
        "unemployed_since",
    ]
)


def load(text: str, districts=("wanne-sued",)):
    header, rows = read_table(text.encode("utf-8"), "liste.csv")
    return parse_rows(rows, districts=districts)


def test_columns_match_the_record_fields():
    assert tuple(f.name for f in dataclasses.fields(ParticipantRow)) == COLUMNS


def test_a_valid_row_is_read_with_defaults_for_empty_optional_columns():
    rows, problems = load(
        f"{HEADER}\nTN-1,Ayşe,Yılmaz,1990-02-03,female,44649,2024-03-01,unemployed,2022-01-15\n"
    )
    assert problems == []
    (row,) = rows
    assert row.first_name == "Ayşe"
    assert row.unemployed_since == date(2022, 1, 15)
    assert row.disability == "not_stated"
    assert row.rural == "no"
    assert row.followup_6m_employed == "unknown"
    assert row.isced is None


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (
            "TN-1,A,B,1990-13-01,female,44649,2024-03-01,inactive,",
            "row 2, column birth_date: is not a date that exists ('1990-13-01')",
        ),
        (
            "TN-1,A,B,03.02.1990,female,44649,2024-03-01,inactive,",
            "row 2, column birth_date: is not a date as YYYY-MM-DD ('03.02.1990')",
        ),
        (
            "TN-1,A,B,2025-01-01,female,44649,2024-03-01,inactive,",
            "row 2, column birth_date: lies after entry_date 2024-03-01 ('2025-01-01')",
        ),
        (
            "TN-1,A,B,1990-01-01,frau,44649,2024-03-01,inactive,",
            "row 2, column gender: must be one of female, male, non_binary, not_stated ('frau')",
        ),
        (
            "TN-1,A,B,1990-01-01,male,4464,2024-03-01,inactive,",
            "row 2, column postcode: must be five digits ('4464')",
        ),
        (
            "TN-1,A,B,1990-01-01,male,44649,2024-03-01,unemployed,",
            "row 2, column unemployed_since: is required when labour_status is unemployed ('')",
        ),
        (
            "TN-1,A,B,1990-01-01,male,44649,2024-03-01,unemployed,2024-04-01",
            "row 2, column unemployed_since: lies after entry_date 2024-03-01 ('2024-04-01')",
        ),
        (
            "TN-1,,B,1990-01-01,male,44649,2024-03-01,inactive,",
            "row 2, column first_name: is required ('')",
        ),
    ],
    ids=[
        "impossible-date",
        "german-date",
        "born-after-entry",
        "gender",
        "postcode",
        "unemployed-without-date",
        "unemployed-after-entry",
        "no-first-name",
    ],
)
def test_each_wrong_value_is_named_by_row_column_and_value(cells, expected):
    rows, problems = load(f"{HEADER}\n{cells}\n")
    assert rows == []
    assert expected in [str(p) for p in problems]


def test_all_problems_of_all_rows_are_reported_at_once():
    text = (
        f"{HEADER}\n"
        "TN-1,A,B,1990-01-01,male,44649,2024-03-01,inactive,\n"
        "TN-2,A,B,1990-01-01,x,1,2024-03-01,inactive,\n"
        "TN-1,C,D,1990-01-01,male,44649,2024-03-01,inactive,\n"
    )
    rows, problems = load(text)
    assert [str(p) for p in problems] == [
        "row 3, column gender: must be one of female, male, non_binary, not_stated ('x')",
        "row 3, column postcode: must be five digits ('1')",
        "row 4, column external_id: already used in row 2 ('TN-1')",
    ]


def test_exit_needs_the_exit_answers_and_followups_need_an_exit():
    header = HEADER + ",exit_date," + ",".join(EXIT_COLUMNS) + ",followup_6m_employed"
    base = "TN-1,A,B,1990-01-01,male,44649,2024-03-01,inactive,"
    rows, problems = load(f"{header}\n{base},2024-09-30,yes,,no,no,yes\n")
    assert (
        "row 2, column exit_education_training: is required when exit_date is set (yes or no) ('')"
        in [str(p) for p in problems]
    )
    rows, problems = load(f"{header}\n{base},,,,,,yes\n")
    assert "row 2, column followup_6m_employed: is only allowed with an exit_date ('yes')" in [
        str(p) for p in problems
    ]
    rows, problems = load(f"{header}\n{base},2024-01-01,yes,no,no,no,\n")
    assert any("exit_date: lies before entry_date" in str(p) for p in problems)


def test_unknown_district_names_the_projects_districts():
    rows, problems = load(
        HEADER + ",district\nTN-1,A,B,1990-01-01,male,44649,2024-03-01,inactive,,marxloh\n"
    )
    assert str(problems[0]) == (
        "row 2, column district: is not a district of the project (allowed: wanne-sued) ('marxloh')"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "no header row"),
        (b"\n\n", "no header row"),
        (f"{HEADER},shoe_size\n".encode(), "Unknown column(s): shoe_size"),
        (b"external_id,first_name\n", "Required column(s) missing: last_name"),
        (f"{HEADER},gender\n".encode(), "names a column twice: gender"),
        ("external_id;first_name\nTN-1;Jörg\n".encode("latin-1"), "not UTF-8 encoded"),
    ],
    ids=["empty", "blank-lines", "unknown-column", "missing-column", "duplicate", "latin-1"],
)
def test_unreadable_files_are_refused_with_one_line(content, message):
    with pytest.raises(ListFileError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_table(content, "liste.csv")


def test_a_file_that_is_not_a_workbook_is_refused():
    with pytest.raises(ListFileError, match="Excel workbook"):
        read_table(b"not a zip file", "liste.xlsx")


def test_bom_and_column_order_do_not_matter():
    text = "\ufeffpostcode,labour_status,entry_date,gender,birth_date,last_name,first_name,"
    text += "external_id\n"
    text += "07747,inactive,2024-01-01,male,1980-05-05,Weiß,Jürgen,J-7\n"
    header, raw = read_table(text.encode("utf-8"), "x.csv")
    rows, problems = parse_rows(raw)
    assert problems == []
    assert rows[0].postcode == "07747"


# Round trips: import(export(x)) = x -------------------------------------------------

names = (
    st.text(
        alphabet=st.characters(codec="utf-8", categories=["L", "Zs", "Pd"]), min_size=1, max_size=30
    )
    .map(str.strip)
    .filter(bool)
)
days = st.dates(min_value=date(1940, 1, 1), max_value=date(2030, 12, 31))


@st.composite
def records(draw):
    entry = draw(days)
    birth = entry - timedelta(days=draw(st.integers(0, 30000)))
    status = draw(st.sampled_from(LABOUR_STATUSES))
    since = entry - timedelta(days=draw(st.integers(0, 5000))) if status == "unemployed" else None
    has_exit = draw(st.booleans())
    exit_date = entry + timedelta(days=draw(st.integers(0, 900))) if has_exit else None
    yes_no = st.sampled_from(["yes", "no"])
    tri = st.sampled_from(["yes", "no", "not_stated"])
    follow = st.sampled_from(["yes", "no", "unknown"]) if has_exit else st.just("unknown")
    return ParticipantRow(
        external_id=draw(st.from_regex(r"[A-Z]{2,4}-[0-9]{1,6}", fullmatch=True)),
        first_name=draw(names),
        last_name=draw(names),
        birth_date=birth,
        gender=draw(st.sampled_from(GENDERS)),
        postcode=draw(st.from_regex(r"[0-9]{5}", fullmatch=True)),
        district=draw(st.sampled_from(["", "wanne-sued"])),
        entry_date=entry,
        labour_status=status,
        unemployed_since=since,
        isced=draw(st.none() | st.integers(0, 8)),
        disability=draw(tri),
        third_country_national=draw(tri),
        foreign_background=draw(tri),
        minority=draw(tri),
        homeless=draw(tri),
        single_parent=draw(tri),
        rural=draw(yes_no),
        exit_date=exit_date,
        exit_job_searching=draw(yes_no) if has_exit else "",
        exit_education_training=draw(yes_no) if has_exit else "",
        exit_qualification=draw(yes_no) if has_exit else "",
        exit_employed=draw(yes_no) if has_exit else "",
        followup_6m_employed=draw(follow),
        followup_6m_better_situation=draw(follow),
    )


unique_lists = st.lists(records(), max_size=8, unique_by=lambda r: r.external_id)


@given(unique_lists)
def test_csv_round_trip_gives_back_the_same_rows(rows):
    header, raw = read_table(write_csv(rows), "export.csv")
    parsed, problems = parse_rows(raw, districts=["wanne-sued"])
    assert problems == []
    assert parsed == rows


@settings(max_examples=25, deadline=None)
@given(unique_lists)
def test_xlsx_round_trip_gives_back_the_same_rows(rows):
    header, raw = read_table(write_xlsx(rows), "export.xlsx")
    parsed, problems = parse_rows(raw, districts=["wanne-sued"])
    assert problems == []
    assert parsed == rows


@given(st.lists(st.lists(st.text(max_size=12), max_size=len(COLUMNS)), max_size=6))
def test_any_csv_content_is_either_read_or_refused_with_a_message(lines):
    import csv
    import io

    out = io.StringIO()
    csv.writer(out).writerows([list(COLUMNS), *lines])
    header, raw = read_table(out.getvalue().encode("utf-8"), "fuzz.csv")
    parsed, problems = parse_rows(raw)
    assert len(parsed) + len({p.row for p in problems}) == len(raw)


def test_a_workbook_typed_by_hand_with_real_date_cells_is_read():
    """People type dates into Excel as dates and numbers as numbers."""
    import io
    from datetime import datetime

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(
        [
            "external_id",
            "first_name",
            "last_name",
            "birth_date",
            "gender",
            "postcode",
            "entry_date",
            "labour_status",
            "isced",
        ]
    )
    sheet.append(
        [
            "TN-9",
            "Mehmet",
            "Öztürk",
            datetime(1985, 7, 1),
            "male",
            44649,
            date(2024, 2, 1),
            "inactive",
            3,
        ]
    )
    sheet.append([None] * 9)  # trailing empty row
    buffer = io.BytesIO()
    workbook.save(buffer)
    header, raw = read_table(buffer.getvalue(), "Liste.XLSX")
    rows, problems = parse_rows(raw)
    assert problems == []
    assert rows[0].birth_date == date(1985, 7, 1)
    assert rows[0].postcode == "44649"
    assert rows[0].isced == 3


# Files as German Excel writes them -------------------------------------------------

EXCEL_HEADER = (
    "external_id;first_name;last_name;birth_date;gender;postcode;entry_date;labour_status"
)
EXCEL_ROW = "TN-1;Jörg;Weiß;1980-05-05;male;44649;2024-01-01;inactive"
NOT_UTF8 = (
    "The file is not UTF-8 encoded (probably Windows-1252 from Excel). In Excel, save it "
    "with “File → Save As → CSV UTF-8 (Comma delimited)”."
)


def test_german_excel_csv_utf8_with_semicolons_and_bom_is_read():
    """Excel in German, "CSV UTF-8 (durch Trennzeichen getrennt)": BOM, semicolons, CRLF."""
    content = b"\xef\xbb\xbf" + f"{EXCEL_HEADER}\r\n{EXCEL_ROW}\r\n".encode()
    header, raw = read_table(content, "Liste.csv")
    rows, problems = parse_rows(raw)
    assert problems == []
    assert header[0] == "external_id"
    assert (rows[0].first_name, rows[0].last_name, rows[0].postcode) == ("Jörg", "Weiß", "44649")


def test_a_semicolon_inside_a_quoted_cell_of_a_comma_file_stays_in_the_cell():
    content = f'{HEADER}\nTN-1,"Anna; Maria",Weiß,1980-05-05,female,44649,2024-01-01,inactive,\n'
    header, raw = read_table(content.encode(), "liste.csv")
    rows, problems = parse_rows(raw)
    assert problems == []
    assert rows[0].first_name == "Anna; Maria"


def test_german_excel_csv_in_windows_1252_is_refused_saying_what_to_do():
    """Excel in German, "CSV (Trennzeichen-getrennt)": Windows-1252, semicolons, CRLF."""
    content = f"{EXCEL_HEADER}\r\n{EXCEL_ROW}\r\n".encode("cp1252")
    assert b"J\xf6rg;Wei\xdf" in content
    with pytest.raises(ListFileError) as error:
        read_table(content, "Liste.csv")
    assert str(error.value) == NOT_UTF8


def test_the_not_utf8_message_is_german_in_the_german_ui():
    from django.utils import translation

    content = f"{EXCEL_HEADER}\r\n{EXCEL_ROW}\r\n".encode("cp1252")
    with translation.override("de"), pytest.raises(ListFileError) as error:
        read_table(content, "Liste.csv")
    assert str(error.value) == (
        "Die Datei ist nicht UTF-8 kodiert (vermutlich Windows-1252 aus Excel). Speichern Sie "
        "sie in Excel unter „Datei → Speichern unter → CSV UTF-8 (durch Trennzeichen getrennt)“."
    )


# Files made to hurt: limits checked before reading -----------------------------------


def test_a_csv_cell_longer_than_the_csv_field_limit_is_refused_with_a_message():
    content = f"{HEADER}\nTN-1,{'A' * 131_073},Weiß,1980-05-05,male,44649,2024-01-01,inactive,\n"
    with pytest.raises(ListFileError, match="Row 2 has a cell longer than 10.000 characters"):
        read_table(content.encode(), "liste.csv")
    # The process-wide limit of the csv module is set back.
    import csv

    assert csv.field_size_limit() == 131_072


def test_an_unclosed_quote_is_refused_with_a_message():
    content = f'{HEADER}\nTN-1,"Anna,Weiß\n' + "x,y\n" * 3000
    with pytest.raises(ListFileError, match="quotation mark that is never closed"):
        read_table(content.encode(), "liste.csv")


def test_a_csv_with_too_many_rows_is_refused(monkeypatch):
    from quartier.participants.listformat import reading as listformat

    monkeypatch.setattr(listformat, "MAX_ROWS", 3)
    line = "TN-{},Anna,Weiß,1980-05-05,female,44649,2024-01-01,inactive,\n"
    content = HEADER + "\n" + "".join(line.format(i) for i in range(4))
    with pytest.raises(ListFileError, match="more than 3 rows"):
        read_table(content.encode(), "liste.csv")
    read_table((HEADER + "\n" + "".join(line.format(i) for i in range(3))).encode(), "l.csv")


def _workbook(rows) -> bytes:
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _replace_part(content: bytes, name: str, data: bytes, *, level: int = 6) -> bytes:
    import io
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as target:
        for member in source.infolist():
            payload = data if member.filename == name else source.read(member)
            target.writestr(member.filename, payload)
    return out.getvalue()


VALID_ROWS = [HEADER.split(","), ["TN-1", "Anna", "Weiß", "1980-05-05", "female", "44649",
              "2024-01-01", "inactive", ""]]  # fmt: skip


def test_an_xlsx_zip_bomb_is_refused_before_it_is_unpacked(monkeypatch):
    """A sheet of 60 MB of blanks packs into some 60 KB: refused by its compression
    ratio, and openpyxl never sees it."""
    import openpyxl

    sheet = b'<?xml version="1.0"?><worksheet xmlns="x">' + b" " * 60_000_000 + b"</worksheet>"
    content = _replace_part(_workbook(VALID_ROWS), "xl/worksheets/sheet1.xml", sheet, level=9)
    assert len(content) < 200_000

    def never(*args, **kwargs):
        raise AssertionError("openpyxl opened the bomb")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    with pytest.raises(ListFileError, match="would unpack to more than 250 MB"):
        read_table(content, "bombe.xlsx")


def test_an_xlsx_larger_than_the_unpacked_limit_is_refused(monkeypatch):
    from quartier.participants.listformat import reading as listformat

    content = _workbook(VALID_ROWS)
    read_table(content, "liste.xlsx")
    monkeypatch.setattr(listformat, "MAX_UNPACKED_BYTES", 5_000)
    with pytest.raises(ListFileError, match="would unpack to more than 0 MB"):
        read_table(content, "liste.xlsx")


@pytest.mark.parametrize(
    "declaration",
    [
        b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>',
        b'<!DOCTYPE x SYSTEM "file:///etc/passwd">',
    ],
    ids=["entities", "external"],
)
def test_an_xlsx_with_a_dtd_in_its_sheet_is_refused(declaration):
    content = _workbook(VALID_ROWS)
    import io
    import zipfile

    sheet = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")
    assert sheet.startswith(b"<worksheet")
    evil = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + declaration + sheet
    with pytest.raises(ListFileError, match="document type declaration"):
        read_table(_replace_part(content, "xl/worksheets/sheet1.xml", evil), "liste.xlsx")


def test_an_xlsx_with_too_many_rows_is_refused(monkeypatch):
    from quartier.participants.listformat import reading as listformat

    monkeypatch.setattr(listformat, "MAX_ROWS", 2)
    content = _workbook([*VALID_ROWS, VALID_ROWS[1], VALID_ROWS[1]])
    with pytest.raises(ListFileError, match="more than 2 rows"):
        read_table(content, "liste.xlsx")


def test_an_xlsx_cell_that_is_too_long_is_refused():
    rows = [VALID_ROWS[0], ["TN-1", "A" * 20_000, *VALID_ROWS[1][2:]]]
    with pytest.raises(ListFileError, match="Row 2 has a cell longer than"):
        read_table(_workbook(rows), "liste.xlsx")
