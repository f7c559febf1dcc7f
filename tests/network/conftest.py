"""Fixtures shared by the network tests: org A refers from project P to org B (a
consortium member with a case worker) or to a partner outside the consortium."""

import pytest

from quartier.core.models import Role
from tests.factories import CaseFactory, OrganisationFactory
from tests.network.factories import PartnerFactory


@pytest.fixture
def sender(world):
    """A case worker of org A in project P: the sender."""
    return world.member(Role.CASE_WORKER, world.org_a)


@pytest.fixture
def recipient(world):
    """A case worker of org B (consortium member) in project P: the recipient."""
    return world.member(Role.CASE_WORKER, world.org_b)


@pytest.fixture
def case(world):
    return CaseFactory(
        participant__project=world.project,
        participant__organisation=world.org_a,
        participant__first_name="Aylin",
        participant__last_name="Demir",
        participant__phone="0176 555 01",
    )


@pytest.fixture
def outside_partner(world):
    """A partner of P's network outside the consortium, without Quartier users."""
    return PartnerFactory(
        project=world.project, organisation=world.org_a, partner_organisation=OrganisationFactory()
    )


@pytest.fixture
def english_pages(client):
    """Pages in English; modules reading the English texts use it via `usefixtures`."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
