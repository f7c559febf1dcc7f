"""Fixtures of the operations tests: the test database shared with subprocesses (the
scheduler and the worker run as real processes), and a way to start them."""

import os
import sqlite3
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
PINNED = Path(__file__).with_name("pinned_manage.py")


@dataclass
class SharedDatabase:
    """The test database as subprocesses see it. On SQLite (an in-memory test database)
    it is copied to a file for them (`share`) and copied back (`collect`) with SQLite's
    backup API; on PostgreSQL they use the test database itself."""

    url: str
    path: Path | None = None
    env: dict = field(default_factory=dict)

    def share(self) -> None:
        if self.path is not None:
            connection.ensure_connection()
            target = sqlite3.connect(self.path)
            connection.connection.backup(target)
            target.close()

    def collect(self) -> None:
        if self.path is not None:
            source = sqlite3.connect(self.path)
            source.backup(connection.connection)
            source.close()

    def start(self, *args: str, **env) -> subprocess.Popen:
        environment = {**os.environ, **self.env, **{k: str(v) for k, v in env.items()}}
        return subprocess.Popen(
            [sys.executable, str(PINNED), *args],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def run(self, *args: str, timeout: float = 60, **env) -> subprocess.CompletedProcess:
        process = self.start(*args, **env)
        try:
            out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            out, err = process.communicate()
            raise AssertionError(f"{args} did not end: {out}\n{err}") from None
        return subprocess.CompletedProcess(args, process.returncode, out, err)


@pytest.fixture
def shared_db(transactional_db, tmp_path, settings) -> SharedDatabase:
    media = tmp_path / "media"
    media.mkdir()
    settings.MEDIA_ROOT = media
    env = {
        "DJANGO_ENV": "test",
        "TASKS_BACKEND": "database",
        "MEDIA_ROOT": str(media),
        "QUARTIER_SCHEDULER_INTERVAL": "1",
        "QUARTIER_WORKER_STALE_SECONDS": "60",
        "LOG_LEVEL": "WARNING",
    }
    if connection.vendor == "sqlite":
        path = tmp_path / "shared.sqlite3"
        shared = SharedDatabase(url=f"sqlite:///{path}", path=path)
    else:
        s = connection.settings_dict
        auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
        shared = SharedDatabase(url=f"postgres://{auth}@{s['HOST']}:{s['PORT']}/{s['NAME']}")
    shared.env = {**env, "DATABASE_URL": shared.url}
    return shared


# --- backup ---
@pytest.fixture
def backup_env(settings, tmp_path):
    """Uploaded files, the erasure log and a backup key of the test's own, in tmp_path."""
    from quartier.operations.encryption import generate_key

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ERASURE_LOG_FILE = tmp_path / "erasure" / "erasure-log.jsonl"
    settings.QUARTIER_BACKUP_KEY = generate_key()
    return tmp_path


# --- end backup ---
