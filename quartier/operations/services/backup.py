"""Backup and restore: one consistent archive of the database, the uploaded files and the
erasure log, with a manifest that lets a restore check everything before it writes.

The archive is a tar stream (optionally encrypted, see `quartier.operations.encryption`),
written member by member so that nothing large is held in memory:

- `database.dump` (PostgreSQL: `pg_dump --format=custom` in an exported snapshot) or
  `database.sqlite3` (SQLite: the online backup API);
- `media/<name>`: every file of the default storage (MEDIA_ROOT);
- `erasure-log.jsonl`: a copy of settings.ERASURE_LOG_FILE, if there is one;
- `manifest.json`, last: the format, the Quartier version (and git commit), the engine
  and server version, the applied migrations (and the last one per app), each table's
  row count and content checksum (taken in the dump's snapshot), and the size and
  SHA-256 of every other member.

`backup_restore` first reads the whole archive into a temporary folder, decrypting and
checking every member against the manifest, and checks that the archive fits this code
and database and that the target is empty; only then does it write: the database, a
check of every table against the manifest, the uploaded files, `migrate` for an archive
from an older version, and the replay of the erasure log, so that no person erased after
the backup comes back. Failures are `BackupError`s with a one-line message.
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess  # pg_dump, pg_restore and git with fixed arguments, no shell
import tarfile
import tempfile
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from quartier.operations.encryption import (
    MAGIC,
    DecryptingReader,
    EncryptingWriter,
    EncryptionError,
    parse_key,
)
from quartier.operations.selectors.tables import (
    applied_migrations,
    table_names,
    tables_summary,
    tables_with_rows,
)
from quartier.privacy.services.erasure import erasures_replay

FORMAT = 1
MANIFEST = "manifest.json"
ERASURE_LOG = "erasure-log.jsonl"
MEDIA_PREFIX = "media/"
DATABASE_MEMBER = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
_COPY = 1 << 20


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is one line for the operator."""


Progress = Callable[[str], None]


def _quiet(_message: str) -> None:
    pass


# The version ---------------------------------------------------------------------------


