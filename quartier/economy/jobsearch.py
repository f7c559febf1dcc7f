"""The Bundesagentur für Arbeit's job search (Jobsuche): the HTTP client, the adapter
that turns its answers into `JobOffer`s, and the search that walks its pages.

Facts the code builds on (community documentation, bundesAPI/jobsuche-api):

- `GET {QUARTIER_BA_JOBS_URL}/pc/v4/jobs` with the header `X-API-Key`; parameters
  `wo`, `umkreis`, `angebotsart` (1 job, 2 self-employment, 4 apprenticeship,
  34 internship/trainee), `arbeitszeit` (vz, tz, snw, ho, mj), `page` (from 1) and
  `size` (at most 100); `page × size` must stay ≤ 10,000, so more than 10,000 hits of
  one query are never reachable: the search then splits the query by `arbeitszeit`.
- The server answers 403 now and then and 429 with `Retry-After`: both are retried a
  few times (waiting as asked), then the search fails.
- The answer's shape differs between `/pc/v4/jobs` and the newer `/pc/v6/jobs`
  (`refnr`/`referenznummer`, `titel`/`stellenangebotsTitel`, `arbeitgeber`/`firma`,
  `arbeitsort`/`stellenlokationen`); `offer_from` is the one place that knows both.

Nothing here touches the database: `services.job_import` stores what the search found.
The transport is pluggable: `HttpTransport` in production and in the tests (against a
local server), `FileTransport` for the demo data (a recorded answer on disk).
"""

import email.utils
import json
import logging
import math
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.utils import timezone

logger = logging.getLogger(__name__)

JOBS_PATH = "/pc/v4/jobs"
#: `angebotsart` per vacancy kind.
ANGEBOTSART = {"job": 1, "self_employment": 2, "apprenticeship": 4, "internship": 34}
#: The kinds the search asks for when none is named.
DEFAULT_KINDS = ("job", "apprenticeship", "internship", "self_employment")
#: `arbeitszeit` values, by which a query with more than 10,000 hits is split.
ARBEITSZEITEN = ("vz", "tz", "snw", "ho", "mj")
MAX_SIZE = 100
#: page × size may not exceed this (the server answers 400 otherwise).
MAX_REACHABLE = 10_000
DETAIL_URL = "https://www.arbeitsagentur.de/jobsuche/jobdetail/{refnr}"


class JobSearchError(Exception):
    """The search failed; the message is one line for the operator."""


# The adapter ---------------------------------------------------------------------------


@dataclass(frozen=True)
class JobOffer:
    """One advertisement, whichever version of the API it came from."""

    refnr: str
    title: str
    occupation: str = ""
    employer: str = ""
    street: str = ""
    postcode: str = ""
    city: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    start_date: date | None = None
    published_on: date | None = None
    modified_at: datetime | None = None
    external_url: str = ""


@dataclass
class Page:
    total: int
    page: int
    size: int
    offers: list[JobOffer] = field(default_factory=list)
    skipped: int = 0


def as_int(value, default: int = 0) -> int:
    """A number the API sends as a number or as a string ("1234")."""
    if value is None or value == "":
        return default
    try:
        return int(str(value).strip())
    except ValueError as error:
        raise JobSearchError(f"The job search sent {value!r} where a number belongs.") from error


def postcode_text(value, country: str = "") -> str:
    """The postcode as five-character text: 1067 (a number) is 01067. Anything that is
    not a German postcode is dropped."""
    if value is None:
        return ""
    text = str(value).strip()
    if country and country.strip().lower() not in ("deutschland", "de", "germany"):
        return ""
    if text.isdigit() and len(text) <= 5:
        return text.zfill(5)
    return ""


def _coordinate(value, limit: int) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value)).quantize(Decimal("0.000001"))
    except (InvalidOperation, ValueError):
        return None
    return number if -limit <= number <= limit else None


