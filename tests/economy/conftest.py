"""Fixtures shared by the economy tests: the staff of the employers world."""

import pytest

from quartier.core.models import Role
from tests.economy.factories import EmployerFactory


@pytest.fixture
def liaison(world):
    """The employer liaison of org A (lead) in project P."""
    return world.member(Role.EMPLOYER_LIAISON, world.org_a)


@pytest.fixture
def partner_liaison(world):
    """The employer liaison of partner org B in the same project."""
    return world.member(Role.EMPLOYER_LIAISON, world.org_b)


@pytest.fixture
def case_worker(world):
    """A case worker of org A: sees A's employers, changes none."""
    return world.member(Role.CASE_WORKER, world.org_a)


@pytest.fixture
def employer(world):
    return EmployerFactory(
        project=world.project, organisation=world.org_a, name="Gartenbau Müller GmbH"
    )


@pytest.fixture
def english_pages(client):
    """Pages in English; modules reading the English texts use it via `usefixtures`."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
