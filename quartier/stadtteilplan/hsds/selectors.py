"""Reads of the HSDS API: published offers only, each list in a fixed number of queries.

Everything starts from `quartier.offers.selectors.offers.published_offers()` (published,
active, not over); organisations are those with at least one such offer, places
those of such offers. Nothing here reads participants, enrolments or attendance.

Distances are computed in SQL: a bounding box on the coordinates first (cheap,
indexable), then the haversine condition itself, written without arcsine as
``a <= sin²(r / 2R)`` (the same test, monotonic in the distance), with the
trigonometric functions Django provides on SQLite and PostgreSQL alike.
"""

import datetime as dt
import math
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from django.db.models import Avg, Exists, FloatField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Cos, Power, Radians, Sin

from quartier.core.models import Organisation
from quartier.offers.models import Location, Offer, OfferTranslation, Schedule, ScheduleException
from quartier.offers.selectors.offers import published_offers
from quartier.stadtteilplan.hsds import identifiers, taxonomy
from quartier.stadtteilplan.hsds.params import Point

EARTH_RADIUS_METRES = 6_371_008.8
MAX_SEARCH_WORDS = 8

#: One service at one location: a row of the offers' places (Offer.locations).
ServiceAtLocation = Offer.locations.through


@dataclass(frozen=True)
class ServiceQuery:
    """The filters of /services and /service_at_locations, already validated."""

    search: str = ""
    taxonomy_term_id: str = ""
    taxonomy_id: str = ""
    organization_id: str = ""
    modified_after: dt.datetime | None = None
    #: Only places with this postcode (not used when `near` measures from it).
    postcode: str = ""
    near: Point | None = None


# Services -----------------------------------------------------------------------------


def _with_details(offers: QuerySet[Offer]) -> QuerySet[Offer]:
    """What a full HSDS service shows beyond `published_offers()`'s own prefetches."""
    return offers.select_related("contact_person").prefetch_related("locations__district")


def services(query: ServiceQuery) -> QuerySet[Offer]:
    """The published offers matching `query`, nearest first when measuring a distance,
    else by title."""
    offers = _filtered_offers(query)
    places = _places(query)
    if places is None:
        return _with_details(offers).order_by("title", "id")
    offers = offers.filter(Exists(places.filter(offers=OuterRef("pk"))))
    if query.near is None:
        return _with_details(offers).order_by("title", "id")
    nearest = (
        places.filter(offers=OuterRef("pk"))
        .annotate(hsds_distance=_haversine_a(query.near))
        .order_by("hsds_distance")
        .values("hsds_distance")[:1]
    )
    return (
        _with_details(offers)
        .annotate(hsds_nearest=Subquery(nearest, output_field=FloatField()))
        .order_by("hsds_nearest", "title", "id")
    )


def service_get(public_id) -> Offer | None:
    """One published offer by its public id, with everything a full service shows."""
    return _with_details(published_offers()).filter(public_id=public_id).first()


def services_by_pk(pks) -> dict[int, Offer]:
    """Published offers by primary key, loaded in a fixed number of queries."""
    return {offer.pk: offer for offer in _with_details(published_offers()).filter(pk__in=pks)}


def _filtered_offers(query: ServiceQuery) -> QuerySet[Offer]:
    offers = published_offers()
    for word in query.search.split()[:MAX_SEARCH_WORDS]:
        offers = offers.filter(_matches(word))
    if query.taxonomy_term_id:
        term = taxonomy.term_by_id(query.taxonomy_term_id)
        offers = taxonomy.offers_with(offers, term) if term else offers.none()
    if query.taxonomy_id:
        found = taxonomy.taxonomy_by_id(query.taxonomy_id)
        offers = taxonomy.offers_in(offers, found) if found else offers.none()
    if query.organization_id:
        pk = _organisation_pks().get(query.organization_id)
        offers = offers.filter(organisation_id=pk) if pk else offers.none()
    if query.modified_after:
        offers = offers.filter(_changed_since(query.modified_after))
    return offers


def _matches(word: str) -> Q:
    """The offer's German texts or any of its translations contain `word`."""
    translated = OfferTranslation.objects.filter(offer=OuterRef("pk")).filter(
        Q(title__icontains=word) | Q(short_description__icontains=word)
    )
    return (
        Q(title__icontains=word)
        | Q(short_description__icontains=word)
        | Q(description__icontains=word)
        | Exists(translated)
    )


def _changed_since(moment: dt.datetime) -> Q:
    """The offer or anything shown with it (provider, translations, schedules and their
    exceptions, places) was saved at or after `moment`: the same things a service's
    `last_modified` is the latest of."""
    return (
        Q(updated_at__gte=moment)
        | Q(organisation__updated_at__gte=moment)
        | Exists(OfferTranslation.objects.filter(offer=OuterRef("pk"), updated_at__gte=moment))
        | Exists(Schedule.objects.filter(offer=OuterRef("pk"), updated_at__gte=moment))
        | Exists(
            ScheduleException.objects.filter(schedule__offer=OuterRef("pk"), updated_at__gte=moment)
        )
        | Exists(Location.objects.filter(offers=OuterRef("pk"), updated_at__gte=moment))
    )


# Places and distances -----------------------------------------------------------------


def _places(query: ServiceQuery) -> QuerySet[Location] | None:
    """The places that satisfy the postcode and proximity filters, None if neither is
    given."""
    if not query.postcode and query.near is None:
        return None
    places = Location.objects.all()
    if query.postcode:
        places = places.filter(postcode=query.postcode)
    if query.near is not None:
        places = _within(places, query.near)
    return places


