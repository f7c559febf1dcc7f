"""The printable notice (Aushang) of a district's offers: an A4 PDF in one language, for
the café's notice board. The weekly times are written out in words ("Mondays,
9:00–12:00"), single dates as the next dates; a QR code leads to the district's page
in the same language.

A PDF takes a moment to render, and the URL is public: a notice holds at most
`MAX_OFFERS` offers (the rest are on the web page), and a rendered notice is kept in
the cache until an offer, its times or its translations change (at most `CACHE_SECONDS`).
"""

import datetime as dt
import hashlib
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from quartier.core.models import District
from quartier.core.pdf import render_pdf
from quartier.offers import schedules
from quartier.offers.models import Offer, OfferTranslation, Schedule
from quartier.offers.services.certificates import qr_code_data_uri
from quartier.stadtteilplan import selectors
from quartier.stadtteilplan.forms import PUBLIC_KINDS
from quartier.stadtteilplan.language import (
    content_language,
    html_lang,
    list_separators,
    ltr_isolated,
)

TEMPLATE = "stadtteilplan/pdf/flyer.html"
MAX_OFFERS = 40
#: How many single dates of an offer the notice lists.
MAX_DATES = 3
CACHE_SECONDS = 15 * 60

WEEKDAYS_PLURAL = (
    _("Mondays"),
    _("Tuesdays"),
    _("Wednesdays"),
    _("Thursdays"),
    _("Fridays"),
    _("Saturdays"),
    _("Sundays"),
)


def _time(value: dt.time) -> str:
    return f"{value.hour}:{value.minute:02d}"


def _times(schedule: Schedule) -> str:
    """The time range, isolated left to right: "9:00–12:00" also in Arabic text."""
    return ltr_isolated(f"{_time(schedule.start_time)}–{_time(schedule.end_time)}")


def _day(value: dt.date) -> str:
    comma, _semicolon = list_separators()
    return f"{date_format(value, 'l')}{comma}{date_format(value, 'DATE_FORMAT')}"


def schedule_in_words(schedule: Schedule, *, today: dt.date) -> str | None:
    """A weekly schedule in words in the active language, e.g. "Mondays, Wednesdays,
    9:00–12:00, every 2 weeks, until 30 June 2026"; None for a single date or a
    schedule that has ended."""
    if schedule.kind != Schedule.Kind.WEEKLY or not schedule.weekdays:
        return None
    if schedule.valid_until and schedule.valid_until < today:
        return None
    comma, _semicolon = list_separators()
    days = comma.join(str(WEEKDAYS_PLURAL[day]) for day in sorted(schedule.weekdays))
    parts = [gettext("%(days)s, %(times)s") % {"days": days, "times": _times(schedule)}]
    interval = schedule.interval or 1
    if interval > 1:
        parts.append(
            ngettext("every %(count)s week", "every %(count)s weeks", interval)
            % {"count": interval}
        )
    if schedule.valid_from and schedule.valid_from > today:
        parts.append(gettext("from %(date)s") % {"date": date_format(schedule.valid_from)})
    if schedule.valid_until:
        parts.append(gettext("until %(date)s") % {"date": date_format(schedule.valid_until)})
    text = comma.join(parts)
    if schedule.location:
        text += f" · {ltr_isolated(schedule.location.name)}"
    return text


def offer_times(offer: Offer, *, today: dt.date) -> list[str]:
    """When the offer takes place, in words: its weekly times, then its next single
    dates (at most MAX_DATES)."""
    lines = [
        text
        for schedule in offer.schedules.all()
        if (text := schedule_in_words(schedule, today=today))
    ]
    single = [
        session
        for session in schedules.occurrences(offer, today, today + dt.timedelta(days=365))
        if session.schedule.kind == Schedule.Kind.ONE_OFF
    ][:MAX_DATES]
    comma, _semicolon = list_separators()
    lines += [f"{_day(session.date)}{comma}{_times(session.schedule)}" for session in single]
    return lines


def _row(offer: Offer, language: str, today: dt.date) -> dict:
    text = offer.text_in(language)
    return {
        "offer": offer,
        "text": text,
        "kind": PUBLIC_KINDS.get(offer.kind, offer.get_kind_display()),
        "times": offer_times(offer, today=today),
        "places": list(offer.locations.all()),
        "phone": offer.contact_phone or offer.organisation.phone,
        "email": offer.contact_email or offer.organisation.email,
    }


def district_url(district: District) -> str:
    """The district page's address, as printed (from QUARTIER_BASE_URL, never the
    request's host)."""
    return settings.QUARTIER_BASE_URL + reverse("stadtteilplan:offer_list", args=[district.slug])


def district_url_in(district: District, language: str) -> str:
    """The district page opened in `language` (through the language switch), for the
    QR code: a reader of an Arabic notice lands on the Arabic page."""
    query = urlencode(
        {"lang": language, "next": reverse("stadtteilplan:offer_list", args=[district.slug])}
    )
    return f"{settings.QUARTIER_BASE_URL}{reverse('stadtteilplan:language')}?{query}"


def flyer_context(district: District, language: str, *, today: dt.date) -> dict:
    """What the notice shows, read in `language` (call inside translation.override)."""
    offer_language = content_language(language)
    offers = list(selectors.district_offers(district, offer_language).order_by("title", "pk"))
    rows = [_row(offer, offer_language, today) for offer in offers]
    rows.sort(key=lambda row: (row["text"].title.casefold(), row["offer"].pk))
    return {
        "district": district,
        "language": language,
        "html_lang": html_lang(language),
        "rtl": language in settings.LANGUAGES_BIDI,
        "comma": list_separators(language)[0],
        "semicolon": list_separators(language)[1],
        "rows": rows[:MAX_OFFERS],
        "more": max(0, len(rows) - MAX_OFFERS),
        "contact_points": selectors.contact_points(district),
        "url": district_url(district),
        "qr_code": qr_code_data_uri(district_url_in(district, language)),
        "printed": date_format(today, "DATE_FORMAT"),
    }


def _fingerprint(district: District) -> str:
    """Changes whenever an offer of the district, its times or translations change."""
    offers = selectors.district_offers(district, "de").values("pk")
    figures = [
        Offer.objects.filter(pk__in=offers).aggregate(n=Count("pk"), last=Max("updated_at")),
        Schedule.objects.filter(offer__in=offers).aggregate(n=Count("pk"), last=Max("updated_at")),
        OfferTranslation.objects.filter(offer__in=offers).aggregate(
            n=Count("pk"), last=Max("updated_at")
        ),
        {"district": district.updated_at},
    ]
    return hashlib.sha256(repr(figures).encode()).hexdigest()[:24]


def flyer_pdf(district: District, language: str, *, today: dt.date | None = None) -> bytes:
    """The notice as PDF bytes, in `language` (one of settings.LANGUAGES)."""
    today = today or timezone.localdate()
    key = f"stadtteilplan:flyer:{district.pk}:{language}:{today}:{_fingerprint(district)}"
    pdf = cache.get(key)
    if pdf is None:
        with translation.override(language):
            pdf = render_pdf(TEMPLATE, flyer_context(district, language, today=today))
        cache.set(key, pdf, CACHE_SECONDS)
    return pdf
