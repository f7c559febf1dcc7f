"""The daily jobs (`quartier.core.jobs`): the registry, each job on its own, the one
self-rescheduling task with the immediate and with the database task backend, and
`manage.py run_daily_jobs`."""

from datetime import datetime, time, timedelta
from io import StringIO
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from quartier.cases import reminders
from quartier.cases.models import ReminderDigest
from quartier.core import jobs
from quartier.core.jobs import run_daily_jobs
from quartier.core.models import Role
from tests.factories import CaseFactory, FollowUpFactory
from tests.workers import run_worker, task_backend

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def database_tasks():
    with task_backend("django_tasks_db.DatabaseBackend"):
        yield


@pytest.fixture(autouse=True)
def base_url(settings):
    settings.QUARTIER_BASE_URL = "http://quartier.test"


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def case(world, worker):
    return CaseFactory(
        participant__project=world.project,
        participant__organisation=world.org_a,
        responsible=worker,
    )


def follow_up(case, due, **kwargs):
    kwargs.setdefault("title", "Anruf wegen Schuldnerberatung")
    return FollowUpFactory(case=case, due_date=due, **kwargs)


@pytest.fixture
def only_these_jobs(monkeypatch):
    """An empty registry for the test (the apps' jobs are not discovered)."""
    monkeypatch.setattr(jobs, "_jobs", {})
    monkeypatch.setattr(jobs, "_discovered", True)
    return jobs


# --- the registry ----------------------------------------------------------------------


def test_the_apps_register_their_daily_jobs():
    names = [job.name for job in jobs.daily_jobs()]
    assert "follow_up_reminders" in names
    assert "expired_appointment_requests" in names
    assert "erasure_retention_end" in names  # erasure
    # --- accesslog ---
    assert "access_log_retention" in names
    # --- end accesslog ---
    assert "consent_expiry_reminders" in names  # --- consents ---
    assert len(names) == len(set(names))


def test_a_taken_name_refuses_another_function(only_these_jobs):
    @jobs.daily_job("sweep")
    def sweep():
        return 1

    jobs.register_daily_job("sweep", sweep)  # the same function again: harmless
    with pytest.raises(ImproperlyConfigured, match="Two daily jobs are named 'sweep'"):
        jobs.register_daily_job("sweep", print)


def test_a_failing_job_does_not_stop_the_next(only_these_jobs, caplog):
    ran = []

    @jobs.daily_job("first")
    def first():
        ran.append("first")
        raise RuntimeError("disk full")

    @jobs.daily_job("second")
    def second():
        ran.append("second")
        return {"done": 1}

    run = jobs.daily_jobs_run()
    assert ran == ["first", "second"]
    assert run.results == {"second": {"done": 1}}
    assert run.failed == {"first": "RuntimeError: disk full"}
    assert "Daily job first failed." in caplog.text


@pytest.mark.django_db
def test_the_task_fails_after_running_every_job_when_one_failed(only_these_jobs):
    ran = []
    jobs.register_daily_job("broken", lambda: 1 / 0)
    jobs.register_daily_job("fine", lambda: ran.append("fine"))
    result = run_daily_jobs.enqueue()
    assert result.status == TaskResultStatus.FAILED
    assert ran == ["fine"]


def test_only_runs_the_named_jobs_and_refuses_unknown_names(only_these_jobs):
    jobs.register_daily_job("a", lambda: "a")
    jobs.register_daily_job("b", lambda: "b")
    assert jobs.daily_jobs_run(only=["b"]).results == {"b": "b"}
    with pytest.raises(jobs.UnknownDailyJob, match="No daily job is named c"):
        jobs.daily_jobs_run(only=["c"])


# --- the command -----------------------------------------------------------------------


def test_command_runs_only_the_named_job(only_these_jobs):
    jobs.register_daily_job("a", lambda: "did a")
    jobs.register_daily_job("b", lambda: "did b")
    out = StringIO()
    call_command("run_daily_jobs", "--only", "b", stdout=out)
    assert out.getvalue() == "b: did b\n"


def test_command_lists_the_jobs(only_these_jobs):
    jobs.register_daily_job("a", str)
    out = StringIO()
    call_command("run_daily_jobs", "--list", stdout=out)
    assert out.getvalue().startswith("a  (")


