"""The participants panel that the offer's page includes (`offers/_offer_enrolments.html`).

An inclusion tag, so that any page showing an offer can include the panel without its
view knowing about enrolments; the names shown are read through the user's scope and
recorded in the access log like every other read of personal data.
"""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils import formats

from quartier.offers import enrolments
from quartier.offers.models import Enrolment
from quartier.privacy.services import access_log_record

register = template.Library()


@register.inclusion_tag("offers/enrolment_panel.html", takes_context=True)
def offer_enrolments_panel(context, offer) -> dict:
    request = context["request"]
    participants = enrolments.offer_participants(user=request.user, offer=offer)
    if participants.active or participants.waiting or participants.ended:
        access_log_record(
            actor=request.user,
            action="view",
            record=Enrolment,
            project_id=offer.project_id,
            organisation_id=offer.organisation_id,
            detail=f"participants of offer {offer.pk}",
        )
    return {"offer": offer, "participants": participants, "request": request, "show_all": False}


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
