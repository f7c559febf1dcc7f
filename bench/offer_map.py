"""Benchmark of the public offer map (issue 5): server time and page weight with 5,000 offers.

A fresh database gets the demo projects (`seed_demo` with BENCH_MAP_PARTICIPANTS
participants, default 100: the public pages read no participant) and then, written with
`bulk_create`, BENCH_OFFERS published offers (default 5,000) of BQB-Süd in Wanne-Süd,
spread over BENCH_MAP_PLACES places with coordinates (default 300), each with one or two
weekly schedules, Arabic, Turkish and English translations for part of them, and varied
kinds, target groups, languages, cost, childcare and access; besides them a tenth as many
unpublished, inactive or ended offers in Wanne-Süd, some offers without a place, and
1,000 published offers in other districts, none of which the district's pages may show.

Pages are requested anonymously through `django.test.Client`, in German and in Arabic
(Accept-Language), so a figure is the median server time of BENCH_REPEAT requests
(default 30; a page that takes longer than BENCH_MAP_BUDGET seconds in all, default 10,
stops earlier, with three requests at least, and says so) including middleware and
template; queries are counted at the cursor. Each page is compared with a baseline in
the same run: the same rows from a plain query rendered with a minimal template. "Open
now" is asked at a fixed clock time (BENCH_NOW, default the coming Tuesday 10:30 local
time) so that the figure does not depend on the hour the benchmark runs.

Page weight: the list page and the map page with every style sheet and script they
reference (read through the static files finders), each part compressed with gzip at
level 6 as a web server would; map tiles and images are not counted. The limits are
those of the issue: the list page under 30 KB, the map page with Leaflet under 100 KB.

    .venv/bin/python bench/offer_map.py
    BENCH_OFFERS=20000 BENCH_REPEAT=10 .venv/bin/python bench/offer_map.py
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/quartier_bench_map \\
        .venv/bin/python bench/offer_map.py
"""

import datetime as dt
import gzip
import os
import random
import statistics
import sys
import time
import types
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report import record  # noqa: E402
from setup import start_django  # noqa: E402

OFFERS = int(os.environ.get("BENCH_OFFERS", "5000"))
PLACES = int(os.environ.get("BENCH_MAP_PLACES", "300"))
PARTICIPANTS = int(os.environ.get("BENCH_MAP_PARTICIPANTS", "100"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "30"))
BUDGET = float(os.environ.get("BENCH_MAP_BUDGET", "10"))
SEARCH = os.environ.get("BENCH_MAP_SEARCH", "bewerbung")
#: BENCH_MAP_ONLY=cache: only the cache's figures (warm, cold, static baseline).
ONLY = os.environ.get("BENCH_MAP_ONLY", "")
FOREIGN_OFFERS = 1000
LIST_LIMIT_KB = 30
MAP_LIMIT_KB = 100
start_django("bench_offer_map")

from django.conf import settings  # noqa: E402
from django.contrib.staticfiles import finders  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.template import Context, Template  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from quartier.core.models import District, Project  # noqa: E402
from quartier.offers.models import (  # noqa: E402
    Location,
    Offer,
    OfferKind,
    OfferTranslation,
    Schedule,
    ScheduleException,
)
from quartier.stadtteilplan import selectors  # noqa: E402

DISTRICT = "herne-wanne-sued"
PROJECT = "bqb-sued"
PAGE_SIZE = selectors.PAGE_SIZE

