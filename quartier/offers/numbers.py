"""Numbers as people write them in the offers pages: hours and shares without needless
decimals and with the language's decimal separator ("6,5", "120", "66,7")."""

from decimal import Decimal, InvalidOperation

from django.utils import formats


def short_number(value) -> str:
    """3 → "3", 6.50 → "6,5", 1.25 → "1,25" (localised, at most two decimals); "" for
    what is not a number."""
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
