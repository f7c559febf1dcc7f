"""Benchmark of the printable notice (issue 16): render time per language.

A fresh database gets the demo projects (`seed_demo`, BENCH_FLYER_PARTICIPANTS
participants, default 50: the notice reads no participant). The demo district with the
most published offers is filled up to a full notice (`flyer.MAX_OFFERS` offers, copies
of its own offers with their times, places and translations), the worst case a notice
board sees. Each language of the map is then rendered BENCH_REPEAT times (default 3)
through `flyer.flyer_render`, the task's own function (context, HTML, WeasyPrint,
storage), and its median compared with the German notice's, measured in the same run.
Figures are CPU seconds of the process (`time.process_time`): on a shared machine the
wall time mostly measures the other processes; it is printed beside them.

Also measured: the first render of the process (fontconfig and Pango warming up), the
layout before issue 16 (CSS columns, which WeasyPrint balances by laying the text out
again and again) against the current one for German and Arabic, with the demo's
offers and with a full notice, the content hash the view computes per request, and
whether rendering leaves files behind (temporary files, a font cache) in a fresh
TMPDIR, HOME and XDG_CACHE_HOME.

    .venv/bin/python bench/flyer.py
    BENCH_REPEAT=5 BENCH_FLYER_OLD_LAYOUT=0 .venv/bin/python bench/flyer.py
"""

import gc
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report import record  # noqa: E402
from setup import ROOT, start_django  # noqa: E402

PARTICIPANTS = int(os.environ.get("BENCH_FLYER_PARTICIPANTS", "50"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "3"))
OLD_LAYOUT = os.environ.get("BENCH_FLYER_OLD_LAYOUT", "1") != "0"
# Renders go to a media folder of the benchmark's own, emptied first.
MEDIA = ROOT / "var" / "bench_flyer_media"
os.environ["MEDIA_ROOT"] = str(MEDIA)
start_django("bench_flyer")

import shutil  # noqa: E402

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402
from django.utils import timezone, translation  # noqa: E402
from weasyprint import CSS, HTML  # noqa: E402

from quartier.core.pdf import PDF_BASE_URL, LocalStaticFetcher  # noqa: E402
from quartier.offers.models import Offer  # noqa: E402
from quartier.stadtteilplan import flyer, selectors  # noqa: E402

#: The notice's layout before issue 16: the offers in CSS columns, not in pairs, with
#: their marks as inline blocks (`old_html` takes the pairs out of the HTML).
OLD_LAYOUT_CSS = (
    ".offers { display: block !important; columns: 2 !important; }"
    " .marks span { display: inline-block !important; }"
)


def old_html(html: str) -> str:
    """The notice's HTML as before issue 16: the offers without their pair wrappers."""
    html = html.replace('<div class="pair">', "")
    return re.sub(r"</section>\s*</div>", "</section>", html)


def fill_up(district) -> int:
    """Copy the district's offers (times, places, translations) until the notice is full."""
    originals = list(selectors.district_offers(district, "de").order_by("pk"))
    count = len(originals)
    index = 0
    while count < flyer.MAX_OFFERS and originals:
        source = Offer.objects.get(pk=originals[index % len(originals)].pk)
        places = list(source.locations.all())
        schedules = list(source.schedules.all())
        translations = list(source.translations.all())
        copy = source
        copy.pk = None
        copy.id = None
        copy._state.adding = True
        copy.public_id = uuid.uuid4()
        copy.title = f"{source.title} ({count + 1})"
        copy.save()
        copy.locations.set(places)
        for item in schedules + translations:
            item.pk = None
            item.id = None
            item._state.adding = True
            if hasattr(item, "public_id"):
                item.public_id = uuid.uuid4()
            item.offer = copy
            item.save()
        count += 1
        index += 1
    return count


def render_seconds(district, language: str) -> tuple[float, float]:
    """One full render of the notice into storage (the stored one removed first):
    (CPU seconds, wall seconds)."""
    shutil.rmtree(MEDIA / flyer.STORAGE_FOLDER, ignore_errors=True)
    cpu, wall = time.process_time(), time.perf_counter()
    result = flyer.flyer_render(district, language)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    assert result["rendered"], result
    return cpu, wall


def layout_seconds(district, language: str, extra_css: str) -> tuple[float, int]:
    """WeasyPrint alone, with an extra (user, !important) stylesheet: (CPU seconds, pages)."""
    with translation.override(language):
        context = flyer.flyer_context(district, language, today=timezone.localdate())
        html = render_to_string(flyer.TEMPLATE, context)
    if extra_css:
        html = old_html(html)
    began = time.process_time()
    document = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=LocalStaticFetcher())
    rendered = document.render(stylesheets=[CSS(string=extra_css)] if extra_css else None)
    rendered.write_pdf()
    return time.process_time() - began, len(rendered.pages)


