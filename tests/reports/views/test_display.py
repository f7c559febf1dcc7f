"""The dashboard's charts as drawn: the SVG the templates render is parsed, and every
text must lie inside the drawing (no label clipped at an edge), and the month charts
carry a value axis with a few round values from 0 to at least the largest figure."""

import math
import re
import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.template.loader import render_to_string
from django.utils import translation

from quartier.reports.views.display import SmallCells, bar_chart, month_chart

EXACT = SmallCells(suppress=False)
#: A generous estimate of a glyph's width, as a share of the font size.
GLYPH = 0.6


@pytest.fixture(autouse=True)
def german():
    """The charts as the German UI draws them (value labels as 1.500)."""
    with translation.override("de"):
        yield


def months(first: date, count: int) -> list[date]:
    return [first + relativedelta(months=n) for n in range(count)]


def render(template: str, chart) -> ET.Element:
    with translation.override("de"):
        html = render_to_string(template, {"chart": chart, "chart_id": "c", "title": "T"})
    svg = re.search(r"<svg.*</svg>", html, re.S).group(0)
    return ET.fromstring(svg)


def font_size(text: ET.Element) -> float:
    return 11 if "tick" in (text.get("class") or "") else 13


def extent(text: ET.Element) -> tuple[float, float, float, float]:
    """Left, right, top and bottom of a text element, estimated from its characters."""
    size = font_size(text)
    width = len("".join(text.itertext())) * size * GLYPH
    x, y = float(text.get("x")), float(text.get("y"))
    anchor = text.get("text-anchor") or "start"
    left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
    return left, left + width, y - size, y + size * 0.25


def assert_texts_inside(svg: ET.Element) -> None:
    _x, _y, width, height = (float(v) for v in svg.get("viewBox").split())
    texts = svg.iter("text")
    for text in texts:
        content = "".join(text.itertext())
        assert float(text.get("x")) >= 0, content
        left, right, top, bottom = extent(text)
        assert left >= 0, f"{content!r} starts left of the drawing ({left:.1f})"
        assert right <= width, f"{content!r} ends right of the drawing ({right:.1f} > {width})"
        assert top >= 0, f"{content!r} is cut at the top"
        assert bottom <= height, f"{content!r} is cut at the bottom"


def value_axis(svg: ET.Element) -> list[tuple[float, float]]:
    """(value, y) of the value axis labels, bottom up."""
    ticks = [t for t in svg.iter("text") if "value-tick" in (t.get("class") or "")]
    values = []
    for tick in ticks:
        text = "".join(tick.itertext()).replace(".", "").replace(",", ".")
        values.append((float(text), float(tick.get("y"))))
    return sorted(values)


def is_round(step: float) -> bool:
    exponent = math.floor(math.log10(step))
    return round(step / 10**exponent, 6) in (1, 2, 5)


@pytest.mark.parametrize(
    ("count", "largest"),
    [(1, 1), (12, 8), (36, 37), (48, 7), (120, 1234), (6, 0)],
)
def test_month_chart_has_round_value_ticks_and_no_label_outside(count, largest):
    axis = months(date(2020, 1, 1), count)
    entries = [largest if n == count // 2 else n % 3 for n in range(count)]
    exits = [1] * count
    svg = render(
        "reports/_month_chart.html",
        month_chart(axis, [("Eintritte", entries), ("Austritte", exits)], EXACT),
    )
    assert_texts_inside(svg)
    ticks = value_axis(svg)
    assert 2 <= len(ticks) <= 6
    values = [value for value, _y in ticks]
    assert values[0] == 0
    assert values[-1] >= max(largest, 1)
    steps = {round(b - a, 6) for a, b in zip(values, values[1:], strict=False)}
    assert len(steps) == 1, "evenly spaced"
    assert is_round(steps.pop())
    # Higher values stand higher (y grows downwards).
    ys = [y for _value, y in ticks]
    assert ys == sorted(ys, reverse=True)


def test_the_tallest_bar_reaches_the_value_of_its_tick():
    axis = months(date(2024, 1, 1), 3)
    chart = month_chart(axis, [("Kontakte", [10, 20, 30])], EXACT)
    svg = render("reports/_month_chart.html", chart)
    ticks = dict(value_axis(svg))
    bars = [r for r in svg.iter("rect") if r.get("class") == "series-0"]
    top = min(float(r.get("y")) for r in bars)
    assert abs(top - ticks[30.0] + 4) < 1  # the label sits 4 units below its line


def test_hours_get_a_value_axis_too():
    axis = months(date(2024, 1, 1), 4)
    chart = month_chart(
        axis,
        [("Beratungsstunden", [Decimal("2.5"), Decimal("0"), Decimal("17.5"), Decimal("4")])],
        EXACT,
    )
    svg = render("reports/_month_chart.html", chart)
    assert_texts_inside(svg)
    assert value_axis(svg)[-1][0] >= 17.5


def test_suppressed_counts_draw_no_bar_and_the_axis_follows_the_shown_ones():
    axis = months(date(2024, 1, 1), 3)
    chart = month_chart(axis, [("Eintritte", [3, 12, 0])], SmallCells(suppress=True))
    svg = render("reports/_month_chart.html", chart)
    assert len([r for r in svg.iter("rect") if r.get("class") == "series-0"]) == 1
    assert value_axis(svg)[-1][0] >= 12


@pytest.mark.parametrize("centred", [False, True])
def test_bar_chart_labels_fit_the_drawing(centred):
    rows = [
        ("Terminanfrage vom Stadtteilplan (öffentliche Angebotskarte)", 1234),
        ("Erstberatung", 1),
        ("Praktikum / Praxisphase", 0),
    ]
    svg = render("reports/_bar_chart.html", bar_chart(rows, EXACT, centred=centred))
    assert_texts_inside(svg)
