"""`manage.py verify_access_log`: a whole chain, and every kind of tampering named."""

from io import StringIO

import pytest
from auditlog.context import disable_auditlog
from django.core.management import call_command
from django.core.management.base import CommandError

from quartier.privacy.models import AccessLogEntry, AccessLogPrune
from quartier.privacy.services.access_log import access_log_record, access_log_scrub
from tests.factories import CaseFactory as AuditedCaseFactory

pytestmark = pytest.mark.django_db


def CaseFactory(**kwargs):  # noqa: N802
    """A case made without auditlog entries (so without the access log's change entries
    of its creation): the tests count only what they write."""
    with disable_auditlog():
        return AuditedCaseFactory(**kwargs)


@pytest.fixture
def entries(world):
    case = CaseFactory(participant__project=world.project, participant__organisation=world.org_a)
    return [
        access_log_record(actor=None, action="view", record=case, detail=f"contacts {n}")
        for n in range(5)
    ]


def verify() -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("verify_access_log", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def broken() -> str:
    err = StringIO()
    with pytest.raises(CommandError, match="broken"):
        call_command("verify_access_log", stdout=StringIO(), stderr=err)
    return err.getvalue()


def test_a_whole_chain_prints_the_count(entries):
    out, err = verify()
    assert "5 entries checked" in out
    assert err == ""
    assert entries[-1].entry_hash in out


def test_an_empty_log_is_whole(db):
    assert "0 entries checked" in verify()[0]


def test_a_changed_field_is_named(entries):
    AccessLogEntry.objects.filter(pk=entries[2].pk).update(user_id=None, record_id=12345)
    err = broken()
    assert f"Entry {entries[2].pk} " in err
    assert "changed" in err
    assert f"Entry {entries[3].pk} " not in err


def test_a_changed_detail_is_named(entries):
    AccessLogEntry.objects.filter(pk=entries[1].pk).update(detail="something else")
    err = broken()
    assert f"Entry {entries[1].pk} " in err
    assert "detail" in err


def test_a_changed_time_is_named(entries):
    AccessLogEntry.objects.filter(pk=entries[1].pk).update(at=entries[0].at)
    assert f"Entry {entries[1].pk} " in broken()


def test_a_deleted_middle_entry_is_named_at_its_successor(entries):
    AccessLogEntry.objects.filter(pk=entries[2].pk).delete()
    err = broken()
    assert f"Entry {entries[3].pk} " in err
    assert f"predecessor missing: entries deleted after entry {entries[1].pk}" in err


def test_a_deleted_start_without_a_recorded_deletion_is_named(entries):
    AccessLogEntry.objects.filter(pk__in=[entries[0].pk, entries[1].pk]).delete()
    err = broken()
    assert f"Entry {entries[2].pk} " in err
    assert "predecessor missing" in err


def test_a_recorded_deletion_of_the_start_verifies(entries):
    AccessLogEntry.objects.filter(pk__lte=entries[1].pk).delete()
    AccessLogPrune.objects.create(
        last_id=entries[1].pk, last_hash=entries[1].entry_hash, deleted=2, before=entries[2].at
    )
    out, _err = verify()
    assert "3 entries checked" in out
    assert f"after entry {entries[1].pk}" in out


def test_swapped_entries_are_named_as_reordered(entries):
    first, second = (AccessLogEntry.objects.get(pk=e.pk) for e in entries[1:3])
    fields = [f.attname for f in AccessLogEntry._meta.concrete_fields if f.attname != "id"]
    values = {f: getattr(first, f) for f in fields}
    AccessLogEntry.objects.filter(pk=first.pk).update(**{f: getattr(second, f) for f in fields})
    AccessLogEntry.objects.filter(pk=second.pk).update(**values)
    err = broken()
    assert "reordered" in err
    assert f"Entry {entries[1].pk} " in err


def test_a_scrubbed_detail_verifies(entries):
    assert access_log_scrub(participant_id=entries[0].participant_id) == 5
    assert "5 entries checked" in verify()[0]


def test_a_blanked_digest_is_named(entries):
    AccessLogEntry.objects.filter(pk=entries[4].pk).update(detail="", detail_digest="")
    assert f"Entry {entries[4].pk} " in broken()
