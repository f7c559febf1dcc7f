"""Two writers at once (PostgreSQL, each thread with its own connection and transaction):
the advisory lock serialises them, so the chain still verifies and ids follow it."""

import threading

import pytest
from django.db import connection, connections, transaction

from quartier.cases.models import Case
from quartier.privacy.models import AccessLogEntry
from quartier.privacy.selectors.access_log import chain_verify
from quartier.privacy.services.access_log import access_log_record

PER_THREAD = 40


@pytest.mark.django_db(transaction=True)
def test_two_threads_writing_entries_keep_the_chain():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's writers are serialised by its write lock (BEGIN IMMEDIATE)")
    start = threading.Barrier(2)
    errors = []

    def write(name):
        try:
            start.wait(timeout=10)
            for n in range(PER_THREAD):
                # A request's transaction: something read, then the entry, then more work.
                with transaction.atomic():
                    Case.objects.exists()
                    access_log_record(
                        actor=None, action="list", record=Case, detail=f"case list, {n} rows"
                    )
                    AccessLogEntry.objects.exists()
        except Exception as error:  # pragma: no cover - reported below
            errors.append((name, error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert AccessLogEntry.objects.count() == 2 * PER_THREAD
    assert list(chain_verify()) == []
