"""The spam and forgery protection of the public appointment request:

- **Form token**: a signed, timestamped value in a hidden field (`issue_token`). A
  submission faster than `MIN_SECONDS` (a bot) or older than `MAX_SECONDS` (a stale
  page) is turned back with a friendly message; a token can be used once (`claim`).
- **Rate limit** per address: counters under a keyed hash (HMAC with SECRET_KEY) of
  the client's address, never the address itself. IPv6 addresses count per /64
  network, which one household or phone usually holds.

Used tokens and counters live in the database (`models`), which every worker process
shares, with or without REDIS_URL; each check-and-use is one atomic statement (an
INSERT against a unique constraint, a conditional UPDATE), so that requests arriving
at the same moment in several workers cannot use a token twice or pass a limit.
- **Same-site check**: a POST that a browser marks as coming from another site
  (`Sec-Fetch-Site`, `Origin`) is refused; this replaces Django's CSRF cookie.

A honeypot field lives in the form (`forms.HONEYPOT`).
"""

import datetime as dt
import ipaddress
import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac

from quartier.core.network import client_ip
from quartier.stadtteilplan.models import RequestCounter, UsedRequestToken

# Form token ---------------------------------------------------------------------------

TOKEN_SALT = "quartier.stadtteilplan.request-token"
#: Faster than this (seconds from showing the form to sending it) only a bot types.
MIN_SECONDS = 3
#: A form older than this (seconds) is sent again with a fresh token.
MAX_SECONDS = 2 * 60 * 60

#: Appointment requests one address may send per hour. A café whose guests share one
#: Wi-Fi address may need more: QUARTIER_REQUESTS_PER_HOUR.
APPOINTMENT_REQUESTS_PER_HOUR = getattr(settings, "QUARTIER_REQUESTS_PER_HOUR", 5)
#: Form submissions (valid or not) one address may make per hour.
SUBMISSIONS_PER_HOUR = getattr(settings, "QUARTIER_REQUEST_SUBMISSIONS_PER_HOUR", 30)
WINDOW_SECONDS = 60 * 60


class TokenError(Exception):
    """The form token cannot be accepted; `code` says why: invalid, too_fast, expired."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Token:
    nonce: str
    scope: str
    issued_at: int


def issue_token(scope: str, *, now: float | None = None) -> str:
    """A fresh token for a form about `scope` (which district or offer)."""
    issued_at = int(time.time() if now is None else now)
    nonce = secrets.token_urlsafe(12)
    return signing.Signer(salt=TOKEN_SALT).sign(f"{nonce}:{scope}:{issued_at}")


def check_token(value: str, scope: str, *, now: float | None = None) -> Token:
    """The token if it was issued by us for `scope` between MIN_SECONDS and MAX_SECONDS
    ago; TokenError otherwise."""
    try:
        payload = signing.Signer(salt=TOKEN_SALT).unsign(value or "")
        nonce, token_scope, issued = payload.rsplit(":", 2)
        issued_at = int(issued)
    except (signing.BadSignature, ValueError) as error:
        raise TokenError("invalid") from error
    if token_scope != scope:
        raise TokenError("invalid")
    age = (time.time() if now is None else now) - issued_at
    if age < MIN_SECONDS:
        raise TokenError("too_fast")
    if age > MAX_SECONDS:
        raise TokenError("expired")
    return Token(nonce=nonce, scope=token_scope, issued_at=issued_at)


def _forget_expired(now: dt.datetime) -> None:
    """Delete used tokens that would be refused as expired anyway, and counters whose
    window has ended."""
    UsedRequestToken.objects.filter(
        used_at__lt=now - dt.timedelta(seconds=MAX_SECONDS + 60)
    ).delete()
    RequestCounter.objects.filter(
        window_start__lt=now - dt.timedelta(seconds=WINDOW_SECONDS)
    ).delete()


def claim(token: Token, *, now: dt.datetime | None = None) -> bool:
    """Mark the token as used; False if it was used already (a double submit), also by
    a request in another worker at the same moment: the unique nonce admits one."""
    now = now or timezone.now()
    _forget_expired(now)
    try:
        with transaction.atomic():
            UsedRequestToken.objects.create(nonce=token.nonce, used_at=now)
    except IntegrityError:
        return False
    return True


def release(token: Token) -> None:
    """Give a claimed token back (its request could not be stored)."""
    UsedRequestToken.objects.filter(nonce=token.nonce).delete()


# Rate limit ---------------------------------------------------------------------------


def client_address(request) -> str:
    """The client's address (quartier.core.network.client_ip, which honours
    PROXY_COUNT); an IPv6 address counts as its /64 network."""
    address = client_ip(request)
    parsed = ipaddress.ip_address(address)
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def address_key(request) -> str:
    """A keyed hash of the client's address: the database never holds the address."""
    return salted_hmac(
        "quartier.stadtteilplan.address", client_address(request), algorithm="sha256"
    ).hexdigest()[:40]


