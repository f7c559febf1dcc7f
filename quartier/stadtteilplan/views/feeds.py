"""Calendars (iCalendar, RFC 5545) of one offer and of a district's offers, and the
printable notice (PDF) of a district's offers. Public, published offers only, no cookie.

The offers' times come from `quartier.offers.schedules`, the same computation as the
pages and the HSDS feed, so the dates agree everywhere.
"""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from quartier.offers import schedules
from quartier.stadtteilplan import flyer as notice
from quartier.stadtteilplan import selectors
from quartier.stadtteilplan.views.pages import public_context

CALENDAR_TYPE = "text/calendar; charset=utf-8"


def _calendar_response(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text.encode("utf-8"), content_type=CALENDAR_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def district_calendar(request, district):
    """All published offers of the district in one calendar."""
    district = selectors.public_district_get(district)
    offers = selectors.district_offers(district, "de").order_by("title", "pk")
    name = f"{district.name} ({district.city})" if district.city else district.name
    text = schedules.ical_many(offers, name=name)
    return _calendar_response(text, f"{district.slug}.ics")


@require_GET
def offer_calendar(request, district, offer):
    """The offer's times as a calendar."""
    district = selectors.public_district_get(district)
    offer = selectors.public_offer_get(district, offer)
    filename = f"{slugify(offer.title)[:60] or 'angebot'}.ics"
    return _calendar_response(schedules.ical(offer), filename)


@require_GET
def flyer(request, district):
    """The notice as PDF, in `?sprache=` (a language of the map) or the page's language;
    a language the map does not speak is left out for the page's language.

    Never rendered here: the stored notice of the current content is served; when the
    content has changed since, the last notice is served and a new render queued; when
    there is none yet, a "being prepared" page (503, reloading itself) in the notice's
    language, and a render is queued. (A task backend that runs tasks at once, as in
    the tests, renders while queueing; the notice is then served at once.)"""
    district = selectors.public_district_get(district)
    languages = dict(settings.LANGUAGES)
    language = request.GET.get("sprache", "")
    if language not in languages:
        language = translation.get_language() or settings.LANGUAGE_CODE
        if language not in languages:
            language = settings.LANGUAGE_CODE
    content_hash = notice.content_hashes(district, languages=[language])[language]
    stored = notice.stored_flyer(district, language, content_hash)
    if stored is None or not stored.current:
        queued = notice.flyer_render_queue(district.pk, language, content_hash)
        if queued is not None and queued.is_finished:
            stored = notice.stored_flyer(district, language, content_hash) or stored
    if stored is None:
        return _flyer_preparing(request, district, language)
    response = HttpResponse(stored.pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="aushang-{district.slug}-{language}.pdf"'
    # Public and the same for everyone; an old notice only briefly (a new one is coming).
    response["Cache-Control"] = "public, max-age=300" if stored.current else "no-cache"
    return response


#: Seconds after which the "being prepared" page asks again.
FLYER_RETRY_SECONDS = 10


def _flyer_preparing(request, district, language: str) -> HttpResponse:
    with translation.override(language):
        context = public_context(district) | {"retry_after": FLYER_RETRY_SECONDS}
        response = render(request, "stadtteilplan/flyer_preparing.html", context, status=503)
    response["Retry-After"] = str(FLYER_RETRY_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