def leftovers_in_a_fresh_process() -> list[str]:
    """Files a WeasyPrint render (Arabic and Latin text) leaves in a fresh TMPDIR, HOME
    and XDG_CACHE_HOME."""
    with tempfile.TemporaryDirectory() as scratch:
        env = dict(os.environ)
        for name in ("TMPDIR", "HOME", "XDG_CACHE_HOME"):
            env[name] = str(Path(scratch) / name.lower())
            Path(env[name]).mkdir()
        code = (
            "from weasyprint import HTML\n"
            "HTML(string='<p>مرحبا بكم Hallo Привет</p>').write_pdf()\n"
        )
        subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=120)  # noqa: S603
        files = [path for path in Path(scratch).rglob("*") if path.is_file()]
        return [str(path.relative_to(scratch)) for path in files]


def compare_layouts(district, label: str) -> None:
    """WeasyPrint's CPU time with the layout before issue 16 (CSS columns) and now."""
    for language in ("de", "ar"):
        new, new_pages = layout_seconds(district, language, "")
        old, old_pages = layout_seconds(district, language, OLD_LAYOUT_CSS)
        print(
            f"{'layout ' + language + ', ' + label:<32} columns (before) {old:.3f} s, "
            f"{old_pages} pages; pairs (now) {new:.3f} s, {new_pages} pages: "
            f"{old / new:.1f}x less CPU"
        )
        record(
            f"flyer layout {language}, {label}: pairs (now, CPU)",
            figure=new,
            baseline=old,
            unit="s",
            baseline_name="CSS columns (before issue 16)",
        )


def main() -> None:
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"Flyer benchmark on {connection.vendor}, load average {load}")
    shutil.rmtree(MEDIA, ignore_errors=True)
    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("seed_demo", participants=PARTICIPANTS, seed=1, stdout=quiet)
    districts = list(selectors.public_districts())
    district = max(districts, key=lambda item: selectors.district_offers(item, "de").count())
    small = selectors.district_offers(district, "de").count()

    scratch = tempfile.mkdtemp(prefix="bench-flyer-tmp-")
    tempfile.tempdir = scratch  # anything WeasyPrint writes to a temporary file lands here
    try:
        first, first_wall = render_seconds(district, "de")
        if OLD_LAYOUT:
            for other in districts:
                shown = selectors.district_offers(other, "de").count()
                compare_layouts(other, f"{other.name}, {shown} offers")
        offers = fill_up(district)
        print(f"District {district.name}: filled up to {offers} offers (a full notice)")
        languages = [code for code, _name in settings.LANGUAGES]
        medians, walls = {}, {}
        for language in languages:
            times = [render_seconds(district, language) for _ in range(REPEAT)]
            medians[language] = statistics.median(cpu for cpu, _wall in times)
            walls[language] = statistics.median(wall for _cpu, wall in times)
        if OLD_LAYOUT:
            compare_layouts(district, f"{offers} offers")
        gc.collect()
        left = [str(path) for path in Path(scratch).rglob("*")]
    finally:
        tempfile.tempdir = None
        shutil.rmtree(scratch, ignore_errors=True)

    german = medians["de"]
    print(
        f"{'full notice, median of ' + str(REPEAT):<32} {'CPU s':>8} {'× German':>9} {'wall s':>8}"
    )
    for language, seconds in medians.items():
        print(
            f"{'notice ' + language:<32} {seconds:8.3f} {seconds / german:9.2f} "
            f"{walls[language]:8.3f}"
        )
        record(
            f"flyer render {language} (CPU)",
            figure=seconds,
            baseline=german,
            unit="s",
            baseline_name="German notice, same run",
            note=f"{offers} offers; wall {walls[language]:.2f} s",
        )
    print(f"{'first render of the process':<32} {first:8.3f} {'':>9} {first_wall:8.3f}")
    record(
        "flyer first render of a process (CPU)",
        figure=first,
        baseline=None,
        unit="s",
        note=f"{small} offers; wall {first_wall:.2f} s",
    )

    began = time.perf_counter()
    for _ in range(10):
        flyer.content_hashes(district, languages=["ar"])
    hashing = (time.perf_counter() - began) / 10
    print(f"{'content hash (per request)':<32} {hashing * 1000:8.1f} ms")
    record(
        "flyer content hash per request",
        figure=hashing,
        baseline=german,
        unit="s",
        baseline_name="rendering the German notice (CPU)",
    )

    leftovers = leftovers_in_a_fresh_process()
    print(
        f"temporary files left in the process: {len(left)}; "
        f"in a fresh TMPDIR/HOME/XDG_CACHE_HOME: {len(leftovers)} {leftovers or ''}"
    )
    record(
        "flyer files left on the app server",
        figure=len(left) + len(leftovers),
        baseline=None,
        unit="files",
    )
    shutil.rmtree(MEDIA, ignore_errors=True)


if __name__ == "__main__":
    main()