def _radians(name: str):
    return Radians(Cast(name, FloatField()))


def _haversine_a(point: Point, prefix: str = ""):
    """The haversine formula's `a` between `point` and the place's coordinates:
    sin²(Δφ/2) + cos φ₁ · cos φ₂ · sin²(Δλ/2)."""
    latitude = _radians(f"{prefix}latitude")
    longitude = _radians(f"{prefix}longitude")
    lat0, lon0 = math.radians(point.latitude), math.radians(point.longitude)
    half = Value(2.0)
    return Power(Sin((latitude - Value(lat0)) / half), 2) + Value(math.cos(lat0)) * Cos(
        latitude
    ) * Power(Sin((longitude - Value(lon0)) / half), 2)


def _degrees(value: float, rounding) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.000001"), rounding=rounding)


def _within(places: QuerySet[Location], point: Point) -> QuerySet[Location]:
    """The `places` within `point.radius` metres of the point: bounding box, then haversine."""
    angle = point.radius / EARTH_RADIUS_METRES
    dlat = math.degrees(angle)
    places = places.filter(
        latitude__gte=_degrees(point.latitude - dlat, ROUND_FLOOR),
        latitude__lte=_degrees(point.latitude + dlat, ROUND_CEILING),
    )
    widest = abs(point.latitude) + dlat
    if widest < 89:
        dlon = math.degrees(angle / math.cos(math.radians(widest)))
        if point.longitude - dlon > -180 and point.longitude + dlon < 180:
            places = places.filter(
                longitude__gte=_degrees(point.longitude - dlon, ROUND_FLOOR),
                longitude__lte=_degrees(point.longitude + dlon, ROUND_CEILING),
            )
    limit = math.sin(min(angle, math.pi) / 2) ** 2
    return places.alias(hsds_a=_haversine_a(point)).filter(hsds_a__lte=limit)


def postcode_centroid(postcode: str) -> tuple[float, float] | None:
    """The centre of the published places with coordinates in `postcode`, or None.
    Quartier holds no postcode gazetteer: the centroid HSDS measures `proximity` from is
    approximated by the places it knows there."""
    centre = Location.objects.filter(
        postcode=postcode,
        latitude__isnull=False,
        pk__in=published_offers().filter(locations__isnull=False).values("locations"),
    ).aggregate(latitude=Avg("latitude"), longitude=Avg("longitude"))
    if centre["latitude"] is None:
        return None
    return float(centre["latitude"]), float(centre["longitude"])


# Services at locations ----------------------------------------------------------------


def service_at_locations(query: ServiceQuery) -> QuerySet:
    """The (offer, place) rows of published offers matching `query`, nearest first when
    measuring a distance, else by title and place name. Postcode and proximity apply to
    each place itself."""
    rows = ServiceAtLocation.objects.filter(offer__in=_filtered_offers(query).values("pk"))
    places = _places(query)
    if places is not None:
        rows = rows.filter(location__in=places.values("pk"))
    order = ["offer__title", "offer_id", "location__name", "location_id"]
    if query.near is not None:
        rows = rows.annotate(hsds_a=_haversine_a(query.near, prefix="location__"))
        order.insert(0, "hsds_a")
    return rows.order_by(*order)


def service_at_location_get(hsds_id: str) -> tuple[Offer, Location] | None:
    """The published offer and place behind a service-at-location id, or None.

    The id is a name-based UUID of the offer's and place's public ids and cannot be
    reversed, so the (few thousand at most) published rows are compared in Python in
    one query."""
    rows = (
        ServiceAtLocation.objects.filter(offer__in=published_offers().values("pk"))
        .values_list("offer__public_id", "location__public_id", "offer_id", "location_id")
        .order_by()
    )
    for offer_public_id, location_public_id, offer_pk, location_pk in rows.iterator():
        if identifiers.service_at_location_id(offer_public_id, location_public_id) == hsds_id:
            offer = services_by_pk([offer_pk]).get(offer_pk)
            places = offer.locations.all() if offer else []
            location = next((place for place in places if place.pk == location_pk), None)
            return (offer, location) if location else None
    return None


# Organisations ------------------------------------------------------------------------


def _organisation_pks() -> dict[str, int]:
    """HSDS organisation id → primary key, for the organisations with published offers."""
    pairs = (
        published_offers()
        .prefetch_related(None)
        .order_by()
        .values_list("organisation_id", "organisation__slug")
        .distinct()
    )
    return {identifiers.organization_id(slug): pk for pk, slug in pairs}


def organisations(search: str = "") -> QuerySet[Organisation]:
    """Organisations with at least one published offer, by name."""
    found = Organisation.objects.filter(pk__in=published_offers().values("organisation_id"))
    for word in search.split()[:MAX_SEARCH_WORDS]:
        found = found.filter(name__icontains=word)
    return found.order_by("name", "pk")


def organisation_get(hsds_id: str) -> Organisation | None:
    pk = _organisation_pks().get(hsds_id)
    return Organisation.objects.filter(pk=pk).first() if pk else None


def services_of(organisation: Organisation) -> list[Offer]:
    """An organisation's published offers with everything a full service shows."""
    return list(
        _with_details(published_offers()).filter(organisation=organisation).order_by("title", "id")
    )
