"""The reports speak German where the UI is German: every text of the report pages,
charts and files has a German translation, and the funder's indicator report (XLSX)
carries no English header or label."""

import ast
import io
import re
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, ngettext
from django.utils.translation.template import templatize

from quartier.reports.indicators import indicator_report
from quartier.reports.selectors.exports import indicator_report_xlsx
from tests.reports.indicator_people import enter

ROOT = Path(settings.BASE_DIR) / "quartier"
#: The same word in both languages.
SAME_IN_GERMAN = {"Code", "Dashboard", "Dashboard: %(name)s"}
GETTEXT = {"_", "gettext", "gettext_lazy", "pgettext", "ngettext", "ngettext_lazy"}


def python_msgids(path: Path):
    """(singular, plural or None) of every gettext call with literal strings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        if name not in GETTEXT or not node.args:
            continue
        strings = [a.value for a in node.args if isinstance(a, ast.Constant)]
        if strings and isinstance(strings[0], str):
            yield (
                strings[0],
                strings[1] if name.startswith("ngettext") and len(strings) > 1 else None,
            )


STRING = r"u?'(?:[^'\\]|\\.)*'"
CALL = re.compile(rf"\b(n?gettext)\(({STRING})(?:\s*,\s*({STRING}))?")


def template_msgids(path: Path):
    """The msgids of a template, found as `makemessages` finds them (`templatize`)."""
    code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
    for call in CALL.finditer(code):
        singular = ast.literal_eval(call.group(2))
        plural = ast.literal_eval(call.group(3)) if call.group(1) == "ngettext" else None
        yield singular, plural


def reports_msgids() -> set[tuple[str, str | None]]:
    found = set()
    for path in (ROOT / "reports").rglob("*.py"):
        found |= set(python_msgids(path))
    for path in (ROOT / "templates" / "reports").rglob("*.html"):
        found |= set(template_msgids(path))
    return found


def test_every_text_of_the_reports_has_a_german_translation():
    msgids = reports_msgids()
    assert len(msgids) > 100, "the texts were found"
    missing = []
    with translation.override("de"):
        for singular, plural in sorted(msgids, key=str):
            german = ngettext(singular, plural, 2) if plural else gettext(singular)
            if german == (plural or singular) and singular not in SAME_IN_GERMAN:
                missing.append(singular)
    assert missing == []


@pytest.mark.django_db
def test_the_indicator_report_for_the_funder_has_german_headers(world):
    enter(world.project, entry=date(2024, 3, 1), exit=date(2024, 5, 1))
    report = indicator_report(project=world.project, date_from=None, date_to=None)
    with translation.override("en"):  # whatever the language of the person downloading
        workbook = openpyxl.load_workbook(io.BytesIO(indicator_report_xlsx(report).content))
    texts = {
        cell
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if isinstance(cell, str)
    }
    assert "Indikator" in texts
    assert {"Frauen", "Männer", "Gesamt"} <= texts
    english = {"indicator", "total", "women", "men", "responsible", "overdue follow-ups"}
    assert not {text.lower() for text in texts} & english
    assert "Teilnehmende insgesamt" in texts  # EECO01's German label