def _date(value) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _timestamp(value) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _text(value, length: int) -> str:
    return " ".join(str(value).split())[:length] if value not in (None, "") else ""


def _first(item: dict, *names):
    for name in names:
        value = item.get(name)
        if value not in (None, "", [], {}):
            return value
    return None


def _place(item: dict) -> dict:
    """The workplace: v4 `arbeitsort`, v6 the first of `stellenlokationen` (whose address
    may sit in `adresse`)."""
    place = item.get("arbeitsort")
    if not isinstance(place, dict):
        locations = item.get("stellenlokationen")
        place = locations[0] if isinstance(locations, list) and locations else {}
        if not isinstance(place, dict):
            place = {}
        address = place.get("adresse")
        if isinstance(address, dict):
            place = {**address, **{k: v for k, v in place.items() if k != "adresse"}}
    return place


def _url(value, refnr: str) -> str:
    text = str(value or "").strip()
    if text.startswith(("http://", "https://")) and len(text) <= 500:
        return text
    return DETAIL_URL.format(refnr=urllib.parse.quote(refnr, safe="-"))


def offer_from(item: dict) -> JobOffer | None:
    """One advertisement of a v4 or v6 answer; None without a reference number."""
    if not isinstance(item, dict):
        raise JobSearchError("The job search sent an advertisement that is not an object.")
    refnr = _text(_first(item, "refnr", "referenznummer"), 40)
    if not refnr:
        return None
    place = _place(item)
    coordinates = place.get("koordinaten") if isinstance(place.get("koordinaten"), dict) else {}
    occupation = _text(item.get("beruf"), 300)
    employer = _first(item, "arbeitgeber", "firma")
    if isinstance(employer, dict):
        employer = employer.get("name")
    start = _first(item, "eintrittsdatum")
    if start is None and isinstance(item.get("eintrittszeitraum"), dict):
        start = item["eintrittszeitraum"].get("von")
    published = _first(item, "aktuelleVeroeffentlichungsdatum", "veroeffentlichungsdatum")
    if published is None and isinstance(item.get("veroeffentlichungszeitraum"), dict):
        published = item["veroeffentlichungszeitraum"].get("von")
    return JobOffer(
        refnr=refnr,
        title=_text(_first(item, "titel", "stellenangebotsTitel"), 300) or occupation or refnr,
        occupation=occupation,
        employer=_text(employer, 200),
        street=_text(place.get("strasse"), 200),
        postcode=postcode_text(place.get("plz"), str(place.get("land") or "")),
        city=_text(place.get("ort"), 100),
        latitude=_coordinate(coordinates.get("lat"), 90) if coordinates else None,
        longitude=_coordinate(coordinates.get("lon"), 180) if coordinates else None,
        start_date=_date(start),
        published_on=_date(published),
        modified_at=_timestamp(_first(item, "modifikationsTimestamp", "aenderungsdatum")),
        external_url=_url(_first(item, "externeUrl", "externeURL"), refnr),
    )


def parse_page(data, *, page: int = 1, size: int = MAX_SIZE) -> Page:
    """One answer (already decoded JSON) of either API version."""
    if not isinstance(data, dict):
        raise JobSearchError("The job search sent an answer that is not a JSON object.")
    items = data.get("stellenangebote") or []
    if not isinstance(items, list):
        raise JobSearchError("The job search sent 'stellenangebote' that is not a list.")
    result = Page(
        total=as_int(data.get("maxErgebnisse"), len(items)),
        page=as_int(data.get("page"), page),
        size=as_int(data.get("size"), size),
    )
    for item in items:
        offer = offer_from(item)
        if offer is None:
            result.skipped += 1
        else:
            result.offers.append(offer)
    return result


