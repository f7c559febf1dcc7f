"""Fixtures of the case-file page tests."""

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


def own_case(world, **participant):
    return CaseFactory(
        participant__project=world.project,
        participant__organisation=world.org_a,
        **{f"participant__{k}": v for k, v in participant.items()},
    )
