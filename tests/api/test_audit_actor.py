"""An API write is audited with the token's user as actor, as a page write is."""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from quartier.core.models import Role
from quartier.participants.models import Participant
from tests.participants.test_api import URL, intake_body


@pytest.mark.django_db
def test_an_api_write_names_the_tokens_user_in_the_audit_log(world, api_as):
    case_worker = world.member(Role.CASE_WORKER, world.org_a)
    response = api_as(case_worker).post(URL, intake_body(world))
    assert response.status_code == 201, response.content
    entry = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Participant),
        object_pk=str(response.json()["id"]),
        action=LogEntry.Action.CREATE,
    )
    assert entry.actor == case_worker


@pytest.mark.django_db
def test_an_api_change_names_the_tokens_user_in_the_audit_log(world, api_as):
    case_worker = world.member(Role.CASE_WORKER, world.org_a)
    client = api_as(case_worker)
    participant_id = client.post(URL, intake_body(world)).json()["id"]
    version = Participant.objects.get(pk=participant_id).version
    response = client.patch(f"{URL}{participant_id}/", {"version": version, "first_name": "Amina"})
    assert response.status_code == 200, response.content
    entry = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Participant),
        object_pk=str(participant_id),
        action=LogEntry.Action.UPDATE,
    ).latest("pk")
    assert entry.actor == case_worker
