"""`manage.py erase_participant` and `manage.py replay_erasures`."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from quartier.core.models import Role
from quartier.participants.models import Participant
from quartier.privacy.models import ErasureRequest
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(world):
    return CaseFactory(
        participant__project=world.project,
        participant__organisation=world.org_a,
        participant__last_name="Vendrasko",
    ).participant


def test_erase_participant_does_what_the_page_does(world, person, capsys):
    dpo = world.member(Role.DATA_PROTECTION_OFFICER)
    call_command(
        "erase_participant",
        "--participant",
        str(person.pk),
        "--actor",
        dpo.email,
        "--reason",
        "by letter",
    )
    assert "Erased participant" in capsys.readouterr().out
    # No rule in the project: everything is gone at once.
    assert not Participant.objects.filter(pk=person.pk).exists()
    assert ErasureRequest.objects.get().state == "removed"


def test_erase_participant_refuses_unknown_and_unauthorised(world, person):
    worker = world.member(Role.CASE_WORKER)
    with pytest.raises(CommandError, match="No active user"):
        call_command("erase_participant", "--participant", str(person.pk), "--actor", "x@y.invalid")
    with pytest.raises(CommandError, match="No participant"):
        call_command("erase_participant", "--participant", "999999", "--actor", worker.email)
    with pytest.raises(CommandError, match="may not erase"):
        call_command("erase_participant", "--participant", str(person.pk), "--actor", worker.email)
    assert Participant.objects.filter(pk=person.pk).exists()


def test_replay_erasures_reports_counts_and_refuses_a_missing_file(world, tmp_path, capsys):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("replay_erasures", "--file", str(tmp_path / "none.jsonl"))
    log = tmp_path / "log.jsonl"
    log.write_text("")
    call_command("replay_erasures", "--file", str(log))
    assert "0 erasures in the log" in capsys.readouterr().out