#: (German title, Arabic, Turkish, English, short description): what a district offers.
TOPICS = [
    ("Elterncafé", "مقهى الآباء", "Veli kafesi", "Parents' café", "Austausch, Kaffee und Rat"),
    (
        "Sprachcafé Deutsch",
        "مقهى اللغة الألمانية",
        "Almanca dil kafesi",
        "German language café",
        "Deutsch sprechen üben in kleiner Runde",
    ),
    (
        "Deutschkurs A1",
        "دورة اللغة الألمانية A1",
        "Almanca kursu A1",
        "German course A1",
        "Deutsch für den Alltag, mit Kinderbetreuung",
    ),
    (
        "Bewerbungstraining",
        "تدريب على طلبات العمل",
        "Başvuru eğitimi",
        "Job application training",
        "Lebenslauf, Anschreiben und Vorstellungsgespräch",
    ),
    (
        "Sozialberatung",
        "استشارة اجتماعية",
        "Sosyal danışmanlık",
        "Social counselling",
        "Hilfe bei Anträgen, Briefen und Behörden",
    ),
    (
        "Seniorentreff",
        "لقاء كبار السن",
        "Yaşlılar buluşması",
        "Seniors' meeting",
        "Gemeinsam frühstücken, spielen und erzählen",
    ),
    (
        "Nähwerkstatt",
        "ورشة الخياطة",
        "Dikiş atölyesi",
        "Sewing workshop",
        "Nähen lernen und Kleidung reparieren",
    ),
    (
        "Hausaufgabenhilfe",
        "مساعدة في الواجبات المدرسية",
        "Ödev yardımı",
        "Homework help",
        "Lernen mit Ehrenamtlichen nach der Schule",
    ),
    (
        "Jobcoaching",
        "تدريب مهني",
        "İş koçluğu",
        "Job coaching",
        "Der Weg in Arbeit, Schritt für Schritt",
    ),
    (
        "Frauenfrühstück",
        "فطور النساء",
        "Kadın kahvaltısı",
        "Women's breakfast",
        "Frauen aus dem Stadtteil treffen sich",
    ),
    (
        "Computerkurs für Einsteiger",
        "دورة الحاسوب للمبتدئين",
        "Yeni başlayanlar bilgisayar",
        "Computer course for beginners",
        "E-Mail, Internet und Smartphone",
    ),
    (
        "Fahrradwerkstatt",
        "ورشة الدراجات",
        "Bisiklet atölyesi",
        "Bicycle workshop",
        "Räder reparieren unter Anleitung",
    ),
    (
        "Gartenprojekt",
        "مشروع الحديقة",
        "Bahçe projesi",
        "Garden project",
        "Gärtnern im Quartiersgarten",
    ),
    (
        "Mieterberatung",
        "استشارة المستأجرين",
        "Kiracı danışmanlığı",
        "Tenants' advice",
        "Fragen zu Miete, Nebenkosten und Wohnung",
    ),
    (
        "Alleinerziehenden-Treff",
        "لقاء الآباء والأمهات العازبين",
        "Tek ebeveyn buluşması",
        "Single parents' meeting",
        "Austausch und Kinderbetreuung",
    ),
]
PUBLIC_GROUPS = list(selectors.PUBLIC_TARGET_GROUPS)
SPOKEN = ["ar", "tr", "en", "uk", "ru", "ro", "bg", "pl", "fa"]

PLAIN_LIST = Template(
    '<ul>{% for offer in offers %}<li><h3><a href="{{ offer.public_id }}/">{{ offer.title }}'
    "</a></h3><p>{{ offer.get_kind_display }} · {{ offer.organisation.name }}</p>"
    "<p>{{ offer.short_description }}</p></li>{% endfor %}</ul>"
)
PLAIN_PLACES = Template(
    "<ul>{% for place in places %}<li><h3>{{ place.name }}</h3><p>{{ place.street }}</p>"
    '<ul>{% for offer in place.offers.all %}<li><a href="{{ offer.public_id }}/">'
    "{{ offer.title }}</a></li>{% endfor %}</ul></li>{% endfor %}</ul>"
)
PLAIN_OFFER = Template(
    "<h1>{{ offer.title }}</h1><p>{{ offer.short_description }}</p>"
    "<ul>{% for schedule in schedules %}<li>{{ schedule.start_time|time:'H:i' }}"
    "–{{ schedule.end_time|time:'H:i' }}</li>{% endfor %}</ul>"
    "<ul>{% for place in places %}<li>{{ place.name }}, {{ place.street }}</li>{% endfor %}</ul>"
)
PLAIN_DISTRICT = Template(
    "<h1>{{ district.name }}</h1><p>{{ statistic.population_district }}</p>"
    "<p>{{ count }}</p><ul>{% for project in projects %}<li>{{ project.name }}</li>"
    "{% endfor %}</ul>"
)


def count_queries(function) -> tuple[int, object]:
    """Queries one call makes (counted at the cursor, so it works with DEBUG off), and
    what the call returned."""
    counter = []

    def wrapper(execute, sql, params, many, context):
        counter.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        result = function()
    return len(counter), result


