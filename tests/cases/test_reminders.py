"""The daily follow-up reminder: who gets one, what it says (and never says), once a day,
and the command that sends it now. How the worker runs it every day is
tests/core/test_jobs.py."""

import re
from datetime import date, timedelta
from io import StringIO
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from quartier.cases import reminders
from quartier.cases.models import ReminderDigest
from quartier.cases.tasks import RemindersNotSent, follow_up_reminders
from quartier.core.models import Role
from tests.factories import CaseFactory, FollowUpFactory

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture(autouse=True)
def base_url(settings):
    settings.QUARTIER_BASE_URL = "http://quartier.test"


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def worker(world):
    user = world.member(Role.CASE_WORKER, world.org_a)
    user.full_name = "Clara Casework"
    user.save()
    return user


@pytest.fixture
def case(world, worker):
    return CaseFactory(
        participant__project=world.project,
        participant__organisation=world.org_a,
        participant__first_name="Ottilie",
        participant__last_name="Vertraulich",
        responsible=worker,
    )


def follow_up(case, due, **kwargs):
    kwargs.setdefault("title", "Anruf wegen Schuldnerberatung")
    return FollowUpFactory(case=case, due_date=due, **kwargs)


def bodies(message) -> str:
    return message.body + "".join(content for content, _type in message.alternatives)


# --- who gets a reminder -----------------------------------------------------------


@pytest.mark.django_db
def test_one_mail_with_counts_dates_and_link_and_nothing_personal(case, worker, today):
    follow_up(case, today)
    follow_up(case, today, title="Bescheid vom Jobcenter prüfen")
    follow_up(case, today - timedelta(days=3))
    follow_up(case, today + timedelta(days=1))  # not due yet

    run = reminders.reminders_send()

    assert run.sent == [worker.pk]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [worker.email]
    assert "3" in message.subject
    summary = reminders.reminder_summary(worker, today=today)
    assert (summary.due_today, summary.overdue) == (2, 1)
    assert summary.days == [(today, 2), (today - timedelta(days=3), 1)]
    # Counts per date in German date format (d.m.Y): the interface's default language.
    assert f"{today:%d.%m.%Y}: 2" in message.body
    assert f"{today - timedelta(days=3):%d.%m.%Y}: 1" in message.body
    assert f"{today + timedelta(days=1):%d.%m.%Y}" not in message.body
    assert "http://quartier.test/" in message.body
    assert 'href="http://quartier.test/"' in message.alternatives[0][0]
    assert message.alternatives[0][1] == "text/html"
    # No participant, no case, no follow-up title: e-mail is not a channel for social data.
    text = bodies(message) + message.subject
    for secret in ("Ottilie", "Vertraulich", "Schuldnerberatung", "Jobcenter", "TN-"):
        assert secret not in text
    # The only number in the subject is the count (the case id may be 3 as well).
    assert re.findall(r"\d+", message.subject) == ["3"]
    digest = ReminderDigest.objects.get(user=worker, day=today)
    assert digest.items == 3


@pytest.mark.django_db
def test_second_run_the_same_day_sends_nothing(case, worker, today):
    follow_up(case, today)
    reminders.reminders_send()
    follow_up(case, today - timedelta(days=1))  # something new does not mean a second mail

    run = reminders.reminders_send()

    assert run.sent == []
    assert len(mail.outbox) == 1
    assert ReminderDigest.objects.filter(user=worker).count() == 1


@pytest.mark.django_db
def test_the_next_day_brings_the_next_mail(case, worker, today):
    follow_up(case, today)
    reminders.reminders_send(today=today)
    reminders.reminders_send(today=today + timedelta(days=1))
    assert len(mail.outbox) == 2
    assert set(ReminderDigest.objects.values_list("day", flat=True)) == {
        today,
        today + timedelta(days=1),
    }


@pytest.mark.django_db
def test_nothing_due_no_mail(case, worker, today):
    follow_up(case, today + timedelta(days=1))
    follow_up(case, today - timedelta(days=2), done_at=timezone.now(), done_by=worker)
    assert reminders.reminders_send().sent == []
    assert mail.outbox == []
    assert not ReminderDigest.objects.exists()


@pytest.mark.django_db
def test_done_follow_ups_are_not_counted(case, worker, today):
    follow_up(case, today - timedelta(days=1))
    follow_up(case, today - timedelta(days=1), done_at=timezone.now(), done_by=worker)
    follow_up(case, today, done_at=timezone.now(), done_by=worker)
    reminders.reminders_send()
    summary = reminders.reminder_summary(worker, today=today)
    assert (summary.due_today, summary.overdue) == (0, 1)
    assert ReminderDigest.objects.get(user=worker).items == 1
    assert f"{today:%d.%m.%Y}: " not in mail.outbox[0].body


@pytest.mark.django_db
def test_inactive_people_get_no_mail(case, worker, today):
    follow_up(case, today)
    worker.is_active = False
    worker.save()
    assert reminders.reminders_send().sent == []
    assert mail.outbox == []


@pytest.mark.django_db
def test_assigned_follow_ups_go_to_the_assignee_unassigned_to_the_responsible(
    world, case, worker, today
):
    colleague = world.member(Role.JOB_COACH, world.org_a)
    follow_up(case, today, assigned_to=colleague)
    follow_up(case, today, assigned_to=colleague)
    follow_up(case, today)  # unassigned: the responsible case worker's

    reminders.reminders_send()

    items = dict(ReminderDigest.objects.values_list("user", "items"))
    assert items == {colleague.pk: 2, worker.pk: 1}
    assert sorted(m.to[0] for m in mail.outbox) == sorted([colleague.email, worker.email])


