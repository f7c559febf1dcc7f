"""`manage.py import_participants` and `manage.py export_participants`."""

import dataclasses
import io
import logging
from datetime import date

import pytest
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError
from django.db import connections

from quartier.cases.models import Case
from quartier.participants.listformat.writing import write_csv, write_xlsx
from quartier.participants.models import Participant
from quartier.privacy.models import AccessLogEntry
from tests.participants.services.test_importing import exited, person


def import_command(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_participants", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def shell(capsys, monkeypatch):
    """Run a command the way `python manage.py …` does; returns exit status and output.

    `run_from_argv` closes the database connections at the end, which would end the
    test's transaction; log records of libraries are not the command's output."""
    monkeypatch.setattr(connections, "close_all", lambda: None)

    def _run(*argv):
        return run_as_from_the_shell(capsys, *argv)

    return _run


def run_as_from_the_shell(capsys, *argv) -> tuple[int, str, str]:
    logging.disable(logging.CRITICAL)
    try:
        ManagementUtility(["manage.py", *map(str, argv)]).execute()
    except SystemExit as exit_info:
        status = exit_info.code
    else:
        status = 0
    finally:
        logging.disable(logging.NOTSET)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture
def list_file(tmp_path):
    def _write(rows_or_bytes, name="liste.csv"):
        path = tmp_path / name
        content = rows_or_bytes if isinstance(rows_or_bytes, bytes) else write_csv(rows_or_bytes)
        path.write_bytes(content)
        return path

    return _write


def test_import_prints_a_one_line_summary(world, list_file):
    path = list_file([person(1), exited(2)])
    out, err = import_command(path, "--project", world.project.slug)
    assert out.strip() == (
        f"Imported {path} into {world.project.slug}: 2 new, 0 updated, 0 unchanged."
    )
    assert err == ""
    assert Participant.objects.filter(project=world.project).count() == 2
    # New participants belong to the lead organisation unless --organisation says otherwise.
    assert set(Participant.objects.values_list("organisation", flat=True)) == {world.org_a.pk}


def test_organisation_names_the_owner_of_new_participants(world, list_file):
    path = list_file([person(1)])
    import_command(path, "--project", world.project.slug, "--organisation", world.org_b.slug)
    assert Participant.objects.get().organisation == world.org_b
    assert Case.objects.get().organisation == world.org_b


def test_problems_exit_with_status_1_and_one_line_each(world, list_file, shell):
    path = list_file(
        [person(1), person(2, birth_date=date(2025, 1, 1)), exited(3, exit_date=date(2023, 1, 1))]
    )
    status, out, err = shell("import_participants", path, "--project", world.project.slug)
    assert status == 1
    lines = err.strip().splitlines()
    assert lines[:2] == [
        "row 3, column birth_date: lies after entry_date 2024-03-01 ('2025-01-01')",
        "row 4, column exit_date: lies before entry_date 2024-03-01 ('2023-01-01')",
    ]
    assert lines[2] == f"CommandError: 2 problem(s) in {path}; nothing was imported."
    assert "Traceback" not in err
    assert not Participant.objects.exists()


def test_an_existing_number_needs_update(world, list_file):
    path = list_file([person(1)])
    import_command(path, "--project", world.project.slug)
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_participants", str(path), "--project", world.project.slug, stderr=err)
    assert err.getvalue().strip() == (
        "row 2, column external_id: already exists in the project "
        "(import with update to replace it) ('TN-001')"
    )


def test_update_is_idempotent(world, list_file):
    path = list_file([person(1), exited(2)])
    import_command(path, "--project", world.project.slug, "--update")
    versions = list(Participant.objects.values_list("version", flat=True))
    out, _ = import_command(path, "--project", world.project.slug, "--update")
    assert out.strip().endswith(": 0 new, 0 updated, 2 unchanged.")
    assert list(Participant.objects.values_list("version", flat=True)) == versions
    changed = list_file([person(1, first_name="Neu"), exited(2)], name="neu.csv")
    out, _ = import_command(changed, "--project", world.project.slug, "--update")
    assert out.strip().endswith(": 0 new, 1 updated, 1 unchanged.")
    assert Participant.objects.get(external_id="TN-001").first_name == "Neu"


def test_dry_run_writes_nothing(world, list_file):
    path = list_file([person(1), person(2)])
    out, _ = import_command(path, "--project", world.project.slug, "--dry-run")
    assert out.strip() == (
        f"Dry run of {path} for {world.project.slug}: 2 new, 0 updated, 0 unchanged. "
        "Nothing was written."
    )
    assert not Participant.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "external_id;first_name\nTN-1;Jörg\n".encode("latin-1"),
            "The file is not UTF-8 encoded (probably Windows-1252 from Excel). In Excel, save "
            "it with “File → Save As → CSV UTF-8 (Comma delimited)”.",
        ),
        (b"", "The file has no header row. The first row must name the columns."),
        (b"external_id,first_name\n", "Required column(s) missing: last_name, birth_date"),
        (
            write_csv([person(1)]).replace(b"external_id,", b"external_id,shoe_size,", 1),
            "Unknown column(s): shoe_size.",
        ),
    ],
    ids=["latin-1", "empty", "missing-column", "unknown-column"],
)
def test_an_unreadable_file_is_refused_with_one_line(world, list_file, shell, content, message):
    path = list_file(content)
    status, out, err = shell("import_participants", path, "--project", world.project.slug)
    assert status == 1
    assert len(err.strip().splitlines()) == 1
    assert err.startswith(f"CommandError: {path}: ")
    assert message in err
    assert "Traceback" not in err


