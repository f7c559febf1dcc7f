"""The access log's retention job: the start of the chain past its retention goes, the
deletion is recorded, and the rest still verifies."""

from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from dateutil.relativedelta import relativedelta
from django.core.management import call_command

from quartier.cases.models import Case
from quartier.privacy.models import AccessLogEntry, AccessLogPrune, RetentionRule
from quartier.privacy.models.retention import RetentionScope
from quartier.privacy.selectors.access_log import chain_verify
from quartier.privacy.services.access_log import access_log_record
from quartier.privacy.tasks import access_log_retention

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 6, 15, 10, 0, tzinfo=BERLIN)


def entry_at(moment, *, project_id=None):
    with time_machine.travel(moment, tick=False):
        return access_log_record(actor=None, action="list", record=Case, project_id=project_id)


def test_old_entries_go_and_the_deletion_is_recorded(settings):
    settings.ACCESS_LOG_RETENTION_MONTHS = 24
    old = [entry_at(NOW - relativedelta(months=30) + timedelta(days=n)) for n in range(3)]
    young = [entry_at(NOW - relativedelta(months=6)), entry_at(NOW - timedelta(days=1))]

    with time_machine.travel(NOW, tick=False):
        assert access_log_retention() == {"deleted": 3}

    assert list(AccessLogEntry.objects.order_by("id")) == young
    prune = AccessLogPrune.objects.get()
    assert (prune.last_id, prune.last_hash, prune.deleted) == (old[2].pk, old[2].entry_hash, 3)
    assert list(chain_verify()) == []
    with time_machine.travel(NOW, tick=False):
        assert access_log_retention() == {"deleted": 0}
    assert AccessLogPrune.objects.count() == 1


def test_a_projects_rule_decides_for_its_entries_and_stops_the_prefix(world, settings):
    settings.ACCESS_LOG_RETENTION_MONTHS = 12
    RetentionRule.objects.create(
        project=world.project,
        scope=RetentionScope.ACCESS_LOG,
        legal_basis="Nachweis",
        citation="§ 1",
        duration_months=60,
    )
    first = entry_at(NOW - relativedelta(months=20))
    kept = entry_at(NOW - relativedelta(months=19), project_id=world.project.pk)
    later_old = entry_at(NOW - relativedelta(months=18))

    with time_machine.travel(NOW, tick=False):
        assert access_log_retention() == {"deleted": 1}

    # The project's entry stays for 60 months, and with it every later one.
    assert list(AccessLogEntry.objects.order_by("id")) == [kept, later_old]
    assert AccessLogPrune.objects.get().last_id == first.pk


def test_a_new_entry_after_everything_was_deleted_continues_the_prune(settings):
    settings.ACCESS_LOG_RETENTION_MONTHS = 1
    entry_at(NOW - relativedelta(months=3))
    with time_machine.travel(NOW, tick=False):
        assert access_log_retention() == {"deleted": 1}
    new = access_log_record(actor=None, action="list", record=Case)
    assert new.prev_hash == AccessLogPrune.objects.get().last_hash
    assert list(chain_verify()) == []


def test_it_runs_as_a_daily_job(settings):
    settings.ACCESS_LOG_RETENTION_MONTHS = 1
    entry_at(NOW - relativedelta(months=3))
    with time_machine.travel(NOW, tick=False):
        call_command("run_daily_jobs", "--only", "access_log_retention", stdout=StringIO())
    assert not AccessLogEntry.objects.exists()