def test_command_reports_a_failed_job_after_running_the_others(only_these_jobs):
    jobs.register_daily_job("broken", lambda: 1 / 0)
    jobs.register_daily_job("fine", lambda: "ok")
    out = StringIO()
    with pytest.raises(CommandError, match="broken: ZeroDivisionError"):
        call_command("run_daily_jobs", stdout=out)
    assert "fine: ok" in out.getvalue()


def test_command_refuses_an_unknown_job(only_these_jobs):
    with pytest.raises(CommandError, match="No daily job is named nope"):
        call_command("run_daily_jobs", "--only", "nope", stdout=StringIO())


# --- the daily task ----------------------------------------------------------------------


@pytest.mark.django_db
def test_task_with_the_immediate_backend_runs_the_jobs_and_queues_nothing(case, worker, today):
    follow_up(case, today)
    result = run_daily_jobs.enqueue()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == {
        "follow_up_reminders": {"day": today.isoformat(), "sent": 1, "already_sent": 0},
        "expired_appointment_requests": {"deleted": 0},
        "ba_job_import": {"done": 0, "failed": 0},
        # network: referrals
        "referral_deadlines": {"reminded": 0, "escalated": 0, "expired": 0, "ended": 0},
        # --- accesslog ---
        "access_log_retention": {"deleted": 0},
        # --- end accesslog ---
        # --- consents ---
        "consent_expiry_reminders": {"reminded": 0},
        "erasure_retention_end": {"anonymised": 0, "removed": 0},
        # --- end consents ---
        # --- flyer ---
        "flyers": {"districts": 0, "current": 0, "queued": 0, "waiting": 0},
        # --- end flyer ---
    }
    assert len(mail.outbox) == 1
    assert not DBTaskResult.objects.exists()


@pytest.mark.django_db
def test_the_daily_run_deletes_appointment_requests_past_their_retention(case, worker, today):
    from quartier.participants.models import Channel, FirstContact
    from tests.factories import FirstContactFactory

    old = FirstContactFactory(
        project=case.project,
        channel=Channel.REQUEST,
        status=FirstContact.Status.REQUEST,
        date=today - timedelta(days=200),
    )
    recent = FirstContactFactory(
        project=case.project,
        channel=Channel.REQUEST,
        status=FirstContact.Status.REQUEST,
        date=today - timedelta(days=20),
    )
    walk_in = FirstContactFactory(project=case.project, date=today - timedelta(days=400))

    result = run_daily_jobs.enqueue()

    assert result.return_value["expired_appointment_requests"] == {"deleted": 1}
    assert not FirstContact.objects.filter(pk=old.pk).exists()
    assert FirstContact.objects.filter(pk__in=[recent.pk, walk_in.pk]).count() == 2