def median_ms(function, repeat: int = REPEAT, budget: float = BUDGET) -> tuple[float, int]:
    """(median ms, samples) of up to `repeat` calls after a warm-up (the caller's
    `count_queries` call); a slow page stops after `budget` seconds, with three samples
    at least, so that the benchmark ends in minutes."""
    samples = []
    began = time.perf_counter()
    while len(samples) < repeat and (len(samples) < 3 or time.perf_counter() - began < budget):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), len(samples)


def report(name: str, figure_ms: float, baseline_name: str, baseline_ms: float, extra: str = ""):
    ratio = figure_ms / baseline_ms if baseline_ms else float("inf")
    record(
        name,
        figure=figure_ms / 1000,
        baseline=baseline_ms / 1000,
        unit="s",
        baseline_name=baseline_name,
        note=extra,
    )
    print(
        f"{name:<40} {figure_ms:9.2f} ms   baseline {baseline_name:<26} {baseline_ms:8.2f} ms"
        f"   ratio {ratio:6.2f}{('   ' + extra) if extra else ''}"
    )


def fixed_now() -> dt.datetime:
    """BENCH_NOW (ISO, local time) or the coming Tuesday at 10:30."""
    if os.environ.get("BENCH_NOW"):
        moment = dt.datetime.fromisoformat(os.environ["BENCH_NOW"])
        return moment if timezone.is_aware(moment) else timezone.make_aware(moment)
    today = timezone.localdate()
    tuesday = today + dt.timedelta(days=(1 - today.weekday()) % 7)
    return timezone.make_aware(dt.datetime.combine(tuesday, dt.time(10, 30)))


# The data ---------------------------------------------------------------------------


def create_places(project, district, count, rng, prefix) -> list[Location]:
    organisations = [member.organisation for member in project.consortium.all()]
    centre_lat, centre_lon = Decimal(district.centre_lat), Decimal(district.centre_lon)
    return Location.objects.bulk_create(
        (
            Location(
                project=project,
                organisation=organisations[number % len(organisations)],
                district=district,
                name=f"{prefix} {number:03d}",
                street=f"{rng.choice(['Haupt', 'Bahnhof', 'Schul', 'Kirch', 'Garten'])}straße "
                f"{rng.randint(1, 120)}",
                postcode="44649",
                city=district.city,
                latitude=(centre_lat + Decimal(rng.randint(-9000, 9000)) / 1000000).quantize(
                    Decimal("0.000001")
                ),
                longitude=(centre_lon + Decimal(rng.randint(-14000, 14000)) / 1000000).quantize(
                    Decimal("0.000001")
                ),
                accessible=rng.random() < 0.4,
            )
            for number in range(count)
        ),
        batch_size=1000,
    )