def quartier_version() -> dict:
    """The version from pyproject.toml and, in a git checkout, the commit."""
    base = Path(settings.BASE_DIR)
    try:
        version = tomllib.loads((base / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        version = "0"
    commit = None
    try:
        result = subprocess.run(  # noqa: S603 - fixed arguments
            ["git", "rev-parse", "HEAD"],  # noqa: S607 - git from PATH
            cwd=base,
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
        if result.returncode == 0:
            commit = result.stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        pass
    return {"version": version, "commit": commit}


def _version_tuple(text: str) -> tuple[int, ...]:
    parts = []
    for part in str(text).split("."):
        digits = "".join(ch for ch in part if ch.isdigit())
        if not digits:
            break
        parts.append(int(digits))
    return tuple(parts)


# PostgreSQL connection -----------------------------------------------------------------

_LIBPQ_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "connect_timeout": "PGCONNECT_TIMEOUT",
}


def _pg_settings() -> dict:
    sd = connection.settings_dict
    params = {
        "dbname": sd.get("NAME"),
        "user": sd.get("USER"),
        "password": sd.get("PASSWORD"),
        "host": sd.get("HOST"),
        "port": str(sd.get("PORT") or ""),
    }
    for option in _LIBPQ_OPTIONS:
        if sd.get("OPTIONS", {}).get(option):
            params[option] = str(sd["OPTIONS"][option])
    return {key: value for key, value in params.items() if value}


def _pg_env() -> dict:
    """The connection for pg_dump/pg_restore as libpq environment variables (never on
    the command line, where other users of the machine could read the password)."""
    names = {
        "dbname": "PGDATABASE",
        "user": "PGUSER",
        "password": "PGPASSWORD",
        "host": "PGHOST",
        "port": "PGPORT",
        **_LIBPQ_OPTIONS,
    }
    env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    for key, value in _pg_settings().items():
        env[names[key]] = value
    return env


def _pg_connect(*, autocommit: bool = False):
    import psycopg

    return psycopg.connect(**_pg_settings(), autocommit=autocommit)


def _run(command: list[str], *, what: str) -> None:
    result = subprocess.run(  # noqa: S603 - pg_restore, arguments built here
        command, env=_pg_env(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        detail = " ".join(result.stderr.strip().splitlines()[-2:]) or f"exit {result.returncode}"
        raise BackupError(f"{what} failed: {detail}")


# Making a backup -----------------------------------------------------------------------


class _HashingReader:
    """Reads through a file object, counting and hashing what passes."""

    def __init__(self, raw):
        self.raw = raw
        self.size = 0
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.size += len(data)
        self.digest.update(data)
        return data


@dataclass
class _Database:
    path: Path
    engine: str
    server_version: str
    tables: dict
    migrations: dict


def _dump_postgresql(work: Path, progress: Progress) -> _Database:
    """pg_dump in an exported REPEATABLE READ snapshot; the checksums are computed in the
    same snapshot while pg_dump runs."""
    path = work / DATABASE_MEMBER["postgresql"]
    with _pg_connect() as conn:
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        server_version = conn.execute("SHOW server_version").fetchone()[0]
        progress("Dumping the database with pg_dump (in the background)")
        dump = subprocess.Popen(  # noqa: S603 - fixed program and arguments
            ["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={path}"],  # noqa: S607
            env=_pg_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            progress("Counting rows and computing checksums per table")
            tables = tables_summary(conn, "postgresql")
            migrations = applied_migrations(conn, "postgresql")
        finally:
            _out, errors = dump.communicate()
        conn.rollback()
    if dump.returncode != 0:
        detail = " ".join(errors.decode(errors="replace").strip().splitlines()[-2:])
        raise BackupError(f"pg_dump failed: {detail}")
    return _Database(path, "postgresql", server_version, tables, migrations)


def _dump_sqlite(work: Path, progress: Progress) -> _Database:
    """SQLite's online backup API in one step (a consistent copy); the checksums are
    computed on the copy."""
    path = work / DATABASE_MEMBER["sqlite"]
    progress("Copying the database with SQLite's online backup")
    connection.ensure_connection()
    copy = sqlite3.connect(path)
    try:
        connection.connection.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")
        progress("Counting rows and computing checksums per table")
        tables = tables_summary(copy, "sqlite")
        migrations = applied_migrations(copy, "sqlite")
    finally:
        copy.close()
    return _Database(path, "sqlite", sqlite3.sqlite_version, tables, migrations)


def _media_names(storage, folder: str = ""):
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for name in sorted(folders):
        yield from _media_names(storage, f"{folder}/{name}" if folder else name)


@dataclass
class BackupResult:
    path: Path
    size: int
    manifest: dict


def backup_create(*, output: Path | str, encrypt: bool = False, progress: Progress = _quiet):
    """Write the archive to `output` (first as `<output>.partial`, renamed at the end)."""
    output = Path(output)
    if connection.vendor not in DATABASE_MEMBER:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {connection.vendor}.")
    try:
        key = parse_key(settings.QUARTIER_BACKUP_KEY) if encrypt else None
    except EncryptionError as error:
        raise BackupError(str(error)) from error
    if not output.parent.is_dir():
        raise BackupError(f"The folder {output.parent} does not exist.")
    partial = output.with_name(output.name + ".partial")
    members: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix=".quartier-backup-", dir=output.parent) as folder:
        work = Path(folder)
        if connection.vendor == "postgresql":
            database = _dump_postgresql(work, progress)
        else:
            database = _dump_sqlite(work, progress)
        erasure_log = Path(settings.ERASURE_LOG_FILE)
        erasure_copy = work / ERASURE_LOG
        if erasure_log.exists():
            shutil.copyfile(erasure_log, erasure_copy)
        try:
            with partial.open("wb") as raw:
                sink = EncryptingWriter(raw, key) if key else raw

                def add(name: str, handle, size: int) -> None:
                    info = tarfile.TarInfo(name)
                    info.size = size
                    info.mtime = int(time.time())
                    info.mode = 0o600
                    reader = _HashingReader(handle)
                    tar.addfile(info, reader)
                    members[name] = {"size": reader.size, "sha256": reader.digest.hexdigest()}

                with tarfile.open(fileobj=sink, mode="w|", format=tarfile.PAX_FORMAT) as tar:
                    progress(f"Writing the database ({database.path.stat().st_size:,} bytes)")
                    with database.path.open("rb") as handle:
                        add(database.path.name, handle, database.path.stat().st_size)
                    count = 0
                    for name in _media_names(default_storage):
                        with default_storage.open(name, "rb") as handle:
                            add(MEDIA_PREFIX + name, handle, default_storage.size(name))
                        count += 1
                    progress(f"Wrote {count} uploaded files")
                    if erasure_copy.exists():
                        with erasure_copy.open("rb") as handle:
                            add(ERASURE_LOG, handle, erasure_copy.stat().st_size)
                    manifest = {
                        "format": FORMAT,
                        "created_at": timezone.now().isoformat(),
                        "quartier": quartier_version(),
                        "database": {
                            "engine": database.engine,
                            "server_version": database.server_version,
                            "member": database.path.name,
                        },
                        "migrations": {
                            app: names[-1] for app, names in database.migrations.items()
                        },
                        "applied_migrations": database.migrations,
                        "tables": database.tables,
                        "encrypted": bool(key),
                        "members": members,
                    }
                    data = json.dumps(manifest, indent=1, sort_keys=True).encode()
                    info = tarfile.TarInfo(MANIFEST)
                    info.size = len(data)
                    info.mtime = int(time.time())
                    info.mode = 0o600
                    tar.addfile(info, io.BytesIO(data))
                if key:
                    sink.finish()
                raw.flush()
                os.fsync(raw.fileno())
            partial.replace(output)
        finally:
            partial.unlink(missing_ok=True)
    progress(f"Archive written: {output} ({output.stat().st_size:,} bytes)")
    return BackupResult(path=output, size=output.stat().st_size, manifest=manifest)


# Reading and checking an archive -------------------------------------------------------


def _open_archive(path: Path):
    """The archive's plaintext stream (decrypting it if it is encrypted)."""
    raw = path.open("rb")
    encrypted = raw.read(len(MAGIC)) == MAGIC
    raw.seek(0)
    if encrypted:
        try:
            key = parse_key(settings.QUARTIER_BACKUP_KEY)
        except EncryptionError as error:
            raw.close()
            raise BackupError(f"The archive is encrypted: {error}") from error
        try:
            return raw, DecryptingReader(raw, key)
        except EncryptionError as error:
            raw.close()
            raise BackupError(str(error)) from error
    return raw, raw


def _safe_member_name(name: str) -> bool:
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and "\\" not in name


def _extract(archive: Path, target: Path) -> dict:
    """Unpack every member into `target`, hashing it; return the manifest once every
    member matches it. Nothing outside `target` is written."""
    if not archive.is_file():
        raise BackupError(f"The archive {archive} does not exist.")
    raw, stream = _open_archive(archive)
    found: dict[str, dict] = {}
    manifest_data = None
    try:
        with tarfile.open(fileobj=stream, mode="r|") as tar:
            for member in tar:
                if not member.isfile() or not _safe_member_name(member.name):
                    raise BackupError(f"The archive holds an unexpected entry ({member.name!r}).")
                if manifest_data is not None:
                    raise BackupError(
                        f"The archive holds an entry after its manifest ({member.name!r})."
                    )
                source = tar.extractfile(member)
                if member.name == MANIFEST:
                    manifest_data = source.read()
                    continue
                destination = target / member.name
                destination.parent.mkdir(parents=True, exist_ok=True)
                reader = _HashingReader(source)
                with destination.open("wb") as handle:
                    shutil.copyfileobj(reader, handle, _COPY)
                found[member.name] = {"size": reader.size, "sha256": reader.digest.hexdigest()}
    except EncryptionError as error:
        raise BackupError(str(error)) from error
    except (tarfile.TarError, EOFError, OSError) as error:
        raise BackupError(f"The archive is truncated or damaged ({error}).") from error
    finally:
        raw.close()
    if manifest_data is None:
        raise BackupError("The archive is truncated or damaged: it has no manifest.")
    try:
        manifest = json.loads(manifest_data)
        expected = manifest["members"]
    except (ValueError, KeyError, TypeError) as error:
        raise BackupError("The archive's manifest cannot be read.") from error
    missing = sorted(set(expected) - set(found))
    if missing:
        raise BackupError(
            f"The archive is truncated or damaged: {len(missing)} entries are missing "
            f"(first: {missing[0]})."
        )
    extra = sorted(set(found) - set(expected))
    if extra:
        raise BackupError(f"The archive holds entries its manifest does not list ({extra[0]}).")
    wrong = sorted(name for name in expected if expected[name] != found[name])
    if wrong:
        raise BackupError(
            f"The archive is damaged: {len(wrong)} entries do not match their checksum "
            f"(first: {wrong[0]})."
        )
    return manifest


def _check_compatible(manifest: dict) -> None:
    """Refuse an archive this code or this database cannot take."""
    if manifest.get("format") != FORMAT:
        raise BackupError(
            f"The archive has format {manifest.get('format')!r}; this Quartier reads format "
            f"{FORMAT}: it comes from a newer or different version."
        )
    theirs = str(manifest.get("quartier", {}).get("version", "0"))
    ours = quartier_version()["version"]
    if _version_tuple(theirs) > _version_tuple(ours):
        raise BackupError(
            f"The archive comes from Quartier {theirs}, newer than this one ({ours}): "
            "restore it with that version or a newer one."
        )
    database = manifest.get("database", {})
    engine = database.get("engine")
    if engine != connection.vendor:
        raise BackupError(
            f"The archive holds a {engine} database, but this Quartier uses "
            f"{connection.vendor} (DATABASE_URL)."
        )
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    unknown = [
        f"{app}.{name}"
        for app, names in sorted(manifest.get("applied_migrations", {}).items())
        for name in names
        if (app, name) not in known
    ]
    if unknown:
        raise BackupError(
            f"The archive has {len(unknown)} migrations this code does not know (first: "
            f"{unknown[0]}): it comes from a newer or different version of Quartier."
        )
    if engine == "postgresql":
        with _pg_connect() as conn:
            ours_pg = conn.info.server_version // 10000
        theirs_pg = _version_tuple(database.get("server_version", "0"))[:1] or (0,)
        if theirs_pg[0] > ours_pg:
            raise BackupError(
                f"The archive comes from PostgreSQL {theirs_pg[0]}; this server runs "
                f"PostgreSQL {ours_pg}: restore onto version {theirs_pg[0]} or newer."
            )


def _check_target(manifest: dict, work: Path) -> list[tuple[str, Path]]:
    """Refuse a database with data, or uploaded files that would be overwritten; return
    the media files still to write."""
    if connection.vendor == "postgresql":
        with _pg_connect() as conn:
            filled = tables_with_rows(conn, "postgresql")
    else:
        connection.ensure_connection()
        filled = tables_with_rows(connection.connection, "sqlite")
    if filled:
        raise BackupError(
            f"The database is not empty ({len(filled)} tables hold rows, e.g. {filled[0]}): "
            "restore only into an empty database."
        )
    to_write, clashes = [], []
    for member, expected in manifest["members"].items():
        if not member.startswith(MEDIA_PREFIX):
            continue
        name = member.removeprefix(MEDIA_PREFIX)
        if default_storage.exists(name):
            with default_storage.open(name, "rb") as handle:
                reader = _HashingReader(handle)
                while reader.read(_COPY):
                    pass
            if reader.digest.hexdigest() != expected["sha256"]:
                clashes.append(name)
            continue
        to_write.append((name, work / member))
    if clashes:
        raise BackupError(
            f"The uploaded files (MEDIA_ROOT) already hold {len(clashes)} different files "
            f"with the archive's names (first: {clashes[0]}): restore into an empty folder."
        )
    return to_write


# Restoring -----------------------------------------------------------------------------


def _restore_postgresql(dump: Path) -> None:
    connection.close()
    with _pg_connect(autocommit=True) as conn:
        tables = table_names(conn, "postgresql")
        if tables:
            # Only tables that `migrate` made, holding nothing but its own rows (checked).
            conn.execute(
                "DROP TABLE IF EXISTS "  # noqa: S608 - names from the catalogue, quoted
                + ", ".join('"' + name.replace('"', '""') + '"' for name in tables)
                + " CASCADE"
            )
    _run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={_pg_settings()['dbname']}",
            str(dump),
        ],
        what="pg_restore",
    )


def _restore_sqlite(copy: Path) -> None:
    connection.ensure_connection()
    if connection.in_atomic_block:
        raise BackupError("A restore cannot run inside a transaction.")
    source = sqlite3.connect(copy)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


def _tables_now() -> dict:
    if connection.vendor == "postgresql":
        with _pg_connect() as conn:
            return tables_summary(conn, "postgresql")
    # A plain sqlite3 connection, as for the backup's copy (Django's converts types).
    plain = sqlite3.connect(str(connection.settings_dict["NAME"]), uri=True)
    try:
        return tables_summary(plain, "sqlite")
    finally:
        plain.close()


def table_differences(expected: dict, actual: dict) -> list[str]:
    """The tables whose presence, row count or checksum differ."""
    return [
        table
        for table in sorted(set(expected) | set(actual))
        if expected.get(table) != actual.get(table)
    ]


def _merge_erasure_log(archived: Path) -> Path | None:
    """Add the archive's erasure log lines that the live log lacks (the live log, kept
    outside the database, also holds the erasures made after the backup)."""
    live = Path(settings.ERASURE_LOG_FILE)
    if not archived.exists():
        return live if live.exists() else None
    live.parent.mkdir(parents=True, exist_ok=True)
    if not live.exists():
        shutil.copyfile(archived, live)
        return live
    present = set(live.read_text("utf-8").splitlines())
    missing = [line for line in archived.read_text("utf-8").splitlines() if line.strip()]
    missing = [line for line in missing if line not in present]
    if missing:
        with live.open("a", encoding="utf-8") as handle:
            handle.write("".join(line + "\n" for line in missing))
            handle.flush()
            os.fsync(handle.fileno())
    return live


@dataclass
class RestoreResult:
    manifest: dict
    tables: int
    files: int
    migrated: bool
    erasures: dict = field(default_factory=dict)


def backup_restore(
    *, archive: Path | str, progress: Progress = _quiet, workdir: Path | str | None = None
) -> RestoreResult:
    """Restore `archive` into this (empty) database and storage; see the module docstring."""
    archive = Path(archive)
    if connection.vendor not in DATABASE_MEMBER:
        raise BackupError(f"Restores support PostgreSQL and SQLite, not {connection.vendor}.")
    with tempfile.TemporaryDirectory(prefix=".quartier-restore-", dir=workdir) as folder:
        work = Path(folder)
        progress("Reading the archive and checking every entry's checksum")
        manifest = _extract(archive, work)
        progress("Checking that the archive fits this version and database")
        _check_compatible(manifest)
        dump = work / manifest["database"]["member"]
        if connection.vendor == "postgresql":
            _run(["pg_restore", "--list", str(dump)], what="Reading the dump (pg_restore --list)")
        progress("Checking that the database and MEDIA_ROOT are empty")
        media = _check_target(manifest, work)
        # From here on the database and the storage are written.
        progress("Restoring the database")
        if connection.vendor == "postgresql":
            _restore_postgresql(dump)
        else:
            _restore_sqlite(dump)
        progress(f"Verifying {len(manifest['tables'])} tables' row counts and checksums")
        differences = table_differences(manifest["tables"], _tables_now())
        if differences:
            raise BackupError(
                f"The restored database differs from the archive in {len(differences)} "
                f"tables (first: {differences[0]}); empty the database before trying again."
            )
        progress(f"Restoring {len(media)} uploaded files")
        for name, path in media:
            with path.open("rb") as handle:
                saved = default_storage.save(name, File(handle, name=name))
            if saved != name:
                raise BackupError(f"The uploaded file {name} was stored as {saved}.")
        connection.close()
        executor = MigrationExecutor(connection)
        migrated = bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))
        if migrated:
            progress("Applying this version's newer migrations")
            call_command("migrate", interactive=False, verbosity=0)
        log = _merge_erasure_log(work / ERASURE_LOG)
        erasures = {}
        if log is not None:
            progress(f"Replaying the erasure log {log}")
            erasures = erasures_replay(path=log)
    return RestoreResult(
        manifest=manifest,
        tables=len(manifest["tables"]),
        files=len(media),
        migrated=migrated,
        erasures=erasures,
    )