@pytest.mark.django_db
def test_schedule_is_retired_and_deletes_a_waiting_chain_run(database_tasks):
    run_daily_jobs.using(run_after=timezone.now() + timedelta(hours=3)).enqueue()
    out = StringIO()
    call_command("run_daily_jobs", "--schedule", stdout=out)
    assert not DBTaskResult.objects.exists()
    assert "run_scheduler" in out.getvalue()
    assert "Deleted 1 waiting run" in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_sends_once_and_queues_no_successor(database_tasks, world):
    worker = world.member(Role.CASE_WORKER, world.org_a)
    case = CaseFactory(
        participant__project=world.project,
        participant__organisation=world.org_a,
        responsible=worker,
    )
    today = timezone.localdate()
    follow_up(case, today)
    follow_up(case, today - timedelta(days=2))

    result = run_daily_jobs.enqueue()
    assert mail.outbox == []  # queued, not run
    run_worker()

    done = DBTaskResult.objects.get(id=result.id)
    assert done.status == TaskResultStatus.SUCCESSFUL, done.traceback
    assert done.return_value == {
        "follow_up_reminders": {"day": today.isoformat(), "sent": 1, "already_sent": 0},
        "expired_appointment_requests": {"deleted": 0},
        "ba_job_import": {"done": 0, "failed": 0},
        # network: referrals
        "referral_deadlines": {"reminded": 0, "escalated": 0, "expired": 0, "ended": 0},
        # --- accesslog ---
        "access_log_retention": {"deleted": 0},
        # --- end accesslog ---
        # --- consents ---
        "consent_expiry_reminders": {"reminded": 0},
        "erasure_retention_end": {"anonymised": 0, "removed": 0},
        # --- end consents ---
        # --- flyer ---
        "flyers": {"districts": 0, "current": 0, "queued": 0, "waiting": 0},
        # --- end flyer ---
    }
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [worker.email]
    assert ReminderDigest.objects.get(user=worker).items == 2
    # The scheduler schedules the jobs now: the run queues no successor.
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists()

    # A second run the same day (a manual enqueue) sends nothing more.
    run_daily_jobs.enqueue()
    run_worker()
    assert len(mail.outbox) == 1
    assert DBTaskResult.objects.filter(status=TaskResultStatus.SUCCESSFUL).count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_failing_run_fails_after_running_the_other_jobs(database_tasks, world):
    worker = world.member(Role.CASE_WORKER, world.org_a)
    case = CaseFactory(
        participant__project=world.project,
        participant__organisation=world.org_a,
        responsible=worker,
    )
    follow_up(case, timezone.localdate())
    result = run_daily_jobs.enqueue()
    with mock.patch.object(reminders, "send_mail", side_effect=OSError("SMTP down")):
        run_worker()
    failed = DBTaskResult.objects.get(id=result.id)
    assert failed.status == TaskResultStatus.FAILED
    assert "DailyJobsFailed" in failed.exception_class_path
    assert "follow_up_reminders: RemindersNotSent" in failed.traceback
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists()
    assert not ReminderDigest.objects.exists()


@pytest.mark.django_db
def test_send_follow_up_reminders_schedule_queues_nothing(database_tasks):
    out = StringIO()
    call_command("send_follow_up_reminders", "--schedule", stdout=out)
    assert not DBTaskResult.objects.exists()
    assert "run_scheduler" in out.getvalue()


@pytest.mark.django_db
def test_retiring_the_chain_deletes_waiting_runs_of_both_old_tasks(database_tasks):
    DBTaskResult.objects.create(
        task_path="quartier.cases.tasks.send_follow_up_reminders",
        backend_name="default",
        queue_name="default",
        priority=0,
        args_kwargs={"args": [], "kwargs": {}},
        status=TaskResultStatus.READY,
        run_after=timezone.now() + timedelta(hours=3),
    )
    run_daily_jobs.using(run_after=timezone.now() + timedelta(hours=3)).enqueue()
    assert jobs.daily_jobs_chain_retire() == 2
    assert jobs.daily_jobs_chain_retire() == 0


# --- when the next run is ----------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        # Before the reminder time: today; at or after it: tomorrow.
        (datetime(2026, 5, 4, 5, 0, tzinfo=BERLIN), datetime(2026, 5, 4, 6, 30, tzinfo=BERLIN)),
        (datetime(2026, 5, 4, 6, 30, tzinfo=BERLIN), datetime(2026, 5, 5, 6, 30, tzinfo=BERLIN)),
        (datetime(2026, 5, 4, 23, 59, tzinfo=BERLIN), datetime(2026, 5, 5, 6, 30, tzinfo=BERLIN)),
        # Across the change to summer time, still 06:30 on the wall clock.
        (
            datetime(2026, 3, 28, 7, 0, tzinfo=BERLIN),
            datetime(2026, 3, 29, 6, 30, tzinfo=BERLIN),
        ),
    ],
)
def test_next_run_at(settings, now, expected):
    settings.QUARTIER_REMINDER_TIME = time(6, 30)
    at = jobs.next_run_at(now)
    assert at == expected
    assert timezone.localtime(at).utcoffset() == expected.utcoffset()


def test_next_run_at_uses_the_configured_time(settings):
    settings.QUARTIER_REMINDER_TIME = time(7, 15)
    now = datetime(2026, 5, 4, 7, 0, tzinfo=BERLIN)
    assert jobs.next_run_at(now) == datetime(2026, 5, 4, 7, 15, tzinfo=BERLIN)
