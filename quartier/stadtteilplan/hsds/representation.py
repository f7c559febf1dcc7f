"""Quartier's published offers as Open Referral HSDS 3.0 objects (plain dicts for JSON).

Mapping: an `Offer` is a service, its provider `Organisation` the organization, each
`Location` a location with one address, each (offer, place) a service_at_location,
each `Schedule` a schedule (RFC 5545 fields from `offers.schedules.hsds_schedule`),
the offer's kind, occupational field, target groups and features attributes linking
to the terms of `taxonomy`. HSDS fields are never null in the compiled schemas, so
an unknown value is left out rather than written as null.

Texts come in the language the caller asked for, German where no translation
exists (`Offer.text_in`); labels (taxonomy terms, language names) through gettext
in the active language.

Departures from what HSDS could hold, for want of data: schedule exceptions (HSDS
3.0 has no EXDATE) from today on are written into the schedule's `notes`; an address's
`state_province` is the federal state derived from its city and postcode
(`regions.federal_state`), since Quartier does not record it; a place's internal
notes are never published.
"""

import datetime as dt

from django.conf.locale import LANG_INFO
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.core.models import Organisation
from quartier.offers.models import Location, Offer, Schedule
from quartier.offers.schedules import hsds_schedule
from quartier.participants.models import TargetGroup
from quartier.stadtteilplan.hsds import identifiers, regions, taxonomy
from quartier.stadtteilplan.hsds.params import Paging

COUNTRY = "DE"
CURRENCY = "EUR"


def _present(data: dict) -> dict:
    """`data` without the fields that have no value (HSDS fields are not nullable)."""
    return {key: value for key, value in data.items() if value is not None and value != ""}


def _without_none(data: dict) -> dict:
    return {key: value for key, value in data.items() if value is not None}


def timestamp(moment: dt.datetime) -> str:
    """An RFC 3339 date-time in UTC with milliseconds (truncated, never rounded up, so
    that `modified_after` with this value finds the record again)."""
    return moment.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def last_modified(offer: Offer) -> dt.datetime:
    """The latest save of the offer or anything shown with it (all prefetched)."""
    moments = [offer.updated_at, offer.organisation.updated_at]
    moments += [item.updated_at for item in offer.translations.all()]
    moments += [place.updated_at for place in offer.locations.all()]
    for schedule in offer.schedules.all():
        moments.append(schedule.updated_at)
        moments += [exception.updated_at for exception in schedule.exceptions.all()]
    return max(moments)


# Organizations ------------------------------------------------------------------------


def organization(organisation: Organisation) -> dict:
    """The organization's own fields (organization_list.json)."""
    return _present(
        {
            "id": identifiers.organization_id(organisation.slug),
            "name": organisation.name,
            "description": str(organisation.get_kind_display()),
            "email": organisation.email,
            "website": organisation.website,
        }
    )


def _organization_phones(organisation: Organisation) -> list[dict]:
    if not organisation.phone:
        return []
    org_id = identifiers.organization_id(organisation.slug)
    return [
        {
            "id": identifiers.derived_id("phone", "organization", organisation.slug),
            "organization_id": org_id,
            "number": organisation.phone,
            "type": "voice",
        }
    ]


def organization_full(
    organisation: Organisation, offers: list[Offer], *, language: str, full_services: bool
) -> dict:
    """The organization with its phones, the places of its published offers and those
    offers (each a full service if `full_services`, else the service's own fields)."""
    places = {}
    for offer in offers:
        for place in offer.locations.all():
            places.setdefault(place.pk, (place, offer))
    shown = service_full if full_services else service
    return {
        **organization(organisation),
        "phones": _organization_phones(organisation),
        "locations": [location_full(place, offer) for place, offer in places.values()],
        "services": [shown(offer, language=language) for offer in offers],
    }


# Services -----------------------------------------------------------------------------


def _texts(offer: Offer, language: str) -> dict:
    text = offer.text_in(language)
    translated_summary = "short_description" not in text.fallback
    description = (
        text.short_description if translated_summary else offer.description
    ) or text.short_description
    return {
        "name": text.title,
        "alternate_name": offer.title if text.title != offer.title else None,
        "description": description,
        "application_process": text.how_to_take_part,
    }


