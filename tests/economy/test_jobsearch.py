"""The job search client and its adapter, against recorded answers served by a local
HTTP server (tests/economy/ba_server.py)."""

import json
from datetime import date
from decimal import Decimal

import pytest

from quartier.economy import jobsearch
from tests.economy.ba_server import EMPTY, answer, ba_server_fixture, recording  # noqa: F401


def _parsed(name: str) -> jobsearch.Page:
    return jobsearch.parse_page(json.loads(recording(name)))


def test_v4_answer_maps_the_quirks():
    page = _parsed("v4_page1.json")
    assert page.total == 150  # a string in the answer
    assert (page.page, page.size) == (1, 100)
    care, cook, retail = page.offers
    assert care.refnr == "10000-1201234567-S"
    assert care.title == "Pflegehelfer (m/w/d) in Teilzeit"
    assert care.postcode == "01067"  # a number in the answer, leading zero kept
    assert (care.latitude, care.longitude) == (Decimal("51.050400"), Decimal("13.737300"))
    assert care.start_date == date(2027, 1, 1)
    assert care.published_on == date(2026, 11, 20)
    assert care.modified_at.year == 2026
    assert care.external_url.endswith("/jobdetail/10000-1201234567-S")
    # No titel: the occupation stands in; no koordinaten: none.
    assert cook.title == "Koch/Köchin"
    assert cook.latitude is None
    assert cook.longitude is None
    assert cook.external_url == "https://karriere.example.org/stellen/koch-herne"
    # Coordinates as strings.
    assert retail.latitude == Decimal("51.049100")


def test_v6_answer_maps_through_the_same_adapter():
    page = _parsed("v6_page1.json")
    assert page.total == 2
    cafe, joinery = page.offers
    assert cafe.refnr == "10001-1209876543-S"
    assert cafe.title == "Servicekraft im Café (m/w/d)"
    assert cafe.employer == "Café am Markt"
    assert cafe.postcode == "07747"
    assert cafe.city == "Jena"
    assert cafe.latitude == Decimal("50.884000")
    assert cafe.start_date == date(2027, 1, 15)
    assert cafe.published_on == date(2026, 11, 21)
    assert joinery.title == "Tischler/in"
    assert joinery.postcode == "07743"
    assert joinery.latitude is None


def test_advertisement_without_refnr_is_skipped():
    page = jobsearch.parse_page({"stellenangebote": [{"titel": "x"}], "maxErgebnisse": 1})
    assert page.offers == []
    assert page.skipped == 1


@pytest.mark.parametrize(
    ("value", "country", "expected"),
    [
        (1067, "", "01067"),
        ("1067", "Deutschland", "01067"),
        (44649, "", "44649"),
        ("1010", "Österreich", ""),
        ("ABC", "", ""),
        (None, "", ""),
    ],
)
def test_postcode_text(value, country, expected):
    assert jobsearch.postcode_text(value, country) == expected


def test_non_number_total_is_an_error():
    with pytest.raises(jobsearch.JobSearchError):
        jobsearch.parse_page({"stellenangebote": [], "maxErgebnisse": "viele"})


def test_client_sends_key_and_parameters(ba_server):
    ba_server.on_page(1, answer("v4_page1.json"))
    ba_server.on_page(2, answer("v4_page2.json"))
    client = jobsearch.JobSearchClient()
    found = jobsearch.search(client, postcode="44649", radius=10, kinds=["job"])
    assert [r["params"]["page"] for r in ba_server.requests] == ["1", "2"]
    first = ba_server.requests[0]
    assert first["path"] == "/jobboerse/jobsuche-service/pc/v4/jobs"
    assert first["api_key"] == "test-key"
    assert first["params"] == {
        "wo": "44649",
        "umkreis": "10",
        "angebotsart": "1",
        "page": "1",
        "size": "100",
    }
    # The refnr on both pages is found once.
    assert len(found.offers) == 4
    assert found.pages == 2


def test_more_than_reachable_is_split_by_working_time(ba_server):
    body = json.dumps({"stellenangebote": [], "maxErgebnisse": 25000}).encode()
    from tests.economy.ba_server import Answer

    ba_server.on_page(1, Answer(200, body), EMPTY)
    client = jobsearch.JobSearchClient()
    jobsearch.search(client, postcode="44649", radius=10, kinds=["apprenticeship"])
    split = [r["params"].get("arbeitszeit") for r in ba_server.requests[1:]]
    assert split == list(jobsearch.ARBEITSZEITEN)
    assert all(r["params"]["angebotsart"] == "4" for r in ba_server.requests)


