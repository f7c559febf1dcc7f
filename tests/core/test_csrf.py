"""CSRF on every state-changing form, and no state change on GET.

`test_every_post_without_a_csrf_token_is_refused` walks the whole URLconf
(`quartier.core.urlwalk.walk`: staff pages, public pages, accounts/, admin/, i18n/;
new routes are picked up by the walk) and POSTs to each route, in the page matrix's
world (tests/core/test_page_matrix.py, with its path arguments `ARGS` for the staff
routes), as a logged-in project lead whose browser holds a CSRF cookie but whose form
carries no token (what a forged cross-site form sends). Every answer must be Django's
CSRF refusal (403, logged by `django.security.csrf`), and no table may change
(`tests.db_snapshot`). Only the API is left out: it takes a bearer token, never a
session cookie, so a cross-site form cannot act with anyone's rights there
(`CSRF_EXEMPT_PREFIXES`).

No state change on GET: the page matrix GETs every staff route as every role of two
organisations; `tests/core/test_page_matrix.py` (block "attack") compares the database
before and after each route's requests.
"""

import logging

import pytest
from django.test import Client
from django.urls import reverse

from quartier.core.urlwalk import walk
from tests.core.test_page_matrix import ARGS, LEAD, matrix  # noqa: F401 (the fixture)
from tests.db_snapshot import changes, snapshot

#: Paths that take no cookie and so need no CSRF token, with the reason.
CSRF_EXEMPT_PREFIXES = {
    "/api/": "bearer tokens only (quartier.api.auth.TokenAuth), no session",
    "/hsds/": "the public open-data API (HSDS): read-only, GET only, no session",
}
#: Public forms that set no cookie and are protected otherwise: a signed, timestamped
#: one-time token in the form and the refusal of cross-site POSTs (`Sec-Fetch-Site`,
#: `Origin`); see their views' docstrings and tests. Here: a forged POST changes nothing.
OWN_PROTECTION = {
    "economy:vacancy_report": "quartier/economy/views/vacancy_reports.py",
    "stadtteilplan:appointment_request": "quartier/stadtteilplan/views/appointments.py",
    "stadtteilplan:offer_appointment_request": "quartier/stadtteilplan/views/appointments.py",
}
#: Paths that are no view (served files) or need nothing to check.
NOT_ROUTES = ("/static/", "/media/")


def post_targets(world) -> dict[str, str]:
    """Route name (or pattern) → path, for every route of the URLconf."""
    targets = {}
    for route in walk():
        if route.path.startswith(tuple(CSRF_EXEMPT_PREFIXES) + NOT_ROUTES):
            continue
        key = route.view_name or route.path
        if route.view_name in ARGS:
            path = reverse(route.view_name, args=ARGS[route.view_name](world))
        else:
            path = route.path
        targets[key] = path
    return targets


@pytest.mark.django_db
def test_every_post_without_a_csrf_token_is_refused(matrix, caplog):  # noqa: F811
    client = Client(enforce_csrf_checks=True)
    client.force_login(
        matrix.users["own", LEAD], backend="django.contrib.auth.backends.ModelBackend"
    )
    # The victim's browser has a CSRF cookie (from any earlier page); the forged form
    # cannot read it and so sends no token.
    client.cookies["csrftoken"] = "k" * 32
    targets = post_targets(matrix)
    assert len(targets) > 200, "the walk found too few routes"
    wrong = []
    for name, path in sorted(targets.items()):
        before = snapshot()
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="django.security.csrf"):
            response = client.post(path, {"title": "forged", "confirm": "1"})
        refused_by_csrf = any(r.name == "django.security.csrf" for r in caplog.records)
        if name in OWN_PROTECTION:
            if response.status_code < 400:
                wrong.append(f"{name} ({path}): {response.status_code} for a forged POST")
        elif response.status_code != 403 or not refused_by_csrf:
            wrong.append(f"{name} ({path}): {response.status_code}, not refused as CSRF")
        changed = changes(before, snapshot())
        if changed:
            wrong.append(f"{name} ({path}) changed: " + "; ".join(changed))
    assert wrong == [], "\n".join(wrong)
    print(f"\nCSRF: {len(targets)} routes POSTed without a token, all refused")
