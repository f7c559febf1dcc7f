"""The benchmarks' shared start: a fresh database and Django set up on it.

    from setup import start_django
    start_django("bench")          # var/bench.sqlite3, or BENCH_DATABASE_URL

SQLite gets a new file under var/; for PostgreSQL (`BENCH_DATABASE_URL`) the named
database is dropped and created again on the same server. Call it before importing
anything from Django or Quartier.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def start_django(sqlite_name: str) -> None:
    """Point Django at a fresh benchmark database and set it up (migrations not yet run)."""
    sys.path.insert(0, str(ROOT))
    sqlite_file = ROOT / "var" / f"{sqlite_name}.sqlite3"
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{sqlite_file}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DJANGO_ENV"] = "development"
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ["AXES_ENABLED"] = "false"

    if os.environ["DATABASE_URL"].startswith("sqlite"):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{sqlite_file}{suffix}").unlink(missing_ok=True)
    else:
        # A fresh PostgreSQL database for the run: dropped and created on the same server.
        from urllib.parse import urlparse

        import psycopg

        target = urlparse(os.environ["DATABASE_URL"])
        name = target.path.lstrip("/")
        admin_url = target._replace(path="/postgres").geturl()
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')

    import django

    django.setup()