def test_page_times_size_never_exceeds_the_limit(ba_server):
    from tests.economy.ba_server import Answer

    full = json.dumps(
        {"stellenangebote": [{"refnr": "1-1-S", "titel": "x"}], "maxErgebnisse": 10000}
    ).encode()
    for page in range(1, 102):
        ba_server.on_page(page, Answer(200, full))
    jobsearch.search(jobsearch.JobSearchClient(), postcode="44649", radius=5, kinds=["job"])
    pages = [int(r["params"]["page"]) * int(r["params"]["size"]) for r in ba_server.requests]
    assert max(pages) == 10000
    assert len(pages) == 100


def test_429_waits_as_asked_then_succeeds(ba_server):
    ba_server.on_page(
        1, answer("error_429.json", 429, **{"Retry-After": "0"}), answer("v6_page1.json")
    )
    waits = []
    client = jobsearch.JobSearchClient(sleep=waits.append)
    page = client.fetch({"wo": "07747", "page": 1, "size": 100})
    assert len(page.offers) == 2
    assert waits == [0.0]


def test_403_is_retried_a_bounded_number_of_times(ba_server, settings):
    settings.QUARTIER_BA_ATTEMPTS = 3
    ba_server.on_page(1, answer("error_403.json", 403))
    client = jobsearch.JobSearchClient(sleep=lambda seconds: None)
    with pytest.raises(jobsearch.JobSearchError, match="403"):
        client.fetch({"page": 1, "size": 100})
    assert len(ba_server.requests) == 3


def test_retry_after_longer_than_allowed_fails_at_once(ba_server, settings):
    settings.QUARTIER_BA_MAX_WAIT = 60
    ba_server.on_page(1, answer("error_429.json", 429, **{"Retry-After": "3600"}))
    with pytest.raises(jobsearch.JobSearchError, match="3600 seconds"):
        jobsearch.JobSearchClient(sleep=lambda s: None).fetch({"page": 1, "size": 100})
    assert len(ba_server.requests) == 1


@pytest.mark.parametrize(
    ("name", "status", "message"),
    [
        ("error_400.json", 400, "EINGABEPARAMETER_FEHLERHAFT"),
        ("error_500.html", 500, "500"),
        ("malformed.json", 200, "not valid JSON"),
    ],
)
def test_errors_are_one_line(ba_server, name, status, message):
    ba_server.on_page(1, answer(name, status))
    with pytest.raises(jobsearch.JobSearchError, match=message) as raised:
        jobsearch.JobSearchClient().fetch({"page": 1, "size": 100})
    assert "\n" not in str(raised.value)


def test_timeout_is_an_error(ba_server, settings):
    from tests.economy.ba_server import Answer

    settings.QUARTIER_BA_TIMEOUT = 1
    ba_server.on_page(1, Answer(200, recording("v6_page1.json"), delay=2.5))
    with pytest.raises(jobsearch.JobSearchError, match="did not answer within 1 seconds"):
        jobsearch.JobSearchClient().fetch({"page": 1, "size": 100})


def test_unreachable_server_is_an_error(settings):
    settings.QUARTIER_BA_JOBS_URL = "http://127.0.0.1:9"
    with pytest.raises(jobsearch.JobSearchError, match="cannot be reached"):
        jobsearch.JobSearchClient().fetch({"page": 1, "size": 100})


def test_file_transport_serves_a_recording():
    transport = jobsearch.FileTransport(
        jobsearch.Path(__file__).parent / "recordings" / "v6_page1.json"
    )
    found = jobsearch.search(
        jobsearch.JobSearchClient(transport), postcode="07747", radius=5, kinds=["job"]
    )
    assert set(found.offers) == {"10001-1209876543-S", "10001-1209876544-S"}


def test_retry_after_as_http_date():
    assert jobsearch.retry_after_seconds("Thu, 01 Jan 1970 00:01:00 GMT", now=0) == 60
    assert jobsearch.retry_after_seconds("soon") is None
