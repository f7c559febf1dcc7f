"""Benchmarks at the scale the architecture promises; each prints its figure and its ratio
against a baseline measured in the same run.

    make bench                      # 100,000 participants on SQLite
    BENCH_PARTICIPANTS=20000 make bench
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/quartier_bench make bench

The database is created afresh for the run (a file under var/ for SQLite) and filled by
`seed_demo` (about ten contacts per participant). Pages are requested through
`django.test.Client`, so a figure is the median server time of BENCH_REPEAT requests
(default 30) including middleware and template; queries are counted at the cursor.

The case pages are requested as the demo case worker of BQB-Süd, whose organisation
(the DRK, one of the project's two) owns one tenth of all cases: the case list (first
page, default filters), the case list searched for the most frequent last name among
her cases (BENCH_SEARCH to choose another term), the case page of her case with the
most contacts, and "Mein Tag". Their baselines render the same number of rows from a
plain, unscoped query with a minimal template.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report import record  # noqa: E402
from setup import start_django  # noqa: E402

PARTICIPANTS = int(os.environ.get("BENCH_PARTICIPANTS", "100000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "30"))
start_django("bench")

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.template import Context, Template  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from quartier.cases.models import Case, Contact, FollowUp  # noqa: E402
from quartier.cases.selectors.cases import cases_visible_to  # noqa: E402
from quartier.core.models import User  # noqa: E402
from quartier.demo import data  # noqa: E402
from quartier.participants.models import Participant  # noqa: E402
from quartier.participants.selectors.participants import participants_visible_to  # noqa: E402

CASE_PAGE_SIZE = 25
PLAIN_CASE_LIST = Template(
    "<table>{% for case in cases %}<tr><td>{{ case.participant.external_id }}</td>"
    "<td>{{ case.participant.last_name }}, {{ case.participant.first_name }}</td>"
    "<td>{{ case.get_stage_display }}</td><td>{{ case.entry_date|date:'d.m.Y' }}</td>"
    "</tr>{% endfor %}</table>"
)
PLAIN_CASE = Template(
    "<h1>{{ case.participant.first_name }} {{ case.participant.last_name }}</h1>"
    "<p>{{ case.get_stage_display }} {{ case.entry_date|date:'d.m.Y' }}</p>"
    "<ul>{% for contact in contacts %}<li>{{ contact.date|date:'d.m.Y' }} "
    "{{ contact.get_channel_display }} {{ contact.notes }}</li>{% endfor %}</ul>"
)


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
    record(
        name,
        figure=figure_ms,
        baseline=baseline_ms,
        unit="ms",
        baseline_name=baseline_name,
        note=extra,
    )


def main() -> None:
    print(f"Quartier benchmarks on {connection.vendor}, {PARTICIPANTS:,} participants")
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    with open(os.devnull, "w") as quiet:
        call_command("seed_demo", participants=PARTICIPANTS, seed=1, stdout=quiet)
    seconds = time.perf_counter() - start
    if connection.vendor == "postgresql":
        # Planner statistics for the fresh tables, as autovacuum would have them by the time
        # anybody opens a page; without them the plans are those of empty tables.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    contacts = Contact.objects.count()
    print(
        f"{'seed_demo':<46} {seconds:9.2f} s    {PARTICIPANTS / seconds:,.0f} participants/s"
        f"   {contacts:,} contacts, {FollowUp.objects.count():,} follow-ups"
    )
    record(
        "seed_demo",
        figure=seconds,
        baseline=None,
        unit="s",
        note=f"{PARTICIPANTS:,} participants, {contacts:,} contacts",
    )

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

    case_pages(worker)


def case_pages(worker: User) -> None:
    """The case list, a search, the case page with the most contacts, and "Mein Tag"."""
    client = Client()
    client.force_login(worker, backend="django.contrib.auth.backends.ModelBackend")
    visible = cases_visible_to(worker)
    term = os.environ.get("BENCH_SEARCH") or (
        visible.values("participant__last_name")
        .annotate(n=Count("id"))
        .order_by("-n", "participant__last_name")
        .values_list("participant__last_name", flat=True)
        .first()
    )
    busiest = visible.annotate(n=Count("contacts")).order_by("-n", "pk").first()
    print(
        f"case pages as {worker.email}: {visible.count():,} cases visible, "
        f"search {term!r}, case {busiest.pk} with {busiest.n} contacts"
    )
    list_url = reverse("cases:case_list")
    case_url = reverse("cases:case_detail", args=[busiest.pk])

    def get(url, params=None):
        def request():
            response = client.get(url, params or {})
            assert response.status_code == 200, (url, response.status_code)

        return request

    def plain_list(cases):
        def render():
            PLAIN_CASE_LIST.render(Context({"cases": cases()}))

        return render

    def newest():
        return Case.objects.select_related("participant").order_by("-entry_date", "-id")[
            :CASE_PAGE_SIZE
        ]

    def found():
        return (
            Case.objects.select_related("participant")
            .filter(participant__last_name__icontains=term)
            .order_by("-entry_date", "-id")[:CASE_PAGE_SIZE]
        )

    def plain_case():
        case = Case.objects.select_related("participant").get(pk=busiest.pk)
        contacts = case.contacts.order_by("-date", "-id")[:30]
        PLAIN_CASE.render(Context({"case": case, "contacts": contacts}))

    for name, page, baseline_name, baseline in [
        ("case list: first page", get(list_url), "plain 25 newest cases", plain_list(newest)),
        (
            "case list: search",
            get(list_url, {"q": term}),
            "plain unscoped search",
            plain_list(found),
        ),
        ("case page: most contacts", get(case_url), "plain case + 30 contacts", plain_case),
        ("Mein Tag", get(reverse("cases:my_day")), "plain 25 newest cases", plain_list(newest)),
    ]:
        queries, baseline_queries = count_queries(page), count_queries(baseline)
        report(
            name,
            median_ms(page),
            baseline_name,
            median_ms(baseline),
            f"{queries} queries (baseline {baseline_queries})",
        )


if __name__ == "__main__":
    main()
