"""Template filters of the enrolment pages."""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils import formats

register = template.Library()


@register.filter
def hours(value) -> str:
    """Hours as people write them: "3", "2,5", "1,25" (localised), "0" for none."""
    try:
        amount = Decimal(value or 0).quantize(Decimal("0.01"))
    except (InvalidOperation, TypeError, ValueError):
        return ""
    if amount == amount.to_integral_value():
        places = 0
    elif amount * 10 == (amount * 10).to_integral_value():
        places = 1
    else:
        places = 2
    return formats.number_format(amount, decimal_pos=places)
