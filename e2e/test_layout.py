"""No staff list page scrolls sideways on an 800 px tablet, nor the most used ones on a
360 px phone: wide tables scroll inside their own box, toolbars and actions wrap.

The pages come from e2e/layout_pages.py, which tests/test_layout_pages.py keeps in step
with the URLconf. A failing page is saved as a screenshot in the test's temporary folder; with
$LAYOUT_SCREENSHOTS=/some/folder every page is saved there."""

import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from quartier.cases.models import Case
from quartier.core.models import District, Project
from quartier.demo import data
from quartier.offers.models import Offer, OfferKind
from quartier.offers.selectors.attendance import latest_session

from .layout_pages import LIST_PAGES, PAGE_USERS, PHONE_PAGES, TABLES_FIT_TABLET, Demo
from .test_login_and_shell import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

#: With $LAYOUT_SCREENSHOTS set, every page is saved there to look at, not only failures.
SHOW_ALL = bool(os.environ.get("LAYOUT_SCREENSHOTS"))
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"
#: How far the widest table of the page scrolls inside its own box.
TABLE_OVERFLOW = """() => Math.max(0, ...[...document.querySelectorAll('main table')].map(
  (table) => table.scrollWidth - table.clientWidth))"""
#: What sticks out: elements whose right edge lies beyond the window (for the message).
WIDEST = """() => {
  const limit = window.innerWidth;
  const found = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.right > limit + 1 && box.width > 0) {
      const parentBox = el.parentElement.getBoundingClientRect();
      if (parentBox.right <= limit + 1) {
        const classes = el.className ? '.' + String(el.className).split(' ').join('.') : '';
        found.push(`${el.tagName.toLowerCase()}${classes} (${Math.round(box.right)}px)`);
      }
    }
  }
  return found.slice(0, 5);
}"""


def demo_world() -> Demo:
    """The demo data with some participants; BQB-Süd's offer with the most people."""
    call_command("seed_demo", "--participants", "40")
    project = Project.objects.get(slug="bqb-sued")
    offer = (
        Offer.objects.filter(project=project)
        .annotate(people=Count("enrolments"))
        .order_by("-people", "pk")
        .prefetch_related("schedules__exceptions")
        .first()
    )
    practical = Offer.objects.filter(project=project, kind=OfferKind.PRACTICAL_PROJECT).first()
    day = latest_session(offer) or timezone.localdate()
    case = Case.objects.filter(participant__project=project).order_by("pk").first()
    return Demo(
        project=project.slug,
        district=District.objects.filter(projects=project).first().slug,
        case=case.pk,
        offer=offer.pk,
        register_day=day.isoformat(),
        practical_project=practical.pk,
        participant=case.participant_id,  # privacy (area dpo)
    )


def overflowing(page, paths: dict[str, str], width: int, shots: Path) -> list[str]:
    page.set_viewport_size({"width": width, "height": 900})
    problems = []
    for name, path in paths.items():
        response = page.goto(page.base + path)
        assert response.status == 200, f"{name} {path}: {response.status}"
        overflow = page.evaluate(OVERFLOW)
        shot = shots / f"{width}-{name.replace(':', '-')}.png"
        if overflow > 0 or SHOW_ALL:
            page.screenshot(path=str(shot), full_page=True)
        if overflow > 0:
            widest = page.evaluate(WIDEST)
            problems.append(f"{width}px {name} {path}: {overflow}px too wide ({widest}) {shot}")
        if width >= 800 and name in TABLES_FIT_TABLET:
            inside = page.evaluate(TABLE_OVERFLOW)
            if inside > 0:
                page.screenshot(path=str(shot), full_page=True)
                problems.append(f"{width}px {name} {path}: a table scrolls by {inside}px {shot}")
    return problems


def test_staff_list_pages_do_not_scroll_sideways_on_a_tablet_or_a_phone(page, browser, tmp_path):
    demo = demo_world()
    shots = Path(os.environ.get("LAYOUT_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    paths = {name: build(demo) for name, build in LIST_PAGES.items()}
    by_user: dict[str, dict[str, str]] = {}
    for name, path in paths.items():
        by_user.setdefault(PAGE_USERS.get(name, "projektleitung"), {})[name] = path
    problems = []
    for user, pages in by_user.items():
        context = browser.new_context(locale="de-DE")
        tab = context.new_page()
        tab.set_default_timeout(15000)
        tab.base = page.base
        log_in(tab, f"{user}@{data.DEMO_DOMAIN}", data.DEMO_PASSWORD)
        tab.wait_for_url(tab.base + "/")
        problems += overflowing(tab, pages, 800, shots)
        phone = {name: path for name, path in pages.items() if name in PHONE_PAGES}
        problems += overflowing(tab, phone, 360, shots)
        context.close()
    assert problems == [], "\n".join(problems)
