"""A restore refuses, with one clear line and nothing written (database, uploaded files,
erasure log): a truncated or damaged archive, an archive from a newer version or with
migrations this code does not know, another engine's archive, a database that is not
empty, uploaded files in the way, a missing or wrong key."""

import io
import json
import shutil
import tarfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from quartier.operations.encryption import generate_key
from quartier.operations.services.backup import MANIFEST, BackupError, backup_create, backup_restore
from tests.db_snapshot import snapshot
from tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def archive(backup_env):
    """A plain archive of three participants and one upload; then an empty target
    (flushed database, no uploads) with an erasure log of its own."""
    ParticipantFactory.create_batch(3)
    default_storage.save("cases/1/scan.pdf", ContentFile(b"%PDF-1.4 scan" * 1000))
    path = backup_create(output=backup_env / "quartier.tar").path
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(backup_env / "media")
    log = backup_env / "erasure" / "erasure-log.jsonl"
    log.parent.mkdir()
    log.write_text('{"kind": "request"}\n')
    return path


def _state(root) -> tuple:
    files = sorted(
        (str(path.relative_to(root)), path.read_bytes())
        for path in root.rglob("*")
        if path.is_file() and "quartier.tar" not in path.name and ".quartier-" not in str(path)
    )
    return snapshot(ignore={}), files


def _refused(path, root, match: str) -> None:
    before = _state(root)
    with pytest.raises(BackupError, match=match) as refusal:
        backup_restore(archive=path, workdir=root)
    assert "\n" not in str(refusal.value)
    assert _state(root) == before, "a refused restore wrote something"
    assert not any(root.glob(".quartier-restore-*")), "the unpacked archive is removed"


def _rewrite(source, target, change) -> None:
    with tarfile.open(source) as old, tarfile.open(target, "w", format=tarfile.PAX_FORMAT) as new:
        for member in old:
            data = old.extractfile(member).read()
            if member.name == MANIFEST:
                manifest = json.loads(data)
                change(manifest)
                data = json.dumps(manifest).encode()
                member.size = len(data)
            new.addfile(member, io.BytesIO(data))


@pytest.mark.parametrize("fraction", [0.1, 0.5, 0.99])
def test_a_truncated_archive(archive, backup_env, fraction):
    data = archive.read_bytes()
    cut = backup_env / "cut.quartier.tar"
    cut.write_bytes(data[: int(len(data) * fraction)])
    _refused(cut, backup_env, "truncated or damaged")


def test_a_damaged_archive(archive, backup_env):
    data = bytearray(archive.read_bytes())
    data[len(data) // 3] ^= 0xFF  # inside the database copy
    damaged = backup_env / "damaged.quartier.tar"
    damaged.write_bytes(bytes(data))
    _refused(damaged, backup_env, "damaged")


def test_an_archive_from_a_newer_version(archive, backup_env):
    newer = backup_env / "newer.quartier.tar"
    _rewrite(archive, newer, lambda m: m["quartier"].update(version="99.0.0"))
    _refused(newer, backup_env, "newer than this one")


def test_an_archive_with_unknown_migrations(archive, backup_env):
    def future(manifest):
        manifest["applied_migrations"]["participants"].append("9999_from_the_future")
        manifest["migrations"]["participants"] = "9999_from_the_future"

    newer = backup_env / "newer.quartier.tar"
    _rewrite(archive, newer, future)
    _refused(newer, backup_env, "participants.9999_from_the_future")


def test_an_archive_of_another_engine(archive, backup_env):
    engine = "sqlite" if connection.vendor == "postgresql" else "postgresql"
    other = backup_env / "other.quartier.tar"
    _rewrite(archive, other, lambda m: m["database"].update(engine=engine))
    _refused(other, backup_env, f"holds a {engine} database")


def test_a_manifest_that_does_not_match(archive, backup_env):
    other = backup_env / "other.quartier.tar"
    _rewrite(
        archive, other, lambda m: m["members"][m["database"]["member"]].update(sha256="0" * 64)
    )
    _refused(other, backup_env, "do not match their checksum")


def test_a_database_that_is_not_empty(archive, backup_env):
    ParticipantFactory()
    _refused(archive, backup_env, "database is not empty")


def test_uploaded_files_in_the_way(archive, backup_env):
    default_storage.save("cases/1/scan.pdf", ContentFile(b"another scan"))
    _refused(archive, backup_env, "already hold 1 different files")


def test_an_encrypted_archive_without_or_with_the_wrong_key(backup_env, settings):
    ParticipantFactory()
    path = backup_create(output=backup_env / "quartier.tar.enc", encrypt=True).path
    call_command("flush", interactive=False, verbosity=0)
    settings.QUARTIER_BACKUP_KEY = ""
    _refused(path, backup_env, "encrypted: QUARTIER_BACKUP_KEY is not set")
    settings.QUARTIER_BACKUP_KEY = generate_key()
    _refused(path, backup_env, "different key")


def test_a_truncated_encrypted_archive(backup_env, settings):
    ParticipantFactory()
    path = backup_create(output=backup_env / "quartier.tar.enc", encrypt=True).path
    call_command("flush", interactive=False, verbosity=0)
    cut = backup_env / "cut.quartier.tar.enc"
    cut.write_bytes(path.read_bytes()[:-100])
    _refused(cut, backup_env, "truncated")


def test_the_command_says_it_in_one_line(archive, backup_env):
    cut = backup_env / "cut.quartier.tar"
    cut.write_bytes(archive.read_bytes()[:5000])
    with pytest.raises(CommandError, match="truncated or damaged"):
        call_command("restore", str(cut))
    with pytest.raises(CommandError, match="does not exist"):
        call_command("restore", str(backup_env / "missing.tar"))


def test_encrypting_without_a_key(backup_env, settings):
    settings.QUARTIER_BACKUP_KEY = ""
    with pytest.raises(BackupError, match="generate-key"):
        backup_create(output=backup_env / "b.tar", encrypt=True)
    assert not list(backup_env.glob("b.tar*"))
