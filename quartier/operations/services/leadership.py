"""Which scheduler leads: one lock, held by one `run_scheduler` process at a time.

On PostgreSQL the lock is a session-level advisory lock (`pg_try_advisory_lock`) held
on a connection of its own, outside Django's pool and its request connections: the
lock lasts exactly as long as that session, so a scheduler that dies (or loses its
connection) frees it at once and another node's scheduler takes over on its next try.
On SQLite (one machine) it is an exclusive `flock` on a file beside the database.
"""

import contextlib
import copy
import fcntl
import hashlib
import logging
import os
import tempfile
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.utils import load_backend

logger = logging.getLogger(__name__)

#: Any constant (PostgreSQL's advisory locks are one bigint space per database).
SCHEDULER_LOCK_KEY = 0x51_7E_5C_ED


class Leadership:
    """`acquire()` tries to become (or checks that this process still is) the leader;
    `release()` lets go. Database errors are raised to the caller, who retries."""

    def __init__(self, using: str = DEFAULT_DB_ALIAS):
        self.using = using
        self.vendor = connections[using].vendor
        self.held = False
        self._connection = None
        self._file = None

    # PostgreSQL -------------------------------------------------------------------

    def _own_connection(self):
        settings_dict = copy.deepcopy(connections[self.using].settings_dict)
        settings_dict.setdefault("OPTIONS", {}).pop("pool", None)  # a session of its own
        settings_dict["CONN_MAX_AGE"] = None
        backend = load_backend(settings_dict["ENGINE"])
        return backend.DatabaseWrapper(settings_dict, alias=f"{self.using}-scheduler-lock")

    def _acquire_postgresql(self) -> bool:
        if self.held:
            try:
                with self._connection.cursor() as cursor:
                    cursor.execute("SELECT 1")
                return True
            except Exception:
                # The session is gone, and the lock with it.
                logger.warning("The scheduler lost its lock's database session.")
                self.release()
                raise
        if self._connection is None:
            self._connection = self._own_connection()
        try:
            with self._connection.cursor() as cursor:
                cursor.execute("SELECT pg_try_advisory_lock(%s)", [SCHEDULER_LOCK_KEY])
                self.held = bool(cursor.fetchone()[0])
        except Exception:
            self.release()
            raise
        return self.held

    # SQLite -----------------------------------------------------------------------

    def lock_path(self) -> Path:
        name = str(connections[self.using].settings_dict["NAME"])
        if name.startswith("file:") or name == ":memory:" or "mode=memory" in name:
            digest = hashlib.sha256(name.encode()).hexdigest()[:16]
            return Path(tempfile.gettempdir()) / f"quartier-scheduler-{digest}.lock"
        return Path(f"{name}.scheduler.lock")

    def _acquire_file(self) -> bool:
        if self.held:
            return True
        if self._file is None:
            descriptor = os.open(self.lock_path(), os.O_RDWR | os.O_CREAT, 0o600)
            self._file = os.fdopen(descriptor, "r+")
        try:
            fcntl.flock(self._file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        self.held = True
        return True

    # Both --------------------------------------------------------------------------

    def acquire(self) -> bool:
        if self.vendor == "postgresql":
            return self._acquire_postgresql()
        # The database first: without it the scheduler says so (not that a lock file is
        # missing), and the lock file's folder is the database's.
        connections[self.using].ensure_connection()
        return self._acquire_file()

    def release(self) -> None:
        if self._connection is not None:
            if self.held:
                # Unlock first: the server frees a closed session's locks only once it
                # has noticed the session is gone.
                with contextlib.suppress(Exception), self._connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [SCHEDULER_LOCK_KEY])
            with contextlib.suppress(Exception):
                self._connection.close()  # ends the session (and its lock, if unlock failed)
            self._connection = None
        self.held = False
        if self._file is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(self._file.fileno(), fcntl.LOCK_UN)
            self._file.close()
            self._file = None
