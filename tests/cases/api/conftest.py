"""Fixtures of the case-file API tests."""

import pytest
from django.utils import timezone

from quartier.cases.models import Case
from quartier.core.models import Role
from tests.factories import (
    CaseFactory,
)

TODAY = timezone.localdate


def case_of(world, organisation=None, project=None, **fields) -> Case:
    """A case owned by `organisation` (default org A) in project P (or `project`)."""
    participant = {k[13:]: v for k, v in fields.items() if k.startswith("participant__")}
    own = {k: v for k, v in fields.items() if not k.startswith("participant__")}
    return CaseFactory(
        participant__project=project or world.project,
        participant__organisation=organisation or world.org_a,
        **{f"participant__{k}": v for k, v in participant.items()},
        **own,
    )


@pytest.fixture
def case_worker(world):
    return world.member(Role.CASE_WORKER, world.org_a)


@pytest.fixture
def cases(world):
    """Own case, partner organisation's case in the same project, other project's case."""
    return (
        case_of(world),
        case_of(world, organisation=world.org_b),
        case_of(world, organisation=world.org_c, project=world.other_project),
    )