#: Words of a title or occupation → the project's occupational field (the values of
#: `offers.models.OccupationalField`), so that imported vacancies take part in matching.
FIELD_WORDS = (
    ("gardening_landscaping", ("gärtner", "garten", "landschaft", "grünpflege")),
    ("care", ("pflege", "betreuungskraft", "alltagsbegleit")),
    ("childcare", ("kinderbetreu", "erzieh", "kita")),
    ("hotel_catering", ("koch", "köchin", "küche", "service", "restaurant", "hotel", "gastro")),
    ("retail", ("verkäuf", "einzelhandel", "kassier", "filial")),
    ("cleaning", ("reinigung", "gebäudereinig", "raumpfleg")),
    ("household_services", ("haushalt", "hauswirtschaft")),
    ("logistics", ("lager", "logistik", "kommission", "fahrer", "zusteller")),
    ("security", ("sicherheit", "wachschutz", "objektschutz")),
    ("building", ("bau", "maurer", "trockenbau", "fliesen")),
    ("crafts", ("maler", "tischler", "elektr", "sanitär", "handwerk", "schreiner", "metall")),
    ("office_digital_media", ("büro", "kaufmann für büro", "verwaltung", "sachbearbeit")),
)


def occupational_field_for(*texts: str) -> str:
    """The occupational field a title or occupation names, or "" if none."""
    text = " ".join(texts).casefold()
    for value, words in FIELD_WORDS:
        if any(word in text for word in words):
            return value
    return ""


# Transports -----------------------------------------------------------------------------


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes


class HttpTransport:
    """GET requests to the job search with the API key (urllib, no extra dependency)."""

    def __init__(self, base_url: str | None = None, api_key: str | None = None, timeout=None):
        self.base_url = (base_url or settings.QUARTIER_BA_JOBS_URL).rstrip("/")
        self.api_key = api_key or settings.QUARTIER_BA_API_KEY
        self.timeout = timeout or settings.QUARTIER_BA_TIMEOUT

    def get(self, path: str, params: dict) -> Response:
        url = f"{self.base_url}{path}?{urllib.parse.urlencode(params)}"
        request = urllib.request.Request(  # noqa: S310 (the operator's http(s) setting)
            url,
            headers={
                "X-API-Key": self.api_key,
                "Accept": "application/json",
                "User-Agent": "Quartier job import",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:  # noqa: S310
                return Response(answer.status, dict(answer.headers.items()), answer.read())
        except urllib.error.HTTPError as error:
            body = error.read() if error.fp else b""
            return Response(error.code, dict(error.headers.items()), body)
        except TimeoutError as error:
            raise JobSearchError(
                f"The job search did not answer within {self.timeout} seconds."
            ) from error
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError | socket.timeout):
                raise JobSearchError(
                    f"The job search did not answer within {self.timeout} seconds."
                ) from error
            raise JobSearchError(f"The job search cannot be reached: {error.reason}.") from error
        except OSError as error:
            raise JobSearchError(f"The job search cannot be reached: {error}.") from error


class FileTransport:
    """Answers from a recorded answer on disk: its page 1 for every query's first page,
    an empty page after it (the demo data's import)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)

    def get(self, path: str, params: dict) -> Response:
        if int(params.get("page", 1)) == 1:
            return Response(200, {"Content-Type": "application/json"}, self.path.read_bytes())
        return Response(200, {}, b'{"stellenangebote": [], "maxErgebnisse": 0}')


# The client -----------------------------------------------------------------------------


def retry_after_seconds(value: str | None, *, now: float | None = None) -> float | None:
    """`Retry-After` in seconds: a number or an HTTP date; None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - (time.time() if now is None else now))


