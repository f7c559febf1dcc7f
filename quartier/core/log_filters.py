"""Logging filters that keep personal data out of the application's log.

Django logs each refused request with its path ("Not Found: /…", "Forbidden (CSRF token
missing.): /…"). A path is what the client sent, and may carry a name or an e-mail
address someone typed or pasted into the address bar. `RedactRequestPath` keeps of such
a path only what identifies the page (the URLconf's own words and numeric ids) and
replaces every other segment with "…". The query string is never logged by Django.
"""

import logging
from functools import cache

REDACTED = "…"


@cache
def _route_words() -> frozenset[str]:
    from quartier.core.urlwalk import walk

    words = set()
    for route in walk():
        words.update(segment for segment in route.path.split("/") if segment)
    # The walk fills path converters with sample values; they are no page's words.
    return frozenset(words - {"x", "some-slug", "1", "00000000-0000-0000-0000-000000000000"})


def redact_path(path: str) -> str:
    """The path with each segment that is neither a number nor a word of the URLconf
    replaced by "…"."""
    head, _, _ = path.partition("?")
    words = _route_words()
    return "/".join(
        segment if not segment or segment.isdigit() or segment in words else REDACTED
        for segment in head.split("/")
    )


class RedactRequestPath(logging.Filter):
    """On django.request and django.security.*: the path argument of the message,
    redacted (`redact_path`)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and record.args:
            record.args = tuple(
                redact_path(arg) if isinstance(arg, str) and arg.startswith("/") else arg
                for arg in record.args
            )
        return True
