"""The decisive test of erasure: a participant with a distinctive name, e-mail, phone
and street, with traces everywhere (case, contact notes, a referral, an appointment
request, a document, a certificate, change-log and access-log entries), is erased; then
the whole SQLite database file (with its -wal and -journal files) holds none of these
values, the indicator report and the participant list give the same figures, and a
restored copy of the file from before the erasure loses the traces again when the
erasure log is replayed. On PostgreSQL (DATABASE_URL=postgres…) the dump of the test
database is searched the same way.

The SQLite part runs `tests.privacy.erasure_scenario` in subprocesses against a
temporary file database (the test database of the suite lives in memory)."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.privacy import erasure_scenario as scenario

ROOT = Path(settings.BASE_DIR)


def _run(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "tests.privacy.erasure_scenario", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def _hits(folder: Path, stem: str) -> dict[str, list[str]]:
    """Which of the needles occur (case-insensitive) in the database file and its
    companions."""
    found = {}
    for path in folder.glob(f"{stem}*"):
        data = path.read_bytes().lower()
        hits = [needle for needle in scenario.NEEDLES if needle.lower().encode() in data]
        if hits:
            found[path.name] = hits
    return found


def _without_names(report: dict) -> dict:
    rows = [
        {
            key: value
            for key, value in row.items()
            if key not in {"first_name", "last_name", "external_id"}
        }
        for row in report["rows"]
    ]
    return {"indicators": report["indicators"], "rows": rows}


def _copy_of_the_test_database(target: Path) -> None:
    """The suite's migrated (in-memory) SQLite test database, copied into `target` with
    SQLite's backup API: the scenario starts from the same schema without migrating."""
    import sqlite3

    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
    finally:
        copy.close()


@pytest.mark.django_db(transaction=True)  # no open transaction: the backup can read
def test_no_trace_in_the_sqlite_file_and_the_same_figures(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only (the PostgreSQL run searches a dump instead)")
    database = tmp_path / "quartier.sqlite3"
    _copy_of_the_test_database(database)
    env = {
        "QUARTIER_SCENARIO_MIGRATED": "1",
        **os.environ,
        "DJANGO_ENV": "test",
        "DATABASE_URL": f"sqlite:///{database}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "QUARTIER_ERASURE_LOG_FILE": str(tmp_path / "log" / "erasure-log.jsonl"),
        "PYTHONPATH": str(ROOT),
    }
    ids = json.loads(_run(env, "seed").strip().splitlines()[-1])
    before = json.loads(_run(env, "report").strip().splitlines()[-1])
    assert _hits(tmp_path, database.name), "the scenario left no traces to look for"
    backup = tmp_path / "backup.sqlite3"
    shutil.copy(database, backup)  # the seed's process checkpointed its WAL on exit
    for suffix in ("-wal", "-shm"):
        if Path(f"{database}{suffix}").exists():
            shutil.copy(f"{database}{suffix}", f"{backup}{suffix}")

    _run(env, "erase", str(ids["participant"]), ids["dpo"])

    assert _hits(tmp_path, database.name) == {}
    assert list((tmp_path / "media").rglob("*")) == [] or not any(
        path.is_file() and path.suffix != "" for path in (tmp_path / "media").rglob("*")
    )
    after = json.loads(_run(env, "report").strip().splitlines()[-1])
    assert after["indicators"] == before["indicators"]
    assert _without_names(after) == _without_names(before)
    assert scenario.LAST_NAME not in json.dumps(after)

    # A backup from before the erasure is restored: the replay erases again.
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
        if Path(f"{backup}{suffix}").exists():
            shutil.copy(f"{backup}{suffix}", f"{database}{suffix}")
    assert _hits(tmp_path, database.name)
    _run(env, "replay")
    assert _hits(tmp_path, database.name) == {}
    _run(env, "replay")  # idempotent
    assert (
        json.loads(_run(env, "report").strip().splitlines()[-1])["indicators"]
        == (before["indicators"])
    )


def _postgres_dump() -> bytes:
    """Every table of the test database as COPY … TO STDOUT text (what pg_dump writes)."""
    chunks = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )
        tables = [row[0] for row in cursor.fetchall()]
        raw = cursor.cursor
        for table in tables:
            with raw.copy(f'COPY "{table}" TO STDOUT') as copy:
                for data in copy:
                    chunks.append(bytes(data))
    return b"".join(chunks)


@pytest.mark.django_db(transaction=True)
def test_no_trace_in_a_postgres_dump(settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only (DATABASE_URL=postgres://…)")
    settings.MEDIA_ROOT = tmp_path / "media"
    ids = scenario.seed()
    before = scenario.report()
    dump = _postgres_dump().lower()
    assert scenario.LAST_NAME.lower().encode() in dump
    scenario.erase(ids["participant"], ids["dpo"])
    dump = _postgres_dump().lower()
    assert [n for n in scenario.NEEDLES if n.lower().encode() in dump] == []
    assert scenario.report()["indicators"] == before["indicators"]


@pytest.mark.django_db
def test_every_sqlite_connection_overwrites_deleted_content():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA secure_delete")
        assert cursor.fetchone()[0] == 1
