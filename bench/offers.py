"""Benchmark of the offer catalogue (issue 4): the offer list at 5,000 offers.

A fresh database gets the demo projects (`seed_demo` with BENCH_OFFER_PARTICIPANTS
participants, default 2,000) and then BENCH_OFFERS offers (default 5,000) written with
`bulk_create` into BQB-Süd, the project of the demo case worker, spread over its two
organisations, with their places and one enrolment for most of the project's cases;
another 1,000 offers go to the other projects, which the case worker must not see.

Requested through `django.test.Client` as the demo case worker, so a figure is the
median server time of BENCH_REPEAT requests (default 30) including middleware and
template; queries are counted at the cursor. Each page is compared with a baseline in
the same run: a plain, unscoped query of the same 25 rows rendered with a minimal
template.

    .venv/bin/python bench/offers.py
    BENCH_OFFERS=20000 .venv/bin/python bench/offers.py
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/quartier_bench_offers \\
        .venv/bin/python bench/offers.py
"""

import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report import record  # noqa: E402
from setup import start_django  # noqa: E402

OFFERS = int(os.environ.get("BENCH_OFFERS", "5000"))
PARTICIPANTS = int(os.environ.get("BENCH_OFFER_PARTICIPANTS", "2000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "30"))
FOREIGN_OFFERS = 1000
start_django("bench_offers")

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.template import Context, Template  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from quartier.cases.models import Case  # noqa: E402
from quartier.core.models import Project, User  # noqa: E402
from quartier.demo import data  # noqa: E402
from quartier.offers.models import (  # noqa: E402
    Enrolment,
    Location,
    OccupationalField,
    Offer,
    OfferKind,
)
from quartier.participants.models import TargetGroup  # noqa: E402

PAGE_SIZE = 25
SEARCH = os.environ.get("BENCH_OFFER_SEARCH", "landschaftsbau")
MODULES = [
    "Stadtteilservice",
    "Quartiershausmeister",
    "Fahrradrikscha und E-Mobilität",
    "Garten- und Landschaftsbau",
    "Haushaltsnahe Dienstleistungen",
    "Pflege und Betreuung",
    "Hotel und Gastronomie",
    "Digitale Medien",
    "Sprachförderung Deutsch",
    "Bewerbungstraining",
    "Lehrwerkstatt Holz",
    "Arbeitsweltklasse",
    "BVJ-Klassenangebot",
    "Café Bär",
    "Stadtteilcafé Wanne-Süd",
    "DORSTEN TREFF",
    "Arbeitsladen Lobeda",
    "Arbeitsladen Winzerla",
    "Lager und Logistik",
    "Einzelhandel Kasse",
]
PLAIN_LIST = Template(
    "<table>{% for offer in offers %}<tr><td>{{ offer.title }}</td>"
    "<td>{{ offer.get_kind_display }}</td><td>{{ offer.project.name }}</td>"
    "<td>{{ offer.organisation.name }}</td><td>{{ offer.capacity }}</td>"
    "</tr>{% endfor %}</table>"
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


def create_offers(project: Project, count: int, rng: random.Random) -> list[Offer]:
    organisations = [member.organisation for member in project.consortium.all()]
    places = Location.objects.bulk_create(
        Location(
            project=project,
            organisation=organisations[number % len(organisations)],
            name=f"Ort {number} {project.slug}",
            street=f"Hauptstraße {number}",
            postcode="44649",
            city="Herne",
            latitude=f"51.5{number:04d}",
            longitude=f"7.1{number:04d}",
        )
        for number in range(40)
    )
    kinds, fields, groups = OfferKind.values, OccupationalField.values, TargetGroup.values
    start = date(2025, 1, 1)
    offers = Offer.objects.bulk_create(
        (
            Offer(
                project=project,
                organisation=organisations[number % len(organisations)],
                kind=rng.choice(kinds),
                title=f"{rng.choice(MODULES)} – Gruppe {number:05d}",
                short_description="Qualifizierung und Arbeit im Quartier",
                capacity=rng.choice([None, 8, 12, 15, 20]),
                target_groups=rng.sample(groups, 2),
                languages=["de"],
                occupational_field=rng.choice(fields),
                published=rng.random() < 0.6,
                active=rng.random() < 0.9,
                start_date=start + timedelta(days=rng.randint(0, 400)),
            )
            for number in range(count)
        ),
        batch_size=1000,
    )
    if connection.vendor != "postgresql":  # SQLite's bulk_create sets no primary keys
        offers = list(Offer.objects.filter(project=project).order_by("id"))
    through = Offer.locations.through
    through.objects.bulk_create(
        (through(offer_id=offer.pk, location_id=rng.choice(places).pk) for offer in offers),
        batch_size=2000,
    )
    return offers


def enrol(project: Project, offers: list[Offer], rng: random.Random) -> int:
    """One active or waiting enrolment for four in five of the project's cases."""
    today = timezone.localdate()
    rows = []
    for case_id in Case.objects.filter(project=project).values_list("pk", flat=True):
        if rng.random() < 0.2:
            continue
        waiting = rng.random() < 0.15
        rows.append(
            Enrolment(
                offer_id=rng.choice(offers).pk,
                case_id=case_id,
                status="waiting" if waiting else "active",
                start_date=None if waiting else today - timedelta(days=rng.randint(0, 200)),
                waiting_since=timezone.now() if waiting else None,
            )
        )
    Enrolment.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def main() -> None:
    print(f"Offer catalogue benchmark on {connection.vendor}, {OFFERS:,} offers")
    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("seed_demo", participants=PARTICIPANTS, seed=1, stdout=quiet)
    rng = random.Random(1)
    worker = User.objects.get(email=f"fallmanagement@{data.DEMO_DOMAIN}")
    home = worker.memberships.get().project
    began = time.perf_counter()
    offers = create_offers(home, OFFERS, rng)
    others = list(Project.objects.exclude(pk=home.pk))
    for project in others:
        create_offers(project, FOREIGN_OFFERS // len(others), rng)
    enrolments = enrol(home, offers, rng)
    seconds = time.perf_counter() - began
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    visible = Offer.objects.filter(project=home).count()
    found = Offer.objects.filter(project=home, active=True, title__icontains=SEARCH).count()
    print(
        f"{'bulk_create offers':<46} {seconds:9.2f} s    {Offer.objects.count():,} offers, "
        f"{visible:,} in {home.slug} (visible to the case worker), {enrolments:,} enrolments; "
        f"search {SEARCH!r} finds {found:,} active"
    )

    client = Client()
    client.force_login(worker, backend="django.contrib.auth.backends.ModelBackend")
    list_url = reverse("offers:offer_list")

    def get(params=None):
        def request():
            response = client.get(list_url, params or {})
            assert response.status_code == 200, response.status_code

        return request

    def plain(offers):
        def render():
            PLAIN_LIST.render(Context({"offers": offers()}))

        return render

    def first_page():
        return Offer.objects.select_related("project", "organisation").order_by("title", "id")[
            :PAGE_SIZE
        ]

    def searched():
        return (
            Offer.objects.select_related("project", "organisation")
            .filter(title__icontains=SEARCH)
            .order_by("title", "id")[:PAGE_SIZE]
        )

    for name, page, baseline_name, baseline in [
        ("offer list: first page", get(), "plain 25 offers by title", plain(first_page)),
        ("offer list: search", get({"q": SEARCH}), "plain unscoped search", plain(searched)),
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
