"""Fixtures of the API tests."""

import pytest

from quartier.core import services
from tests.api.client import ApiClient


@pytest.fixture
def api_as(client):
    """`api_as(user)`: a client acting with a fresh token of `user`; `api_as(None)`: none."""

    def _as(user):
        key = services.api_token_create(actor=user, user=user, name="test")[1] if user else None
        return ApiClient(client, key)

    return _as
