"""Backup and restore round trips on the suite's database: the demo data comes back with
every table's row count and content checksum, the uploaded files byte for byte, an
encrypted archive as well as a plain one, and a person erased after the backup stays
erased after the restore (the erasure log is replayed).

The restore goes into the same (SQLite) test database after `flush`, which leaves only
what `migrate` writes: the "empty database" a restore accepts. PostgreSQL restores into a
second database: test_backup_postgres.py."""

import shutil
import sqlite3
import tarfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection

from quartier.operations.selectors.tables import tables_summary
from quartier.operations.services.backup import (
    MANIFEST,
    backup_create,
    backup_restore,
    table_differences,
)
from quartier.participants.models import Participant
from tests.factories import ParticipantFactory
from tests.privacy import erasure_scenario as scenario

pytestmark = pytest.mark.django_db(transaction=True)

#: Every byte value, and more than one read buffer.
UPLOAD = bytes(range(256)) * 5000


@pytest.fixture(autouse=True)
def sqlite_only():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite: restores into the same test database (PostgreSQL: its own test)")


def _tables_now() -> dict:
    plain = sqlite3.connect(str(connection.settings_dict["NAME"]), uri=True)
    try:
        return tables_summary(plain, "sqlite")
    finally:
        plain.close()


def _empty_the_target(media) -> None:
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(media, ignore_errors=True)


def test_the_demo_data_round_trip(backup_env):
    call_command("seed_demo", "--participants", "6", "--seed", "2", verbosity=0)
    default_storage.save("cases/1/scan.pdf", ContentFile(UPLOAD))
    default_storage.save("imports/list.csv", ContentFile(b"a;b\n1;2\n"))
    steps = []
    result = backup_create(output=backup_env / "quartier.tar", progress=steps.append)
    assert steps, "the backup prints its steps"
    manifest = result.manifest
    assert manifest["database"]["engine"] == "sqlite"
    assert manifest["quartier"]["version"]
    assert manifest["migrations"]["participants"]
    assert manifest["tables"] == _tables_now()
    assert manifest["tables"]["participants_participant"]["rows"] == 6
    assert set(manifest["members"]) == {
        "database.sqlite3",
        "media/cases/1/scan.pdf",
        "media/imports/list.csv",
    }
    with tarfile.open(result.path) as tar:
        assert tar.getnames()[-1] == MANIFEST

    _empty_the_target(backup_env / "media")
    assert Participant.objects.count() == 0
    restored = backup_restore(archive=result.path, progress=steps.append)

    after = _tables_now()
    assert table_differences(manifest["tables"], after) == []
    assert after["participants_participant"] == manifest["tables"]["participants_participant"]
    assert restored.tables == len(manifest["tables"])
    assert restored.files == 2
    assert not restored.migrated
    assert (backup_env / "media" / "cases" / "1" / "scan.pdf").read_bytes() == UPLOAD
    assert (backup_env / "media" / "imports" / "list.csv").read_bytes() == b"a;b\n1;2\n"
    assert Participant.objects.count() == 6


def test_an_encrypted_round_trip(backup_env):
    ParticipantFactory.create_batch(3)
    default_storage.save("cases/2/letter.pdf", ContentFile(UPLOAD))
    result = backup_create(output=backup_env / "quartier.tar.enc", encrypt=True)
    archive = result.path.read_bytes()
    assert b"letter.pdf" not in archive
    assert b"SQLite format 3" not in archive
    with pytest.raises(tarfile.ReadError), tarfile.open(result.path):
        pass

    _empty_the_target(backup_env / "media")
    backup_restore(archive=result.path)

    assert table_differences(result.manifest["tables"], _tables_now()) == []
    assert (backup_env / "media" / "cases" / "2" / "letter.pdf").read_bytes() == UPLOAD
    assert Participant.objects.count() == 3


def test_a_person_erased_after_the_backup_stays_erased(backup_env):
    ids = scenario.seed()
    result = backup_create(output=backup_env / "quartier.tar")
    scenario.erase(ids["participant"], ids["dpo"])
    log = backup_env / "erasure" / "erasure-log.jsonl"
    assert log.exists()
    log_before = log.read_text()

    _empty_the_target(backup_env / "media")
    restored = backup_restore(archive=result.path)

    assert restored.erasures["requests"] == 1
    assert restored.erasures["anonymised"] + restored.erasures["removed"] == 1
    assert not Participant.objects.filter(last_name=scenario.LAST_NAME).exists()
    assert not Participant.objects.filter(first_name=scenario.FIRST_NAME).exists()
    # The live log (with the erasure the backup does not know) is kept as it was.
    assert log.read_text() == log_before
    # A second replay changes nothing.
    call_command("replay_erasures", verbosity=0)
    assert not Participant.objects.filter(last_name=scenario.LAST_NAME).exists()


def test_the_archives_erasure_log_is_restored_where_none_is(backup_env):
    ids = scenario.seed()
    scenario.erase(ids["participant"], ids["dpo"])
    result = backup_create(output=backup_env / "quartier.tar")
    assert "erasure-log.jsonl" in result.manifest["members"]
    log = backup_env / "erasure" / "erasure-log.jsonl"
    content = log.read_bytes()
    log.unlink()

    _empty_the_target(backup_env / "media")
    restored = backup_restore(archive=result.path)

    assert log.read_bytes() == content
    assert restored.erasures["requests"] == 1
    assert not Participant.objects.filter(last_name=scenario.LAST_NAME).exists()


def test_the_commands(backup_env, capsys):
    ParticipantFactory.create_batch(2)
    call_command("backup", "--output", str(backup_env / "b.tar"))
    out = capsys.readouterr().out
    assert "Backup written" in out
    assert "] Counting rows" in out
    _empty_the_target(backup_env / "media")
    call_command("restore", str(backup_env / "b.tar"))
    out = capsys.readouterr().out
    assert "tables verified" in out
    assert "] Restoring the database" in out
    assert Participant.objects.count() == 2
