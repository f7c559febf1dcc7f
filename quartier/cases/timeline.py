"""The case timeline's sources from other apps.

Cases draw the timeline (`selectors.case_page.case_overview`) but import no other
feature app: an app adds its records to it by registering a source in its
`AppConfig.ready()`:

    from quartier.cases.timeline import register_timeline_source

    register_timeline_source("quartier.economy.selectors.placements.case_timeline")

A source is a selector called as `source(case=case, limit=limit)` that returns a list
of `quartier.cases.selectors.case_page.TimelineEvent`, read in one query, whose kinds
each have a partial `cases/timeline/_<kind>.html`. Sources are named by their dotted
path and imported on first use, so `ready()` loads no selectors.
"""

from collections.abc import Callable

from django.utils.module_loading import import_string

_sources: dict[str, None] = {}


def register_timeline_source(path: str) -> str:
    """Add the selector at `path` to every case timeline. Registering the same path
    again changes nothing (harmless on a repeated `ready()`)."""
    _sources[path] = None
    return path


def timeline_sources() -> list[Callable[..., list]]:
    """The registered sources, in the order of registration."""
    return [import_string(path) for path in _sources]