def test_a_missing_file_is_named(world, tmp_path):
    with pytest.raises(CommandError, match=r"Cannot read .*nix\.csv: No such file"):
        import_command(tmp_path / "nix.csv", "--project", world.project.slug)


def test_an_unknown_project_is_named(world, list_file):
    with pytest.raises(CommandError, match="No project with the short name 'nirgendwo'"):
        import_command(list_file([person(1)]), "--project", "nirgendwo")


def test_an_organisation_outside_the_consortium_is_named(world, list_file):
    with pytest.raises(
        CommandError, match=f"No organisation '{world.org_c.slug}' in the consortium"
    ):
        import_command(
            list_file([person(1)]),
            "--project",
            world.project.slug,
            "--organisation",
            world.org_c.slug,
        )


def test_an_xlsx_file_is_imported(world, list_file):
    path = list_file(write_xlsx([person(1), exited(2)]), name="liste.xlsx")
    out, _ = import_command(path, "--project", world.project.slug)
    assert ": 2 new," in out
    assert Case.objects.get(participant__external_id="TN-002").stage == "exited"


# Export ----------------------------------------------------------------------------


def test_export_writes_the_csv_that_was_imported(world, list_file, tmp_path):
    content = write_csv([person(1), exited(2), person(3, isced=None, gender="non_binary")])
    import_command(list_file(content), "--project", world.project.slug)
    output = tmp_path / "export.csv"
    out = io.StringIO()
    call_command(
        "export_participants", "--project", world.project.slug, "--output", str(output), stdout=out
    )
    assert output.read_bytes() == content
    assert out.getvalue().strip() == (
        f"Wrote 3 participant(s) of {world.project.slug} to {output}."
    )


def test_export_writes_xlsx_that_imports_again_unchanged(world, list_file, tmp_path):
    from openpyxl import load_workbook

    import_command(list_file([person(1), exited(2)]), "--project", world.project.slug)
    output = tmp_path / "export.xlsx"
    call_command("export_participants", "--project", world.project.slug, "--output", str(output))
    sheet = load_workbook(output).worksheets[0]
    assert sheet.cell(row=2, column=1).value == "TN-001"
    assert sheet.max_row == 3
    out, _ = import_command(output, "--project", world.project.slug, "--update")
    assert out.strip().endswith(": 0 new, 0 updated, 2 unchanged.")


def test_export_is_recorded_in_the_access_log(world, list_file, tmp_path):
    import_command(list_file([person(1)]), "--project", world.project.slug)
    call_command(
        "export_participants", "--project", world.project.slug, "--output", str(tmp_path / "x.csv")
    )
    entry = AccessLogEntry.objects.get(action="export")
    assert entry.action == "export"
    assert entry.record_type == "participants.participant"
    assert entry.project_id == world.project.pk
    assert "1 rows" in entry.detail


def test_export_refuses_an_unknown_format(world, tmp_path):
    with pytest.raises(CommandError, match="must end in .csv or .xlsx"):
        call_command(
            "export_participants",
            "--project",
            world.project.slug,
            "--output",
            str(tmp_path / "x.pdf"),
        )


def test_export_of_an_unknown_project_is_refused(world, tmp_path):
    with pytest.raises(CommandError, match="No project with the short name"):
        call_command("export_participants", "--project", "nix", "--output", str(tmp_path / "x.csv"))


def excel_csv(rows, encoding: str) -> bytes:
    """The list as German Excel saves it: semicolons, CRLF, and a BOM for "CSV UTF-8"."""
    text = write_csv(rows).decode().replace(",", ";").replace("\n", "\r\n")
    if encoding == "utf-8":
        return b"\xef\xbb\xbf" + text.encode()
    return text.encode(encoding)


def test_german_excel_csv_utf8_with_semicolons_is_imported(world, list_file):
    rows = [dataclasses.replace(person(1), first_name="Jörg", last_name="Weiß")]
    path = list_file(excel_csv(rows, "utf-8"))
    out, _ = import_command(path, "--project", world.project.slug)
    assert ": 1 new, 0 updated, 0 unchanged." in out
    assert Participant.objects.get(external_id="TN-001").last_name == "Weiß"


def test_german_excel_csv_in_windows_1252_is_refused_with_one_line(world, list_file, shell):
    rows = [dataclasses.replace(person(1), first_name="Jörg", last_name="Weiß")]
    path = list_file(excel_csv(rows, "cp1252"))
    status, out, err = shell("import_participants", path, "--project", world.project.slug)
    assert status == 1
    assert err.strip() == (
        f"CommandError: {path}: The file is not UTF-8 encoded (probably Windows-1252 from "
        "Excel). In Excel, save it with “File → Save As → CSV UTF-8 (Comma delimited)”."
    )
    assert not Participant.objects.exists()
