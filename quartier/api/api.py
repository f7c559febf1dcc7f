"""The API at /api/v1/, with its OpenAPI description at /api/v1/openapi.json.

Every answer is JSON, errors too: the handlers below turn each exception into a status
and a message, and `unknown_path` answers what no route matches. The description
names the error answers every operation can give (`QuartierAPI`)."""

import logging

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.signals import got_request_exception
from django.db import DatabaseError, DataError
from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, re_path, resolve
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import AuthenticationError

from quartier.api.auth import TokenAuth
from quartier.api.conflicts import VersionConflict, conflict_body
from quartier.api.schemas import ErrorOut
from quartier.core.services import ConcurrentEditError

logger = logging.getLogger("django.request")

NOT_FOUND = "Not found."


class QuartierAPI(NinjaAPI):
    """The description lists, beside each operation's own answers, the errors any
    operation can give: 401 without a valid token, 404 for a path whose ids match
    nothing, 422 for parameters or a body that do not validate, 400 for a body that is
    not JSON."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        error = {
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
        }
        schema.setdefault("components", {}).setdefault("schemas", {}).setdefault(
            "ErrorOut", ErrorOut.model_json_schema()
        )
        for operations in schema["paths"].values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                parameters = operation.get("parameters", [])
                common = {422: "Parameters or body that do not validate."}
                if operation.get("security"):
                    common[401] = "Missing, malformed, expired or revoked token."
                if any(parameter["in"] == "path" for parameter in parameters):
                    common[404] = "Nothing with these ids, or not for you."
                if "requestBody" in operation:
                    common[400] = "The body is not JSON."
                # ninja keys the answers by number (int), as these are.
                for status, description in common.items():
                    responses.setdefault(status, {"description": description, **error})
        return schema

    def _get_urls(self):
        # Last, so that it matches only what no route does; in the API's namespace, so
        # that it is public like the API (which answers 401 itself). `[\s\S]`, not `.`:
        # a path with an encoded line break (%0A) must get the JSON 404 too.
        return [*super()._get_urls(), re_path(r"^[\s\S]*$", unknown_path, name="unknown_path")]


api = QuartierAPI(
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
    return api.create_response(request, {"detail": NOT_FOUND}, status=404)


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


@api.exception_handler(DataError)
@api.exception_handler(OverflowError)
def on_unstorable(request, exc):
    """A value the database refuses (too large, a character it cannot store) that the
    input schemas let through: the client's input, so 422, and a warning in the log."""
    logger.warning("Unstorable value: %s: %s", request.path, exc)
    return api.create_response(
        request,
        {
            "detail": _(
                "A value cannot be stored: a number is too large or a text holds a "
                "character that is not allowed."
            )
        },
        status=422,
    )


def _server_error(request, exc, status: int, message: str):
    # As Django does for an error no view handles: logged with the traceback, and
    # signalled (the test client re-raises it), but answered in JSON.
    logger.error(
        "%s: %s",
        "Service Unavailable" if status == 503 else "Internal Server Error",
        request.path,
        exc_info=exc,
        extra={"status_code": status, "request": request},
    )
    got_request_exception.send(sender=None, request=request)
    return api.create_response(request, {"detail": message}, status=status)


@api.exception_handler(DatabaseError)
def on_database_error(request, exc):
    return _server_error(
        request, exc, 503, _("The database is not available right now. Please try again later.")
    )


@api.exception_handler(Exception)
def on_error(request, exc):
    return _server_error(
        request, exc, 500, _("An unexpected error occurred. It was logged; please try again later.")
    )


def _is_route(path: str) -> bool:
    try:
        return resolve(path).func is not unknown_path
    except Resolver404:
        return False


@csrf_exempt  # as the API's own views: a token, no cookie, authenticates
def unknown_path(request):
    """Any path under /api/v1/ that no route matches: a JSON 404 (or, as for the pages, a
    redirect to the same path with a trailing slash if that one exists)."""
    if (
        request.method in ("GET", "HEAD")
        and not request.path_info.endswith("/")
        and _is_route(f"{request.path_info}/")
    ):
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"{request.path}/" + (f"?{query}" if query else ""))
    return JsonResponse({"detail": NOT_FOUND}, status=404)


api.add_router("/", "quartier.core.api.router")
api.add_router("/", "quartier.participants.api.router")
api.add_router("/", "quartier.cases.api.router")
api.add_router("/", "quartier.offers.api.router")
api.add_router("/", "quartier.economy.api.router")
api.add_router("/", "quartier.matching.api.router")
api.add_router("/", "quartier.reports.api.router")
# network (area: api)
api.add_router("/", "quartier.network.api.router")
