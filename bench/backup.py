"""Benchmark of backup and restore (issue 16): `manage.py backup` (plain and encrypted)
and `manage.py restore` of the demo data, against a plain copy of the same database in
the same run: `pg_dump --format=custom` / `pg_restore` on PostgreSQL, SQLite's online
backup API on SQLite (the baseline the archive wraps, without uploads, manifest,
checksums or encryption).

A fresh database gets the demo (`seed_demo`, BENCH_PARTICIPANTS participants, default
100,000) and BENCH_BACKUP_FILES uploaded files of 100 kB (default 50). The restore goes
into the same database after `flush` (what a restore accepts as empty); the baseline
restore into a new database (PostgreSQL) or file (SQLite). Figures: seconds and bytes.

    .venv/bin/python bench/backup.py
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/quartier_bench_backup \\
        .venv/bin/python bench/backup.py
"""

import io
import os
import secrets
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from setup import start_django  # noqa: E402

PARTICIPANTS = int(os.environ.get("BENCH_PARTICIPANTS", "100000"))
FILES = int(os.environ.get("BENCH_BACKUP_FILES", "50"))
WORK = Path(tempfile.mkdtemp(prefix="quartier-bench-backup-"))
os.environ["MEDIA_ROOT"] = str(WORK / "media")
os.environ["QUARTIER_ERASURE_LOG_FILE"] = str(WORK / "erasure-log.jsonl")
start_django("bench_backup")

from django.conf import settings  # noqa: E402
from django.core.files.base import ContentFile  # noqa: E402
from django.core.files.storage import default_storage  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from report import record  # noqa: E402

from quartier.operations.encryption import generate_key  # noqa: E402
from quartier.operations.services import backup as backup_service  # noqa: E402


def timed(function):
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def baseline_backup(target: Path) -> None:
    if connection.vendor == "postgresql":
        subprocess.run(  # noqa: S603
            ["pg_dump", "--format=custom", f"--file={target}"],  # noqa: S607
            env=backup_service._pg_env(),
            check=True,
        )
    else:
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        connection.connection.backup(copy)
        copy.close()


def baseline_restore(source: Path) -> None:
    if connection.vendor == "postgresql":
        import psycopg

        name = f"{connection.settings_dict['NAME']}_baseline"
        with psycopg.connect(**backup_service._pg_settings(), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
        try:
            subprocess.run(  # noqa: S603
                [
                    "pg_restore",
                    "--no-owner",
                    "--no-privileges",
                    "--single-transaction",  # noqa: S607
                    "--exit-on-error",
                    f"--dbname={name}",
                    str(source),
                ],
                env=backup_service._pg_env(),
                check=True,
            )
        finally:
            with psycopg.connect(**backup_service._pg_settings(), autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        target = WORK / "baseline-restored.sqlite3"
        source_db = sqlite3.connect(source)
        copy = sqlite3.connect(target)
        source_db.backup(copy)
        copy.close()
        source_db.close()


def main() -> None:
    engine = connection.vendor
    print(f"Backup benchmark on {engine}, {PARTICIPANTS:,} participants, {FILES} uploads")
    call_command("migrate", verbosity=0)
    call_command("seed_demo", participants=PARTICIPANTS, seed=1, stdout=io.StringIO())
    for number in range(FILES):
        default_storage.save(f"cases/bench/{number}.pdf", ContentFile(secrets.token_bytes(100_000)))
    settings.QUARTIER_BACKUP_KEY = generate_key()

    plain_copy = WORK / "baseline.db"
    base_seconds, _ = timed(lambda: baseline_backup(plain_copy))
    base_size = plain_copy.stat().st_size
    seconds, result = timed(lambda: backup_service.backup_create(output=WORK / "q.tar"))
    enc_seconds, enc = timed(
        lambda: backup_service.backup_create(output=WORK / "q.tar.enc", encrypt=True)
    )
    name = "pg_dump --format=custom" if engine == "postgresql" else "sqlite3 online backup"
    print(f"{'backup (archive)':<34} {seconds:8.2f} s   baseline {name}: {base_seconds:.2f} s")
    print(f"{'backup (encrypted archive)':<34} {enc_seconds:8.2f} s")
    print(
        f"{'archive size':<34} {result.size:>12,} bytes   baseline {base_size:,} bytes "
        f"(database only; uploads {FILES * 100_000:,} bytes)"
    )
    record(
        "backup: write the archive",
        figure=seconds,
        baseline=base_seconds,
        unit="s",
        baseline_name=f"plain {name} of the same database",
    )
    record(
        "backup: write the encrypted archive",
        figure=enc_seconds,
        baseline=base_seconds,
        unit="s",
        baseline_name=f"plain {name} of the same database",
    )
    record(
        "backup: archive size",
        figure=result.size,
        baseline=base_size,
        unit="bytes",
        baseline_name=f"plain {name} (without the {FILES} uploads)",
    )

    base_restore, _ = timed(lambda: baseline_restore(plain_copy))
    for archive, label in ((result.path, "restore"), (enc.path, "restore (encrypted)")):
        call_command("flush", interactive=False, verbosity=0)
        shutil.rmtree(WORK / "media", ignore_errors=True)
        restore_seconds, restored = timed(
            lambda archive=archive: backup_service.backup_restore(archive=archive, workdir=WORK)
        )
        assert restored.tables == len(result.manifest["tables"])
        print(
            f"{label:<34} {restore_seconds:8.2f} s   baseline "
            f"{'pg_restore' if engine == 'postgresql' else 'sqlite3 online backup'}: "
            f"{base_restore:.2f} s"
        )
        record(
            f"backup: {label}, checked and verified",
            figure=restore_seconds,
            baseline=base_restore,
            unit="s",
            baseline_name="plain pg_restore into a new database"
            if engine == "postgresql"
            else "sqlite3 online backup into a new file",
        )
    shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
