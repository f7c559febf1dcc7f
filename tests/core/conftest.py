"""Fixtures shared by the core tests."""

import pytest

from quartier.core.models import Role


@pytest.fixture
def worker(world):
    return world.member(Role.CASE_WORKER, world.org_a)
