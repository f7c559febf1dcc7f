"""The confirmed participant-list import as a background job (`ImportJob`): queued,
run by the worker (the immediate backend of the tests and the real database worker),
its progress and result page, failures that save nothing, and who may see it."""

import os
import re
import time
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.tasks import TaskResultStatus
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from quartier.cases.models import Case
from quartier.core.models import Role
from quartier.participants.listformat.writing import write_csv
from quartier.participants.models import ImportJob, Participant
from quartier.participants.selectors import import_jobs as import_job_selectors
from quartier.participants.services import import_jobs, importing
from quartier.participants.tasks import run_participant_import
from tests.factories import ParticipantFactory
from tests.participants.services.test_importing import exited, person
from tests.workers import run_worker, task_backend

HTMX = {"HTTP_HX_REQUEST": "true"}


pytestmark = pytest.mark.usefixtures("media")


@pytest.fixture
def database_tasks():
    with task_backend("django_tasks_db.DatabaseBackend"):
        yield


@pytest.fixture
def lead(world):
    return world.member(Role.PROJECT_LEAD, world.org_a)


@pytest.fixture
def english_login(login):
    """Log in with the pages in English, as the assertions are."""

    def _login(user):
        client = login(user)
        client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return _login


@pytest.fixture
def lead_client(lead, english_login):
    return english_login(lead)


def files(media) -> list[str]:
    folder = media / "imports"
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


def upload(client, project, rows) -> str:
    response = client.post(
        reverse("participants:import_upload", args=[project.slug]),
        {
            "file": SimpleUploadedFile("liste.csv", write_csv(rows)),
            "organisation": project.lead_organisation.pk,
        },
    )
    return re.search(r"/import/([0-9a-f]{32})/", response["Location"]).group(1)


def confirm(client, project, token, update=False):
    url = reverse("participants:import_confirm", args=[project.slug, token])
    return client.post(url, {"update": "1" if update else "0"})


def job_url(job):
    return reverse("participants:import_job", args=[job.project.slug, job.pk])


def page(client, url, **extra) -> str:
    response = client.get(url, **extra)
    assert response.status_code == 200
    return response.content.decode()


# The job under the immediate backend (tests: it runs inside the confirm request) -----


def test_confirm_creates_a_job_that_runs_and_shows_the_counts(world, lead, lead_client, media):
    ParticipantFactory(project=world.project, external_id="TN-001", first_name="Alt")
    token = upload(lead_client, world.project, [person(1), person(2), exited(3)])

    response = confirm(lead_client, world.project, token, update=True)

    job = ImportJob.objects.get()
    assert response["Location"] == job_url(job)
    assert job.status == ImportJob.Status.DONE
    assert (job.created_by, job.project, job.organisation) == (lead, world.project, world.org_a)
    assert (job.token, job.filename, job.update) == (token, "liste.csv", True)
    assert (job.new_count, job.updated_count, job.unchanged_count) == (2, 1, 0)
    assert (job.rows_done, job.rows_total) == (3, 3)
    assert job.task_id
    assert job.created_at <= job.started_at <= job.finished_at
    assert Participant.objects.get(external_id="TN-001").first_name == "Ayşe"
    assert Case.objects.count() == 3
    assert files(media) == []  # the upload and the progress file are gone
    html = page(lead_client, response["Location"])
    assert "Participant list imported" in html
    assert re.search(r"New participants</dt><dd>2</dd>", html)
    assert re.search(r"Participants updated</dt><dd>1</dd>", html)
    assert "hx-trigger" not in html


def test_the_upload_page_lists_the_users_recent_imports(world, lead_client, login):
    confirm(lead_client, world.project, upload(lead_client, world.project, [person(1)]))
    job = ImportJob.objects.get()
    url = reverse("participants:import_upload", args=[world.project.slug])
    html = page(lead_client, url)
    assert "Recent imports" in html
    assert f'<a href="{job_url(job)}">liste.csv</a>' in html
    other_lead = login(world.member(Role.PROJECT_LEAD, world.org_a))
    assert job_url(job) not in page(other_lead, url)


