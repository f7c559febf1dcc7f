"""Schemas shared by several routers: references to staff and the error answers."""

from ninja import Schema
from pydantic import ConfigDict


class InputSchema(Schema):
    """A request body: an input the endpoint does not know is refused (422), not ignored,
    so a misspelt field never looks like a successful change."""

    model_config = ConfigDict(extra="forbid")


class UserRef(Schema):
    """A staff member as other records point to them."""

    id: int
    full_name: str


class ErrorOut(Schema):
    """401, 403, 404 and 422: a message, or a list of them; `fields` names the inputs."""

    detail: str | list
    fields: dict[str, list[str]] | None = None


class ConflictOut(Schema):
    """409: the record was saved since the client read it; nothing was saved."""

    detail: str
    version: int | None
    changed: list[str]


def user_ref(user) -> dict | None:
    return {"id": user.pk, "full_name": user.full_name} if user is not None else None
