"""Benchmark of the project dashboard (issue 6: "the dashboard for 100,000 participants:
median server time and query count (must not grow with data)").

A fresh database gets the demo (`seed_demo`, BENCH_PARTICIPANTS participants, default
100,000, spread over the five seed projects, about ten contacts each) and the demo
project lead of BQB-Süd opens the dashboard through `django.test.Client` (middleware,
permission check, template and charts included): the whole project, one year, and
one year in one district; then the district profile and the indicators page.

The baseline, in the same run: the very SQL statements the dashboard request sent,
run straight on the cursor (the floor: what the database needs for these figures).
The ratio is the request's time over that floor. To show that the number of queries
does not grow with the data, the same pages are also requested for a project with
twenty participants, created in the same database; both counts are printed.

    .venv/bin/python bench/dashboard.py
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/quartier_bench_dashboard \\
        .venv/bin/python bench/dashboard.py
"""

import os
import statistics
import sys
import time
from datetime import date
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report import record  # noqa: E402
from setup import start_django  # noqa: E402

PARTICIPANTS = int(os.environ.get("BENCH_PARTICIPANTS", "100000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "30"))
start_django("bench_dashboard")

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from quartier.cases.models import Case, Contact  # noqa: E402
from quartier.core.models import Membership, Project, Role, User  # noqa: E402
from quartier.demo import data  # noqa: E402
from tests.factories import CaseFactory, ContactFactory, ProjectFactory  # noqa: E402


def captured(function) -> list[tuple[str, tuple]]:
    """The SQL statements (with their parameters) one call sends."""
    statements = []

    def wrapper(execute, sql, params, many, context):
        statements.append((sql, params, many))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        function()
    return statements


def median_ms(function, repeat: int = REPEAT) -> float:
    function()  # warm up
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def report(name: str, figure_ms: float, baseline_name: str, baseline_ms: float, extra: str):
    ratio = figure_ms / baseline_ms if baseline_ms else float("inf")
    print(
        f"{name:<40} {figure_ms:9.2f} ms   baseline {baseline_name:<22} {baseline_ms:8.2f} ms"
        f"   ratio {ratio:6.2f}   {extra}"
    )
    record(
        name,
        figure=figure_ms,
        baseline=baseline_ms,
        unit="ms",
        baseline_name=baseline_name,
        note=extra,
    )


def replay(statements):
    """Run the captured read statements again on the cursor (writes, e.g. the session's
    last-seen stamp, and savepoints are left out)."""
    reads = [(sql, params) for sql, params, many in statements if sql.lstrip().startswith("SELECT")]

    def run():
        with connection.cursor() as cursor:
            for sql, params in reads:
                cursor.execute(sql, params)
                cursor.fetchall()

    return run, len(reads)


def small_project(lead: User) -> Project:
    """A project with twenty participants (and a few contacts), led by the same person."""
    project = ProjectFactory(slug="bench-small", start_date=date(2020, 1, 1))
    Membership.objects.create(
        user=lead, project=project, organisation=project.lead_organisation, role=Role.PROJECT_LEAD
    )
    for number in range(20):
        case = CaseFactory(
            participant__project=project, entry_date=date(2020 + number % 3, 1 + number % 12, 1)
        )
        ContactFactory(case=case, date=case.entry_date)
    return project


def main() -> None:
    print(f"Project dashboard on {connection.vendor}, {PARTICIPANTS:,} participants (seed_demo)")
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    with open(os.devnull, "w") as quiet:
        call_command("seed_demo", participants=PARTICIPANTS, seed=1, stdout=quiet)
    seeded = time.perf_counter() - start
    lead = User.objects.get(email=f"projektleitung@{data.DEMO_DOMAIN}")
    big = Project.objects.get(slug="bqb-sued")
    district = big.districts.order_by("slug").first()
    small = small_project(lead)
    small.districts.add(district)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    cases = Case.objects.filter(project=big).count()
    contacts = Contact.objects.filter(case__project=big).count()
    print(
        f"seed_demo {time.perf_counter() - start:.0f} s; {big.slug}: {cases:,} cases, "
        f"{contacts:,} contacts; {small.slug}: {small.cases.count()} cases"
    )
    record(
        "seed_demo",
        figure=seeded,
        baseline=None,
        unit="s",
        note=f"{PARTICIPANTS:,} participants; {cases:,} cases in {big.slug}",
    )

    client = Client()
    client.force_login(lead, backend="django.contrib.auth.backends.ModelBackend")
    year = timezone.localdate().year - 1
    last_year = {"period": "last_year"}
    pages = [
        ("dashboard: whole project", "reports:dashboard", [], {}),
        ("dashboard: last year", "reports:dashboard", [], last_year),
        (
            f"dashboard: {year}, one district",
            "reports:dashboard",
            [],
            {**last_year, "district": district.slug},
        ),
        ("district profile: whole project", "reports:district_profile", [district], {}),
        ("indicators page: last year", "reports:indicators", [], last_year),
    ]
    for name, url_name, extra, params in pages:

        def page(project=big, url_name=url_name, extra=extra, params=params, name=name):
            args = [project.slug, *[item.slug for item in extra]]
            response = client.get(reverse(url_name, args=args), params)
            assert response.status_code == 200, (name, response.status_code)

        page()  # the session's first request does more
        statements = captured(page)
        floor, reads = replay(statements)
        small_count = len(captured(partial(page, small)))
        report(
            name,
            median_ms(page),
            f"its {reads} SELECTs raw",
            median_ms(floor),
            f"{len(statements)} queries (20-participant project: {small_count})",
        )


if __name__ == "__main__":
    main()
