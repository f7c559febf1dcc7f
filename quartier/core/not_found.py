"""The 404 pages of parts of the site that answer with their own.

`config.urls.handler404` is core's `views.not_found`; an app whose pages need another
404 page (the public offer map, in the visitor's language) registers it for its URL
prefix in its `AppConfig.ready()`, so core imports no feature app:

    from quartier.core.not_found import register_not_found_page

    register_not_found_page("/stadtteilplan/", "quartier.stadtteilplan.views.pages.not_found")

The view is named by its dotted path and imported when a 404 needs it.
"""

from collections.abc import Callable

from django.utils.module_loading import import_string

_pages: dict[str, str] = {}


def register_not_found_page(prefix: str, view: str) -> None:
    """Answer a 404 under the path `prefix` with the view at the dotted path `view`,
    called as `view(request, exception)`."""
    _pages[prefix] = view


def not_found_page_for(path: str) -> Callable | None:
    """The registered 404 view for this request path (the longest matching prefix), or
    None for the site's own 404 page."""
    prefixes = [prefix for prefix in _pages if path.startswith(prefix)]
    if not prefixes:
        return None
    return import_string(_pages[max(prefixes, key=len)])
