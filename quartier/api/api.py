"""The API at /api/v1/, with its OpenAPI description at /api/v1/openapi.json."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError

from quartier.api.auth import TokenAuth

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
    return api.create_response(request, {"detail": exc.messages}, status=422)


api.add_router("/", "quartier.core.api.router")
