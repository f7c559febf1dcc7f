"""Benchmark of the attendance register (issue 4: "saving a full attendance register of
25 participants: one request, a bounded number of queries").

A fresh database gets the demo's projects and staff (`seed_demo --participants 0`), a
module of GBH Herne in BQB-Süd with a session every day, and BENCH_REGISTER_ROWS
participants (default 25) enrolled in it. The demo job coach then saves the whole
register through `django.test.Client` (middleware, permission checks, the optimistic
lock, the audit entry and the redirect included), each time for a new session date, so
every request writes all rows; and then changes every row of one saved register.

The baselines, in the same run: a plain `bulk_create` of the same number of Attendance
rows for a new date, and a plain `bulk_update` of them. Prints the median of
BENCH_REPEAT requests (default 30), the queries of one request, and the ratios.

    .venv/bin/python bench/register.py
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/quartier_bench_register \\
        .venv/bin/python bench/register.py
"""

import datetime as dt
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report import record  # noqa: E402
from setup import start_django  # noqa: E402

FORM = "application/x-www-form-urlencoded"
ROWS = int(os.environ.get("BENCH_REGISTER_ROWS", "25"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "30"))
start_django("bench_register")

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from quartier.core.models import Organisation, Project, User  # noqa: E402
from quartier.demo import data  # noqa: E402
from quartier.offers.models import Attendance, Offer, Schedule  # noqa: E402
from quartier.offers.services.attendance import attendance_token  # noqa: E402
from quartier.offers.services.catalogue import offer_create  # noqa: E402
from quartier.offers.services.enrolments import enrolment_create  # noqa: E402
from quartier.offers.services.schedules import schedule_save  # noqa: E402
from tests.factories import CaseFactory  # noqa: E402


def count_queries(function) -> int:
    """Queries one call makes, counted at the cursor (DEBUG is off)."""
    counter = []

    def wrapper(execute, sql, params, many, context):
        counter.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        function()
    return len(counter)


def median_ms(prepare, run, repeat: int = REPEAT) -> float:
    """Median time of `run(prepare())`; `prepare` is not timed."""
    run(prepare())  # warm up
    samples = []
    for _ in range(repeat):
        argument = prepare()
        start = time.perf_counter()
        run(argument)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def report(name: str, figure_ms: float, baseline_name: str, baseline_ms: float, extra: str):
    ratio = figure_ms / baseline_ms if baseline_ms else float("inf")
    print(
        f"{name:<34} {figure_ms:8.2f} ms   baseline {baseline_name:<24} {baseline_ms:7.2f} ms"
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


def setup_module() -> tuple[User, Offer, list]:
    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("seed_demo", participants=0, seed=1, stdout=quiet)
    trainer = User.objects.get(email=f"jobcoach@{data.DEMO_DOMAIN}")
    project = Project.objects.get(slug="bqb-sued")
    gbh = Organisation.objects.get(slug="gbh-herne")
    today = timezone.localdate()
    first = today - dt.timedelta(days=4 * REPEAT + 10)
    offer = offer_create(
        actor=trainer,
        project=project,
        organisation=gbh,
        kind="qualification_module",
        title="Garten- und Landschaftsbau (Bench)",
    )
    schedule_save(
        actor=trainer,
        offer=offer,
        kind=Schedule.Kind.WEEKLY,
        weekdays=[0, 1, 2, 3, 4, 5, 6],
        start_time=dt.time(8, 0),
        end_time=dt.time(14, 30),
        valid_from=first,
    )
    enrolments = []
    for number in range(ROWS):
        case = CaseFactory(
            participant__project=project,
            participant__organisation=gbh,
            participant__last_name=f"Bench{number:03d}",
            entry_date=first,
        )
        enrolments.append(enrolment_create(actor=trainer, offer=offer, case=case, start_date=first))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return trainer, offer, enrolments


def main() -> None:
    print(f"Attendance register on {connection.vendor}, {ROWS} participants, {REPEAT} runs")
    trainer, offer, enrolments = setup_module()
    client = Client()
    client.force_login(trainer, backend="django.contrib.auth.backends.ModelBackend")
    today = timezone.localdate()
    days = iter(today - dt.timedelta(days=offset) for offset in range(1, 4 * REPEAT + 8))
    baseline_days = iter(today - dt.timedelta(days=offset) for offset in range(1, 4 * REPEAT + 8))

    def register_form(day, status, seen=None):
        seen = seen or {}
        form = {"rows": [str(e.pk) for e in enrolments]}
        for enrolment in enrolments:
            form[f"status-{enrolment.pk}"] = status
            form[f"hours-{enrolment.pk}"] = ""
            form[f"seen-{enrolment.pk}"] = seen.get(enrolment.pk, "")
        return day, form

    def post(argument):
        day, form = argument
        url = reverse("offers:register", args=[offer.pk, day.isoformat()])
        # Encoded as a browser sends a form without files.
        response = client.post(url, urlencode(form, doseq=True), content_type=FORM)
        assert response.status_code == 302, (response.status_code, response.content[:300])

    def new_register():
        return register_form(next(days), "present")

    def plain_rows():
        return next(baseline_days)

    def bulk_create(day):
        with transaction.atomic():
            Attendance.objects.bulk_create(
                Attendance(enrolment=e, date=day, status="present", hours=Decimal("6.50"))
                for e in enrolments
            )

    # Baseline rows go to the same dates as the register's, so clear them first.
    page_ms = median_ms(new_register, post)
    queries = count_queries(lambda: post(new_register()))
    Attendance.objects.all().delete()
    baseline_ms = median_ms(plain_rows, bulk_create)
    baseline_queries = count_queries(lambda: bulk_create(plain_rows()))
    assert Attendance.objects.count() == ROWS * (REPEAT + 2)
    report(
        f"register: save {ROWS} new rows",
        page_ms,
        f"bulk_create {ROWS} rows",
        baseline_ms,
        f"{queries} queries (baseline {baseline_queries})",
    )

    # Changing every row of one saved register: present <-> excused, with the tokens the
    # page would carry.
    day = today
    post(register_form(day, "present"))
    statuses = iter(["excused", "present"] * (REPEAT + 2))

    def changed_register():
        seen = {a.enrolment_id: attendance_token(a) for a in Attendance.objects.filter(date=day)}
        return register_form(day, next(statuses), seen)

    change_ms = median_ms(changed_register, post)
    change_queries = count_queries(lambda: post(changed_register()))
    rows = list(Attendance.objects.filter(date=day))

    def prepare_update():
        for attendance in rows:
            excused = attendance.status == "present"
            attendance.status = "excused" if excused else "present"
            attendance.hours = Decimal(0) if excused else Decimal("6.50")
            attendance.version += 1
        return rows

    def bulk_update(changed):
        with transaction.atomic():
            Attendance.objects.bulk_update(changed, ["status", "hours", "version", "updated_at"])

    update_ms = median_ms(prepare_update, bulk_update)
    update_queries = count_queries(lambda: bulk_update(prepare_update()))
    report(
        f"register: change {ROWS} rows",
        change_ms,
        f"bulk_update {ROWS} rows",
        update_ms,
        f"{change_queries} queries (baseline {update_queries})",
    )


if __name__ == "__main__":
    main()
