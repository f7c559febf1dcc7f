"""Every table of a database with its row count and a content checksum, and whether a
database is empty enough to restore into.

These work on a raw DB-API connection (sqlite3 or psycopg), so that a backup computes
them in the same snapshot as its dump, and a restore on the restored database. The
checksum is SHA-256 over the rows in primary-key order (all columns where a table has
no primary key), one line per row: the repr() of its values where that is canonical
(None, numbers, text, bytes, decimals, UUIDs: all that SQLite returns), else each value
normalised (type tag + canonical text; aware date-times in UTC, JSON with sorted keys).
The same data on the same engine gives the same checksum, whatever the session's time
zone.
"""

import datetime
import decimal
import hashlib
import json
import uuid

#: Tables that `migrate` itself fills (Django's bookkeeping and the reference data of
#: data migrations): a database with rows only there counts as empty for a restore.
FILLED_BY_MIGRATE = frozenset(
    {
        "django_migrations",
        "django_content_type",
        "auth_permission",
        "sqlite_sequence",
        "cases_skill",
    }
)

_FETCH = 2000


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def table_names(conn, vendor: str) -> list[str]:
    """The tables of the database (the current schema on PostgreSQL), sorted."""
    if vendor == "postgresql":
        rows = conn.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') ORDER BY 1"
        ).fetchall()
    else:
        rows = conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_stat%' ORDER BY 1"
        ).fetchall()
    return [row[0] for row in rows]


def _order_columns(conn, vendor: str, table: str) -> list[str]:
    if vendor == "postgresql":
        rows = conn.execute(
            "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
            "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = %s::regclass AND i.indisprimary "
            "ORDER BY array_position(i.indkey, a.attnum)",
            [quote(table)],
        ).fetchall()
        if rows:
            return [row[0] for row in rows]
        rows = conn.execute(
            "SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 "
            "AND NOT attisdropped ORDER BY attnum",
            [quote(table)],
        ).fetchall()
        return [row[0] for row in rows]
    info = conn.execute(f"PRAGMA table_info({quote(table)})").fetchall()
    keys = sorted((row[5], row[1]) for row in info if row[5])
    return [name for _position, name in keys] or [row[1] for row in info]


def _canonical(value) -> bytes:
    if value is None:
        return b"N"
    if isinstance(value, bool):
        return b"B1" if value else b"B0"
    if isinstance(value, int):
        return b"I" + str(value).encode()
    if isinstance(value, float):
        return b"F" + repr(value).encode()
    if isinstance(value, decimal.Decimal):
        return b"D" + str(value).encode()
    if isinstance(value, str):
        return b"S" + value.encode("utf-8", "surrogatepass")
    if isinstance(value, bytes | bytearray | memoryview):
        return b"X" + bytes(value)
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.UTC)
        return b"T" + value.isoformat().encode()
    if isinstance(value, datetime.date | datetime.time):
        return b"T" + value.isoformat().encode()
    if isinstance(value, datetime.timedelta):
        return b"V" + str(value).encode()
    if isinstance(value, uuid.UUID):
        return b"U" + str(value).encode()
    if isinstance(value, dict | list):
        return b"J" + json.dumps(value, sort_keys=True, separators=(",", ":")).encode()
    return b"R" + repr(value).encode()


def _batches(conn, vendor: str, sql: str):
    if vendor == "postgresql":
        with conn.cursor(name="quartier_table_checksum") as cursor:
            cursor.itersize = _FETCH
            cursor.execute(sql)
            while batch := cursor.fetchmany(_FETCH):
                yield batch
    else:
        cursor = conn.execute(sql)
        while batch := cursor.fetchmany(_FETCH):
            yield batch


#: The value types whose repr() is canonical: the same value, the same text.
_PLAIN = (type(None), bool, int, float, str, bytes, decimal.Decimal, uuid.UUID)


def _canonical_rows(batch, *, all_plain: bool) -> bytes:
    """Each row as one line: the repr() of its values where that is canonical (all of
    SQLite's types, most of PostgreSQL's: fast, in C), else the normalised form."""
    if all_plain:
        return ("\n".join(map(repr, batch)) + "\n").encode("utf-8", "surrogatepass")
    lines = []
    for row in batch:
        if all(isinstance(value, _PLAIN) for value in row):
            lines.append(repr(tuple(row)))
        else:
            lines.append(repr(tuple(_canonical(value) for value in row)))
    return ("\n".join(lines) + "\n").encode("utf-8", "surrogatepass")


def table_summary(conn, vendor: str, table: str) -> dict:
    """{"rows": count, "sha256": hex} of one table, streaming its rows."""
    order = ", ".join(quote(column) for column in _order_columns(conn, vendor, table))
    digest = hashlib.sha256()
    count = 0
    for batch in _batches(conn, vendor, f"SELECT * FROM {quote(table)} ORDER BY {order}"):  # noqa: S608
        count += len(batch)
        digest.update(_canonical_rows(batch, all_plain=vendor == "sqlite"))
    return {"rows": count, "sha256": digest.hexdigest()}


def tables_summary(conn, vendor: str, progress=None) -> dict[str, dict]:
    """Every table's row count and checksum (table names from the database's catalogue)."""
    summary = {}
    for table in table_names(conn, vendor):
        summary[table] = table_summary(conn, vendor, table)
        if progress:
            progress(table, summary[table])
    return summary


def tables_with_rows(conn, vendor: str) -> list[str]:
    """The tables holding rows, apart from those that `migrate` fills itself."""
    return [
        table
        for table in table_names(conn, vendor)
        if table not in FILLED_BY_MIGRATE
        and conn.execute(f"SELECT 1 FROM {quote(table)} LIMIT 1").fetchone()  # noqa: S608
    ]


def applied_migrations(conn, vendor: str) -> dict[str, list[str]]:
    """The applied migrations per app, in name order (empty without django_migrations)."""
    if "django_migrations" not in table_names(conn, vendor):
        return {}
    found: dict[str, list[str]] = {}
    for app, name in conn.execute("SELECT app, name FROM django_migrations ORDER BY app, name"):
        found.setdefault(app, []).append(name)
    return found
