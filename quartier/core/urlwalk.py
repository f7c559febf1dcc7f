"""Walks the URLconf: every pattern with its full view name and a path to request it."""

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    view_name: str | None
    namespaces: tuple[str, ...]
    path: str


_CONVERTER = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")
_SAMPLES = {"int": "1", "slug": "some-slug", "uuid": "00000000-0000-0000-0000-000000000000"}


def _sample_path(route: str) -> str:
    def repl(match: re.Match) -> str:
        return _SAMPLES.get(match.group("conv") or "str", "x")

    # Regex named groups first, so that "(?P<name>...)" is not mistaken for "<name>".
    path = re.sub(r"\(\?P<\w+>([^)]*)\)", _group_sample, route)
    path = _CONVERTER.sub(repl, path)
    # Regex patterns (admin, allauth): strip anchors and fill groups with a plain value.
    path = path.replace("^", "").replace("$", "").replace("\\Z", "")
    path = re.sub(r"\([^)]*\)", "x", path)
    return path.replace("\\", "")


def _group_sample(match: re.Match) -> str:
    """A value for a named regex group: the first literal alternative, else '1'."""
    body = match.group(1)
    if "|" in body:
        return body.split("|")[0]
    return "1"


def walk(resolver: URLResolver | None = None, prefix: str = "", namespaces=()) -> list[Route]:
    resolver = resolver or get_resolver()
    routes: list[Route] = []
    for pattern in resolver.url_patterns:
        piece = _sample_path(str(pattern.pattern))
        if isinstance(pattern, URLResolver):
            ns = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
            routes.extend(walk(pattern, prefix + piece, ns))
        elif isinstance(pattern, URLPattern):
            name = ":".join((*namespaces, pattern.name)) if pattern.name else None
            routes.append(
                Route(view_name=name, namespaces=tuple(namespaces), path="/" + prefix + piece)
            )
    return routes
