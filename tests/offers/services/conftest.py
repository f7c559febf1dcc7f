"""Fixtures shared by the offers service tests."""

import pytest

from tests.offers.factories import OfferFactory, ScheduleFactory


@pytest.fixture
def offer(world):
    offer = OfferFactory(project=world.project, organisation=world.org_a)
    ScheduleFactory(offer=offer)  # a session every day, 9–12
    return offer
