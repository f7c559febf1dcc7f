"""Small template filters of the app shell."""

from datetime import timedelta

from django import template

register = template.Library()


@register.filter
def minutes(value) -> int | str:
    """Whole minutes of a timedelta (rounded up), e.g. the lock-out's cool-off time."""
    if not isinstance(value, timedelta):
        return ""
    return max(1, -(-int(value.total_seconds()) // 60))


@register.filter
def get_item(mapping, key):
    """`{{ labels|get_item:code }}`: a label looked up by its code."""
    try:
        return mapping.get(key, key)
    except AttributeError:
        return key
