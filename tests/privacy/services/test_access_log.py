"""The access log's writer: what an entry names (participant, project, organisation,
role, address), the hash chain, and blanking the details about an erased person."""

import pytest
from auditlog.context import disable_auditlog
from django.test import RequestFactory

from quartier.cases.models import Case
from quartier.core.middleware import ClientAddressMiddleware
from quartier.core.models import Role
from quartier.privacy.models import AccessLogEntry
from quartier.privacy.selectors.access_log import chain_verify
from quartier.privacy.services.access_log import (
    access_log_record,
    access_log_scrub,
    digest,
    entry_hash,
)
from tests.factories import CaseFactory as AuditedCaseFactory
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db


def CaseFactory(**kwargs):  # noqa: N802
    """A case made without auditlog entries (so without the access log's change entries
    of its creation): the tests count only what they write."""
    with disable_auditlog():
        return AuditedCaseFactory(**kwargs)


@pytest.fixture
def case(world):
    return CaseFactory(participant__project=world.project, participant__organisation=world.org_a)


def test_an_entry_names_the_participant_project_organisation_and_role(world, case):
    worker = world.member(Role.CASE_WORKER)
    world.member(Role.JOB_COACH, project=world.project).memberships.update(user=worker)

    entry = access_log_record(actor=worker, action="view", record=case)

    assert entry.participant_id == case.participant_id
    assert (entry.project_id, entry.organisation_id) == (world.project.pk, world.org_a.pk)
    assert entry.role == "case_worker,job_coach"
    assert entry.address is None  # no request: a command or a task


def test_a_case_child_names_its_case_participant(world, case):
    with disable_auditlog():
        contact = ContactFactory(case=case)
    entry = access_log_record(actor=None, action="view", record=contact)
    assert entry.participant_id == case.participant_id
    assert (entry.project_id, entry.organisation_id) == (world.project.pk, world.org_a.pk)
    assert entry.role == ""


def test_a_participant_is_its_own_participant(case):
    entry = access_log_record(actor=None, action="view", record=case.participant)
    assert entry.participant_id == case.participant_id


def test_a_list_names_no_participant_unless_given(world):
    entry = access_log_record(actor=None, action="list", record=Case, detail="case list, 3 rows")
    assert entry.participant_id is None
    assert entry.record_id is None
    given = access_log_record(actor=None, action="list", record=Case, participant_id=7)
    assert given.participant_id == 7


def test_the_address_is_the_current_requests(world, case, settings):
    settings.PROXY_COUNT = 1
    worker = world.member(Role.CASE_WORKER)
    entries = []

    def view(request):
        entries.append(access_log_record(actor=worker, action="view", record=case))

    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    ClientAddressMiddleware(view)(request)

    assert entries[0].address == "203.0.113.7"
    assert access_log_record(actor=worker, action="view", record=case).address is None


def test_the_entries_form_a_chain(case):
    first = access_log_record(actor=None, action="view", record=case, detail="contacts")
    second = access_log_record(actor=None, action="view", record=case)

    assert first.detail_digest == digest("contacts")
    assert second.prev_hash == first.entry_hash
    assert second.entry_hash == entry_hash(second, first.entry_hash)
    stored = AccessLogEntry.objects.get(pk=second.pk)
    assert entry_hash(stored, stored.prev_hash) == stored.entry_hash  # as read back
    assert list(chain_verify()) == []


def test_the_hash_covers_every_field(case):
    entry = access_log_record(actor=None, action="view", record=case)
    for field, value in [
        ("action", "export"),
        ("record_id", 999),
        ("participant_id", 999),
        ("project_id", 999),
        ("organisation_id", 999),
        ("role", "project_lead"),
        ("address", "192.0.2.1"),
        ("detail_digest", digest("x")),
    ]:
        changed = AccessLogEntry.objects.get(pk=entry.pk)
        setattr(changed, field, value)
        assert entry_hash(changed, entry.prev_hash) != entry.entry_hash, field


def test_scrub_blanks_the_details_about_a_person_and_the_chain_still_verifies(world, case):
    other = CaseFactory(participant__project=world.project, participant__organisation=world.org_a)
    access_log_record(actor=None, action="view", record=case, detail="contacts")
    access_log_record(actor=None, action="view", record=case)
    kept = access_log_record(actor=None, action="view", record=other, detail="contacts")

    assert access_log_scrub(participant_id=case.participant_id) == 1

    assert not AccessLogEntry.objects.filter(participant_id=case.participant_id).exclude(detail="")
    assert AccessLogEntry.objects.get(pk=kept.pk).detail == "contacts"
    assert list(chain_verify()) == []


def test_the_migration_chains_older_entries_as_the_service_does(world, case):
    """Migration 0003 on entries written before the chain: the participant filled in
    from the record, the chain computed in id order, and it verifies."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("quartier.privacy.migrations.0003_access_log_backfill")
    written = [access_log_record(actor=None, action="view", record=case) for _ in range(3)]
    AccessLogEntry.objects.update(
        participant_id=None, detail_digest="", prev_hash="", entry_hash=""
    )

    migration.backfill(apps, None)

    for before in written:
        after = AccessLogEntry.objects.get(pk=before.pk)
        assert after.participant_id == case.participant_id
        assert (after.prev_hash, after.entry_hash) == (before.prev_hash, before.entry_hash)
    assert list(chain_verify()) == []
