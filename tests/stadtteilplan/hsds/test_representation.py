"""The HSDS answers validate against the official Open Referral HSDS 3.0 schemas.

The schemas (CC BY-SA 4.0, Open Referral) are read from the shared reference folder
beside the repository; without it these tests are skipped. The OpenAPI file declares
the JSON Schema dialect (2020-12), which is used for every schema; the compiled
schemas declare none of their own. Lists are checked against the OpenAPI file's own
response schema (the `Page` wrapper with its `contents` referring to the compiled
list schemas), so a wrong page field fails as surely as a wrong service field.
Formats are checked too (uuid, email, uri, date-time).
"""

import datetime as dt
import json
import re
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import reverse
from jsonschema import FormatChecker, validators
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tests.stadtteilplan.hsds.test_views import add_offers, build_directory, org_id

pytestmark = pytest.mark.django_db

#: The shared folder beside the repository (or beside the folder of its worktrees).
REFERENCE = next(
    (
        folder
        for base in (Path(settings.BASE_DIR).parent, Path(settings.BASE_DIR).parent.parent)
        if (folder := base / "shared" / "reference" / "hsds-3.0").exists()
    ),
    Path(settings.BASE_DIR).parent / "shared" / "reference" / "hsds-3.0",
)
SPEC_BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
OPENAPI_URI = "urn:hsds:openapi.json"
DEFINITIONS_URI = "urn:hsds:service_with_definitions.json"
COMPILED = (
    "service",
    "service_list",
    "organization",
    "organization_list",
    "service_at_location",
    "service_at_location_list",
)

if not (REFERENCE / "openapi.json").exists():
    pytest.skip(f"the HSDS 3.0 reference schemas are not in {REFERENCE}", allow_module_level=True)


def _load(name: str) -> dict:
    return json.loads((REFERENCE / name).read_text(encoding="utf-8"))


@cache
def _openapi() -> dict:
    return _load("openapi.json")


@cache
def _registry() -> Registry:
    def resource(contents: dict) -> Resource:
        return Resource.from_contents(contents, default_specification=DRAFT202012)

    resources = [
        (OPENAPI_URI, resource(_openapi())),
        (DEFINITIONS_URI, resource(_load("service_with_definitions.json"))),
        # The OpenAPI file names two uncompiled schemas that are not in the folder; the
        # same definitions are in service_with_definitions.json.
        (
            f"{SPEC_BASE}taxonomy.json",
            resource({"$ref": f"{DEFINITIONS_URI}#/definitions/taxonomy"}),
        ),
        (
            f"{SPEC_BASE}taxonomy_term.json",
            resource({"$ref": f"{DEFINITIONS_URI}#/definitions/taxonomy_term"}),
        ),
    ]
    resources += [
        (f"{SPEC_BASE}compiled/{name}.json", resource(_load(f"{name}.json"))) for name in COMPILED
    ]
    return Registry().with_resources(resources)


_RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$", re.IGNORECASE)


def _format_checker() -> FormatChecker:
    checker = FormatChecker()

    @checker.checks("date-time", raises=ValueError)
    def is_datetime(value) -> bool:
        if not isinstance(value, str):
            return True
        if not _RFC3339.match(value):
            return False
        dt.datetime.fromisoformat(value.upper().replace("Z", "+00:00"))  # raises if impossible
        return True

    @checker.checks("uri")
    def is_uri(value) -> bool:
        if not isinstance(value, str):
            return True
        parts = urlsplit(value)
        return bool(parts.scheme and (parts.netloc or parts.path)) and " " not in value

    return checker


def _validator(schema: dict):
    dialect = _openapi()["jsonSchemaDialect"]
    assert dialect == "https://json-schema.org/draft/2020-12/schema"
    cls = validators.validator_for({"$schema": dialect})
    return cls(schema, registry=_registry(), format_checker=_format_checker())


