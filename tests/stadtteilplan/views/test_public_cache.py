"""The cache of the public pages and HSDS answers (`views.public_cache`): hits and
misses per language, invalidation by every kind of change, 304 answers, gzip only
where it is safe, and nothing personal in what is stored. The clock is pinned, so
that no test crosses the cache's 15-minute slot."""

import datetime as dt
import gzip
import json

import pytest
import time_machine
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from quartier.core.models import Role
from quartier.stadtteilplan.services import public_cache
from quartier.stadtteilplan.views.public_cache import storable
from tests.factories import DistrictFactory, MembershipFactory
from tests.offers.factories import (
    LocationFactory,
    OfferTranslationFactory,
    ScheduleExceptionFactory,
    ScheduleFactory,
)

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 12, 4, 10, 5, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def pinned_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _list_url(plan) -> str:
    return reverse("stadtteilplan:offer_list", args=[plan["district"].slug])


def _get(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    return response, len(queries)


def _body(response) -> bytes:
    if response.get("Content-Encoding") == "gzip":
        return gzip.decompress(response.content)
    return response.content


def test_a_warm_hit_is_one_query_and_the_same_bytes(client, plan):
    url = _list_url(plan)
    first, cold = _get(client, url, accept_language="de")
    second, warm = _get(client, url, accept_language="de")
    assert first.status_code == second.status_code == 200
    assert cold > 1
    assert warm == 1  # the content version, nothing else
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert "Sprachcafé" in second.content.decode()


@pytest.mark.parametrize("name", ["index", "offer_list", "map", "district", "offer_detail"])
def test_every_cached_page_is_a_miss_then_a_hit(client, plan, name):
    district, offer = plan["district"], plan["offer"]
    args = {
        "index": [],
        "offer_detail": [district.slug, offer.public_id],
    }.get(name, [district.slug])
    url = reverse(f"stadtteilplan:{name}", args=args)
    _, cold = _get(client, url)
    response, warm = _get(client, url)
    assert response.status_code == 200
    assert (cold > 1, warm) == (True, 1)


def test_each_language_has_its_own_copy(client, plan):
    url = _list_url(plan)
    german, _ = _get(client, url, accept_language="de")
    arabic, cold = _get(client, url, accept_language="ar")
    assert cold > 1  # not the German copy
    assert 'lang="ar"' in arabic.content.decode()
    assert 'lang="de"' in german.content.decode()
    assert german["ETag"] != arabic["ETag"]
    _, warm = _get(client, url, accept_language="ar")
    assert warm == 1
    # The language cookie counts as Accept-Language does, and the answer varies by both.
    client.cookies["django_language"] = "ar"
    by_cookie, warm = _get(client, url, accept_language="de")
    assert warm == 1
    assert by_cookie.content == arabic.content
    assert {"Accept-Language", "Cookie", "Accept-Encoding"} <= {
        part.strip() for part in by_cookie["Vary"].split(",")
    }


def test_the_query_string_is_part_of_the_key(client, plan):
    url = _list_url(plan)
    _get(client, url)
    response, cold = _get(client, f"{url}?q=nothing-matches-this")
    assert cold > 1
    assert "Sprachcafé" not in response.content.decode()


def _change_offer(plan):
    plan["offer"].title = "Sprachcafé neu"
    plan["offer"].save()


def _change_place(plan):
    place = plan["offer"].locations.get()
    place.name = "Neues Café"
    place.save()


def _add_place(plan):
    plan["offer"].locations.add(LocationFactory(project=plan["project"], district=plan["district"]))


def _add_schedule(plan):
    ScheduleFactory(offer=plan["offer"])


def _add_exception(plan):
    ScheduleExceptionFactory(schedule=ScheduleFactory(offer=plan["offer"]))


def _delete_exception(plan):
    exception = ScheduleExceptionFactory(schedule=ScheduleFactory(offer=plan["offer"]))
    public_cache.bump()  # as if cached after the exception was made
    exception.delete()


def _add_translation(plan):
    OfferTranslationFactory(offer=plan["offer"], language="ar", title="مقهى اللغة")


def _change_district(plan):
    plan["district"].name = "Wanne-Süd-Ost"
    plan["district"].save()


def _change_project_districts(plan):
    plan["project"].districts.add(DistrictFactory(name="Eickel", slug="eickel"))


def _change_organisation(plan):
    plan["offer"].organisation.name = "Neuer Träger"
    plan["offer"].organisation.save()


def _delete_offer(plan):
    plan["offer"].delete()


@pytest.mark.parametrize(
    "change",
    [
        _change_offer,
        _change_place,
        _add_place,
        _add_schedule,
        _add_exception,
        _delete_exception,
        _add_translation,
        _change_district,
        _change_project_districts,
        _change_organisation,
        _delete_offer,
        public_cache.bump,  # what a bulk writer calls
    ],
)
def test_every_kind_of_change_makes_the_cached_page_stale(client, plan, change):
    url = _list_url(plan)
    before, _ = _get(client, url)
    _get(client, url)
    change(plan) if change is not public_cache.bump else change()
    after, queries = _get(client, url)
    assert queries > 1  # rendered again
    assert after["ETag"] != before["ETag"]


def test_a_change_shows_on_the_page_and_in_the_api(client, plan):
    url = _list_url(plan)
    api = reverse("hsds:service_list")
    _get(client, url), _get(client, api)
    _change_offer(plan)
    assert "Sprachcafé neu" in client.get(url).content.decode()
    assert client.get(api).json()["contents"][0]["name"] == "Sprachcafé neu"


def test_a_new_time_slot_renders_again(client, plan):
    """The next dates and past holiday exceptions depend on the time: a new slot, a new
    copy."""
    url = _list_url(plan)
    _get(client, url)
    with time_machine.travel(NOW + dt.timedelta(minutes=16), tick=False):
        _, queries = _get(client, url)
    assert queries > 1


def test_etag_answers_304_in_one_query(client, plan):
    url = _list_url(plan)
    first = client.get(url)
    response, queries = _get(client, url, if_none_match=first["ETag"])
    assert response.status_code == 304
    assert queries == 1
    assert response.content == b""
    assert response["ETag"] == first["ETag"]
    stale, _ = _get(client, url, if_none_match='"something-else"')
    assert stale.status_code == 200


def test_if_modified_since_answers_304_until_a_change(client, plan):
    url = _list_url(plan)
    first = client.get(url)
    response, queries = _get(client, url, if_modified_since=first["Last-Modified"])
    assert (response.status_code, queries) == (304, 1)
    with time_machine.travel(NOW + dt.timedelta(seconds=5), tick=False):
        _change_offer(plan)
        changed = client.get(url, headers={"if-modified-since": first["Last-Modified"]})
    assert changed.status_code == 200


def test_304_before_rendering_even_when_not_cached(client, plan):
    url = _list_url(plan)
    etag = client.get(url)["ETag"]
    from django.core.cache import caches

    caches["public"].clear()
    response, queries = _get(client, url, if_none_match=etag)
    assert (response.status_code, queries) == (304, 1)


def test_public_pages_and_api_answers_are_gzipped_once(client, plan):
    url = _list_url(plan)
    plain = client.get(url)
    packed = client.get(url, headers={"accept-encoding": "gzip, deflate, br"})
    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain.content
    assert int(packed["Content-Length"]) == len(packed.content) < len(plain.content)
    assert packed["ETag"] != plain["ETag"]  # one per encoding
    refused = client.get(url, headers={"accept-encoding": "gzip;q=0"})
    assert "Content-Encoding" not in refused

    api = client.get(
        reverse("hsds:service_list"), {"full": "true"}, headers={"accept-encoding": "gzip"}
    )
    assert api["Content-Encoding"] == "gzip"
    assert api["Access-Control-Allow-Origin"] == "*"
    assert json.loads(gzip.decompress(api.content))["contents"][0]["name"] == "Sprachcafé"


def test_the_appointment_form_is_never_cached_nor_compressed(client, plan):
    url = reverse("stadtteilplan:appointment_request", args=[plan["district"].slug])
    for _ in range(2):
        response, queries = _get(client, url, accept_encoding="gzip")
        assert response.status_code == 200
        assert "Content-Encoding" not in response
        assert "ETag" not in response
        assert queries > 1


def test_staff_pages_are_never_cached_nor_compressed(client, plan):
    client.force_login(plan["lead_user"])
    response = client.get("/", headers={"accept-encoding": "gzip"}, follow=True)
    assert "Content-Encoding" not in response
    assert "ETag" not in response


def test_a_staff_member_logged_in_bypasses_the_cache(client, plan):
    """A request with a session is rendered for itself: it is neither served from nor
    stored in the cache."""
    url = _list_url(plan)
    user = MembershipFactory(project=plan["project"], role=Role.CASE_WORKER).user
    client.force_login(user)
    for _ in range(2):
        response, queries = _get(client, url, accept_encoding="gzip")
        assert "ETag" not in response
        assert "Content-Encoding" not in response
        assert queries > 1
    client.logout()
    client.cookies.clear()
    _, cold = _get(client, url)
    assert cold > 1  # nothing was stored by the staff member's requests


def test_a_cached_page_carries_no_cookie_and_no_session(client, plan):
    url = _list_url(plan)
    for _ in range(2):
        response = client.get(url, headers={"accept-encoding": "gzip"})
        assert not response.cookies
        assert "Set-Cookie" not in response
        assert "csrfmiddlewaretoken" not in _body(response).decode()
    assert "sessionid" not in client.cookies


def _response(body=b"<p>public</p>", **headers):
    response = HttpResponse(body, headers=headers)
    return response


def test_what_may_not_be_stored(plan):
    factory = RequestFactory()
    request = factory.get("/stadtteilplan/")
    assert storable(request, _response())
    with_cookie = _response()
    with_cookie.set_cookie("sessionid", "x")
    assert not storable(request, with_cookie)
    assert not storable(request, _response(**{"Cache-Control": "private"}))
    assert not storable(request, _response(b'<input name="csrfmiddlewaretoken" value="x">'))
    assert not storable(request, HttpResponse(status=404))
    nonce_used = factory.get("/stadtteilplan/")
    from django.utils.csp import LazyNonce

    nonce_used._csp_nonce = LazyNonce()
    str(nonce_used._csp_nonce)
    assert not storable(nonce_used, _response())
    touched = factory.get("/stadtteilplan/")
    touched.session = type("Session", (), {"modified": True, "session_key": None})()
    assert not storable(touched, _response())


def test_hsds_answers_are_cached_per_language(client, plan):
    url = reverse("hsds:service_list")
    german = client.get(url)
    english, cold = _get(client, url + "?lang=en")
    assert cold > 1
    assert german["Content-Language"] == "de"
    assert english["Content-Language"] == "en"
    again, warm = _get(client, url + "?lang=en")
    assert warm == 1
    assert again.content == english.content
    # The API ignores the language cookie: the German answer serves a cookie too.
    client.cookies["django_language"] = "ar"
    by_cookie, warm = _get(client, url)
    assert warm == 1
    assert by_cookie.content == german.content
    bad, _ = _get(client, url + "?lang=xx")
    assert bad.status_code == 400
    assert "ETag" not in bad
