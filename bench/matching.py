"""Benchmark of matching (issue 13): the SQL ranking against the same score computed row
by row in Python, in the same run.

A fresh database gets the demo projects (`seed_demo` with BENCH_MATCH_PARTICIPANTS
participants, default 100,000) and BENCH_MATCH_VACANCIES open vacancies (default 10,000)
in BQB-Süd, the demo case worker's project, owned by her organisation (so that she
sees them all), plus 1,000 over the other projects.

- **Vacancies for one participant**: the demo case worker's case with the latest
  Potenzialanalyse; all open vacancies of her project ranked in one SQL query, the
  page's 50 best with their reasons and the count (`vacancy_matches_for_case`, what the
  page and the API run), against `score_row_by_row` (every vacancy read with its
  skills and scored in a Python loop).
- **Participants for one vacancy**: all open cases of the project with the most
  participants, as a platform admin (who sees them all), ranked in one SQL query with
  the 50 best and their reasons (`case_matches_for_vacancy`), against
  `score_row_by_row` over the same cases.

Figures are medians of BENCH_REPEAT runs (default 7; the baseline 3 runs), in ms.

    .venv/bin/python bench/matching.py
    BENCH_MATCH_PARTICIPANTS=20000 .venv/bin/python bench/matching.py
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/quartier_bench_matching \\
        .venv/bin/python bench/matching.py
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report import record  # noqa: E402
from setup import start_django  # noqa: E402

PARTICIPANTS = int(os.environ.get("BENCH_MATCH_PARTICIPANTS", "100000"))
VACANCIES = int(os.environ.get("BENCH_MATCH_VACANCIES", "10000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "7"))
BASELINE_REPEAT = int(os.environ.get("BENCH_BASELINE_REPEAT", "3"))
VACANCIES_TOPIC = "vacancies for one participant"
CASES_TOPIC = "participants for one vacancy"
start_django("bench_matching")

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402

from quartier.cases.models import Case  # noqa: E402
from quartier.cases.selectors.cases import cases_visible_to  # noqa: E402
from quartier.core.models import Project, User  # noqa: E402
from quartier.demo import data  # noqa: E402
from quartier.demo.services.vacancies import seed_vacancies  # noqa: E402
from quartier.economy.models import Vacancy  # noqa: E402
from quartier.matching.selectors import matches, scoring  # noqa: E402


def count_queries(function) -> int:
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


def report(
    name: str,
    figure_ms: float,
    baseline_name: str,
    baseline_ms: float,
    extra: str = "",
    *,
    topic: str,
):
    speedup = baseline_ms / figure_ms if figure_ms else float("inf")
    print(
        f"{name:<44} {figure_ms:9.2f} ms   baseline {baseline_name:<20} {baseline_ms:9.2f} ms"
        f"   {speedup:6.1f}x faster{('   ' + extra) if extra else ''}"
    )
    record(
        f"{topic}: {name.strip()}",
        figure=figure_ms,
        baseline=baseline_ms,
        unit="ms",
        baseline_name=baseline_name,
        note=f"{speedup:.1f}x faster" + (f", {extra}" if extra else ""),
    )


def main() -> None:
    print(
        f"Matching benchmark on {connection.vendor}, {PARTICIPANTS:,} participants, "
        f"{VACANCIES:,} vacancies"
    )
    call_command("migrate", verbosity=0)
    began = time.perf_counter()
    with open(os.devnull, "w") as quiet:
        call_command("seed_demo", participants=PARTICIPANTS, seed=1, stdout=quiet)
    seeded = time.perf_counter() - began
    worker = User.objects.get(email=f"fallmanagement@{data.DEMO_DOMAIN}")
    home = worker.memberships.get().project
    began = time.perf_counter()
    seed_vacancies(
        count=VACANCIES,
        seed=1,
        projects=Project.objects.filter(pk=home.pk),
        organisation=worker.memberships.get().organisation,
    )
    seed_vacancies(count=1000, seed=2, projects=Project.objects.exclude(pk=home.pk))
    vacancy_seconds = time.perf_counter() - began
    if connection.vendor == "postgresql":
        # Planner statistics and the visibility map of the fresh tables, as autovacuum
        # keeps them (it vacuums insert-only tables too since PostgreSQL 13): without
        # the map, the index-only probe of each case's latest assessment reads the heap.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    print(
        f"{'seed_demo':<44} {seeded:9.2f} s    then {Vacancy.objects.count():,} vacancies "
        f"in {vacancy_seconds:.2f} s ({VACANCIES / vacancy_seconds:,.0f}/s)"
    )
    today = timezone.localdate()

    # Vacancies for one participant.
    case = (
        cases_visible_to(worker)
        .filter(exit_date__isnull=True)
        .annotate(n=Count("assessments"))
        .order_by("-n", "pk")
        .select_related("participant", "participant__district", "project")
        .first()
    )
    visible = matches.open_vacancies(
        matches.vacancies_visible_to(worker).filter(project_id=case.project_id)
    )
    weights = scoring.weights_for(case.project_id)
    person = scoring.person_of(case)

    def page():
        matches.vacancy_matches_for_case(user=worker, case=case, today=today)

    def sql_all():
        ranked = scoring.rank_vacancies(visible, person=person, weights=weights, today=today)
        list(ranked.values_list("pk", "m_score"))

    def baseline():
        scoring.score_row_by_row(case=case, vacancies=visible, weights=weights, today=today)

    count = visible.count()
    base = median_ms(baseline, BASELINE_REPEAT)
    print(f"vacancies for case {case.pk} ({case.participant.postcode}): {count:,} open ranked")
    report(
        "  SQL ranking, page of 50 with reasons",
        median_ms(page),
        "row by row",
        base,
        f"{count_queries(page)} queries",
        topic=VACANCIES_TOPIC,
    )
    report(
        "  SQL ranking, all rows (id, score)",
        median_ms(sql_all),
        "row by row",
        base,
        topic=VACANCIES_TOPIC,
    )

    # Participants for one vacancy.
    admin = User.objects.filter(is_superuser=True, is_active=True).first()
    if admin is None:
        admin = User.objects.create_superuser(email=f"bench-admin@{data.DEMO_DOMAIN}", password="x")
    biggest = (
        Case.objects.filter(exit_date__isnull=True)
        .values("project_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    vacancy = (
        Vacancy.objects.filter(project_id=biggest["project_id"], latitude__isnull=False)
        .order_by("pk")
        .first()
    ) or seed_and_pick(biggest["project_id"])
    cases = matches.open_cases_of_project(user=admin, project_id=vacancy.project_id)
    job = scoring.job_of(vacancy)
    vweights = scoring.weights_for(vacancy.project_id)

    def vacancy_page():
        matches.case_matches_for_vacancy(user=admin, vacancy=vacancy, today=today)

    def cases_sql_all():
        ranked = scoring.rank_cases(cases, job=job, weights=vweights, today=today)
        list(ranked.values_list("pk", "m_score"))

    def cases_baseline():
        scoring.score_row_by_row(vacancy=vacancy, cases=cases, weights=vweights, today=today)

    base = median_ms(cases_baseline, BASELINE_REPEAT)
    print(f"participants for vacancy {vacancy.pk}: {biggest['n']:,} open cases ranked")
    report(
        "  SQL ranking, page of 50 with reasons",
        median_ms(vacancy_page),
        "row by row",
        base,
        f"{count_queries(vacancy_page)} queries",
        topic=CASES_TOPIC,
    )
    report(
        "  SQL ranking, all rows (id, score)",
        median_ms(cases_sql_all),
        "row by row",
        base,
        topic=CASES_TOPIC,
    )


def seed_and_pick(project_id: int) -> Vacancy:
    seed_vacancies(count=10, seed=3, projects=Project.objects.filter(pk=project_id))
    return Vacancy.objects.filter(project_id=project_id, latitude__isnull=False).first()


if __name__ == "__main__":
    main()
