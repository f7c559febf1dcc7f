"""The intake service: the duplicate gate and the participant-number suggestion."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from quartier.core.models import Role
from quartier.participants.models import Participant
from quartier.participants.services.intake import (
    DuplicateSuspected,
    participant_intake,
    participant_number_suggestion,
)
from tests.factories import ParticipantFactory
from tests.participants.services.test_participants import person

pytestmark = pytest.mark.django_db


def test_the_first_number_of_a_project_is_tn_00001(world):
    assert participant_number_suggestion(project=world.project) == "TN-00001"


def test_the_suggestion_follows_the_projects_own_scheme(world):
    ParticipantFactory(project=world.project, external_id="BQB-000123")
    assert participant_number_suggestion(project=world.project) == "BQB-000124"


def test_the_suggestion_skips_numbers_taken_after_the_latest(world):
    ParticipantFactory(project=world.project, external_id="BQB-000124")
    ParticipantFactory(project=world.project, external_id="BQB-000125")
    ParticipantFactory(project=world.project, external_id="BQB-000123")
    assert participant_number_suggestion(project=world.project) == "BQB-000126"


@pytest.mark.parametrize("taken", [1, 30])
def test_the_suggestion_asks_the_same_queries_however_many_numbers_are_taken(
    world, taken, django_assert_num_queries
):
    ParticipantFactory(project=world.project, external_id="BQB-000100")
    for number in range(101, 101 + taken):
        ParticipantFactory(project=world.project, external_id=f"BQB-{number:06d}")
    # The latest one recorded is the first number, so every one after it is taken.
    Participant.objects.filter(external_id="BQB-000100").update(id=10_000)
    with django_assert_num_queries(2):
        suggestion = participant_number_suggestion(project=world.project)
    assert suggestion == f"BQB-{101 + taken:06d}"


def test_a_similar_person_is_refused_until_confirmed_as_different(world):
    worker = world.member(Role.CASE_WORKER, world.org_a)
    existing = ParticipantFactory(
        project=world.project,
        organisation=world.org_a,
        first_name="Ayse",
        last_name="Yilmaz",
        birth_date=date(1988, 4, 2),
        postcode="44649",
    )
    intake = {
        "actor": worker,
        "project": world.project,
        "organisation": world.org_a,
        "participant_data": person(),
        "entry_date": date(2025, 2, 1),
    }
    with pytest.raises(DuplicateSuspected) as suspected:
        participant_intake(**intake)
    assert suspected.value.duplicates == [existing]
    case = participant_intake(**intake, not_a_duplicate=True)
    assert case.participant.first_name == "Ayşe"


def test_a_number_used_in_the_project_is_an_error_at_the_number(world):
    worker = world.member(Role.CASE_WORKER, world.org_a)
    ParticipantFactory(project=world.project, external_id="BQB-001", postcode="10115")
    with pytest.raises(ValidationError) as error:
        participant_intake(
            actor=worker,
            project=world.project,
            organisation=world.org_a,
            participant_data=person(),
            entry_date=date(2025, 2, 1),
        )
    assert "external_id" in error.value.message_dict
