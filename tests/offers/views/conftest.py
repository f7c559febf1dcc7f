"""Fixtures shared by the offers page tests."""

import pytest


@pytest.fixture
def english_pages(client):
    """Pages in English; modules reading the English texts use it via `pytest.mark.usefixtures`."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
