"""Benchmarks at the scale the architecture promises; each prints its figure and its ratio
against a baseline measured in the same run.

    make bench                      # 100,000 participants on SQLite
    BENCH_PARTICIPANTS=20000 make bench
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/quartier_bench make bench

The database is created afresh for the run (a file under var/ for SQLite).
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PARTICIPANTS = int(os.environ.get("BENCH_PARTICIPANTS", "100000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "30"))
sqlite_file = ROOT / "var" / "bench.sqlite3"
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

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from quartier.core.models import User  # noqa: E402
from quartier.demo import data  # noqa: E402
from quartier.participants.models import Participant  # noqa: E402
from quartier.participants.selectors import participants_visible_to  # noqa: E402


def count_queries(function) -> int:
    """Queries one call makes (counted at the cursor, so it works with DEBUG off)."""
    counter = []

    def wrapper(execute, sql, params, many, context):
        counter.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        function()
    return len(counter)


def median_ms(function, repeat: int = REPEAT) -> float:
    function()  # warm up
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def report(name: str, figure_ms: float, baseline_name: str, baseline_ms: float, extra: str = ""):
    ratio = figure_ms / baseline_ms if baseline_ms else float("inf")
    print(
        f"{name:<46} {figure_ms:9.2f} ms   baseline {baseline_name:<28} {baseline_ms:8.2f} ms"
        f"   ratio {ratio:6.2f}{('   ' + extra) if extra else ''}"
    )


def main() -> None:
    print(f"Quartier benchmarks on {connection.vendor}, {PARTICIPANTS:,} participants")
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    with open(os.devnull, "w") as quiet:
        call_command("seed_demo", participants=PARTICIPANTS, seed=1, stdout=quiet)
    seconds = time.perf_counter() - start
    print(f"{'seed_demo':<46} {seconds:9.2f} s    {PARTICIPANTS / seconds:,.0f} participants/s")

    worker = User.objects.get(email=f"fallmanagement@{data.DEMO_DOMAIN}")
    lead = User.objects.get(email=f"projektleitung@{data.DEMO_DOMAIN}")

    def scoped_page():
        list(participants_visible_to(worker).order_by("last_name", "first_name")[:50])

    def unscoped_page():
        list(Participant.objects.order_by("last_name", "first_name")[:50])

    def scoped_count():
        participants_visible_to(worker).count()

    def unscoped_count():
        Participant.objects.count()

    report(
        "participants: case worker's first page",
        median_ms(scoped_page),
        "unscoped first page",
        median_ms(unscoped_page),
    )
    report(
        "participants: case worker's count",
        median_ms(scoped_count),
        "unscoped count",
        median_ms(unscoped_count),
    )

    client = Client()
    client.force_login(lead, backend="django.contrib.auth.backends.ModelBackend")
    anonymous = Client()

    def health():
        assert anonymous.get("/healthz").status_code == 200

    for path in ["/", "/projekte/", "/projekte/bqb-sued/", "/projekte/bqb-sued/team/"]:

        def page(path=path):
            assert client.get(path).status_code == 200

        queries = count_queries(page)
        report(
            f"page {path}", median_ms(page), "GET /healthz", median_ms(health), f"{queries} queries"
        )


if __name__ == "__main__":
    main()