def create_offers(project, places, count, rng, *, published=True, placeless=0) -> list[Offer]:
    """`count` offers at `places` (one, a tenth of them two) and `placeless` without a
    place, with one or two weekly schedules each; returns them with primary keys."""
    organisations = [member.organisation for member in project.consortium.all()]
    today = timezone.localdate()
    kinds = OfferKind.values
    offers = []
    for number in range(count + placeless):
        topic = TOPICS[number % len(TOPICS)]
        # Besides the published offers: drafts, paused offers and offers that have ended.
        state = "shown" if published else rng.choice(["draft", "paused", "ended"])
        start_date = today - dt.timedelta(days=rng.randint(100, 400))
        offers.append(
            Offer(
                project=project,
                organisation=organisations[number % len(organisations)],
                kind=rng.choice(kinds),
                title=f"{topic[0]} {number:05d}",
                short_description=topic[4],
                description=f"{topic[4]}. Offen für alle aus dem Stadtteil.",
                how_to_take_part="Einfach vorbeikommen oder einen Termin anfragen.",
                target_groups=rng.sample(PUBLIC_GROUPS, rng.randint(0, 3)),
                languages=["de", *rng.sample(SPOKEN, rng.randint(0, 2))],
                cost=Decimal(0) if rng.random() < 0.6 else Decimal(rng.choice([2, 5, 10, 20])),
                childcare_available=rng.random() < 0.3,
                accessible=rng.random() < 0.4,
                published=state != "draft",
                active=state != "paused",
                start_date=start_date,
                end_date=today - dt.timedelta(days=rng.randint(1, 90))
                if state == "ended"
                else None,
                contact_phone="02325 1234-0",
            )
        )
    Offer.objects.bulk_create(offers, batch_size=1000)
    ids = dict(
        Offer.objects.filter(public_id__in=[offer.public_id for offer in offers]).values_list(
            "public_id", "pk"
        )
    )
    for offer in offers:
        offer.pk = offer.id = ids[offer.public_id]
    through = Offer.locations.through
    links, schedules = [], []
    for offer in offers[:count]:
        chosen = [rng.choice(places)]
        if rng.random() < 0.1:
            chosen.append(rng.choice(places))
        links.extend(through(offer_id=offer.pk, location_id=place.pk) for place in set(chosen))
        for _ in range(rng.choice([1, 1, 2])):
            start = rng.choice([8, 9, 10, 13, 14, 15, 17, 18])
            schedules.append(
                Schedule(
                    offer_id=offer.pk,
                    location_id=chosen[0].pk,
                    kind=Schedule.Kind.WEEKLY,
                    weekdays=sorted(rng.sample(range(6), rng.randint(1, 3))),
                    start_time=dt.time(start, rng.choice([0, 30])),
                    end_time=dt.time(start + rng.choice([1, 2, 3]), 0),
                    valid_from=today - dt.timedelta(days=rng.randint(0, 300)),
                    valid_until=rng.choice([None, today + dt.timedelta(days=rng.randint(30, 300))]),
                    interval=rng.choice([1, 1, 1, 2]),
                )
            )
    through.objects.bulk_create(links, batch_size=2000)
    Schedule.objects.bulk_create(schedules, batch_size=1000)
    return offers


