"""The public pages of the offer map: districts, offers (list and map), one offer, the
district's portrait, and the language switch. No login; nothing here sets a cookie but
the language choice."""

import datetime as dt

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_GET

from quartier.network.selectors.partners import public_teams
from quartier.offers.models import Location
from quartier.participants.models import TargetGroup
from quartier.stadtteilplan import selectors
from quartier.stadtteilplan.forms import (
    PUBLIC_KINDS,
    PUBLIC_TARGET_GROUP_LABELS,
    PublicFilterForm,
)
from quartier.stadtteilplan.language import (
    SPOKEN_LANGUAGES,
    content_language,
    html_lang,
    list_separators,
    public_languages,
)

SPOKEN = dict(SPOKEN_LANGUAGES)


def public_context(district=None, section: str = "") -> dict:
    """What every public page's frame needs; `comma` and `semicolon` separate list
    items in the page's language."""
    comma, semicolon = list_separators()
    return {
        "comma": comma,
        "semicolon": semicolon,
        "district": district,
        "section": section,
        "public_languages": public_languages(),
        "html_lang": html_lang(),
        "tile_url": settings.MAP_TILE_URL,
    }


def not_found(request, exception=None):
    """The public map's 404: in the visitor's language, with a way back."""
    district = None
    match = request.resolver_match
    if match and match.kwargs.get("district"):
        district = selectors.District.objects.filter(slug=match.kwargs["district"]).first()
    return render(request, "stadtteilplan/404.html", public_context(district), status=404)


#: Leaflet's marker images, named by their static URLs: Leaflet would otherwise derive
#: their address from its stylesheet's, which fails for hashed names (collectstatic
#: with the manifest storage in production).
MARKER_IMAGES = {
    "icon": "leaflet/images/marker-icon.png",
    "icon2x": "leaflet/images/marker-icon-2x.png",
    "shadow": "leaflet/images/marker-shadow.png",
}


def _centre(district) -> dict:
    return {
        "lat": float(district.centre_lat),
        "lon": float(district.centre_lon),
        "name": district.name,
        "tiles": settings.MAP_TILE_URL,
        "attribution": settings.MAP_TILE_ATTRIBUTION,
        "icons": {name: static(path) for name, path in MARKER_IMAGES.items()},
        # Leaflet's own button labels are English.
        "labels": {
            "zoom_in": gettext("Zoom in"),
            "zoom_out": gettext("Zoom out"),
            "close": gettext("Close"),
        },
    }


@require_GET
def index(request):
    districts = list(selectors.public_districts())
    return render(request, "stadtteilplan/index.html", public_context() | {"districts": districts})


@require_GET
def language(request):
    """Switch the language (a plain link, works without JavaScript) and go back."""
    code = request.GET.get("lang", "")
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ) or not target.startswith("/stadtteilplan/"):
        target = reverse("stadtteilplan:index")
    response = HttpResponseRedirect(target)
    if code in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=settings.LANGUAGE_COOKIE_AGE or 365 * 24 * 3600,
            path=settings.LANGUAGE_COOKIE_PATH,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response


def _offer_rows(offers, language: str, now: dt.datetime) -> list[dict]:
    return [
        {
            "offer": offer,
            "text": offer.text_in(language),
            "next": selectors.next_sessions(offer, now=now, count=1),
            "places": list(offer.locations.all()),
            "kind": PUBLIC_KINDS.get(offer.kind, offer.get_kind_display()),
        }
        for offer in offers
    ]


def _filtered(request, district):
    language = content_language()
    form = PublicFilterForm(request.GET or None)
    filters = form.filters() if request.GET else selectors.PublicFilter()
    offers = selectors.filter_offers(
        selectors.district_offers(district, language), filters, language
    ).order_by("title", "pk")
    return form, offers


def _listing(request, district, *, page_size: int):
    language = content_language()
    form, offers = _filtered(request, district)
    page = Paginator(offers, page_size).get_page(request.GET.get("seite"))
    now = timezone.now()
    query = request.GET.copy()
    query.pop("seite", None)
    place = None
    if form.is_bound and form.is_valid() and form.cleaned_data.get("ort"):
        place = Location.objects.filter(
            public_id=form.cleaned_data["ort"], district=district
        ).first()
    return {
        "form": form,
        "place": place,
        "page": page,
        "rows": _offer_rows(page.object_list, language, now),
        "query": query.urlencode(),
        "filtered": bool(request.GET) and form.active,
        "ignored": form.ignored if request.GET else [],
    }


@require_GET
def district_offers(request, district):
    district = selectors.public_district_get(district)
    context = public_context(district, "list") | _listing(
        request, district, page_size=selectors.PAGE_SIZE
    )
    return render(request, "stadtteilplan/offer_list.html", context)


@require_GET
def district_map(request, district):
    """The map: the filtered offers' places as markers (progressive enhancement), and the
    same places as a list, which is all there is without JavaScript or tiles."""
    district = selectors.public_district_get(district)
    form, offers = _filtered(request, district)
    places = selectors.district_places(offers)
    context = public_context(district, "map") | {
        "form": form,
        "filtered": bool(request.GET) and form.active,
        "ignored": form.ignored if request.GET else [],
        "places": places,
    }
    list_url = reverse("stadtteilplan:offer_list", args=[district.slug])
    for place in places:
        place.url = f"{list_url}?ort={place.location.public_id}"
    context["markers"] = [
        {
            "lat": float(place.location.latitude),
            "lon": float(place.location.longitude),
            "name": place.location.name,
            "address": place.location.address,
            "cafe": place.is_cafe,
            "url": place.url,
            "link": ngettext(
                "See the %(counter)s offer here",
                "See the %(counter)s offers here",
                place.offer_count,
            )
            % {"counter": place.offer_count},
        }
        for place in places
        if place.location.latitude is not None and place.location.longitude is not None
    ]
    context["centre"] = _centre(district) | {"boundary": district.boundary}
    return render(request, "stadtteilplan/map.html", context)


@require_GET
def offer_detail(request, district, offer):
    district = selectors.public_district_get(district)
    offer = selectors.public_offer_get(district, offer)
    language = content_language()
    now = timezone.now()
    places = list(offer.locations.all())
    context = public_context(district, "list") | {
        "offer": offer,
        "target_groups": [
            PUBLIC_TARGET_GROUP_LABELS.get(code) or TargetGroup(code).label
            for code in offer.target_groups or []
            if code in TargetGroup.values
        ],
        "text": offer.text_in(language),
        "kind": PUBLIC_KINDS.get(offer.kind, offer.get_kind_display()),
        "sessions": selectors.next_sessions(offer, now=now, count=6),
        "places": places,
        "markers": [
            {
                "lat": float(place.latitude),
                "lon": float(place.longitude),
                "name": place.name,
                "address": place.address,
                "offers": [],
            }
            for place in places
            if place.latitude is not None and place.longitude is not None
        ],
        "centre": _centre(district),
        "languages": [(code, SPOKEN.get(code, code)) for code in offer.languages or []],
    }
    return render(request, "stadtteilplan/offer_detail.html", context)


@require_GET
def district_portrait(request, district):
    district = selectors.public_district_get(district)
    statistic = selectors.district_statistic(district)
    language = content_language()
    offers = selectors.district_offers(district, language).order_by("title", "pk")
    context = public_context(district, "district") | {
        "statistic": statistic,
        "contact_points": selectors.contact_points(district),
        "offer_count": offers.count(),
        # network: the district's public coach teams with their public members.
        "coach_teams": public_teams(district),
    }
    return render(request, "stadtteilplan/district.html", context)
