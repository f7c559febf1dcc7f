"""The scheduler and the worker as real processes on one shared test database: two
schedulers at once run the job once, a scheduler without a database says so in one
line, and a worker killed (SIGKILL) in the middle of a participant import leaves
nothing half-saved; a second worker picks the task up and imports the list once."""

import fcntl
import os
import signal
import threading
import time
from contextlib import contextmanager
from datetime import date

import pytest
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from quartier.core.models import Role
from quartier.operations.models import JobRun, WorkerHeartbeat
from quartier.operations.services.leadership import Leadership
from quartier.participants.listformat.writing import write_csv
from quartier.participants.models import ImportJob, Participant
from quartier.participants.services import import_jobs
from tests.factories import MembershipFactory, ProjectFactory
from tests.participants.services.test_importing import person
from tests.workers import task_backend

#: The subprocesses' clock (time-machine): a Monday morning after the due time.
NOW = "2026-05-04T08:00:00+02:00"
WORKER = ("run_worker", "--batch", "--no-startup-delay")


@contextmanager
def leadership_held(shared_db):
    """Hold the scheduler's lock as another node would."""
    if shared_db.path is None:
        leader = Leadership()
        assert leader.acquire()
        try:
            yield
        finally:
            leader.release()
        return
    with open(f"{shared_db.path}.scheduler.lock", "a") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        yield


def test_two_schedulers_at_once_run_the_job_once(shared_db, tmp_path):
    probe = tmp_path / "probe"
    env = {"QUARTIER_TEST_NOW": NOW, "QUARTIER_TEST_PROBE": probe}
    shared_db.share()

    # While another scheduler leads, this one claims nothing.
    with leadership_held(shared_db):
        waiting = shared_db.run("run_scheduler", "--once", **env)
    assert waiting.returncode == 0, waiting.stderr
    assert "Another scheduler leads" in waiting.stdout

    # Two started at the same moment: one claims the run, the other finds it.
    first, second = (shared_db.start("run_scheduler", "--once", **env) for _ in range(2))
    outputs = [process.communicate(timeout=120) for process in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], outputs
    claims = [out for out, _ in outputs if "claimed 1" in out]
    assert len(claims) == 1, outputs
    worker = shared_db.run(*WORKER, **env)
    assert worker.returncode == 0, worker.stderr

    assert len(probe.read_text().splitlines()) == 1
    shared_db.collect()
    run = JobRun.objects.get()
    assert (run.job, run.due_date, run.status, run.attempts) == (
        "probe",
        date(2026, 5, 4),
        JobRun.Status.DONE,
        1,
    )
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL
    assert not WorkerHeartbeat.objects.exists()  # the worker deleted its own at the end


def test_a_scheduler_without_a_database_says_so_in_one_line(shared_db, tmp_path):
    once = shared_db.run(
        "run_scheduler", "--once", DATABASE_URL="postgres://quartier@127.0.0.1:1/none"
    )
    assert once.returncode == 1
    assert "The scheduler cannot reach the database" in once.stderr
    assert "Traceback" not in once.stderr

    # Running on, it retries with a growing pause (and is stopped here).
    looping = shared_db.start("run_scheduler", DATABASE_URL=f"sqlite:///{tmp_path}/no/such.db")
    stopper = threading.Timer(90, looping.kill)  # should it hang
    stopper.start()
    try:
        lines = [looping.stderr.readline() for _ in range(2)]
        looping.send_signal(signal.SIGINT)
        out, err = looping.communicate(timeout=30)
    finally:
        stopper.cancel()
    assert "The scheduler cannot reach the database" in lines[0], (lines, err)
    assert "trying again in 1 s" in lines[0]
    assert "trying again in 2 s" in lines[1]
    assert "Scheduler stopped." in out
    assert "Traceback" not in err


@pytest.fixture
def lead(shared_db):
    """A project and its lead."""
    project = ProjectFactory()
    membership = MembershipFactory(
        project=project, organisation=project.lead_organisation, role=Role.PROJECT_LEAD
    )
    return membership.user, project


def test_a_killed_worker_leaves_no_partial_import_and_it_completes_once(shared_db, tmp_path, lead):
    lead, project = lead
    rows = [person(number) for number in range(1, 1501)]  # two batches of the import
    folder = import_jobs.imports_folder()
    (folder / f"{'a' * 32}.csv").write_bytes(write_csv(rows))
    with task_backend("django_tasks_db.DatabaseBackend"):
        job = import_jobs.import_job_start(
            actor=lead,
            project=project,
            organisation=project.lead_organisation,
            token="a" * 32,
            extension=".csv",
            filename="liste.csv",
            update=False,
        )
    shared_db.share()

    marker = tmp_path / "held"
    first = shared_db.start(*WORKER, QUARTIER_TEST_HOLD_IMPORT=marker)
    for _ in range(1200):  # up to two minutes on a busy machine
        if marker.exists() or first.poll() is not None:
            break
        time.sleep(0.1)
    assert marker.read_text() == "1000", first.communicate()
    os.kill(first.pid, signal.SIGKILL)
    first.wait()

    shared_db.collect()
    assert Participant.objects.count() == 0  # the first batch was never committed
    assert ImportJob.objects.get().status == ImportJob.Status.RUNNING
    task = DBTaskResult.objects.get()
    assert task.status == TaskResultStatus.RUNNING
    killed_worker = task.worker_ids[-1]
    assert killed_worker.split("-")[0].endswith(f":{first.pid}")

    second = shared_db.run(*WORKER)
    assert second.returncode == 0, second.stderr

    shared_db.collect()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.error
    assert (job.new_count, job.rows_done) == (1500, 1500)
    assert Participant.objects.count() == 1500
    assert Participant.objects.values("external_id").distinct().count() == 1500
    task = DBTaskResult.objects.get()
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert task.worker_ids[0] == killed_worker
    assert len(task.worker_ids) == 2
