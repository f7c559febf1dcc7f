"""What fuzzing the API found: inputs that no column can hold or that no database accepts
(times with a UTC offset, integers beyond 64 bits, a huge offset, NUL characters) and
unknown paths answer 4xx JSON with a message, never a server error or an HTML page."""

import json

import pytest
from django.db import DataError, OperationalError
from django.test import Client

from quartier.core.models import Role
from quartier.offers.models import Schedule
from tests.api.client import ApiClient, messages
from tests.factories import CaseFactory
from tests.offers.factories import OfferFactory

HUGE = 2**70


@pytest.fixture
def case_worker(world):
    return world.member(Role.CASE_WORKER, world.org_a)


@pytest.fixture
def case(world):
    return CaseFactory(participant__project=world.project, participant__organisation=world.org_a)


@pytest.fixture
def offer(world):
    return OfferFactory(project=world.project, organisation=world.org_a)


def assert_json_error(response, status: int, *words: str) -> None:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json"), response.content
    text = messages(response)
    for word in words:
        assert word in text, text


# Times ---------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("start", ["09:00:00+01:00", "09:00Z", "09:00:00.5-05:30"])
def test_a_time_with_a_utc_offset_is_422_and_saves_nothing(api_as, case_worker, offer, start):
    response = api_as(case_worker).post(
        f"/api/v1/offers/{offer.pk}/schedules/",
        {"kind": "one_off", "date": "2026-01-01", "start_time": start, "end_time": "12:00"},
    )
    assert_json_error(response, 422, "start_time", "UTC offset")
    assert not Schedule.objects.filter(offer=offer).exists()


@pytest.mark.django_db
def test_a_time_without_offset_is_accepted_and_answered_without_offset(api_as, case_worker, offer):
    response = api_as(case_worker).post(
        f"/api/v1/offers/{offer.pk}/schedules/",
        {"kind": "one_off", "date": "2026-01-01", "start_time": "09:30", "end_time": "12:00"},
    )
    assert response.status_code == 201, response.content
    assert response.json()["start_time"] == "09:30:00"


def test_times_are_documented_as_local_times_without_offset(client):
    properties = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["ScheduleIn"][
        "properties"
    ]
    start = properties["start_time"]
    assert start.get("format") != "time"  # RFC 3339 full-time, which requires an offset
    assert start["format"] == "partial-time"
    assert "offset" in start["description"]


# Integers beyond 64 bits ----------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/v1/cases/", {"responsible": HUGE}),
        ("/api/v1/contacts/", {"case": HUGE}),
        ("/api/v1/enrolments/", {"offer": -HUGE}),
        ("/api/v1/participants/", {"limit": 10, "offset": 10**20}),
    ],
    ids=["filter", "filter-case", "negative", "offset"],
)
def test_an_integer_beyond_64_bits_in_a_query_is_422(api_as, case_worker, path, params):
    response = api_as(case_worker).get(path, params)
    assert_json_error(response, 422, "9223372036854775807")


@pytest.mark.django_db
def test_the_largest_offset_is_an_empty_page(api_as, case_worker, case):
    response = api_as(case_worker).get("/api/v1/cases/", {"offset": 2**63 - 1})
    assert response.status_code == 200, response.content
    assert response.json()["items"] == []


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["case", "duration_minutes"])
def test_an_integer_beyond_64_bits_in_a_body_is_422(api_as, case_worker, case, field):
    body = {"case": case.pk, "date": "2026-01-01", field: HUGE}
    response = api_as(case_worker).post("/api/v1/contacts/", body)
    assert_json_error(response, 422, field)
    assert not case.contacts.exists()


@pytest.mark.django_db
def test_an_integer_beyond_64_bits_in_a_path_is_404(api_as, case_worker):
    assert_json_error(api_as(case_worker).get(f"/api/v1/cases/{HUGE}/"), 404)


def test_common_errors_are_documented_once_per_status(client):
    def unique(pairs):
        keys = [key for key, _value in pairs]
        # A status twice in one answer list (Swagger UI renders nothing then).
        assert len(keys) == len(set(keys)), keys
        return dict(pairs)

    text = client.get("/api/v1/openapi.json").content.decode()
    operation = json.loads(text, object_pairs_hook=unique)["paths"]["/api/v1/contacts/"]["post"]
    assert {"400", "401", "404", "422"} <= set(operation["responses"])


@pytest.mark.django_db
def test_integer_bounds_are_documented(client):
    properties = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["ContactIn"][
        "properties"
    ]
    assert properties["case"]["maximum"] == 2**63 - 1
    assert properties["case"]["minimum"] == -(2**63)
    # A tighter bound of the field stays.
    assert properties["duration_minutes"]["maximum"] == 24 * 60


