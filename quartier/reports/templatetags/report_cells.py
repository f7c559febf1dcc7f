"""Template filters of the reports: counts as the viewer may see them."""

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def cell(value, cells):
    """`{{ count|cell:cells }}`: the count, or "<5" when `cells` suppresses it; "–" for
    a figure that does not exist (None: EECO19 has no gender breakdown)."""
    if value is None:
        return "–"
    shown = cells.show(value)
    return number_format(shown, force_grouping=True) if isinstance(shown, int) else shown


@register.simple_tag
def share(part, whole, cells):
    """`{% share part whole cells %}`: `part` as a per cent of `whole`, or "–"."""
    return cells.share(part, whole)


@register.filter
def hides(cells, value) -> bool:
    """`{% if cells|hides:count %}`: whether the count is suppressed for this viewer."""
    return cells.hides(value)


@register.filter
def get_figure(figures: dict, key: str):
    """`{{ figures|get_figure:"women" }}`: one column of an indicator's figures."""
    return figures.get(key, 0)
