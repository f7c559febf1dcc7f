"""`manage.py export_person_data`: the Art. 15 ZIP to a file, logged as the command."""

import json
import zipfile

import pytest
from django.core.management import CommandError, call_command

from quartier.privacy.models import AccessLogEntry
from tests.privacy.factories_export import full_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return full_person(world)


def test_writes_the_zip_and_logs_the_command(person, tmp_path, capsys):
    output = tmp_path / "out" / "auskunft.zip"
    output.parent.mkdir()
    call_command("export_person_data", participant=person.participant.pk, output=str(output))
    with zipfile.ZipFile(output) as archive:
        data = json.loads(archive.read("person-data.json"))
        assert "summary.pdf" in archive.namelist()
    assert data["identity"]["last_name"] == "Exportowa"
    assert data["placements"][0]["job_title"] == person.placement.job_title
    entry = AccessLogEntry.objects.get(action="export")
    assert entry.user is None
    assert entry.detail == "art. 15 export: manage.py export_person_data"
    assert entry.record_id == person.participant.pk
    assert "auskunft.zip" in capsys.readouterr().out
    assert [path.name for path in output.parent.iterdir()] == ["auskunft.zip"]
    assert output.stat().st_mode & 0o077 == 0  # readable by its owner only


def test_an_unknown_participant_is_named(world, tmp_path):
    with pytest.raises(CommandError, match="No participant with the id 999999"):
        call_command("export_person_data", participant=999999, output=str(tmp_path / "a.zip"))
    assert not AccessLogEntry.objects.exists()


def test_an_existing_file_is_kept_without_force(person, tmp_path):
    output = tmp_path / "auskunft.zip"
    output.write_bytes(b"older export")
    with pytest.raises(CommandError, match="exists already; use --force"):
        call_command("export_person_data", participant=person.participant.pk, output=str(output))
    assert output.read_bytes() == b"older export"
    assert not AccessLogEntry.objects.filter(action="export").exists()
    call_command(
        "export_person_data", participant=person.participant.pk, output=str(output), force=True
    )
    assert zipfile.is_zipfile(output)


def test_a_missing_folder_is_an_error(person, tmp_path):
    output = tmp_path / "nowhere" / "auskunft.zip"
    with pytest.raises(CommandError, match="does not exist"):
        call_command("export_person_data", participant=person.participant.pk, output=str(output))
    assert not AccessLogEntry.objects.filter(action="export").exists()


def test_an_unwritable_folder_is_an_error(person, tmp_path, monkeypatch):
    """(Simulated: the tests may run as root, who writes anywhere.)"""
    from quartier.privacy.management.commands import export_person_data

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(export_person_data.tempfile, "mkstemp", refuse)
    with pytest.raises(CommandError, match="Cannot write .*Permission denied"):
        call_command(
            "export_person_data",
            participant=person.participant.pk,
            output=str(tmp_path / "auskunft.zip"),
        )
    assert not AccessLogEntry.objects.filter(action="export").exists()


def test_a_failed_rename_leaves_neither_file_nor_log_entry(person, tmp_path, monkeypatch):
    from quartier.privacy.management.commands import export_person_data

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(export_person_data.os, "replace", refuse)
    with pytest.raises(CommandError, match="Cannot write"):
        call_command(
            "export_person_data",
            participant=person.participant.pk,
            output=str(tmp_path / "auskunft.zip"),
        )
    assert not AccessLogEntry.objects.filter(action="export").exists()
    assert [path.name for path in tmp_path.iterdir()] == ["media"]


def test_a_folder_as_output_is_an_error(person, tmp_path):
    with pytest.raises(CommandError, match="is a directory"):
        call_command("export_person_data", participant=person.participant.pk, output=str(tmp_path))