# NUL characters ------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_nul_character_in_a_json_string_is_422(api_as, case_worker, case):
    body = {"case": case.pk, "date": "2026-01-01", "notes": "Termin\x00vereinbart"}
    response = api_as(case_worker).post("/api/v1/contacts/", body)
    assert_json_error(response, 422, "notes", "NUL")
    assert not case.contacts.exists()


@pytest.mark.django_db
def test_a_nul_character_in_a_nested_string_is_422(api_as, case_worker, case):
    response = api_as(case_worker).post(
        "/api/v1/plans/", {"case": case.pk, "goals": [{"title": "Deutsch\x00kurs"}]}
    )
    assert_json_error(response, 422, "NUL")


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/cases/", "/api/v1/participants/", "/api/v1/offers/"])
def test_a_nul_character_in_a_search_is_422(api_as, case_worker, path):
    response = api_as(case_worker).get(path, {"search": "a\x00b"})
    assert_json_error(response, 422, "search", "NUL")


@pytest.mark.django_db
def test_nul_free_strings_are_documented(client):
    properties = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["ContactIn"][
        "properties"
    ]
    assert "\\u0000" in properties["notes"]["pattern"] or "\x00" in properties["notes"]["pattern"]


@pytest.mark.django_db
def test_messages_come_in_the_requests_language(client, case_worker, case):
    from quartier.core.services import api_token_create

    german = ApiClient(client, api_token_create(actor=case_worker, user=case_worker, name="t")[1])
    german.headers["HTTP_ACCEPT_LANGUAGE"] = "de"
    response = german.post(
        "/api/v1/contacts/", {"case": case.pk, "date": "2026-01-01", "notes": "a\x00"}
    )
    assert_json_error(response, 422, "NUL-Zeichen")
    response = german.get("/api/v1/cases/", {"responsible": HUGE})
    assert_json_error(response, 422, "ganze Zahl")


# HSDS ------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/hsds/services?search=%00",
        "/hsds/organizations?search=a%00b",
        "/hsds/taxonomy_terms?search=%00",
        "/hsds/service_at_locations?search=%00",
        "/hsds/taxonomies?search=%00",
        "/hsds/services?postcode=%00",
    ],
)
def test_hsds_answers_a_nul_character_with_400_json(client, path):
    assert_json_error(client.get(path), 400)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [f"page={HUGE}", f"per_page={HUGE}", "proximity=1e400", f"proximity={HUGE},{HUGE},{HUGE}"],
)
def test_hsds_answers_huge_numbers_with_400_json(client, query):
    response = client.get(f"/hsds/services?{query}")
    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("application/json")


# Unknown paths and leftovers -------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/nothing-here/",
        "/api/v1/cases/abc/",
        "/api/v1/cases/null,null/",
        "/api/v1/x\x00/",
        "/api/v1/cases/\n/",
        # What the fuzzer found: an encoded line break (the test client's urlparse drops
        # a raw one) inside other characters.
        "/api/v1/cases/%F2%9F%86%B3%0A%F4%80%B0%88/",
        "/api/v1/vacancies/a%0Ab/",
    ],
)
def test_an_unknown_api_path_is_a_json_404(api_as, case_worker, path):
    assert_json_error(api_as(case_worker).get(path), 404)
    assert_json_error(api_as(None).get(path), 404)
    assert_json_error(api_as(case_worker).post(path, {}), 404)
    # Not refused for a missing CSRF token either: the API authenticates with tokens.
    assert_json_error(Client(enforce_csrf_checks=True).post(path, {}), 404)


@pytest.mark.django_db
def test_a_missing_trailing_slash_still_redirects(api_as, case_worker):
    response = api_as(case_worker).get("/api/v1/cases", {"search": "x"})
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/cases/?search=x"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("error", "status"),
    [
        (DataError("value too long"), 422),
        (OverflowError("Python int too large"), 422),
        (OperationalError("connection refused"), 503),
        (RuntimeError("a bug"), 500),
    ],
)
def test_a_leftover_error_is_answered_as_json(api_as, case_worker, monkeypatch, error, status):
    from quartier.cases.api import cases as cases_api

    def broken(**kwargs):
        raise error

    monkeypatch.setattr(cases_api.case_selectors, "case_rows", broken)
    client = api_as(case_worker)
    client.client.raise_request_exception = False
    response = client.get("/api/v1/cases/")
    assert_json_error(response, status)
    assert "a bug" not in response.content.decode()
