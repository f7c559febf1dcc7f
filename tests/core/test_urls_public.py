"""Deny by default: walk every URL pattern and request it without login.

Only the URLs named in PUBLIC may answer an anonymous visitor; every other URL must
redirect to the login page (pages) or refuse with 401 (API). A view added without
being covered by the login guard, or a name added to the allow-list without a
reason, makes this test fail.
"""

import pytest
from django.conf import settings
from django.urls import Resolver404, resolve, reverse

from quartier.core.urlwalk import walk

# The deliberate public surface. Change this only together with settings.PUBLIC_URL_NAMES.
PUBLIC = {
    "healthz",
    "set_language",
    "account_login",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key",
    "account_reset_password_from_key_done",
    "mfa_authenticate",
    "admin:login",
    "offers:certificate_verify",
    # The invitation link: it sets a new colleague's password; the token is the proof.
    "core:invitation_accept",
    # Employers report a vacancy without an account (spam-protected like the offer map).
    "economy:vacancy_report",
    "economy:vacancy_report_thanks",
    # /favicon.ico: a redirect to the SVG icon (public).
    "favicon",
}
# Whole public areas: the offer map and its open-data API (published offers only).
PUBLIC_NAMESPACES = {"stadtteilplan", "hsds"}
API_NAMESPACE = "api-1"
# The API's own description: no data in it. Every other API URL refuses without a token.
API_DESCRIPTION = {"api-1:api-root", "api-1:openapi-json", "api-1:openapi-view"}

ROUTES = [route for route in walk() if route.view_name]


def test_allow_list_in_settings_is_the_expected_public_surface():
    assert set(settings.PUBLIC_URL_NAMES) == PUBLIC | {
        f"{namespace}:*" for namespace in {API_NAMESPACE, *PUBLIC_NAMESPACES}
    }


def test_every_walked_path_resolves_to_its_own_pattern():
    unresolved = []
    for route in ROUTES:
        try:
            match = resolve(route.path)
        except Resolver404:
            unresolved.append(route.path)
            continue
        if match.view_name != route.view_name:
            unresolved.append(f"{route.path} -> {match.view_name} (wanted {route.view_name})")
    assert unresolved == []


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r.view_name}:{r.path}")
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_request_is_refused_unless_public(client, route, method):
    response = getattr(client, method)(route.path)
    if route.view_name in PUBLIC or PUBLIC_NAMESPACES & set(route.namespaces):
        assert response.status_code != 500
        return
    if route.view_name in API_DESCRIPTION:
        assert response.status_code in (200, 404, 405)
        return
    if route.view_name == "api-1:unknown_path":
        # What no API route matches: a JSON 404 to anyone, token or not (it reveals nothing).
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        return
    if API_NAMESPACE in route.namespaces:
        assert response.status_code in (401, 405), response.content[:200]
        return
    assert response.status_code == 302, f"{route.path} answered {response.status_code}"
    assert response["Location"].startswith(reverse(settings.LOGIN_URL)), response["Location"]
