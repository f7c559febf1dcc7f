"""Spam and forgery protection of the public appointment request, without third parties
and without cookies.

- **Form token**: a signed, timestamped value in a hidden field (`issue_token`). A
  submission faster than `MIN_SECONDS` (a bot) or older than `MAX_SECONDS` (a stale
  page) is turned back with a friendly message; a token can be used once (`claim`).
- **Rate limit** per address: counters in the cache under a keyed hash (HMAC with
  SECRET_KEY) of the client's address, never the address itself. IPv6 addresses count
  per /64 network, which one household or phone usually holds.
- **Same-site check**: a POST that a browser marks as coming from another site
  (`Sec-Fetch-Site`, `Origin`) is refused; this replaces Django's CSRF cookie.

A honeypot field lives in the form (`request_forms.HONEYPOT`).
"""

import ipaddress
import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.crypto import salted_hmac

from quartier.core.network import client_ip

TOKEN_SALT = "quartier.stadtteilplan.request-token"
#: Faster than this (seconds from showing the form to sending it) only a bot types.
MIN_SECONDS = 3
#: A form older than this (seconds) is sent again with a fresh token.
MAX_SECONDS = 2 * 60 * 60

#: Appointment requests one address may send per hour. A café whose guests share one
#: Wi-Fi address may need more: QUARTIER_REQUESTS_PER_HOUR.
REQUESTS_PER_HOUR = getattr(settings, "QUARTIER_REQUESTS_PER_HOUR", 5)
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


def _token_key(token: Token) -> str:
    return f"stadtteilplan:request-token:{token.nonce}"


def claim(token: Token) -> bool:
    """Mark the token as used; False if it was used already (a double submit)."""
    return cache.add(_token_key(token), 1, timeout=MAX_SECONDS + 60)


def release(token: Token) -> None:
    """Give a claimed token back (its request could not be stored)."""
    cache.delete(_token_key(token))


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
    """A keyed hash of the client's address: the cache never holds the address."""
    return salted_hmac(
        "quartier.stadtteilplan.address", client_address(request), algorithm="sha256"
    ).hexdigest()[:40]


def _counter_key(request, name: str) -> str:
    return f"stadtteilplan:rate:{name}:{address_key(request)}"


def count(request, name: str) -> int:
    """How often `name` happened from this address in the current window."""
    return cache.get(_counter_key(request, name), 0)


def record(request, name: str) -> int:
    """Count one more `name` from this address; the window starts with the first."""
    key = _counter_key(request, name)
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # the window ended between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS)
        return 1


def is_limited(request) -> bool:
    """Whether this address has sent enough for this hour."""
    return (
        count(request, "sent") >= REQUESTS_PER_HOUR
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
