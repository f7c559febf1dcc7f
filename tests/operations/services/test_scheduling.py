"""The scheduler's pass (in this process, the immediate task backend runs each queued
job at once): one run per job and due date, after the due time; failed runs tried
again with backoff, then given up; the leader's lock; a manual retry."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection

from quartier.core import jobs
from quartier.operations.models import JobRun
from quartier.operations.services import scheduling
from quartier.operations.services.leadership import Leadership

BERLIN = ZoneInfo("Europe/Berlin")
MORNING = datetime(2026, 5, 4, 8, 0, tzinfo=BERLIN)

pytestmark = pytest.mark.django_db


@pytest.fixture
def probe(monkeypatch, settings):
    """Only one daily job, "probe"; `probe.fail` makes it raise; `probe.calls` counts."""
    settings.QUARTIER_REMINDER_TIME = time(6, 30)
    monkeypatch.setattr(jobs, "_jobs", {})
    monkeypatch.setattr(jobs, "_discovered", True)

    class Probe:
        calls = 0
        fail = False

        def __call__(self):
            self.calls += 1
            if self.fail:
                raise RuntimeError("mail server away")
            return {"day": date(2026, 5, 4), "sent": 2}

    job = Probe()
    jobs.register_daily_job("probe", job)
    return job


def test_nothing_is_claimed_before_the_due_time(probe):
    with time_machine.travel(datetime(2026, 5, 4, 6, 29, tzinfo=BERLIN), tick=False):
        assert scheduling.scheduler_pass().claimed == 0
    assert not JobRun.objects.exists()


def test_each_job_runs_once_per_due_date(probe):
    with time_machine.travel(MORNING, tick=False):
        first = scheduling.scheduler_pass()
        second = scheduling.scheduler_pass()
    assert (first.claimed, second.claimed) == (1, 0)
    run = JobRun.objects.get()
    assert (run.job, run.due_date, run.status, run.attempts) == (
        "probe",
        date(2026, 5, 4),
        JobRun.Status.DONE,
        1,
    )
    assert run.result == {"day": "2026-05-04", "sent": 2}
    assert run.node
    assert run.task_id
    assert run.started_at <= run.finished_at
    assert probe.calls == 1
    with time_machine.travel(MORNING + timedelta(days=1), tick=False):
        assert scheduling.scheduler_pass().claimed == 1
    assert probe.calls == 2
    assert list(JobRun.objects.values_list("due_date", flat=True)) == [
        date(2026, 5, 5),
        date(2026, 5, 4),
    ]


def test_a_failed_run_is_tried_again_with_backoff_then_given_up(probe, settings):
    settings.QUARTIER_SCHEDULER_RETRY_MINUTES = [1, 5]
    probe.fail = True
    with time_machine.travel(MORNING, tick=False) as clock:
        scheduling.scheduler_pass()
        run = JobRun.objects.get()
        assert (run.status, run.attempts) == (JobRun.Status.FAILED, 1)
        assert run.next_attempt_at == MORNING + timedelta(minutes=1)
        assert run.last_error == "RuntimeError: mail server away"

        clock.move_to(MORNING + timedelta(seconds=59))
        assert scheduling.scheduler_pass().retried == 0
        clock.move_to(MORNING + timedelta(minutes=1))
        assert scheduling.scheduler_pass().retried == 1
        run.refresh_from_db()
        assert (run.status, run.attempts) == (JobRun.Status.FAILED, 2)
        assert run.next_attempt_at == MORNING + timedelta(minutes=6)

        clock.move_to(MORNING + timedelta(minutes=6))
        scheduling.scheduler_pass()
        run.refresh_from_db()
        assert (run.status, run.attempts, run.next_attempt_at) == (
            JobRun.Status.GIVEN_UP,
            3,
            None,
        )
        clock.move_to(MORNING + timedelta(hours=5))
        assert not scheduling.scheduler_pass()
    assert probe.calls == 3

    # A platform admin queues it again once the cause is fixed.
    probe.fail = False
    run = scheduling.job_run_retry(run=run)
    assert (run.status, run.attempts, run.last_error) == (JobRun.Status.DONE, 4, "")
    with pytest.raises(scheduling.RunNotRetryable):
        scheduling.job_run_retry(run=run)


def test_a_done_run_is_not_run_again_by_its_task(probe):
    with time_machine.travel(MORNING, tick=False):
        scheduling.scheduler_pass()
    run = JobRun.objects.get()
    assert scheduling.job_run_execute(run_id=run.pk) == {"run": run.pk, "status": "skipped"}
    assert probe.calls == 1


def test_one_leader_at_a_time():
    first, second = Leadership(), Leadership()
    try:
        assert first.acquire()
        assert first.acquire()  # still the leader
        assert not second.acquire()
        first.release()
        assert second.acquire()
        assert not first.acquire()
    finally:
        first.release()
        second.release()


def test_the_lock_is_a_postgresql_advisory_lock_on_its_own_session():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    leader = Leadership()
    try:
        assert leader.acquire()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid <> "
                "pg_backend_pid() AND objid = %s",
                [scheduling_lock_objid()],
            )
            assert cursor.fetchone()[0] == 1
    finally:
        leader.release()


def scheduling_lock_objid() -> int:
    from quartier.operations.services.leadership import SCHEDULER_LOCK_KEY

    return SCHEDULER_LOCK_KEY & 0xFFFFFFFF
