"""The demo data's round trip on PostgreSQL (DATABASE_URL=postgres…): a backup of the test
database is restored by `manage.py restore` in a subprocess into a second, freshly
created database on the same server, which then has every table with the same row count
and content checksum, and the uploaded files byte for byte. The database is dropped
afterwards."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection

from quartier.operations.selectors.tables import tables_summary
from quartier.operations.services.backup import backup_create, table_differences

pytestmark = pytest.mark.django_db(transaction=True)
UPLOAD = bytes(range(256)) * 3000


def _url(name: str) -> str:
    sd = connection.settings_dict
    auth = quote(sd.get("USER") or "")
    if sd.get("PASSWORD"):
        auth += ":" + quote(sd["PASSWORD"])
    host = sd.get("HOST") or "localhost"
    port = sd.get("PORT") or 5432
    return f"postgres://{auth}@{host}:{port}/{name}"


@pytest.fixture
def second_database():
    import psycopg

    name = f"{connection.settings_dict['NAME']}_restore"
    admin = _url("postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_the_demo_data_round_trip_into_a_second_database(backup_env, second_database):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only (DATABASE_URL=postgres://…)")
    import psycopg

    call_command("seed_demo", "--participants", "6", "--seed", "2", verbosity=0)
    default_storage.save("cases/1/scan.pdf", ContentFile(UPLOAD))
    result = backup_create(output=backup_env / "quartier.tar.enc", encrypt=True)
    assert result.manifest["database"]["engine"] == "postgresql"
    assert result.manifest["tables"]["participants_participant"]["rows"] == 6

    media = backup_env / "restored-media"
    env = {
        **{key: value for key, value in os.environ.items() if not key.startswith("PG")},
        "DJANGO_ENV": "test",
        "DATABASE_URL": _url(second_database),
        "MEDIA_ROOT": str(media),
        "QUARTIER_ERASURE_LOG_FILE": str(backup_env / "restored-log" / "erasure-log.jsonl"),
        "QUARTIER_BACKUP_KEY": settings.QUARTIER_BACKUP_KEY,
    }
    restore = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "restore", str(result.path)],
        cwd=Path(settings.BASE_DIR),
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert restore.returncode == 0, restore.stderr[-3000:]
    assert "tables verified" in restore.stdout

    with psycopg.connect(_url(second_database)) as conn:
        restored = tables_summary(conn, "postgresql")
    assert table_differences(result.manifest["tables"], restored) == []
    assert (media / "cases" / "1" / "scan.pdf").read_bytes() == UPLOAD

    again = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "restore", str(result.path)],
        cwd=Path(settings.BASE_DIR),
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert again.returncode != 0
    assert "database is not empty" in again.stderr
