"""The client's address, from one place: the login lock-out (django-axes), allauth's
rate limits, the audit log and the public map's rate limits all ask `client_ip`.

`current_client_ip()` answers the same for code that has no request at hand (the access
log's writer): `core.middleware.ClientAddressMiddleware` keeps the address of the
request being answered in a context variable; outside a request (commands, tasks) it is
None."""

import ipaddress
from contextvars import ContextVar

from django.conf import settings


def _address(value: str) -> str | None:
    """`value` as a normalised IP address (a port and IPv4-mapped IPv6 removed), or None."""
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [2001:db8::1]:443
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # 203.0.113.9:51234
        value = value.split(":", 1)[0]
    try:
        parsed = ipaddress.ip_address(value)
    except ValueError:
        return None
    if parsed.version == 6 and parsed.ipv4_mapped is not None:
        parsed = parsed.ipv4_mapped
    return str(parsed)


def client_ip(request) -> str:
    """REMOTE_ADDR, or behind settings.PROXY_COUNT trusted reverse proxies the entry of
    X-Forwarded-For that the outermost of them added: the PROXY_COUNT-th from the right.

    Each proxy appends the address it received the request from, so entries to the left
    of that one come from the client and prove nothing. A header with fewer entries
    than proxies, or an entry that is no address, falls back to REMOTE_ADDR.
    """
    remote = _address(request.META.get("REMOTE_ADDR", "")) or "0.0.0.0"  # noqa: S104
    proxies = getattr(settings, "PROXY_COUNT", 0)
    forwarded = request.headers.get("x-forwarded-for", "")
    if proxies <= 0 or not forwarded:
        return remote
    entries = [entry for entry in forwarded.split(",") if entry.strip()]
    if len(entries) < proxies:
        return remote
    return _address(entries[-proxies]) or remote


#: The client address of the request being answered (None outside a request).
_current_address: ContextVar[str | None] = ContextVar("quartier_client_ip", default=None)


def current_client_ip() -> str | None:
    """The client address of the request this code runs for, or None in a command or a
    background task."""
    return _current_address.get()


def set_current_client_ip(address: str | None):
    """Keep `address` as the current request's; returns the token to reset it with."""
    return _current_address.set(address)


def reset_current_client_ip(token) -> None:
    _current_address.reset(token)
