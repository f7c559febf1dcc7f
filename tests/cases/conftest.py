"""Fixtures shared by the case-file tests.

`tests/cases/services/conftest.py` and some test modules define their own `case`;
theirs wins there.
"""

from datetime import date

import pytest

from quartier.core.models import Role
from tests.factories import CaseFactory


@pytest.fixture
def english_pages(client):
    """These tests read the pages' English texts; German is covered by the catalogue test."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def worker(world):
    return world.member(Role.CASE_WORKER, world.org_a)


@pytest.fixture
def case(world):
    return CaseFactory(
        participant__project=world.project,
        participant__organisation=world.org_a,
        entry_date=date(2025, 3, 1),
    )