def test_the_preview_of_a_confirmed_upload_leads_to_its_job(world, lead_client):
    token = upload(lead_client, world.project, [person(1)])
    confirm(lead_client, world.project, token)
    preview = reverse("participants:import_preview", args=[world.project.slug, token])
    response = lead_client.get(preview)
    assert response["Location"] == job_url(ImportJob.objects.get())


def test_a_task_run_twice_imports_once(world, lead_client):
    confirm(lead_client, world.project, upload(lead_client, world.project, [person(1)]))
    job = ImportJob.objects.get()
    result = run_participant_import.enqueue(job_id=job.pk, language="en")
    assert result.return_value == {"job": job.pk, "status": "skipped"}
    assert Participant.objects.count() == 1


def test_one_live_job_per_upload_is_a_database_rule(world, lead):
    values = {"project": world.project, "organisation": world.org_a, "token": "a" * 32}
    ImportJob.objects.create(**values, status=ImportJob.Status.FAILED)
    ImportJob.objects.create(**values)  # a failed job does not count
    with pytest.raises(IntegrityError):
        ImportJob.objects.create(**values)


# Failures: a clear message, nothing saved ---------------------------------------------


def test_an_unexpected_error_fails_the_job_and_saves_nothing(
    world, lead_client, media, monkeypatch
):
    """The error comes after every row was written, just before the end of the
    transaction: the rows go again with it."""

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(importing, "import_audit_record", broken)
    monkeypatch.setattr(importing, "BATCH_SIZE", 2)
    token = upload(lead_client, world.project, [person(n) for n in range(1, 6)])

    response = confirm(lead_client, world.project, token)

    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED
    assert "unexpected error. Nothing was imported." in job.error
    assert job.finished_at is not None
    assert job.rows_done == 0
    assert not Participant.objects.exists()
    assert not Case.objects.exists()
    # The file waits again, so that the list can be checked and confirmed once more.
    assert files(media) == [f"{token}.csv"]
    html = page(lead_client, response["Location"])
    assert "Nothing was imported" in html
    assert "Check the list again" in html
    assert "hx-trigger" not in html

    monkeypatch.undo()
    monkeypatch.setattr(import_jobs, "WAITING_LIFETIME_SECONDS", 24 * 3600)
    again = confirm(lead_client, world.project, token)
    assert ImportJob.objects.filter(status=ImportJob.Status.DONE).count() == 1
    assert again["Location"] != response["Location"]
    assert Participant.objects.count() == 5


def test_the_job_is_done_exactly_when_the_rows_are_saved(world, lead_client, monkeypatch):
    """Marking the job done is part of the import's transaction: if that fails, the
    rows go too, and the job says it failed."""

    def broken(*args, **kwargs):
        raise RuntimeError("connection lost")

    monkeypatch.setattr(import_jobs, "_mark_done", broken)
    confirm(lead_client, world.project, upload(lead_client, world.project, [person(1)]))
    assert ImportJob.objects.get().status == ImportJob.Status.FAILED
    assert not Participant.objects.exists()


def test_rows_that_became_wrong_since_the_preview_fail_the_job(world, lead_client, media):
    token = upload(lead_client, world.project, [person(1), person(2)])
    # Someone records TN-002 between the preview and the confirmation.
    ParticipantFactory(project=world.project, external_id="TN-002")

    response = confirm(lead_client, world.project, token)

    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED
    assert "found 1 problems that the preview did not show" in job.error
    assert job.problems == [
        "row 3, column external_id: already exists in the project "
        "(import with update to replace it) ('TN-002')"
    ]
    assert Participant.objects.count() == 1
    html = page(lead_client, response["Location"])
    assert "already exists in the project" in html
    assert f"/import/{token}/?update=0" in html


