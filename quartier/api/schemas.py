"""Schemas shared by several routers: the input types, references to staff and the
error answers.

Every input passes one rule before any query sees it: whole numbers fit a 64-bit
integer column, and text holds no NUL character (PostgreSQL cannot store one, SQLite
cannot compare beyond 64 bits). Request bodies (`InputSchema`) and query filters
(`FilterSchema`) apply it to each of their fields, including lists and nested
objects, and document it in the OpenAPI description (`minimum`/`maximum`, `pattern`);
single path or query parameters use the same rule through `Integer` and `Text`. A
value that breaks it is answered 422 with a message in the request's language.
"""

import datetime as dt
from typing import Annotated, Any

from django.utils.translation import gettext
from ninja import Schema
from ninja.conf import settings as ninja_settings
from ninja.pagination import LimitOffsetPagination
from pydantic import AfterValidator, ConfigDict, Field, WithJsonSchema, field_validator
from pydantic_core import PydanticCustomError

INTEGER_MIN = -(2**63)
INTEGER_MAX = 2**63 - 1
#: Text without NUL characters, as a JSON Schema (ECMA 262) pattern.
NUL_FREE_PATTERN = "^[^\\u0000]*$"


def checked(value: Any) -> Any:
    """`value` if every whole number in it fits 64 bits and no text holds a NUL
    character; lists, tuples and dicts are looked into. Raises a pydantic error."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        if not INTEGER_MIN <= value <= INTEGER_MAX:
            raise PydanticCustomError(
                "integer_out_of_range",
                gettext("Enter a whole number from %(min)s to %(max)s.")
                % {"min": INTEGER_MIN, "max": INTEGER_MAX},
            )
    elif isinstance(value, str):
        if "\x00" in value:
            raise PydanticCustomError(
                "nul_character", gettext("Text must not contain NUL characters (\\u0000).")
            )
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            checked(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            checked(key)
            checked(item)
    return value


def _document(schema: dict) -> None:
    """Add the rule to a JSON Schema of one value (and its alternatives and items),
    keeping any tighter bound or pattern the field has of its own."""
    if schema.get("type") == "integer":
        schema.setdefault("minimum", INTEGER_MIN)
        schema.setdefault("maximum", INTEGER_MAX)
    elif schema.get("type") == "string" and not {"format", "enum", "pattern"} & schema.keys():
        schema["pattern"] = NUL_FREE_PATTERN
    for alternative in schema.get("anyOf", []):
        _document(alternative)
    if isinstance(schema.get("items"), dict):
        _document(schema["items"])
    if isinstance(schema.get("additionalProperties"), dict):
        _document(schema["additionalProperties"])


def _document_fields(schema: dict) -> None:
    for field in schema.get("properties", {}).values():
        _document(field)


class _CheckedSchema(Schema):
    """Applies `checked` to every field and documents it."""

    model_config = ConfigDict(json_schema_extra=_document_fields)

    @field_validator("*", mode="after")
    @classmethod
    def _fits_the_database(cls, value):
        return checked(value)


class InputSchema(_CheckedSchema):
    """A request body: an input the endpoint does not know is refused (422), not ignored,
    so a misspelt field never looks like a successful change."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_document_fields)


class FilterSchema(_CheckedSchema):
    """The query parameters of a list."""


class _Documented:
    """Marks a single parameter's JSON Schema with the rule."""

    def __get_pydantic_json_schema__(self, core_schema, handler):
        schema = handler(core_schema)
        _document(schema)
        return schema


#: A whole number that fits a 64-bit column, for a single path or query parameter.
Integer = Annotated[int, AfterValidator(checked), _Documented()]
#: Text without NUL characters, for a single path or query parameter.
Text = Annotated[str, AfterValidator(checked), _Documented()]


def _local(value: dt.time) -> dt.time:
    if value.tzinfo is not None:
        raise PydanticCustomError(
            "time_with_offset",
            gettext("Send the time without a UTC offset, e.g. 09:30: it is the local time."),
        )
    return value


#: A local time of day without UTC offset (RFC 3339 "partial-time"), as the sessions
#: of an offer are planned. JSON Schema's `format: time` would demand an offset.
LocalTime = Annotated[
    dt.time,
    AfterValidator(_local),
    WithJsonSchema(
        {
            "type": "string",
            "format": "partial-time",
            "pattern": r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?$",
            "description": "Local time of day without UTC offset: HH:MM or HH:MM:SS.",
            "examples": ["09:30"],
        }
    ),
]


class Pagination(LimitOffsetPagination):
    """ninja's limit/offset pagination with an offset that fits the database."""

    class Input(Schema):
        limit: int = Field(
            ninja_settings.PAGINATION_PER_PAGE, ge=1, le=ninja_settings.PAGINATION_MAX_LIMIT
        )
        offset: Integer = Field(0, ge=0)


class UserRef(Schema):
    """A staff member as other records point to them."""

    id: int
    full_name: str


class ErrorOut(Schema):
    """400, 401, 403, 404 and 422: a message, or a list of them; `fields` names the inputs."""

    detail: str | list
    fields: dict[str, list[str]] | None = None


class ConflictOut(Schema):
    """409: the record was saved since the client read it; nothing was saved."""

    detail: str
    version: int | None
    changed: list[str]


def user_ref(user) -> dict | None:
    return {"id": user.pk, "full_name": user.full_name} if user is not None else None


def patch_values(payload, *, nullable=frozenset()) -> dict:
    """What a PATCH body changes: the fields it sends, without `version`; a field sent
    as null is left out ("not changed") unless it is in `nullable`, where null clears it."""
    return {
        field: value
        for field, value in payload.model_dump(exclude_unset=True, exclude={"version"}).items()
        if value is not None or field in nullable
    }
