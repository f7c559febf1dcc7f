"""Stable HSDS identifiers (UUIDs) for what Quartier has no public UUID of its own.

Offers, places and schedules carry their own `public_id`, used as the service,
location and schedule ids. Everything else HSDS wants an id for (organisations,
taxonomy terms, service-at-location entries, phones, languages…) gets a name-based
UUID (version 5) over one fixed namespace: the same input always gives the same id,
so ids stay put between requests, deployments and database dumps. An organisation's
id derives from its slug (Organisation has no public_id): it changes only if the
slug is changed.
"""

import uuid

#: The root of every derived id. Never change it: all published ids would change.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:quartier:hsds")


def derived_id(kind: str, *parts) -> str:
    """The UUID (as text) of the `kind` of record named by `parts`, e.g.
    ``derived_id("phone", "service", offer.public_id)``."""
    name = ":".join([kind, *(str(part) for part in parts)])
    return str(uuid.uuid5(NAMESPACE, name))


def organization_id(slug: str) -> str:
    return derived_id("organization", slug)


def service_at_location_id(offer_public_id, location_public_id) -> str:
    return derived_id("service_at_location", offer_public_id, location_public_id)


def taxonomy_id(name: str) -> str:
    return derived_id("taxonomy", name)


def taxonomy_term_id(taxonomy_name: str, code: str) -> str:
    return derived_id("taxonomy_term", taxonomy_name, code)


def parse_uuid(value: str) -> uuid.UUID | None:
    """The UUID written in `value` (any case, with or without hyphens), None if it is
    not one."""
    try:
        return uuid.UUID(str(value).strip())
    except (ValueError, AttributeError, TypeError):
        return None
