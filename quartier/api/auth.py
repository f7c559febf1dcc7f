"""Bearer-token authentication for the API with personal access tokens."""

from django.http import HttpRequest
from ninja.security import HttpBearer

from quartier.core.audit import set_request_actor
from quartier.core.services import api_token_authenticate


class TokenAuth(HttpBearer):
    """`Authorization: Bearer qrt_…`; the token acts with its user's permissions."""

    def authenticate(self, request: HttpRequest, token: str):
        user = api_token_authenticate(token.strip())
        if user is None:
            return None
        request.user = user
        # The audit log names the token's user, as it names the user of a page.
        set_request_actor(user)
        return user
