"""The cache of the public pages and HSDS answers, with ETag, Last-Modified and gzip.

`PublicCacheMiddleware` sits right after the CSP middleware, before the session, so a
warm hit costs one query (the content version, `services.public_cache.current`) and a
cache read: no session, no user, no template. What is cached:

- the public offer map's pages (districts, offers, map, one offer, the district's
  portrait, the calendars) and every HSDS endpoint; GET and HEAD only;
- never the appointment form, the language switch or the printable notice (not on the
  list below), never a request that carries a session cookie or an Authorization
  header (staff), and never a response that sets a cookie, touched the session, is
  marked private or no-store, holds a CSRF token or used a CSP nonce (whose header
  would not match a later request's).

The key holds the content version, the build (the code version), the language as the
view will choose it (the language cookie or Accept-Language for the pages; `?lang=` or
Accept-Language for HSDS, which ignores cookies), the scheme, host, full path with its
query, and the local time slot (`SLOT_SECONDS`, 15 minutes): the next dates leave the
pages when their session has ended, and past holiday exceptions leave the API at
midnight, within one slot. Every app server keeps its own copies (the per-process
cache, or Redis where REDIS_URL is set); all of them read the same version from the
database, so a change is seen everywhere at once.

ETag: a digest of the key (one per encoding); Last-Modified: the later of the last
change and the slot's start. If-None-Match (or, without it, If-Modified-Since) is
answered with 304 before the cache is read. Bodies are stored raw and gzip-compressed
(once, when stored), and sent compressed to clients that accept gzip. Only these
token-free public bodies are compressed (BREACH: nothing secret is in them).
"""

import datetime as dt
import gzip
import hashlib
import re
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, get_resolver, reverse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_etags, parse_http_date_safe

from quartier.stadtteilplan.hsds import params
from quartier.stadtteilplan.hsds.params import ParameterError
from quartier.stadtteilplan.services import public_cache

SLOT_SECONDS = 15 * 60
#: The public pages that are the same for every visitor in one language.
CACHED_PAGES = {
    "index",
    "offer_list",
    "map",
    "offer_detail",
    "district",
    "district_calendar",
    "offer_calendar",
}
#: The URL modules of the cached areas, by namespace.
AREAS = {"stadtteilplan": "quartier.stadtteilplan.urls", "hsds": "quartier.stadtteilplan.hsds.urls"}
COMPRESSIBLE = ("text/html", "application/json", "text/calendar", "text/plain")
MIN_COMPRESS_BYTES = 200
#: Headers not stored with a body (set again per response, or never cached).
NOT_STORED = {"content-length", "content-encoding", "set-cookie", "etag", "last-modified"}
_GZIP = re.compile(r"(?:^|,)\s*gzip\s*(?:;\s*q\s*=\s*(?P<q>[0-9.]+))?\s*(?:,|$)", re.I)


def cache_alias() -> str:
    alias = getattr(settings, "PUBLIC_CACHE_ALIAS", "public")
    return alias if alias in settings.CACHES else "default"


def accepts_gzip(request) -> bool:
    match = _GZIP.search(request.headers.get("Accept-Encoding", ""))
    if not match:
        return False
    try:
        return match.group("q") is None or float(match.group("q")) > 0
    except ValueError:
        return False


def _build() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("quartier")
    except PackageNotFoundError:
        return "dev"


BUILD = _build()


class Plan:
    """What one cacheable request is: its key, validators and headers."""

    def __init__(self, request, namespace: str, language: str):
        self.namespace = namespace
        self.language = language
        self.gzip = accepts_gzip(request)
        state = public_cache.current()
        now = timezone.now()
        slot_start = dt.datetime.fromtimestamp(
            now.timestamp() // SLOT_SECONDS * SLOT_SECONDS, tz=dt.UTC
        )
        local_slot = timezone.localtime(slot_start).strftime("%Y-%m-%dT%H:%M")
        self.last_modified = max(state.changed_at, slot_start).replace(microsecond=0)
        raw = "\n".join(
            [
                BUILD,
                str(state.version),
                state.changed_at.isoformat(),
                language,
                local_slot,
                request.scheme,
                request.get_host(),
                request.get_full_path(),
            ]
        )
        digest = hashlib.sha256(raw.encode()).hexdigest()
        self.key = f"public-page:{digest}"
        self.etag = f'"{digest[:32]}{"-gz" if self.gzip else ""}"'

    def vary(self) -> list[str]:
        headers = ["Accept-Language", "Accept-Encoding"]
        if self.namespace == "stadtteilplan":
            headers.append("Cookie")  # the language cookie
        return headers

    def not_modified(self, request) -> bool:
        if_none_match = request.headers.get("If-None-Match")
        if if_none_match:
            tags = parse_etags(if_none_match)
            return "*" in tags or self.etag in tags
        since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
        return since is not None and int(self.last_modified.timestamp()) <= since

    def decorate(self, response) -> HttpResponse:
        response["ETag"] = self.etag
        response["Last-Modified"] = http_date(self.last_modified.timestamp())
        patch_vary_headers(response, self.vary())
        return response


