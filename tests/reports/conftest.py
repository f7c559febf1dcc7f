"""Fixtures shared by the report tests."""

import pytest

from quartier.core.models import Role
from tests.reports.views.test_pages import seed


@pytest.fixture
def english_pages(client):
    """Pages in English, so that the assertions read the msgids (German comes from the
    catalogue); modules use it via `pytest.mark.usefixtures`."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def lead(world):
    return world.member(Role.PROJECT_LEAD, world.org_a)


@pytest.fixture
def seeded(world):
    return seed(world)