def _fees(offer: Offer) -> str:
    if offer.cost_note:
        return offer.cost_note
    if offer.is_free:
        return _("free of charge")
    return f"{offer.cost:.2f} {CURRENCY}"


def _eligibility(offer: Offer) -> str:
    groups = set(offer.target_groups or [])
    return ", ".join(str(label) for code, label in TargetGroup.choices if code in groups)


def service(offer: Offer, *, language: str) -> dict:
    """The service's one-to-one fields and its organization (service_list.json)."""
    return _present(
        {
            "id": str(offer.public_id),
            "organization_id": identifiers.organization_id(offer.organisation.slug),
            **_texts(offer, language),
            "email": offer.contact_email,
            "status": "active",
            "fees_description": _fees(offer),
            "eligibility_description": _eligibility(offer),
            "last_modified": timestamp(last_modified(offer)),
            "organization": organization(offer.organisation),
        }
    )


def service_full(offer: Offer, *, language: str, with_locations: bool = True) -> dict:
    """The fully nested service (service.json): schedules, places, languages, contacts,
    phones, costs and taxonomy attributes."""
    data = {
        **service(offer, language=language),
        "phones": _service_phones(offer),
        "schedules": [schedule(item) for item in offer.schedules.all()],
        "languages": _languages(offer),
        "contacts": _contacts(offer),
        "cost_options": _cost_options(offer),
        "attributes": [attribute(offer, term) for term in taxonomy.terms_of(offer)],
    }
    if with_locations:
        data["service_at_locations"] = [
            service_at_location_full(offer, place, language=language, nested=True)
            for place in offer.locations.all()
        ]
    return data


def _service_phones(offer: Offer) -> list[dict]:
    if not offer.contact_phone:
        return []
    return [
        {
            "id": identifiers.derived_id("phone", "service", offer.public_id),
            "service_id": str(offer.public_id),
            "number": offer.contact_phone,
            "type": "voice",
        }
    ]


def _contacts(offer: Offer) -> list[dict]:
    person = offer.contact_person
    name = person.full_name if person is not None and person.is_active else ""
    if not (name or offer.contact_email):
        return []
    contact = {
        "id": identifiers.derived_id("contact", "service", offer.public_id),
        "service_id": str(offer.public_id),
        "name": name,
        "email": offer.contact_email,
    }
    return [_present(contact)]


def _languages(offer: Offer) -> list[dict]:
    found = []
    for code in offer.languages or []:
        info = LANG_INFO.get(code, {})
        found.append(
            {
                "id": identifiers.derived_id("language", offer.public_id, code),
                "service_id": str(offer.public_id),
                "name": _(info["name"]) if "name" in info else code,
                "code": code,
            }
        )
    return found


def _cost_options(offer: Offer) -> list[dict]:
    option = {
        "id": identifiers.derived_id("cost_option", offer.public_id),
        "service_id": str(offer.public_id),
        "currency": CURRENCY,
        "amount": float(offer.cost),
        "amount_description": offer.cost_note,
    }
    return [_present(option)]


def attribute(offer: Offer, term: taxonomy.Term) -> dict:
    return {
        "id": identifiers.derived_id("attribute", offer.public_id, term.id),
        "link_id": str(offer.public_id),
        "link_entity": "service",
        "taxonomy_term_id": term.id,
        "taxonomy_term": taxonomy_term(term),
    }


# Schedules ----------------------------------------------------------------------------


def schedule(item: Schedule, *, service_at_location_id: str = "") -> dict:
    """The schedule's RFC 5545 fields; its exceptions (dates without a session) from
    today on in `notes`, since HSDS 3.0 has no field for them. Past exceptions are
    left out: they change no coming session, and would grow the answer for ever."""
    data = _present(hsds_schedule(item))
    if service_at_location_id:
        data["service_at_location_id"] = service_at_location_id
    today = timezone.localdate()
    exceptions = sorted(
        (exception for exception in item.exceptions.all() if exception.date >= today),
        key=lambda exception: exception.date,
    )
    if exceptions:
        dates = ", ".join(
            f"{exception.date.isoformat()}" + (f" ({exception.reason})" if exception.reason else "")
            for exception in exceptions
        )
        data["notes"] = _("No session on: %(dates)s") % {"dates": dates}
    return data


