"""The operations page (/betrieb/): platform admins only; the job runs, failed and
stranded tasks and live workers, each with its empty state; the retry buttons."""

import socket
from datetime import date, timedelta

import pytest
from django.conf import settings as django_settings
from django.tasks import TaskResultStatus
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from quartier.core.models import Role
from quartier.operations.models import JobRun, WorkerHeartbeat

pytestmark = pytest.mark.django_db

INDEX = "/betrieb/"


@pytest.fixture
def admin_client(platform_admin, login):
    client = login(platform_admin)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def task(status, **values) -> DBTaskResult:
    return DBTaskResult.objects.create(
        task_path="quartier.participants.tasks.run_participant_import",
        backend_name="default",
        queue_name="default",
        priority=0,
        args_kwargs={"args": [], "kwargs": {}},
        status=status,
        run_after=timezone.now(),
        **values,
    )


def test_the_page_is_for_platform_admins_only(world, login):
    assert reverse("operations:index") == INDEX
    lead = world.member(Role.PROJECT_LEAD, world.org_a)
    assert login(lead).get(INDEX).status_code == 403
    assert login(lead).post(reverse("operations:job_run_retry", args=[1])).status_code == 403


def test_the_empty_page_says_what_to_start(admin_client):
    html = admin_client.get(INDEX).content.decode()
    assert "No job has run yet" in html
    assert "No background task failed" in html
    assert "No worker is running" in html


def test_the_page_lists_runs_tasks_and_workers(admin_client):
    JobRun.objects.create(
        job="follow_up_reminders",
        due_date=date(2026, 5, 4),
        status=JobRun.Status.FAILED,
        attempts=2,
        next_attempt_at=timezone.now() + timedelta(minutes=5),
        last_error="SMTPServerDisconnected: Connection unexpectedly closed",
    )
    JobRun.objects.create(job="ba_job_import", due_date=date(2026, 5, 4), status="done")
    task(TaskResultStatus.FAILED, finished_at=timezone.now(), exception_class_path="x.Boom")
    task(TaskResultStatus.SUCCESSFUL, finished_at=timezone.now())
    now = timezone.now()
    WorkerHeartbeat.objects.create(
        worker_id="w1", host=socket.gethostname(), pid=4242, started_at=now, last_seen=now
    )
    html = admin_client.get(INDEX).content.decode()
    assert "follow_up_reminders" in html
    assert "SMTPServerDisconnected: Connection unexpectedly closed" in html
    assert html.count('action="/betrieb/laeufe/') == 1  # only the failed run
    assert "x.Boom" in html
    assert html.count('action="/betrieb/aufgaben/') == 1  # only the failed task
    assert "4242" in html


def test_retry_queues_a_failed_run_again(admin_client, monkeypatch):
    from quartier.core import jobs

    monkeypatch.setattr(jobs, "_jobs", {})
    monkeypatch.setattr(jobs, "_discovered", True)
    jobs.register_daily_job("probe", lambda: {"ok": True})
    run = JobRun.objects.create(
        job="probe", due_date=date(2026, 5, 4), status=JobRun.Status.GIVEN_UP, attempts=5
    )
    response = admin_client.post(reverse("operations:job_run_retry", args=[run.pk]))
    assert response.status_code == 302
    run.refresh_from_db()
    assert (run.status, run.attempts) == (JobRun.Status.DONE, 6)  # the immediate backend
    response = admin_client.post(reverse("operations:job_run_retry", args=[run.pk]), follow=True)
    assert "nothing was queued" in response.content.decode()


def test_retry_queues_a_failed_task_again(admin_client):
    failed = task(TaskResultStatus.FAILED, finished_at=timezone.now(), traceback="Traceback")
    response = admin_client.post(reverse("operations:task_retry", args=[failed.pk]))
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == TaskResultStatus.READY


def test_the_models_are_in_the_admin(admin_client):
    for name in ("jobrun", "workerheartbeat"):
        assert admin_client.get(f"/admin/operations/{name}/").status_code == 200
