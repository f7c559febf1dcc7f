"""Fixtures shared by the offers tests: the people and the default offer of the offers world.

`tests/offers/services/conftest.py` and some test modules define their own `offer`;
theirs wins there.
"""

import pytest

from quartier.core.models import Role
from tests.offers.factories import OfferFactory, ScheduleFactory


@pytest.fixture
def worker(world):
    return world.member(Role.CASE_WORKER, world.org_a)


@pytest.fixture
def lead(world):
    return world.member(Role.PROJECT_LEAD, world.org_a)


@pytest.fixture
def partner(world):
    """A case worker of the partner organisation in the same project."""
    return world.member(Role.CASE_WORKER, world.org_b)


@pytest.fixture
def offer(world):
    """Org A's module in project P, with a session every day from 9 to 12."""
    offer = OfferFactory(project=world.project, organisation=world.org_a, title="Stadtteilservice")
    ScheduleFactory(offer=offer)
    return offer
