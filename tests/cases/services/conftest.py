"""Fixtures of the case-file service tests."""

import pytest

from tests.factories import CaseFactory

EXIT = {
    "exit_reason": "employment",
    "exit_job_searching": "no",
    "exit_education_training": "no",
    "exit_qualification": "yes",
    "exit_employed": "yes",
}


@pytest.fixture
def case(world):
    return CaseFactory(participant__project=world.project, participant__organisation=world.org_a)
