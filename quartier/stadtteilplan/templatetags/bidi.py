"""Direction isolation for the public map's right-to-left pages: names, addresses and
times set into a translated sentence keep their own direction and punctuation
("Stadtteilwerk Wanne-Eickel e.V." stays so in Arabic, not ".Wanne-Eickel e.V")."""

import re
import unicodedata

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def bdi(value):
    """`value` as a bidirectional isolate, for names (an organisation, a place, a
    district) inside text in another direction; usable in blocktranslate's `with`."""
    return format_html("<bdi>{}</bdi>", value)


def _first_strong(text: str) -> str:
    """ "L" or "R": the direction of the first letter with a strong direction."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "L"
        if kind in ("R", "AL"):
            return "R"
    return "L"


@register.filter
def isolated(value):
    """`value` between Unicode isolates (FSI … PDI), for the PDF notice: WeasyPrint
    ignores <bdi>. It also lays out each line of a wrapped text on its own, so that
    a name's end on the next line loses the isolate: a mark of the name's direction
    (LRM, RLM) after it and after its punctuation keeps trailing punctuation in place
    ("e.V." not ".e.V")."""
    text = str(value)
    mark = "\u200e" if _first_strong(text) == "L" else "\u200f"
    # The same after the punctuation a line may break at ("sozialberatung-").
    text = re.sub(r"([-./@])", rf"\1{mark}", text)
    return f"\u2068{text}{mark}\u2069"