@dataclass(frozen=True)
class Match:
    namespace: str
    url_name: str


@cache
def _prefixes() -> list[tuple[str, str]]:
    """(path prefix, namespace) of the cached areas, as mounted in the URLconf."""
    return [
        (reverse(f"{namespace}:root" if namespace == "hsds" else f"{namespace}:index"), namespace)
        for namespace in AREAS
    ]


def _resolve(path: str) -> Match | None:
    """Which cached area and view a path is: the area's own URLs only, not the whole
    URLconf (a warm hit must cost little more than its one query)."""
    for prefix, namespace in _prefixes():
        if path.startswith(prefix):
            try:
                found = get_resolver(AREAS[namespace]).resolve("/" + path[len(prefix) :])
            except Resolver404:
                return None
            return Match(namespace, found.url_name or "")
    return None


def plan_for(request) -> Plan | None:
    """The request's cache plan, or None when it must go to the view uncached."""
    if not getattr(settings, "PUBLIC_CACHE_ENABLED", True):
        return None
    if request.method not in ("GET", "HEAD"):
        return None
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "Authorization" in request.headers:
        return None
    match = _resolve(request.path_info)
    if match is None:
        return None
    if match.namespace == "hsds":
        try:
            language = params.language(request)
        except ParameterError:
            return None
        namespace = "hsds"
    elif match.url_name in CACHED_PAGES:
        language = translation.get_language_from_request(request)
        namespace = "stadtteilplan"
    else:
        return None
    try:
        return Plan(request, namespace, language)
    except Exception:  # noqa: BLE001 (a disallowed host and the like: the view answers)
        return None


def storable(request, response) -> bool:
    """Whether the response is the same for every visitor and holds no secret."""
    if response.status_code != 200 or response.streaming:
        return False
    if response.cookies or response.has_header("Set-Cookie"):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if "private" in cache_control or "no-store" in cache_control:
        return False
    # An anonymous visitor's empty session is read (request.user) but holds nothing.
    session = getattr(request, "session", None)
    if session is not None and (session.modified or session.session_key is not None):
        return False
    user = getattr(request, "_cached_user", None)
    if user is not None and user.is_authenticated:
        return False
    if getattr(request, "_csp_nonce", None):  # evaluated: the body holds a nonce
        return False
    return b"csrfmiddlewaretoken" not in response.content


def entry_of(response) -> dict:
    body = response.content
    content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    packed = None
    if content_type in COMPRESSIBLE and len(body) >= MIN_COMPRESS_BYTES:
        packed = gzip.compress(body, compresslevel=6, mtime=0)
        if len(packed) >= len(body):
            packed = None
    headers = [(name, value) for name, value in response.items() if name.lower() not in NOT_STORED]
    return {"headers": headers, "body": body, "gzip": packed}


def response_of(entry: dict, plan: Plan) -> HttpResponse:
    compressed = plan.gzip and entry["gzip"] is not None
    response = HttpResponse(entry["gzip"] if compressed else entry["body"])
    for name, value in entry["headers"]:
        response[name] = value
    if compressed:
        response["Content-Encoding"] = "gzip"
    response["Content-Length"] = str(len(response.content))
    return plan.decorate(response)


def _not_modified(entry: dict | None, plan: Plan) -> HttpResponse:
    response = HttpResponseNotModified()
    for name, value in (entry or {}).get("headers", []):
        if name.lower() in {"cache-control", "vary", "access-control-allow-origin"}:
            response[name] = value
    return plan.decorate(response)


class PublicCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        plan = plan_for(request)
        if plan is None:
            return self.get_response(request)
        cache = caches[cache_alias()]
        entry = cache.get(plan.key)
        if plan.not_modified(request):
            return _not_modified(entry, plan)
        if entry is not None:
            return response_of(entry, plan)
        response = self.get_response(request)
        if not storable(request, response):
            return response
        if plan.namespace == "stadtteilplan" and not response.has_header("Cache-Control"):
            # Stored by browsers, but asked again (a 304 costs one query).
            response["Cache-Control"] = "no-cache"
        entry = entry_of(response)
        cache.set(plan.key, entry, SLOT_SECONDS + 60)
        fresh = response_of(entry, plan)
        fresh.status_code = response.status_code
        return fresh
