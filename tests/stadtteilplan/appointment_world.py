"""What the appointment request tests share: the resident's data, the form's URLs and
its filled-in data (with a token of a chosen age), and threads that act as separate
worker processes."""

import threading
import time

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.urls import reverse

from quartier.stadtteilplan.services import spam_protection

NAME = "Leyla Testperson"
PHONE = "0151 99887766"
EMAIL = "leyla.private@example.net"
MESSAGE = "Ich suche einen Deutschkurs am Vormittag."


def offer_url(plan):
    return reverse(
        "stadtteilplan:offer_appointment_request",
        args=[plan["district"].slug, plan["offer"].public_id],
    )


def general_url(plan):
    return reverse("stadtteilplan:appointment_request", args=[plan["district"].slug])


def scope_of(plan, offer=True):
    district = plan["district"].slug
    return f"{district}/{plan['offer'].public_id}" if offer else district


def form_data(plan, offer=True, *, age=10, **changes):
    data = {
        "name": NAME,
        "reach_by": "phone",
        "phone": PHONE,
        "email": "",
        "language": "ar",
        "message": MESSAGE,
        "consent": "on",
        "homepage": "",
        "token": spam_protection.issue_token(scope_of(plan, offer), now=time.time() - age),
    }
    data.update(changes)
    return data


class WorkerMemoryCache(LocMemCache):
    """A local-memory cache of each thread's own, as each worker process has its own
    memory (Django's local-memory caches of one name share one dict per process)."""

    def __init__(self, name, params):
        super().__init__(f"{name}-{threading.get_ident()}", params)


#: Every thread a worker process of its own: own database connection, own memory.
AS_SEPARATE_WORKERS = {
    "default": {"BACKEND": f"{__name__}.WorkerMemoryCache", "LOCATION": "worker"}
}


def in_parallel(count: int, work) -> list:
    """Run `work(number)` in `count` threads at once, each with its own database
    connection and its own cache memory (as worker processes have); their results in
    thread order."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip(
            "parallel writers need a database that waits for locks (PostgreSQL, "
            "make test-postgres); the in-memory SQLite test database refuses them"
        )
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(number):
        from django.db import connection as own

        try:
            barrier.wait()
            results[number] = work(number)
        except Exception as error:  # noqa: BLE001 - reported in the assertion
            results[number] = error
        finally:
            own.close()

    threads = [threading.Thread(target=run, args=(number,)) for number in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