def create_translations(offers, rng) -> int:
    columns = {"ar": 1, "tr": 2, "en": 3}
    shares = {"ar": 0.4, "tr": 0.3, "en": 0.5}
    topics = {topic[0]: topic for topic in TOPICS}
    rows = []
    for offer in offers:
        name, _, number = offer.title.rpartition(" ")
        topic = topics.get(name)
        if topic is None or not number.isdigit():  # the demo's own offers
            continue
        for language, column in columns.items():
            if rng.random() < shares[language]:
                rows.append(
                    OfferTranslation(
                        offer_id=offer.pk,
                        language=language,
                        title=f"{topic[column]} {number}",
                        short_description="" if language == "tr" else topic[column],
                        reviewed=rng.random() < 0.5,
                    )
                )
    OfferTranslation.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def create_exceptions(rng) -> int:
    """A holiday for one schedule in twenty, in the coming weeks."""
    today = timezone.localdate()
    rows = [
        ScheduleException(schedule_id=pk, date=today + dt.timedelta(days=rng.randint(0, 30)))
        for pk in Schedule.objects.values_list("pk", flat=True)
        if rng.random() < 0.05
    ]
    ScheduleException.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def fill(rng) -> tuple[District, Project]:
    district = District.objects.get(slug=DISTRICT)
    home = Project.objects.get(slug=PROJECT)
    places = create_places(home, district, PLACES, rng, "Treffpunkt")
    create_offers(home, places, OFFERS, rng, placeless=OFFERS // 100)
    create_offers(home, places, OFFERS // 10, rng, published=False)
    for project in Project.objects.exclude(pk=home.pk).prefetch_related("districts"):
        elsewhere = project.districts.first()
        if elsewhere is None:
            continue
        foreign = create_places(project, elsewhere, 20, rng, f"Ort {project.slug}")
        create_offers(project, foreign, FOREIGN_OFFERS // 4, rng)
    create_translations(Offer.objects.only("pk", "title"), rng)
    create_exceptions(rng)
    return district, home


# Page weight ------------------------------------------------------------------------


class _Assets(HTMLParser):
    """The style sheets and scripts a page references."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "link" and "stylesheet" in (attributes.get("rel") or "").split():
            self.urls.append(attributes.get("href") or "")
        elif tag == "script" and attributes.get("src"):
            self.urls.append(attributes["src"])


def asset_urls(html: str) -> list[str]:
    parser = _Assets()
    parser.feed(html)
    return parser.urls


def static_bytes(url: str) -> bytes:
    """A referenced static file's content, through the static files finders."""
    if not url.startswith(settings.STATIC_URL):
        raise SystemExit(f"{url!r} is not a static file: the page weight cannot count it")
    found = finders.find(url.removeprefix(settings.STATIC_URL).split("?")[0])
    if not found:
        raise SystemExit(f"{url!r} is not found by the static files finders")
    return Path(found).read_bytes()


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def page_weight(client: Client, url: str, headers: dict) -> tuple[int, list[tuple[str, int, int]]]:
    """(gzip total, [(part, raw bytes, gzip bytes)]) of the page and its CSS and JS."""
    response = client.get(url, headers=headers)
    assert response.status_code == 200, (url, response.status_code)
    html = response.content
    parts = [("HTML " + url, len(html), gzip_size(html))]
    for asset in asset_urls(html.decode()):
        data = static_bytes(asset)
        parts.append((asset, len(data), gzip_size(data)))
    return sum(part[2] for part in parts), parts


def print_weight(title: str, total: int, parts, limit_kb: int) -> bool:
    print(f"  {title}")
    for name, raw, packed in parts:
        print(f"    {name:<60} {raw / 1024:8.1f} KB raw {packed / 1024:7.1f} KB gzip")
    under = total < limit_kb * 1024
    verdict = "UNDER the limit" if under else "OVER the limit"
    print(f"  {title}: {total / 1024:.1f} KB gzip (limit {limit_kb} KB) — {verdict}")
    return under


# The run ----------------------------------------------------------------------------


def main() -> None:
    print(
        f"Offer map benchmark on {connection.vendor}, {OFFERS:,} offers at {PLACES} places, "
        f"load average {' '.join(f'{value:.2f}' for value in os.getloadavg())}"
    )
    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("seed_demo", participants=PARTICIPANTS, seed=1, stdout=quiet)
    began = time.perf_counter()
    district, home = fill(random.Random(1))
    seconds = time.perf_counter() - began
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    shown = selectors.district_offers(district, "de")
    print(
        f"{'bulk_create offers':<40} {seconds:9.2f} s    {Offer.objects.count():,} offers "
        f"({shown.count():,} public in {district.slug}), {Location.objects.count():,} places, "
        f"{Schedule.objects.count():,} schedules, "
        f"{OfferTranslation.objects.count():,} translations"
    )

    now = fixed_now()
    clock = getattr(selectors, "timezone", None)
    if clock is not None and hasattr(clock, "localtime"):
        real_localtime = clock.localtime
        selectors.timezone = types.SimpleNamespace(
            **{name: getattr(clock, name) for name in dir(clock) if not name.startswith("__")}
        )
        selectors.timezone.localtime = lambda *args, **kwargs: (
            real_localtime(*args, **kwargs) if args or kwargs else now
        )
        print(f"'open now' asked at {now:%A %Y-%m-%d %H:%M} (BENCH_NOW)")
    else:
        print("'open now' asked at the real clock time (selectors.timezone not found)")

    client = Client()
    slug = district.slug
    list_url = reverse("stadtteilplan:offer_list", args=[slug])
    map_url = reverse("stadtteilplan:map", args=[slug])
    district_url = reverse("stadtteilplan:district", args=[slug])
    translated = (
        Offer.objects.filter(pk__in=shown.values("pk"), translations__language="ar")
        .order_by("title", "pk")
        .first()
    )
    offer_url = reverse("stadtteilplan:offer_detail", args=[slug, translated.public_id])
    german = {"Accept-Language": "de"}
    arabic = {"Accept-Language": "ar"}

    def get(url, params=None, headers=german):
        def request():
            response = client.get(url, params or {}, headers=headers)
            assert response.status_code == 200, (url, params, response.status_code)
            assert not response.cookies, (url, response.cookies)
            return response

        return request

    def plain_list(offers):
        def render():
            PLAIN_LIST.render(Context({"offers": offers()}))

        return render

    def first_page():
        return Offer.objects.select_related("organisation").order_by("title", "id")[:PAGE_SIZE]

    def late_page():
        return Offer.objects.select_related("organisation").order_by("title", "id")[
            99 * PAGE_SIZE : 100 * PAGE_SIZE
        ]

    def searched():
        return (
            Offer.objects.select_related("organisation")
            .filter(title__icontains=SEARCH)
            .order_by("title", "id")[:PAGE_SIZE]
        )

    def plain_places():
        places = Location.objects.filter(district=district).prefetch_related("offers")
        PLAIN_PLACES.render(Context({"places": places}))

    def plain_offer():
        offer = Offer.objects.get(pk=translated.pk)
        PLAIN_OFFER.render(
            Context(
                {
                    "offer": offer,
                    "schedules": list(offer.schedules.all()),
                    "places": list(offer.locations.all()),
                }
            )
        )

    def plain_district():
        row = District.objects.get(slug=slug)
        PLAIN_DISTRICT.render(
            Context(
                {
                    "district": row,
                    "statistic": row.statistics.first(),
                    "count": Offer.objects.filter(locations__district=row).count(),
                    "projects": list(Project.objects.filter(districts=row)),
                }
            )
        )

    filtered = {"group": "families", "free": "on", "language": "ar"}
    cases = [
        ("list: first page", list_url, None, plain_list(first_page), "plain 20 offers by title"),
        ("list: filtered", list_url, filtered, plain_list(first_page), "plain 20 offers by title"),
        ("list: search", list_url, {"q": SEARCH}, plain_list(searched), "plain search"),
        ("list: open now", list_url, {"now": "on"}, plain_list(first_page), "plain 20 offers"),
        ("list: page 100", list_url, {"seite": "100"}, plain_list(late_page), "plain page 100"),
        ("map: all places", map_url, None, plain_places, "plain places + offers"),
        ("offer page", offer_url, None, plain_offer, "plain offer"),
        ("district page", district_url, None, plain_district, "plain district + count"),
    ]
    if ONLY != "cache":
        render_figures(client, cases, get, german, arabic, list_url, map_url)
    cache_figures(client, list_url, shown)


def render_figures(client, cases, get, german, arabic, list_url, map_url) -> None:
    """Each page rendered (the public cache off), against its plain baseline."""
    settings.PUBLIC_CACHE_ENABLED = False
    print(
        f"pages rendered (cache off), median of {REPEAT} requests (fewer for a page slower "
        f"than {BUDGET:g} s in all); HTML size as sent (raw / gzip)"
    )
    for name, url, params, baseline, baseline_name in cases:
        baseline_queries, _ = count_queries(baseline)
        baseline_ms, _ = median_ms(baseline)
        for language, headers in [("de", german), ("ar", arabic)]:
            page = get(url, params, headers)
            queries, response = count_queries(page)
            figure_ms, samples = median_ms(page)
            html = response.content
            report(
                f"{name} ({language})",
                figure_ms,
                baseline_name,
                baseline_ms,
                f"{queries} queries (baseline {baseline_queries}), "
                f"HTML {len(html) / 1024:.1f} / {gzip_size(html) / 1024:.1f} KB"
                + (f", median of {samples}" if samples < REPEAT else ""),
            )

    print("page weight (HTML + CSS + JS, gzip level 6; map tiles and images not counted)")
    verdicts = []
    for language, headers in [("de", german), ("ar", arabic)]:
        total, parts = page_weight(client, list_url, headers)
        verdicts.append(
            print_weight(f"list page without map ({language})", total, parts, LIST_LIMIT_KB)
        )
        total, parts = page_weight(client, map_url, headers)
        verdicts.append(
            print_weight(f"map page with Leaflet ({language})", total, parts, MAP_LIMIT_KB)
        )
    print(
        "page weight: "
        + ("all pages under their limits" if all(verdicts) else "SOME PAGES OVER THEIR LIMITS")
        + f"; load average {' '.join(f'{value:.2f}' for value in os.getloadavg())}"
    )
    settings.PUBLIC_CACHE_ENABLED = True


# The public cache (issue 16) --------------------------------------------------------

WARM_LIMIT_MS = 20
WARM_RATIO = 1.5
COLD_RATIO = 2.0


def _static_urlconf(served: dict):
    """The project's URLconf plus /bench-static/<name>, which answers the stored bytes
    of a page as a static file would, through the same middleware."""
    from django.http import HttpResponse
    from django.urls import clear_url_caches, include, path

    def static_copy(request, name):
        body, headers = served[name]
        response = HttpResponse(body)
        for header, value in headers.items():
            response[header] = value
        return response

    module = types.ModuleType("bench_static_urls")
    module.urlpatterns = [
        path("bench-static/<str:name>", static_copy, name="bench_static"),
        path("", include(settings.ROOT_URLCONF)),
    ]
    sys.modules[module.__name__] = module
    settings.ROOT_URLCONF = module.__name__
    settings.PUBLIC_URL_NAMES = [*settings.PUBLIC_URL_NAMES, "bench_static"]
    clear_url_caches()


def cache_figures(client: Client, list_url: str, shown) -> None:
    """Warm hits against the same bytes served as a static file, and the first request
    after a change against the uncached render."""
    from django.core.cache import caches

    served = {}
    _static_urlconf(served)
    # Production keeps its database connections (a pool, or CONN_MAX_AGE); without that
    # every request would open one, which the static baseline never does.
    connection.settings_dict["CONN_MAX_AGE"] = 600
    connection.close()
    zipped = {"Accept-Language": "de", "Accept-Encoding": "gzip"}
    pages = [
        ("list page", list_url, {}),
        ("HSDS /services?full=true", reverse("hsds:service_list"), {"full": "true"}),
    ]
    victims = iter(Offer.objects.filter(pk__in=shown.values("pk")).order_by("pk"))

    def request(url, params):
        def call():
            response = client.get(url, params, headers=zipped)
            assert response.status_code == 200, (url, response.status_code)
            assert not response.cookies, (url, response.cookies)
            return response

        return call

    def after_a_change(url, params):
        """Time one request after an offer is saved (the save is not timed)."""
        samples = []
        for _ in range(max(3, REPEAT // 3)):
            offer = next(victims)
            offer.save()
            start = time.perf_counter()
            request(url, params)()
            samples.append((time.perf_counter() - start) * 1000)
        return statistics.median(samples)

    print(
        f"public cache: median of {REPEAT} requests with Accept-Encoding: gzip; "
        f"load average {' '.join(f'{value:.2f}' for value in os.getloadavg())}"
    )
    verdicts = []
    for name, url, params in pages:
        settings.PUBLIC_CACHE_ENABLED = False
        uncached_queries, uncached = count_queries(request(url, params))
        uncached_ms, _ = median_ms(request(url, params))
        settings.PUBLIC_CACHE_ENABLED = True
        caches["public"].clear()
        hit = request(url, params)
        hit()
        warm_queries, response = count_queries(hit)
        assert response["Content-Encoding"] == "gzip", name
        warm_ms, _ = median_ms(hit)
        served[str(len(served) + 1)] = (
            response.content,
            {
                key: response[key]
                for key in ("Content-Type", "Content-Encoding", "Vary", "ETag")
                if key in response
            },
        )
        static = request(reverse("bench_static", args=[str(len(served))]), {})
        static_ms, _ = median_ms(static)
        cold_ms = after_a_change(url, params)
        size = (
            f"{len(uncached.content) / 1024:.0f} KB raw, {len(response.content) / 1024:.0f} KB gzip"
        )
        report(
            f"{name}: warm (cached)",
            warm_ms,
            "same bytes, plain view",
            static_ms,
            f"{warm_queries} query, {size}",
        )
        report(
            f"{name}: cold (after a change)",
            cold_ms,
            "uncached render",
            uncached_ms,
            f"{uncached_queries} queries uncached",
        )
        print(
            f"  {name}: warm {warm_ms:.2f} ms (limit {WARM_LIMIT_MS} ms, "
            f"{WARM_RATIO}x static); cold {cold_ms / uncached_ms:.2f}x uncached "
            f"(limit {COLD_RATIO}x)"
        )
        verdicts.append(
            warm_ms < WARM_LIMIT_MS
            and warm_ms <= WARM_RATIO * static_ms
            and cold_ms <= COLD_RATIO * uncached_ms
        )
    from quartier.stadtteilplan.services import public_cache

    version_ms, _ = median_ms(public_cache.current)
    report(
        "the warm hit's one query alone",
        version_ms,
        "same bytes, plain view",
        static_ms,
        "the content version, read once per request",
    )
    print("public cache: " + ("all targets met" if all(verdicts) else "SOME TARGETS MISSED"))


if __name__ == "__main__":
    main()
