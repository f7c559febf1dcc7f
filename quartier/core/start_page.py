"""The start page's parts that come from the feature apps.

Core draws the start page (`selectors.start_page_for`, `core/home.html`) but imports no
feature app: an app adds what it shows there by registering a part in its
`AppConfig.ready()`:

    from quartier.core.start_page import register_start_page_part
    from quartier.core.tenancy import CASE_ROLES

    register_start_page_part(
        "quartier.cases.selectors.my_day.my_day", roles=CASE_ROLES
    )

A part is a selector called as `part(user=user)` that returns a dict for the page's
context; it runs only for a user holding one of `roles` in some project. Parts are
named by their dotted path and imported on first use, so `ready()` loads no selectors.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.module_loading import import_string


@dataclass(frozen=True)
class StartPagePart:
    path: str
    roles: frozenset[str]

    @property
    def function(self) -> Callable[..., dict]:
        return import_string(self.path)


_parts: dict[str, StartPagePart] = {}


def register_start_page_part(path: str, *, roles: Iterable[str]) -> StartPagePart:
    """Show the selector at `path` on the start page of users with one of `roles`.
    Registering the same path again replaces it (harmless on a repeated `ready()`)."""
    part = StartPagePart(path=path, roles=frozenset(roles))
    _parts[path] = part
    return part


def start_page_parts(roles: Iterable[str]) -> list[StartPagePart]:
    """The parts for a user with these roles, in the order of registration (apps in
    INSTALLED_APPS order)."""
    held = set(roles)
    return [part for part in _parts.values() if part.roles & held]
