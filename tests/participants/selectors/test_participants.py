"""participants_visible_to: case roles see their own organisation's participants only."""

import pytest

from quartier.core.models import Role
from quartier.participants.selectors.participants import participants_visible_to
from tests.factories import ParticipantFactory


@pytest.fixture
def people(world):
    return {
        "a": ParticipantFactory(project=world.project, organisation=world.org_a),
        "b": ParticipantFactory(project=world.project, organisation=world.org_b),
        "c": ParticipantFactory(project=world.other_project, organisation=world.org_c),
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "visible"),
    [
        (Role.PROJECT_LEAD, {"a"}),
        (Role.CASE_WORKER, {"a"}),
        (Role.JOB_COACH, {"a"}),
        (Role.NETWORK_COACH, set()),
        (Role.EMPLOYER_LIAISON, set()),
        (Role.EVALUATOR, set()),
        (Role.ORGANISATION_ADMIN, set()),
    ],
)
def test_each_role_sees_only_what_it_may(world, people, role, visible):
    user = world.member(role)
    seen = set(participants_visible_to(user))
    assert seen == {people[key] for key in visible}


@pytest.mark.django_db
def test_case_worker_of_partner_organisation_sees_only_partner_participants(world, people):
    user = world.member(Role.CASE_WORKER, organisation=world.org_b)
    assert set(participants_visible_to(user)) == {people["b"]}


@pytest.mark.django_db
def test_anonymous_sees_nobody(people):
    from django.contrib.auth.models import AnonymousUser

    assert not participants_visible_to(AnonymousUser()).exists()


@pytest.mark.django_db
def test_platform_admin_sees_everyone(platform_admin, people):
    assert participants_visible_to(platform_admin).count() == 3
