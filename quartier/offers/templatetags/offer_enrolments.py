"""Template filters of the enrolment pages."""

from django import template

from quartier.offers.numbers import short_number

register = template.Library()


@register.filter
def hours(value) -> str:
    """Hours as people write them: "3", "2,5", "1,25" (localised), "0" for none."""
    return short_number(value)
