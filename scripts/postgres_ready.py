"""Checks that the PostgreSQL server at POSTGRES_URL answers, with a clear message if not."""

import os
import sys

import psycopg

url = os.environ.get("POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
try:
    with psycopg.connect(url, connect_timeout=5) as connection:
        version = connection.execute("SHOW server_version").fetchone()[0]
except psycopg.Error as error:
    first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    sys.exit(
        f"No PostgreSQL server answers at {url} ({first_line}).\n"
        "Start one (e.g. `pg_ctlcluster 15 main start`) or set POSTGRES_URL=postgres://user@host:port/db."
    )
major = int(version.split(".")[0])
if major < 15:
    sys.exit(f"PostgreSQL {version} at {url} is too old: Quartier needs 15 or newer.")
print(f"PostgreSQL {version} at {url}: running the suite in its own test database.")