def test_a_file_gone_before_the_worker_came_fails_with_a_clear_message(
    world, lead_client, media, database_tasks
):
    token = upload(lead_client, world.project, [person(1)])
    confirm(lead_client, world.project, token)
    (media / "imports" / f"{token}.claimed.csv").unlink()
    import_jobs.import_job_run(job_id=ImportJob.objects.get().pk, language="en")
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED
    assert job.error.startswith("The uploaded file is no longer there")
    assert not Participant.objects.exists()


def test_a_lead_who_lost_the_role_before_the_run_imports_nothing(
    world, lead, lead_client, database_tasks
):
    confirm(lead_client, world.project, upload(lead_client, world.project, [person(1)]))
    lead.memberships.all().delete()
    import_jobs.import_job_run(job_id=ImportJob.objects.get().pk, language="en")
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED
    assert job.error == "You are not allowed to do this."
    assert not Participant.objects.exists()


# Who sees a job -------------------------------------------------------------------


@pytest.fixture
def job(world, lead_client):
    confirm(lead_client, world.project, upload(lead_client, world.project, [person(1)]))
    return ImportJob.objects.get()


@pytest.mark.parametrize(
    "who",
    [
        "another lead of the organisation",
        "a lead of the partner",
        "a case worker",
        "another project's lead",
    ],
)
def test_someone_elses_job_is_not_found(world, login, job, who):
    user = {
        "another lead of the organisation": lambda: world.member(Role.PROJECT_LEAD, world.org_a),
        "a lead of the partner": lambda: world.member(Role.PROJECT_LEAD, world.org_b),
        "a case worker": lambda: world.member(Role.CASE_WORKER, world.org_a),
        "another project's lead": lambda: world.member(
            Role.PROJECT_LEAD, world.org_c, project=world.other_project
        ),
    }[who]()
    client = login(user)
    assert client.get(job_url(job)).status_code == 404
    assert client.get(job_url(job), **HTMX).status_code == 404


def test_a_platform_admin_sees_every_job(english_login, platform_admin, job):
    assert "Participant list imported" in page(english_login(platform_admin), job_url(job))


def test_a_job_of_another_project_is_not_found_under_this_one(world, lead_client, job):
    url = reverse("participants:import_job", args=[world.other_project.slug, job.pk])
    assert lead_client.get(url).status_code == 404


# With the real database backend and its worker --------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_runs_the_job_while_the_page_polls(
    world, lead_client, media, database_tasks
):
    token = upload(lead_client, world.project, [person(1), exited(2)])

    response = confirm(lead_client, world.project, token)

    job = ImportJob.objects.get()
    assert response["Location"] == job_url(job)
    assert job.status == ImportJob.Status.QUEUED
    assert not Participant.objects.exists()
    assert files(media) == [f"{token}.claimed.csv"]
    task = DBTaskResult.objects.get(id=job.task_id)
    assert task.status == TaskResultStatus.READY
    html = page(lead_client, job_url(job))
    assert "Waiting for the background worker" in html
    assert f'hx-get="{job_url(job)}?shown=queued"' in html
    assert 'hx-trigger="every 2s"' in html
    assert "may not be running" not in html
    # The second click while it waits: nothing new, the same job.
    again = confirm(lead_client, world.project, token)
    assert again["Location"] == job_url(job)
    assert "This list is already being imported." in page(lead_client, again["Location"])
    assert ImportJob.objects.count() == 1

    run_worker()

    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.error
    assert DBTaskResult.objects.get(id=job.task_id).status == TaskResultStatus.SUCCESSFUL
    assert Participant.objects.count() == 2
    assert files(media) == []
    # The poll gets the final status part: no trigger, so polling stops, and the news
    # for screen readers.
    part = page(lead_client, f"{job_url(job)}?shown=queued", **HTMX)
    assert part.strip().startswith('<section id="job-status"')
    assert "<html" not in part
    assert "hx-trigger" not in part
    assert re.search(r"New participants</dt><dd>2</dd>", part)
    assert '<p id="job-announce" hx-swap-oob="innerHTML">Participant list imported</p>' in part