class JobSearchClient:
    """Fetches pages; retries a 403 or a 429 up to `attempts` times in all, waiting as
    `Retry-After` asks (at most `max_wait` seconds), then fails."""

    def __init__(
        self,
        transport=None,
        *,
        attempts: int | None = None,
        max_wait: float | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.transport = transport or HttpTransport()
        self.attempts = attempts or settings.QUARTIER_BA_ATTEMPTS
        self.max_wait = settings.QUARTIER_BA_MAX_WAIT if max_wait is None else max_wait
        self.sleep = sleep
        self.pages = 0

    def fetch(self, params: dict) -> Page:
        page = params.get("page", 1)
        for attempt in range(1, self.attempts + 1):
            response = self.transport.get(JOBS_PATH, params)
            if response.status in (403, 429) and attempt < self.attempts:
                wait = self._wait(response, attempt)
                logger.info("Job search answered %s; retrying in %s s.", response.status, wait)
                self.sleep(wait)
                continue
            break
        if response.status != 200:
            raise JobSearchError(self._failure(response, page))
        try:
            data = json.loads(response.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as error:
            raise JobSearchError(
                f"The job search sent an answer that is not valid JSON (page {page})."
            ) from error
        self.pages += 1
        return parse_page(data, page=page, size=params.get("size", MAX_SIZE))

    def _wait(self, response: Response, attempt: int) -> float:
        headers = {name.lower(): value for name, value in response.headers.items()}
        asked = retry_after_seconds(headers.get("retry-after"))
        if asked is None:
            asked = settings.QUARTIER_BA_RETRY_SECONDS * attempt
        if asked > self.max_wait:
            raise JobSearchError(
                f"The job search answered {response.status} and asks to wait "
                f"{math.ceil(asked)} seconds: nothing was imported, try again later."
            )
        return asked

    def _failure(self, response: Response, page) -> str:
        reason = {
            400: "refused the query",
            403: "refused access (403) several times",
            429: "answered 'too many requests' (429) several times",
        }.get(response.status, f"answered {response.status}")
        detail = ""
        try:
            data = json.loads(response.body.decode("utf-8"))
            if isinstance(data, dict):
                detail = str(data.get("code") or data.get("message") or data.get("error") or "")
        except (UnicodeDecodeError, ValueError):
            pass
        detail = f" ({_text(detail, 80)})" if detail else ""
        return f"The job search {reason}{detail} on page {page}: nothing was imported."


# The search ---------------------------------------------------------------------------------


@dataclass
class SearchResult:
    """Every advertisement found, once per reference number, with the kind it was
    found under; the number of pages fetched; queries that had more hits than reachable."""

    offers: dict[str, tuple[str, JobOffer]] = field(default_factory=dict)
    pages: int = 0
    truncated: list[dict] = field(default_factory=list)
    skipped: int = 0


def search(
    client: JobSearchClient, *, postcode: str, radius: int, kinds=DEFAULT_KINDS
) -> SearchResult:
    """All advertisements around `postcode` within `radius` km, one query per kind; a
    query with more than 10,000 hits is split by working time."""
    result = SearchResult()
    for kind in kinds:
        base = {"wo": postcode, "umkreis": radius, "angebotsart": ANGEBOTSART[kind]}
        first = client.fetch({**base, "page": 1, "size": MAX_SIZE})
        if first.total > MAX_REACHABLE:
            for arbeitszeit in ARBEITSZEITEN:
                _walk(client, {**base, "arbeitszeit": arbeitszeit}, kind, result)
        else:
            _walk(client, base, kind, result, first=first)
    result.pages = client.pages
    return result


def _walk(client, query: dict, kind: str, result: SearchResult, first: Page | None = None):
    page = first or client.fetch({**query, "page": 1, "size": MAX_SIZE})
    last = min(math.ceil(page.total / MAX_SIZE), MAX_REACHABLE // MAX_SIZE)
    if page.total > MAX_REACHABLE:
        result.truncated.append(query)
    number = 1
    while True:
        result.skipped += page.skipped
        for offer in page.offers:
            result.offers.setdefault(offer.refnr, (kind, offer))
        number += 1
        if number > last or not page.offers:
            break
        page = client.fetch({**query, "page": number, "size": MAX_SIZE})
