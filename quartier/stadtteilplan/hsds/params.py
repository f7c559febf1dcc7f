"""Reading the HSDS API's query parameters, with a clear message for every bad value.

Every function raises `ParameterError` (answered as 400 with a JSON body naming the
parameter) instead of guessing. Rules, also in the API's docstrings:

- `page` is a whole number; pages count from 1, and `page=0` (which clients counting
  from 0 send for the first page, and which the HSDS OpenAPI file does not exclude)
  is the first page too. A page past the last is an empty page, not an error.
- `per_page` is a whole number from 1 to 100 (default 20); anything else is refused,
  never silently clamped, so a client never receives fewer rows than it thinks.
- `modified_after` is an ISO 8601 date or date-time; without a UTC offset it is read
  in the site's time zone (Europe/Berlin); a date means its midnight.
- `postcode` is a German postcode of five digits.
- `proximity` is a distance in metres (1 to 200,000) from the centroid of `postcode`,
  as the HSDS 3.0 OpenAPI file defines it; as an extension it may also be
  ``latitude,longitude,metres`` (WGS 84 degrees) for a point of the client's own.
- `lang` is one of the site's languages (settings.LANGUAGES).
- a text (`search`) is at most 200 characters long and holds no NUL character.
"""

import datetime as dt
import re
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from quartier.stadtteilplan.hsds import identifiers

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100
MAX_RADIUS_METRES = 200_000
MAX_SEARCH_LENGTH = 200
DEFAULT_LANGUAGE = "de"


class ParameterError(Exception):
    """A query parameter that cannot be used; `message` says what to send instead."""

    def __init__(self, parameter: str, message: str):
        super().__init__(message)
        self.parameter = parameter
        self.message = message


@dataclass(frozen=True)
class Paging:
    page: int
    per_page: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


@dataclass(frozen=True)
class Point:
    """A place and a radius: what `proximity` measures from."""

    latitude: float
    longitude: float
    radius: float


def _whole_number(request: HttpRequest, name: str, default: int, low: int, high: int) -> int:
    raw = request.GET.get(name, "").strip()
    if raw == "":
        return default
    if not re.fullmatch(r"[+-]?\d{1,9}", raw):
        raise ParameterError(name, _("%(name)s must be a whole number.") % {"name": name})
    value = int(raw)
    if not low <= value <= high:
        raise ParameterError(
            name,
            _("%(name)s must lie between %(low)s and %(high)s.")
            % {"name": name, "low": low, "high": high},
        )
    return value


def paging(request: HttpRequest) -> Paging:
    page = max(1, _whole_number(request, "page", 1, 0, 999_999_999))
    per_page = _whole_number(request, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)
    return Paging(page=page, per_page=per_page)


def text(request: HttpRequest, name: str) -> str:
    value = " ".join(request.GET.get(name, "").split())
    if "\x00" in value:  # no database compares it (PostgreSQL refuses it)
        raise ParameterError(
            name, _("%(name)s must not contain NUL characters (%%00).") % {"name": name}
        )
    if len(value) > MAX_SEARCH_LENGTH:
        raise ParameterError(
            name,
            _("%(name)s may be at most %(count)s characters long.")
            % {"name": name, "count": MAX_SEARCH_LENGTH},
        )
    return value


def uuid_value(request: HttpRequest, name: str) -> str:
    """The UUID given as `name` in its canonical form, or "" when it is not given."""
    raw = request.GET.get(name, "").strip()
    if not raw:
        return ""
    value = identifiers.parse_uuid(raw)
    if value is None:
        raise ParameterError(
            name, _("%(name)s must be a UUID, as the API gives them.") % {"name": name}
        )
    return str(value)


def flag(request: HttpRequest, name: str) -> bool:
    raw = request.GET.get(name, "").strip().lower()
    if raw in ("", "false", "0", "no"):
        return False
    if raw in ("true", "1", "yes"):
        return True
    raise ParameterError(name, _("%(name)s must be true or false.") % {"name": name})


