"""The HSDS 3.0 API's endpoints: thin views over `selectors` and `representation`.

Every endpoint is public, read-only and answers JSON, also for errors: 400 with
{"detail", "parameter"} for a query parameter it cannot use (see `params` for the
rules; `per_page` above 100 is refused, not clamped), 404 for an unknown or
malformed id, 405 for anything but GET, HEAD and OPTIONS. Answers carry
`Access-Control-Allow-Origin: *` (open data, no credentials) and the language of
their texts in `Content-Language` (`?lang=`, else Accept-Language, else German).
"""

from functools import wraps

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from quartier.stadtteilplan.hsds import params, representation, selectors, taxonomy
from quartier.stadtteilplan.hsds.identifiers import parse_uuid
from quartier.stadtteilplan.hsds.params import ParameterError, Point

HSDS_VERSION = "3.0"
PROFILE_URL = "https://docs.openreferral.org/en/v3.0/hsds/overview.html"
OPENAPI_URL = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json"
ALLOWED_METHODS = ("GET", "HEAD", "OPTIONS")
MAX_AGE_SECONDS = 300


def _json(data, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def _error(status: int, detail: str, parameter: str = "") -> JsonResponse:
    body = {"detail": detail}
    if parameter:
        body["parameter"] = parameter
    return _json(body, status=status)


def _not_found(detail: str) -> JsonResponse:
    return _error(404, detail)


def endpoint(view):
    """GET (and HEAD) only, CORS for everyone, the chosen language active while the
    view runs, bad parameters answered as 400."""

    @csrf_exempt
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
        elif request.method not in ALLOWED_METHODS:
            response = _error(405, _("This API is read-only: use GET."))
            response["Allow"] = ", ".join(ALLOWED_METHODS)
        else:
            response = _answer(view, request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Allow-Methods"] = ", ".join(ALLOWED_METHODS)
        response["Access-Control-Allow-Headers"] = "Accept-Language"
        patch_vary_headers(response, ["Accept-Language"])
        return response

    return wrapper


def _answer(view, request: HttpRequest, *args, **kwargs) -> HttpResponse:
    try:
        language = params.language(request)
    except ParameterError as error:
        return _error(400, error.message, error.parameter)
    with translation.override(language):
        try:
            params.json_format(request)
            response = view(request, *args, language=language, **kwargs)
        except ParameterError as error:
            response = _error(400, error.message, error.parameter)
    response["Content-Language"] = language
    if response.status_code == 200:
        patch_cache_control(response, public=True, max_age=MAX_AGE_SECONDS)
    return response


# Root ---------------------------------------------------------------------------------


@endpoint
def root(request: HttpRequest, *, language: str) -> JsonResponse:
    """GET /hsds/: the HSDS version, profile and OpenAPI description of this API."""
    return _json({"version": HSDS_VERSION, "profile": PROFILE_URL, "openapi_url": OPENAPI_URL})


# Services -----------------------------------------------------------------------------


def _service_query(request: HttpRequest) -> selectors.ServiceQuery:
    """The filters shared by /services and /service_at_locations. `proximity` in metres
    measures from the centroid of `postcode` (then the postcode itself no longer
    filters, as HSDS defines it); `latitude,longitude,metres` from that point."""
    postcode = params.postcode(request)
    proximity = params.proximity(request)
    near = None
    if isinstance(proximity, tuple):
        near = Point(*proximity)
    elif proximity is not None:
        if not postcode:
            raise ParameterError(
                "proximity",
                _(
                    "proximity in metres measures from the centre of postcode: "
                    "give a postcode too, or latitude,longitude,metres."
                ),
            )
        centre = selectors.postcode_centroid(postcode)
        if centre is None:
            raise ParameterError(
                "postcode",
                _(
                    "No published place with coordinates lies in postcode %(postcode)s, so "
                    "there is no centre to measure proximity from. Use "
                    "proximity=latitude,longitude,metres instead."
                )
                % {"postcode": postcode},
            )
        near, postcode = Point(centre[0], centre[1], proximity), ""
    return selectors.ServiceQuery(
        search=params.text(request, "search"),
        taxonomy_term_id=params.uuid_value(request, "taxonomy_term_id"),
        taxonomy_id=params.uuid_value(request, "taxonomy_id"),
        organization_id=params.uuid_value(request, "organization_id"),
        modified_after=params.modified_after(request),
        postcode=postcode,
        near=near,
    )


@endpoint
def service_list(request: HttpRequest, *, language: str) -> JsonResponse:
    """GET /hsds/services: published offers, paginated; `full=true` nests everything
    as /services/{id} does. Filters: search, taxonomy_term_id, taxonomy_id,
    organization_id, modified_after, postcode, proximity."""
    query = _service_query(request)
    paging = params.paging(request)
    full = params.flag(request, "full")
    offers = selectors.services(query)
    total = offers.count()
    rows = list(offers[paging.offset : paging.offset + paging.per_page]) if total else []
    shown = representation.service_full if full else representation.service
    contents = [shown(offer, language=language) for offer in rows]
    return _json(representation.page(contents, total=total, paging=paging))


@endpoint
def service_detail(request: HttpRequest, id: str, *, language: str) -> JsonResponse:
    """GET /hsds/services/{id}: one published offer, fully nested."""
    public_id = parse_uuid(id)
    offer = selectors.service_get(public_id) if public_id else None
    if offer is None:
        return _not_found(_("No service with this id."))
    return _json(representation.service_full(offer, language=language))


# Services at locations ----------------------------------------------------------------


@endpoint
def service_at_location_list(request: HttpRequest, *, language: str) -> JsonResponse:
    """GET /hsds/service_at_locations: each published offer at each of its places,
    paginated; `full=true` nests everything. Same filters as /services, postcode and
    proximity applying to each place."""
    query = _service_query(request)
    paging = params.paging(request)
    full = params.flag(request, "full")
    rows = selectors.service_at_locations(query)
    total = rows.count()
    page_rows = list(rows[paging.offset : paging.offset + paging.per_page]) if total else []
    offers = selectors.services_by_pk({row.offer_id for row in page_rows})
    contents = []
    for row in page_rows:
        # An offer unpublished (or a place removed) between the two reads is left out.
        offer = offers.get(row.offer_id)
        place = offer and next((p for p in offer.locations.all() if p.pk == row.location_id), None)
        if place is None:
            continue
        if full:
            contents.append(
                representation.service_at_location_full(offer, place, language=language)
            )
        else:
            contents.append(representation.service_at_location(offer, place, language=language))
    return _json(representation.page(contents, total=total, paging=paging))


@endpoint
def service_at_location_detail(request: HttpRequest, id: str, *, language: str) -> JsonResponse:
    """GET /hsds/service_at_locations/{id}: one offer at one place, fully nested."""
    hsds_id = parse_uuid(id)
    found = selectors.service_at_location_get(str(hsds_id)) if hsds_id else None
    if found is None:
        return _not_found(_("No service at location with this id."))
    offer, place = found
    return _json(representation.service_at_location_full(offer, place, language=language))


# Organizations ------------------------------------------------------------------------


@endpoint
def organization_list(request: HttpRequest, *, language: str) -> JsonResponse:
    """GET /hsds/organizations: providers of published offers, paginated, by name;
    `search` in the name. `full=true` nests each organization's places and offers as
    /organizations/{id} does, `full_service=true` with each offer fully nested."""
    paging = params.paging(request)
    full = params.flag(request, "full")
    full_services = params.flag(request, "full_service")
    found = selectors.organisations(params.text(request, "search"))
    total = found.count()
    rows = list(found[paging.offset : paging.offset + paging.per_page]) if total else []
    if full or full_services:
        contents = [
            representation.organization_full(
                organisation,
                selectors.services_of(organisation),
                language=language,
                full_services=full_services,
            )
            for organisation in rows
        ]
    else:
        contents = [representation.organization(organisation) for organisation in rows]
    return _json(representation.page(contents, total=total, paging=paging))


@endpoint
def organization_detail(request: HttpRequest, id: str, *, language: str) -> JsonResponse:
    """GET /hsds/organizations/{id}: the organization with its places and published
    offers (`full_service=true`: each offer fully nested)."""
    full_services = params.flag(request, "full_service")
    hsds_id = parse_uuid(id)
    organisation = selectors.organisation_get(str(hsds_id)) if hsds_id else None
    if organisation is None:
        return _not_found(_("No organization with this id."))
    return _json(
        representation.organization_full(
            organisation,
            selectors.services_of(organisation),
            language=language,
            full_services=full_services,
        )
    )


# Taxonomies ---------------------------------------------------------------------------


def _matching(items: list, search: str, *texts) -> list:
    words = search.lower().split()
    return [
        item
        for item in items
        if all(any(word in text(item).lower() for text in texts) for word in words)
    ]


def _page_of(request: HttpRequest, items: list, shown) -> JsonResponse:
    paging = params.paging(request)
    rows = items[paging.offset : paging.offset + paging.per_page]
    return _json(
        representation.page([shown(item) for item in rows], total=len(items), paging=paging)
    )


@endpoint
def taxonomy_list(request: HttpRequest, *, language: str) -> JsonResponse:
    """GET /hsds/taxonomies: Quartier's four taxonomies, paginated; `search` in names."""
    items = _matching(
        list(taxonomy.TAXONOMIES),
        params.text(request, "search"),
        lambda item: str(item.title),
        lambda item: str(item.description),
    )
    return _page_of(request, items, representation.taxonomy_object)


@endpoint
def taxonomy_detail(request: HttpRequest, id: str, *, language: str) -> JsonResponse:
    """GET /hsds/taxonomies/{id}."""
    found = taxonomy.taxonomy_by_id(parse_uuid(id)) if parse_uuid(id) else None
    if found is None:
        return _not_found(_("No taxonomy with this id."))
    return _json(representation.taxonomy_object(found))


@endpoint
def taxonomy_term_list(request: HttpRequest, *, language: str) -> JsonResponse:
    """GET /hsds/taxonomy_terms: all terms, paginated; `taxonomy_id`, `search` in the
    name or code; `parent_id` finds nothing and `top_only` changes nothing, since
    every term is a top-level term."""
    terms = list(taxonomy.TERMS)
    taxonomy_id = params.uuid_value(request, "taxonomy_id")
    if taxonomy_id:
        terms = [term for term in terms if term.taxonomy.id == taxonomy_id]
    params.flag(request, "top_only")
    if params.uuid_value(request, "parent_id"):
        terms = []
    terms = _matching(
        terms, params.text(request, "search"), lambda term: str(term.label), lambda t: t.code
    )
    return _page_of(request, terms, representation.taxonomy_term)


@endpoint
def taxonomy_term_detail(request: HttpRequest, id: str, *, language: str) -> JsonResponse:
    """GET /hsds/taxonomy_terms/{id}."""
    found = taxonomy.term_by_id(parse_uuid(id)) if parse_uuid(id) else None
    if found is None:
        return _not_found(_("No taxonomy term with this id."))
    return _json(representation.taxonomy_term(found))


# Anything else ------------------------------------------------------------------------


@endpoint
def unknown_path(request: HttpRequest, path: str, *, language: str) -> JsonResponse:
    """Any other path under /hsds/: the API's JSON 404, never the site's HTML page."""
    return _not_found(_("This API has no such endpoint."))
