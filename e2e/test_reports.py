"""The project lead and the evaluator use the reports in real Chromium: the ESF Plus
indicators on the page agree with `manage.py indicators` and with the API on the demo
data, the XLSX downloaded through the browser reads back with the same figures, and the
evaluator sees small counts as "<5" and no names. The pages pass axe without serious
problems."""

import json
from io import BytesIO, StringIO
from pathlib import Path

import openpyxl
import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from quartier.core.models import User
from quartier.core.services import api_token_create
from quartier.demo import data
from quartier.participants.models import Participant

from .test_login_and_shell import _serious, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# BQB-Süd from its start up to today, in the period the demo moves into the present.
_BQB = next(spec for spec in data.PROJECTS if spec["slug"] == "bqb-sued")
PERIOD = (
    data.demo_period(_BQB, timezone.localdate())[0].isoformat(),
    timezone.localdate().isoformat(),
)
GENDERS = ["women", "men", "non_binary", "not_stated", "total"]


def command_report() -> dict:
    out = StringIO()
    call_command(
        "indicators",
        "--project",
        "bqb-sued",
        "--from",
        PERIOD[0],
        "--to",
        PERIOD[1],
        "--format",
        "json",
        stdout=out,
    )
    return json.loads(out.getvalue())


def page_figures(page) -> dict:
    """The indicator table as {code: {gender: text}} in the table's column order."""
    figures = {}
    for row in page.locator("table.indicators tbody tr").all():
        code = row.locator("th").inner_text().strip()
        cells = [cell.inner_text().strip() for cell in row.locator("td.number").all()]
        figures[code] = dict(zip(GENDERS, cells, strict=True))
    return figures


def test_lead_sees_the_same_indicators_as_the_command_and_the_api(page):
    call_command("seed_demo", "--participants", "300")
    expected = command_report()
    lead = User.objects.get(email=f"projektleitung@{data.DEMO_DOMAIN}")
    _token, key = api_token_create(actor=lead, user=lead, name="e2e")
    problems = []

    log_in(page, lead.email, data.DEMO_PASSWORD)
    page.wait_for_url(page.base + "/")
    page.goto(page.base + "/projekte/bqb-sued/auswertung/?preset=whole")
    expect(page.locator("main h1")).to_contain_text("Dashboard")
    problems += _serious(Axe().run(page))

    page.goto(page.base + "/projekte/bqb-sued/indikatoren/")
    page.locator("input[name=date_from]").fill(PERIOD[0])
    page.locator("input[name=date_to]").fill(PERIOD[1])
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(f"**date_from={PERIOD[0]}**")
    problems += _serious(Axe().run(page))

    shown = page_figures(page)
    assert set(shown) == set(expected["indicators"])
    for code, figures in expected["indicators"].items():
        if code == "EECO19":
            # An entity indicator (supported SMEs): only the total, no gender split.
            assert shown[code] == {
                **dict.fromkeys(GENDERS[:-1], "–"),
                "total": str(figures["total"]),
            }
            continue
        assert shown[code] == {gender: str(figures[gender]) for gender in GENDERS}, code

    api = page.request.get(
        page.base + f"/api/v1/projects/bqb-sued/indicators?from={PERIOD[0]}&to={PERIOD[1]}",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert api.status == 200
    answer = api.json()
    assert answer["indicators"] == expected["indicators"]
    assert answer["followup_6m"] == expected["followup_6m"]

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Bericht als Excel (XLSX)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    workbook = openpyxl.load_workbook(BytesIO(Path(download.path()).read_bytes()))
    rows = {
        row[0]: row for row in workbook.worksheets[0].iter_rows(values_only=True) if row and row[0]
    }
    assert rows["EECO01"][-1] == expected["indicators"]["EECO01"]["total"]
    assert problems == []


def test_evaluator_sees_small_counts_suppressed_and_no_names(page):
    call_command("seed_demo", "--participants", "300")
    log_in(page, f"evaluation@{data.DEMO_DOMAIN}", data.DEMO_PASSWORD)
    page.wait_for_url(page.base + "/")
    page.get_by_role("link", name="Auswertungen öffnen").click()
    page.wait_for_url("**/auswertung/")

    page.goto(page.base + "/projekte/bqb-sued/indikatoren/?preset=whole")
    figures = page_figures(page)
    values = [value for row in figures.values() for value in row.values()]
    assert "<5" in values
    assert not {"1", "2", "3", "4"} & set(values)
    assert _serious(Axe().run(page)) == []

    page.goto(page.base + "/projekte/bqb-sued/auswertung/?preset=whole")
    text = page.locator("main").inner_text()
    for person in Participant.objects.filter(project__slug="bqb-sued")[:50]:
        assert person.last_name not in text
    response = page.goto(page.base + "/projekte/bqb-sued/auswertung/teilnehmendenliste.xlsx")
    assert response.status == 404


CHART_TEXT_OUTSIDE = """
() => {
  const outside = [];
  for (const svg of document.querySelectorAll("svg.chart")) {
    const box = svg.viewBox.baseVal;
    for (const text of svg.querySelectorAll("text")) {
      const b = text.getBBox();
      if (b.x < -0.5 || b.y < -0.5 || b.x + b.width > box.width + 0.5
          || b.y + b.height > box.height + 0.5) {
        outside.push(`${svg.querySelector("title").textContent}: ${text.textContent}`);
      }
    }
  }
  return outside;
}
"""

LINKS_UNDER_MARKERS = """
() => [...document.querySelectorAll("main li")]
  .filter((li) => getComputedStyle(li).display === "list-item"
    && getComputedStyle(li).listStyleType !== "none"
    && getComputedStyle(li.parentElement).display.includes("flex"))
  .map((li) => li.textContent.trim())
"""


def test_dashboard_charts_draw_every_label_inside_and_have_a_value_axis(page):
    """The month charts at 1280 and 800 px: no label cut at an edge (measured by the
    browser), a value axis with round values; the list of further reports has no
    bullets over its links (list items with markers in a flex row)."""
    call_command("seed_demo", "--participants", "120")
    log_in(page, f"projektleitung@{data.DEMO_DOMAIN}", data.DEMO_PASSWORD)
    page.wait_for_url(page.base + "/")
    for width in (1280, 800):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(page.base + "/projekte/bqb-sued/auswertung/")
        expect(page.locator("svg.month-chart").first).to_be_visible()
        assert page.evaluate(CHART_TEXT_OUTSIDE) == []
        values = (
            page.locator("#chart-entries-title")
            .locator("xpath=..")
            .locator(".value-tick")
            .all_text_contents()
        )
        assert values[0] == "0"
        assert len(values) >= 2
        assert page.evaluate(LINKS_UNDER_MARKERS) == []
