"""Direction isolation for the public map's right-to-left pages: names, addresses and
times set into a translated sentence keep their own direction and punctuation
("Stadtteilwerk Wanne-Eickel e.V." stays so in Arabic, not ".Wanne-Eickel e.V")."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def bdi(value):
    """`value` as a bidirectional isolate, for names (an organisation, a place, a
    district) inside text in another direction; usable in blocktranslate's `with`."""
    return format_html("<bdi>{}</bdi>", value)


@register.filter
def bdi_ltr(value):
    """`value` as a left-to-right isolate (times, numbers, addresses of the web)."""
    return format_html('<bdi dir="ltr">{}</bdi>', value)
