"""System checks that catch misconfiguration before Quartier serves anyone."""

from django.conf import settings
from django.core.checks import Error, register


@register()
def check_public_allow_list(app_configs, **kwargs):
    """Every entry of PUBLIC_URL_NAMES must name a real URL, so a typo cannot go unnoticed."""
    from quartier.core.urlwalk import walk

    routes = walk()
    names = {route.view_name for route in routes}
    namespaces = {ns for route in routes for ns in route.namespaces}
    errors = []
    for entry in settings.PUBLIC_URL_NAMES:
        known = entry[:-2] in namespaces if entry.endswith(":*") else entry in names
        if not known:
            errors.append(
                Error(
                    f"PUBLIC_URL_NAMES names {entry!r}, but no URL has that name.",
                    hint="Correct the entry in config/settings.py or remove it.",
                    id="quartier.E001",
                )
            )
    return errors
