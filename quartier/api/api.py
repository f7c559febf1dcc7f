"""The API at /api/v1/, with its OpenAPI description at /api/v1/openapi.json."""

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError

from quartier.api.auth import TokenAuth
from quartier.api.conflicts import VersionConflict, conflict_body
from quartier.core.services import ConcurrentEditError

api = NinjaAPI(
    title="Quartier API",
    version="1",
    urls_namespace="api-1",
    description=(
        "Quartier's JSON API. Authenticate with a personal access token: "
        "`Authorization: Bearer qrt_…`. Create one under Konto → API-Tokens or with "
        "`manage.py create_api_token EMAIL`. Every list shows only what the token's user may see."
    ),
    auth=TokenAuth(),
)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    return api.create_response(
        request,
        {
            "detail": (
                "Missing, malformed, expired or revoked token. Send 'Authorization: Bearer qrt_…'."
            )
        },
        status=401,
    )


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return api.create_response(request, {"detail": "Not found."}, status=404)


@api.exception_handler(PermissionDenied)
def on_forbidden(request, exc):
    return api.create_response(request, {"detail": "You are not allowed to do this."}, status=403)


@api.exception_handler(ValidationError)
def on_invalid(request, exc):
    """422 with every message; a message about one input names it (`birth_date: …`), and
    `fields` maps the inputs to their messages."""
    if not hasattr(exc, "error_dict"):
        return api.create_response(request, {"detail": exc.messages}, status=422)
    fields = {field: ValidationError(errors).messages for field, errors in exc.error_dict.items()}
    detail = [
        message if field == NON_FIELD_ERRORS else f"{field}: {message}"
        for field, messages in fields.items()
        for message in messages
    ]
    return api.create_response(request, {"detail": detail, "fields": fields}, status=422)


@api.exception_handler(VersionConflict)
def on_version_conflict(request, exc):
    return api.create_response(request, conflict_body(exc), status=409)


@api.exception_handler(ConcurrentEditError)
def on_concurrent_edit(request, exc):
    # A service refused a stale save outside a `version_guard`: the message of the
    # error, without the field list.
    return api.create_response(
        request, {"detail": exc.messages[0], "version": None, "changed": []}, status=409
    )


api.add_router("/", "quartier.core.api.router")
api.add_router("/", "quartier.participants.api.router")
api.add_router("/", "quartier.cases.api.router")
api.add_router("/", "quartier.offers.api.router")
api.add_router("/", "quartier.reports.api.router")