# Locations ----------------------------------------------------------------------------


def location(place: Location, offer: Offer) -> dict:
    """The place's own fields (as service_at_location_list.json nests them). Its
    organization is named only when it is the offer's provider, whose id the API
    knows; a place's notes are internal and never shown."""
    owner = place.organisation_id == offer.organisation_id
    return _present(
        {
            "id": str(place.public_id),
            "location_type": "physical",
            "organization_id": identifiers.organization_id(offer.organisation.slug)
            if owner
            else None,
            "name": place.name,
            "latitude": float(place.latitude) if place.latitude is not None else None,
            "longitude": float(place.longitude) if place.longitude is not None else None,
        }
    )


def location_full(place: Location, offer: Offer) -> dict:
    data = {**location(place, offer), "addresses": [], "accessibility": []}
    if place.street or place.postcode or place.city:
        address = {
            "id": identifiers.derived_id("address", place.public_id),
            "location_id": str(place.public_id),
            "address_1": place.street,
            "city": place.city,
            "region": place.district.name if place.district else None,
            "state_province": regions.federal_state(
                postcode=place.postcode,
                city=place.city,
                district_city=place.district.city if place.district else "",
            ),
            "postal_code": place.postcode,
            "country": COUNTRY,
            "address_type": "physical",
        }
        data["addresses"].append(_without_none(address))
    if place.accessible:
        data["accessibility"].append(
            {
                "id": identifiers.derived_id("accessibility", place.public_id),
                "location_id": str(place.public_id),
                "description": _("wheelchair accessible"),
            }
        )
    return data


def service_at_location(offer: Offer, place: Location, *, language: str) -> dict:
    """One service at one place with both objects' own fields
    (service_at_location_list.json)."""
    return {
        "id": identifiers.service_at_location_id(offer.public_id, place.public_id),
        "service_id": str(offer.public_id),
        "location_id": str(place.public_id),
        "location": location(place, offer),
        "service": service(offer, language=language),
    }


def _schedules_at(offer: Offer, place: Location) -> list[Schedule]:
    """The schedules of the offer at this place; those without a place too when the
    offer has only this one."""
    places = list(offer.locations.all())
    return [
        item
        for item in offer.schedules.all()
        if item.location_id == place.pk or (item.location_id is None and len(places) == 1)
    ]


def service_at_location_full(
    offer: Offer, place: Location, *, language: str, nested: bool = False
) -> dict:
    """Fully nested (service_at_location.json); inside a service (`nested`) without the
    service again."""
    sal_id = identifiers.service_at_location_id(offer.public_id, place.public_id)
    data = {
        "id": sal_id,
        "service_id": str(offer.public_id),
        "location_id": str(place.public_id),
        "schedules": [
            schedule(item, service_at_location_id=sal_id) for item in _schedules_at(offer, place)
        ],
        "location": location_full(place, offer),
    }
    if not nested:
        data["service"] = service_full(offer, language=language, with_locations=False)
    return data


# Taxonomies ---------------------------------------------------------------------------


def taxonomy_object(item: taxonomy.Taxonomy) -> dict:
    return {"id": item.id, "name": str(item.title), "description": str(item.description)}


def taxonomy_term(term: taxonomy.Term) -> dict:
    return {
        "id": term.id,
        "code": term.code,
        "name": str(term.label),
        "description": str(term.label),
        "taxonomy": str(term.taxonomy.title),
        "taxonomy_id": term.taxonomy.id,
        "taxonomy_detail": taxonomy_object(term.taxonomy),
    }


# Pages --------------------------------------------------------------------------------


def page(contents: list, *, total: int, paging: Paging) -> dict:
    """The HSDS `Page` wrapper. Pages count from 1; `empty` tells that this page holds
    nothing (also when asked for a page past the last)."""
    total_pages = -(-total // paging.per_page)
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": paging.page,
        "size": len(contents),
        "first_page": paging.page == 1,
        "last_page": paging.page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }
