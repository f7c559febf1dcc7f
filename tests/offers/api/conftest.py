"""Fixtures shared by the offers API tests."""

import pytest

from quartier.core.models import Role
from tests.offers.factories import OfferFactory, ScheduleFactory


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Certificates issued here store their PDF: in a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def case_worker(world):
    return world.member(Role.CASE_WORKER, world.org_a)


@pytest.fixture
def foreign_offer(world):
    """An offer of another project, run by org C."""
    offer = OfferFactory(project=world.other_project, organisation=world.org_c)
    ScheduleFactory(offer=offer)
    return offer