def _assert_valid(instance, schema: dict) -> None:
    errors = sorted(_validator(schema).iter_errors(instance), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


def _response_schema(path: str) -> dict:
    """The OpenAPI file's schema of the 200 answer to GET `path`, by reference."""
    pointer = path.replace("~", "~0").replace("/", "~1")
    return {
        "$ref": f"{OPENAPI_URI}#/paths/{pointer}/get/responses/200/content/application~1json/schema"
    }


def _compiled(name: str) -> dict:
    return {"$ref": f"{SPEC_BASE}compiled/{name}.json"}


def _definition(name: str) -> dict:
    return {"$ref": f"{DEFINITIONS_URI}#/definitions/{name}"}


@pytest.fixture
def directory():
    found = build_directory()
    add_offers(found, 4)
    return found


def _get(client, name: str, *args, **query) -> dict:
    response = client.get(reverse(f"hsds:{name}", args=args), query)
    assert response.status_code == 200, response.content[:300]
    return response.json()


def test_the_checks_catch_a_broken_service():
    """The validation itself must be able to fail: a service without a status, with a
    null field and a malformed uuid is refused."""
    broken = {"id": "not-a-uuid", "name": "x", "email": None}
    validator = _validator(_compiled("service"))
    messages = [error.message for error in validator.iter_errors(broken)]
    assert any("status" in message for message in messages)
    assert any("not-a-uuid" in message for message in messages)
    assert any("None" in message for message in messages)
    bad_time = {"id": "3f0b8c5e-2f55-4c1b-9d59-1b3a0a5f5c11", "name": "x", "status": "active"}
    assert not list(validator.iter_errors(bad_time))
    for value in ("2026-02-30T10:00:00Z", "2026-02-03 10:00", "yesterday"):
        bad_time["last_modified"] = value
        assert [error.validator for error in validator.iter_errors(bad_time)] == ["format"]


@pytest.mark.parametrize(
    ("path", "name", "breakage"),
    [
        ("/services", "service_list", {"total_items": "3"}),
        ("/services", "service_list", {"contents": [{"id": "x", "name": "n", "status": "open"}]}),
        ("/services/{id}", "service_detail", {"schedules": [{"id": "x", "freq": "DAILY"}]}),
        ("/organizations/{id}", "organization_detail", {"services": [{"name": "no id"}]}),
        ("/service_at_locations", "service_at_location_list", {"first_page": "yes"}),
    ],
)
def test_the_response_schemas_catch_a_broken_answer(client, directory, path, name, breakage):
    args = {
        "service_detail": [directory.family_cafe.public_id],
        "organization_detail": [org_id("stadtteilwerk-wanne")],
    }.get(name, [])
    data = _get(client, name, *args)
    _assert_valid(data, _response_schema(path))
    with pytest.raises(AssertionError):
        _assert_valid({**data, **breakage}, _response_schema(path))


def test_root_validates(client):
    _assert_valid(_get(client, "root"), _response_schema("/"))


@pytest.mark.parametrize("lang", ["de", "en", "ar"])
def test_service_list_validates(client, directory, lang):
    data = _get(client, "service_list", per_page=3, lang=lang)
    assert data["size"] == 3
    _assert_valid(data, _response_schema("/services"))


def test_full_service_list_validates_as_full_services(client, directory):
    data = _get(client, "service_list", full="true", per_page=100, lang="en")
    for item in data["contents"]:
        _assert_valid(item, _compiled("service"))


def test_filtered_service_list_validates(client, directory):
    data = _get(client, "service_list", postcode="44649", proximity="3000", search="a")
    assert data["total_items"] >= 1
    _assert_valid(data, _response_schema("/services"))


@pytest.mark.parametrize("lang", ["de", "en", "tr"])
def test_service_detail_validates(client, directory, lang):
    for offer in (directory.family_cafe, directory.computer_course, directory.walk_in):
        data = _get(client, "service_detail", offer.public_id, lang=lang)
        _assert_valid(data, _response_schema("/services/{id}"))
    assert data["schedules"] == []
    assert data["service_at_locations"] == []


def test_nested_parts_of_a_service_are_all_there(client, directory):
    data = _get(client, "service_detail", directory.family_cafe.public_id)
    for key in ("schedules", "service_at_locations", "languages", "contacts", "phones"):
        assert data[key], key
    assert data["service_at_locations"][0]["location"]["addresses"]
    assert data["attributes"][0]["taxonomy_term"]["taxonomy_detail"]


def test_organization_list_validates(client, directory):
    _assert_valid(_get(client, "organization_list"), _response_schema("/organizations"))


@pytest.mark.parametrize("full_service", ["false", "true"])
def test_organization_detail_validates(client, directory, full_service):
    data = _get(
        client, "organization_detail", org_id("stadtteilwerk-wanne"), full_service=full_service
    )
    assert len(data["services"]) == 6
    _assert_valid(data, _response_schema("/organizations/{id}"))


def test_service_at_location_list_validates(client, directory):
    data = _get(client, "service_at_location_list", per_page=100)
    assert data["total_items"] == 3 + 2 * 4
    _assert_valid(data, _response_schema("/service_at_locations"))


def test_full_service_at_location_list_validates(client, directory):
    data = _get(client, "service_at_location_list", full="true", per_page=100)
    for item in data["contents"]:
        _assert_valid(item, _compiled("service_at_location"))


def test_service_at_location_detail_validates(client, directory):
    """Checked against the compiled service_at_location.json: the OpenAPI file names
    service.json for this answer, which cannot be meant (it requires a name and a
    status, which a service-at-location entry has not)."""
    rows = _get(client, "service_at_location_list", per_page=100)["contents"]
    for row in rows:
        data = _get(client, "service_at_location_detail", row["id"], lang="uk")
        _assert_valid(data, _compiled("service_at_location"))


def test_taxonomies_validate(client, directory):
    _assert_valid(_get(client, "taxonomy_list"), _response_schema("/taxonomies"))
    for item in _get(client, "taxonomy_list")["contents"]:
        _assert_valid(_get(client, "taxonomy_detail", item["id"]), _definition("taxonomy"))


def test_taxonomy_terms_validate(client, directory):
    data = _get(client, "taxonomy_term_list", per_page=100, lang="en")
    assert data["total_items"] == data["size"] > 30
    _assert_valid(data, _response_schema("/taxonomy_terms"))
    term = data["contents"][0]
    _assert_valid(
        _get(client, "taxonomy_term_detail", term["id"]), _response_schema("/taxonomy_terms/{id}")
    )


@pytest.mark.parametrize("query", [{"full": "true"}, {"full_service": "true"}, {"page": "0"}])
def test_organization_list_with_nesting_and_page_zero_validates(client, directory, query):
    _assert_valid(_get(client, "organization_list", **query), _response_schema("/organizations"))


def test_addresses_with_their_federal_state_validate(client, directory):
    data = _get(client, "service_detail", directory.family_cafe.public_id)
    states = [
        address["state_province"]
        for at in data["service_at_locations"]
        for address in at["location"]["addresses"]
    ]
    assert states
    assert all(states)
    _assert_valid(data, _compiled("service"))