def json_format(request: HttpRequest) -> None:
    raw = request.GET.get("format", "").strip().lower()
    if raw not in ("", "json"):
        raise ParameterError("format", _("Only the format json is offered."))


def modified_after(request: HttpRequest) -> dt.datetime | None:
    raw = request.GET.get("modified_after", "").strip()
    if not raw:
        return None
    # An unencoded "+" in a query string arrives as a space: "…T10:00:00 01:00".
    raw = re.sub(r"(T[\d:.]+) (\d\d:?\d\d)$", r"\1+\2", raw)
    message = _(
        "modified_after must be an ISO 8601 date or date-time, e.g. 2025-03-01 or "
        "2025-03-01T08:00:00Z (URL-encode the + of a UTC offset)."
    )
    try:
        moment = parse_datetime(raw)
        day = None if moment else parse_date(raw)
    except ValueError as error:  # well-formed but impossible, e.g. month 13
        raise ParameterError("modified_after", message) from error
    if moment is None and day is None:
        raise ParameterError("modified_after", message)
    if moment is None:
        moment = dt.datetime.combine(day, dt.time.min)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def postcode(request: HttpRequest) -> str:
    raw = request.GET.get("postcode", "").strip()
    if raw and not re.fullmatch(r"\d{5}", raw):
        raise ParameterError("postcode", _("postcode must be a German postcode of five digits."))
    return raw


def proximity(request: HttpRequest) -> tuple[float, float, float] | float | None:
    """None, the radius in metres (from the postcode's centroid), or an explicit
    (latitude, longitude, radius)."""
    raw = request.GET.get("proximity", "").strip()
    if not raw:
        return None
    message = _(
        "proximity must be a distance in metres (with postcode), or "
        "latitude,longitude,metres, e.g. 2000 or 51.53,7.16,2000; at most %(max)s metres."
    ) % {"max": MAX_RADIUS_METRES}
    parts = [part.strip() for part in raw.split(",")]
    if len(parts) not in (1, 3):
        raise ParameterError("proximity", message)
    try:
        numbers = [float(part) for part in parts]
    except ValueError as error:
        raise ParameterError("proximity", message) from error
    radius = numbers[-1]
    if not (0 < radius <= MAX_RADIUS_METRES) or any(n != n for n in numbers):  # NaN
        raise ParameterError("proximity", message)
    if len(numbers) == 1:
        return radius
    latitude, longitude = numbers[0], numbers[1]
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ParameterError("proximity", message)
    return (latitude, longitude, radius)


def _supported() -> dict[str, str]:
    return {code.lower(): code for code, _name in settings.LANGUAGES}


def language(request: HttpRequest) -> str:
    """`?lang=` if given (an unknown code is refused), else the first supported language
    of the Accept-Language header, else German. Cookies are not read: an API answer
    depends only on the request."""
    supported = _supported()
    raw = request.GET.get("lang", "").strip().lower()
    if raw:
        if raw not in supported:
            raise ParameterError(
                "lang",
                _("lang must be one of: %(codes)s.") % {"codes": ", ".join(supported.values())},
            )
        return supported[raw]
    for code in _accepted(request.headers.get("Accept-Language", "")):
        if code in supported:
            return supported[code]
        primary = code.split("-")[0]
        if primary in supported:
            return supported[primary]
    return DEFAULT_LANGUAGE


def _accepted(header: str) -> list[str]:
    """The language ranges of an Accept-Language header, most wanted first."""
    ranked = []
    for position, item in enumerate(header.split(",")[:20]):
        code, _sep, params = item.strip().partition(";")
        code = code.strip().lower()
        if not code or code == "*":
            continue
        weight = 1.0
        match = re.search(r"q\s*=\s*([01](?:\.\d{0,3})?)", params)
        if match:
            weight = float(match.group(1))
        if weight > 0:
            ranked.append((-weight, position, code))
    return [code for _weight, _position, code in sorted(ranked)]