@pytest.mark.django_db
def test_follow_ups_on_cases_the_person_cannot_see_do_not_count(world, worker, today):
    """Assigned to them, but on another organisation's case (say, after they moved)."""
    foreign = CaseFactory(
        participant__project=world.other_project, participant__organisation=world.org_c
    )
    follow_up(foreign, today, assigned_to=worker)
    assert reminders.reminders_send().sent == []
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_mail_counts_what_the_start_page_lists(case, worker, today):
    from quartier.cases.selectors.my_day import my_day

    follow_up(case, today)
    follow_up(case, today - timedelta(days=4))
    follow_up(case, today - timedelta(days=9), done_at=timezone.now())
    page = my_day(user=worker, today=today)
    summary = reminders.reminder_summary(worker, today=today)
    assert summary.due_today == len(page["due_today"])
    assert summary.overdue == len(page["overdue"])


@pytest.mark.django_db
def test_long_lists_show_twenty_dates_and_sum_up_the_rest(case, worker, today):
    for days_ago in range(25):
        follow_up(case, today - timedelta(days=days_ago))
    summary = reminders.reminder_summary(worker, today=today)
    assert len(summary.days) == reminders.MAX_LISTED_DAYS
    assert summary.older == 5
    assert summary.total == 25
    _subject, text, _html = reminders.reminder_render(worker, summary)
    assert f"{today - timedelta(days=19):%d.%m.%Y}: 1" in text
    assert f"{today - timedelta(days=20):%d.%m.%Y}" not in text
    assert ": 5\n" in text


@pytest.mark.django_db
def test_a_claim_taken_by_another_worker_means_no_mail(case, worker, today):
    """Two workers at once: the other one's digest row appears after our candidate list
    was read; the unique constraint refuses our claim and we send nothing."""
    follow_up(case, today)
    candidates = list(reminders.reminder_candidates(today=today))
    ReminderDigest.objects.create(user=worker, day=today, items=1)  # the other worker
    with mock.patch.object(reminders, "reminder_candidates", return_value=candidates):
        run = reminders.reminders_send()
    assert run.sent == []
    assert run.already_sent == 1
    assert mail.outbox == []
    assert ReminderDigest.objects.filter(user=worker).count() == 1


@pytest.mark.django_db
def test_a_failed_send_is_retried_by_the_next_run(case, worker, today):
    follow_up(case, today)
    with mock.patch.object(reminders, "send_mail", side_effect=OSError("SMTP down")):
        run = reminders.reminders_send()
    assert run.failed == [worker.pk]
    assert not ReminderDigest.objects.exists()

    run = reminders.reminders_send()
    assert run.sent == [worker.pk]
    assert len(mail.outbox) == 1


# --- the job and the command ---------------------------------------------------------


@pytest.mark.django_db
def test_the_job_sends_and_sums_up(case, worker, today):
    follow_up(case, today)
    assert follow_up_reminders() == {"day": today.isoformat(), "sent": 1, "already_sent": 0}
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_the_job_fails_when_mail_was_refused(case, worker, today):
    follow_up(case, today)
    with (
        mock.patch.object(reminders, "send_mail", side_effect=OSError("SMTP down")),
        pytest.raises(RemindersNotSent, match="1 follow-up reminder e-mails could not be sent"),
    ):
        follow_up_reminders()


@pytest.mark.django_db
def test_command_sends_now(case, worker, today):
    follow_up(case, today)
    out = StringIO()
    call_command("send_follow_up_reminders", stdout=out)
    assert "1 sent" in out.getvalue()
    call_command("send_follow_up_reminders", stdout=out)
    assert "0 sent, 1 sent earlier today" in out.getvalue()
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_command_reports_failed_mail(case, worker, today):
    follow_up(case, today)
    with (
        mock.patch.object(reminders, "send_mail", side_effect=OSError("SMTP down")),
        pytest.raises(CommandError, match="1 reminder e-mails could not be sent"),
    ):
        call_command("send_follow_up_reminders", stdout=StringIO())


def test_dates_in_the_mail_follow_the_language(settings):
    """German unless the user has another language (none is stored yet)."""
    summary = reminders.ReminderSummary(
        today=date(2026, 5, 4), due_today=1, overdue=0, days=[(date(2026, 5, 4), 1)], older=0
    )
    _subject, text, html = reminders.reminder_render(mock.Mock(), summary)
    assert "04.05.2026: 1" in text
    assert 'lang="de"' in html


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_the_same_moment_send_one_mail(world):
    """Two threads, each with its own database connection, run the reminders at once."""
    import threading

    from django.db import connection, connections

    if connection.vendor == "sqlite":
        pytest.skip("the in-memory SQLite test database locks tables instead of waiting")
    worker = world.member(Role.CASE_WORKER, world.org_a)
    case = CaseFactory(
        participant__project=world.project,
        participant__organisation=world.org_a,
        responsible=worker,
    )
    follow_up(case, timezone.localdate())
    start = threading.Barrier(2)
    runs, errors = [], []

    def run():
        try:
            start.wait(timeout=10)
            runs.append(reminders.reminders_send())
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert sorted(len(run.sent) for run in runs) == [0, 1]
    assert len(mail.outbox) == 1
    assert ReminderDigest.objects.filter(user=worker).count() == 1