def _counter_key(request, name: str) -> str:
    return f"{name}:{address_key(request)}"


def _window_start(now: dt.datetime) -> dt.datetime:
    """Windows that started after this are still running."""
    return now - dt.timedelta(seconds=WINDOW_SECONDS)


def count(request, name: str, *, now: dt.datetime | None = None) -> int:
    """How often `name` happened from this address in the current window."""
    now = now or timezone.now()
    found = RequestCounter.objects.filter(
        key=_counter_key(request, name), window_start__gt=_window_start(now)
    ).values_list("count", flat=True)
    return next(iter(found), 0)


def take(request, name: str, limit: int | None, *, now: dt.datetime | None = None) -> bool:
    """Count one more `name` from this address, if that stays within `limit` in the
    current window (None: no limit); False, counting nothing, when the limit is
    reached. The window starts with the first count and lasts WINDOW_SECONDS.

    Atomic across workers: counting is one conditional UPDATE (the database locks the
    row and checks the condition again after a concurrent update); starting a window
    is an UPDATE of an ended one or an INSERT against the unique key, and whoever
    loses that race counts in the window the other one started."""
    now = now or timezone.now()
    key = _counter_key(request, name)
    running = RequestCounter.objects.filter(key=key, window_start__gt=_window_start(now))
    below = running if limit is None else running.filter(count__lt=limit)
    if below.update(count=F("count") + 1):
        return True
    if running.exists():
        # A window runs, perhaps started by another worker since the update above: the
        # conditional update decides again (it found no row then, or the limit reached).
        return bool(below.update(count=F("count") + 1))
    if limit is not None and limit < 1:
        return False
    ended = RequestCounter.objects.filter(key=key, window_start__lte=_window_start(now))
    if ended.update(window_start=now, count=1):
        return True
    try:
        with transaction.atomic():
            RequestCounter.objects.create(key=key, window_start=now, count=1)
    except IntegrityError:
        return bool(below.update(count=F("count") + 1))
    return True


def record(request, name: str) -> None:
    """Count one more `name` from this address, without a limit."""
    take(request, name, None)


def give_back(request, name: str) -> None:
    """Uncount one `name` (what was counted did not happen after all)."""
    RequestCounter.objects.filter(key=_counter_key(request, name), count__gt=0).update(
        count=F("count") - 1
    )


def is_limited(request) -> bool:
    """Whether this address has sent enough for this hour."""
    return (
        count(request, "sent") >= APPOINTMENT_REQUESTS_PER_HOUR
        or count(request, "submitted") >= SUBMISSIONS_PER_HOUR
    )


# Same-site check -------------------------------------------------------------------


def is_cross_site(request) -> bool:
    """Whether the browser says this POST comes from a page of another site.

    Browsers send `Sec-Fetch-Site` (same-origin, same-site, cross-site, none) and, with
    a POST, `Origin`. Either one naming another site refuses the request; a request
    without both (an old browser, a script) passes here and still needs a valid form
    token."""
    site = request.headers.get("Sec-Fetch-Site", "").lower()
    if site and site not in {"same-origin", "none"}:
        return True
    origin = request.headers.get("Origin", "")
    if origin and origin != "null":
        own = f"{request.scheme}://{request.get_host()}"
        trusted = set(getattr(settings, "CSRF_TRUSTED_ORIGINS", []))
        if origin.lower() != own.lower() and origin not in trusted:
            return True
    return False