@pytest.mark.django_db(transaction=True)
def test_progress_is_visible_while_the_worker_saves(
    world, lead_client, media, database_tasks, monkeypatch
):
    """What the page would show, read after each batch the worker saved."""
    monkeypatch.setattr(importing, "BATCH_SIZE", 2)
    seen = []
    writer = import_jobs._progress_writer

    def watching(job):
        write = writer(job)

        def report(phase, done, total):
            write(phase, done, total)
            current = ImportJob.objects.get(pk=job.pk)
            progress = import_job_selectors.import_job_progress(current)
            seen.append((current.status, progress.phase, progress.done, progress.total))

        return report

    monkeypatch.setattr(import_jobs, "_progress_writer", watching)
    confirm(
        lead_client,
        world.project,
        upload(lead_client, world.project, [person(n) for n in range(1, 6)]),
    )
    run_worker()

    assert seen == [
        ("running", "checking", 0, 5),
        ("running", "saving", 0, 5),
        ("running", "saving", 2, 5),
        ("running", "saving", 4, 5),
        ("running", "saving", 5, 5),
    ]
    assert ImportJob.objects.get().status == ImportJob.Status.DONE


# What the page says while the job waits or runs -------------------------------------


@pytest.fixture
def queued_job(world, lead_client, database_tasks):
    confirm(lead_client, world.project, upload(lead_client, world.project, [person(1)]))
    return ImportJob.objects.get()


def test_a_job_waiting_over_a_minute_hints_that_the_worker_may_be_down(lead_client, queued_job):
    ImportJob.objects.filter(pk=queued_job.pk).update(
        created_at=timezone.now() - timedelta(seconds=61)
    )
    part = page(lead_client, f"{job_url(queued_job)}?shown=queued", **HTMX)
    assert "Waiting for the background worker" in part
    assert "The background worker may not be running" in part
    assert "make worker" in part
    assert 'hx-trigger="every 2s"' in part
    assert "job-announce" not in part  # nothing new to announce


def test_a_running_job_shows_rows_saved_of_rows_total(lead_client, queued_job):
    ImportJob.objects.filter(pk=queued_job.pk).update(
        status=ImportJob.Status.RUNNING, started_at=timezone.now()
    )
    import_jobs._progress_writer(queued_job)(importing.SAVING, 12000, 100000)
    # The progress file's time is the file system's clock, which a travelled test day
    # (QUARTIER_TEST_TODAY) does not move: set it to the test's now.
    moment = timezone.now().timestamp()
    os.utime(import_job_selectors.progress_path(queued_job.token), (moment, moment))

    html = page(lead_client, job_url(queued_job))

    assert "Importing the participant list" in html
    assert "12,000 of 100,000 rows saved" in html
    assert '<progress id="job-progress" max="100000" value="12000">12 %</progress>' in html
    assert 'hx-trigger="every 2s"' in html
    assert "Show the current state" in html  # without JavaScript
    assert "has not moved" not in html
    part = page(lead_client, f"{job_url(queued_job)}?shown=queued", **HTMX)
    assert '<p id="job-announce" hx-swap-oob="innerHTML">Importing the participant list</p>' in part


def test_a_running_job_that_stopped_moving_says_so(lead_client, queued_job):
    ImportJob.objects.filter(pk=queued_job.pk).update(
        status=ImportJob.Status.RUNNING, started_at=timezone.now() - timedelta(minutes=20)
    )
    import_jobs._progress_writer(queued_job)(importing.SAVING, 3000, 100000)
    ten_minutes_ago = time.time() - 600
    os.utime(
        import_job_selectors.progress_path(queued_job.token), (ten_minutes_ago, ten_minutes_ago)
    )
    assert "has not moved for several minutes" in page(lead_client, job_url(queued_job))


def test_the_sweep_keeps_the_file_of_a_waiting_job(world, lead_client, media, queued_job):
    claimed = media / "imports" / f"{queued_job.token}.claimed.csv"
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(claimed, (two_days_ago, two_days_ago))
    upload(lead_client, world.project, [person(2)])  # an upload sweeps old files
    assert claimed.exists()
