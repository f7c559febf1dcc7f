"""A fingerprint of the whole database: per table its row count and, where the table has
one, the latest `updated_at`. Two equal snapshots mean that no row was added or
removed and no BaseModel row was saved (a save bumps `updated_at`) in between."""

from django.db import connection

#: Tables whose rows a GET (or a refused POST) may add, with the reason.
MAY_CHANGE = {
    # A login is a session row; a page view may refresh it.
    "django_session": "sessions",
    # django-axes records access attempts (logins), not application data.
    "axes_accessattempt": "login attempts",
    "axes_accesslog": "logins and logouts",
    "axes_accessfailurelog": "failed logins",
    # Reading a person's data is logged (Art. 5(2), 32 GDPR): the access log grows on GET.
    "privacy_accesslogentry": "the access log records reads",
    # allauth's user sessions (the list of one's logged-in devices) follow the session.
    "usersessions_usersession": "sessions",
}


def _tables() -> list[tuple[str, bool]]:
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            columns = {
                c.name for c in connection.introspection.get_table_description(cursor, table)
            }
            found.append((table, "updated_at" in columns))
    return found


_TABLES: list[tuple[str, bool]] | None = None


def snapshot(*, ignore=MAY_CHANGE) -> dict[str, tuple]:
    global _TABLES
    if _TABLES is None:
        _TABLES = _tables()
    quote = connection.ops.quote_name
    # One query for all tables: table names come from the database's own catalogue.
    parts = [
        f"SELECT '{table}', COUNT(*), "
        + ("CAST(MAX(updated_at) AS VARCHAR(64))" if has_updated else "NULL")
        + f" FROM {quote(table)}"
        for table, has_updated in _TABLES
        if table not in ignore
    ]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts))  # noqa: S608
        return {table: (count, latest) for table, count, latest in cursor.fetchall()}


def changes(before: dict, after: dict) -> list[str]:
    return [
        f"{table}: {before.get(table)} → {after.get(table)}"
        for table in sorted(set(before) | set(after))
        if before.get(table) != after.get(table)
    ]
