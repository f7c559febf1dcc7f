"""Responses with personal data are never stored: every page and download a logged-in
staff member gets, and every API answer, carries `Cache-Control: no-store, private`;
the public offer map and its open-data API stay cacheable."""

import pytest
from django.urls import reverse

from quartier.core import services
from quartier.core.urlwalk import walk
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

PUBLIC_NAMESPACES = {"stadtteilplan", "hsds"}
STAFF_ROUTES = [
    route
    for route in walk()
    if route.view_name
    and not PUBLIC_NAMESPACES & set(route.namespaces)
    # The API is checked with a token below; the session does not authenticate it.
    and "api-1" not in route.namespaces
]
PUBLIC_ROUTES = [r for r in walk() if r.view_name and PUBLIC_NAMESPACES & set(r.namespaces)]


def no_store(response) -> bool:
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    return "no-store" in directives


@pytest.fixture
def case(world):
    return CaseFactory(participant__project=world.project, participant__organisation=world.org_a)


@pytest.mark.parametrize(
    "name", ["cases:case_list", "cases:case_list_csv", "cases:case_list_xlsx", "cases:my_day"]
)
def test_case_pages_and_exports_are_not_stored(case, worker, login, name):
    response = login(worker).get(reverse(name))
    assert response.status_code == 200
    assert no_store(response), response.get("Cache-Control")
    assert "private" in response["Cache-Control"]


def test_the_case_page_is_not_stored(case, worker, login):
    response = login(worker).get(reverse("cases:case_detail", args=[case.pk]))
    assert response.status_code == 200
    assert no_store(response), response.get("Cache-Control")


def test_every_staff_url_a_logged_in_user_reaches_is_not_stored(client, platform_admin, case):
    """Walks the URL resolver (as tests/core/test_urls_public.py does) and requests every
    staff URL as a logged-in platform admin: whatever it answers (a page, a download, a
    redirect, 404), it carries no-store. The sample paths use pk 1, the case's pk."""
    client.raise_request_exception = False
    missing = []
    for route in STAFF_ROUTES:
        # A logout link ends the session: log in again before each request.
        client.force_login(platform_admin, backend="django.contrib.auth.backends.ModelBackend")
        response = client.get(route.path)
        if not no_store(response):
            missing.append(f"{route.view_name} {route.path} {response.status_code}")
    assert missing == []


@pytest.mark.parametrize("route", PUBLIC_ROUTES, ids=lambda r: f"{r.view_name}:{r.path}")
def test_public_map_and_hsds_stay_cacheable(client, route):
    response = client.get(route.path)
    # Only a view's own never_cache (the request form's one-time token) may forbid storing.
    assert not no_store(response) or "max-age=0" in response.get("Cache-Control", ""), (
        route.path,
        response.get("Cache-Control"),
    )


def test_hsds_keeps_its_own_public_caching_for_a_logged_in_user(worker, login):
    response = login(worker).get(reverse("hsds:service_list"))
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    assert not no_store(response)


def test_api_answers_are_not_stored(client, worker, case):
    key = services.api_token_create(actor=worker, user=worker, name="test")[1]
    response = client.get("/api/v1/cases/", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200, response.content[:200]
    assert no_store(response), response.get("Cache-Control")
    refused = client.get("/api/v1/cases/")
    assert refused.status_code == 401
    assert no_store(refused)


def test_a_view_that_sets_its_own_cache_control_keeps_it(case, worker, login, settings):
    from quartier.core.middleware import NoStoreMiddleware

    def view(request):
        from django.http import HttpResponse

        response = HttpResponse("ok")
        response["Cache-Control"] = "max-age=60"
        return response

    class Request:
        path = "/faelle/"
        resolver_match = None
        user = worker

    assert NoStoreMiddleware(view)(Request())["Cache-Control"] == "max-age=60"
