"""The daily follow-up reminder: one e-mail per person and day about their due follow-ups.

A follow-up is someone's when it is assigned to them, or when it is unassigned and they
are responsible for its case; it counts when it is open and due today or earlier, on a
case they may see. That is what their start page ("Mein Tag", `selectors.my_day`) lists.

E-mail is no safe channel for social data (SGB X), so the reminder carries only
numbers and dates: how many follow-ups are due today, how many are overdue, how many
fall on each due date, and the link to the start page. No participant, no case, no
follow-up title (free text) ever goes into it.

At most one reminder per person and day, even when two workers run at the same time:
the `ReminderDigest` row for (person, day) is claimed first, in its own transaction,
and the unique constraint lets only one claim succeed. If sending fails, the claim is
removed again so that a later run that day can retry.
"""

import logging
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from quartier.cases.models import FollowUp, ReminderDigest
from quartier.cases.selectors.follow_ups import follow_ups_visible_to
from quartier.core.models import User

logger = logging.getLogger(__name__)

#: How many due dates the e-mail lists one by one; the rest are summed up in one line.
MAX_LISTED_DAYS = 20


def _theirs(user_ref) -> Q:
    return Q(assigned_to=user_ref) | Q(assigned_to__isnull=True, case__responsible=user_ref)


def follow_ups_due_for(user: User, *, today: date) -> QuerySet[FollowUp]:
    """The person's open follow-ups due today or earlier, on cases they may see."""
    return (
        follow_ups_visible_to(user)
        .filter(done_at__isnull=True, due_date__lte=today)
        .filter(_theirs(user))
    )


def reminder_candidates(*, today: date) -> QuerySet[User]:
    """Active people with an e-mail address, something due, and no reminder yet today.

    A cheap first pass over all follow-ups; `reminder_summary` then counts per person
    through the case scoping, and a person whose due follow-ups they can no longer see
    gets nothing."""
    due = FollowUp.objects.filter(done_at__isnull=True, due_date__lte=today).filter(
        _theirs(OuterRef("pk"))
    )
    already = ReminderDigest.objects.filter(user=OuterRef("pk"), day=today)
    return (
        User.objects.filter(is_active=True)
        .exclude(email="")
        .filter(Exists(due))
        .exclude(Exists(already))
        .order_by("pk")
    )


@dataclass(frozen=True)
class ReminderSummary:
    """Numbers and dates only: nothing in here may identify a participant."""

    today: date
    due_today: int
    overdue: int
    #: (due date, number of follow-ups), today first, then the overdue ones, newest first.
    days: list[tuple[date, int]]
    #: Follow-ups on older due dates than those in `days`.
    older: int

    @property
    def total(self) -> int:
        return self.due_today + self.overdue


def reminder_summary(user: User, *, today: date) -> ReminderSummary:
    per_day = list(
        follow_ups_due_for(user, today=today)
        .order_by()
        .values("due_date")
        .annotate(count=Count("id"))
        .order_by("-due_date")
        .values_list("due_date", "count")
    )
    due_today = sum(count for day, count in per_day if day == today)
    overdue = sum(count for day, count in per_day if day < today)
    listed = per_day[:MAX_LISTED_DAYS]
    return ReminderSummary(
        today=today,
        due_today=due_today,
        overdue=overdue,
        days=listed,
        older=sum(count for _day, count in per_day[MAX_LISTED_DAYS:]),
    )


def reminder_language(user: User) -> str:
    """The language of the user's e-mail. Users have no stored language preference yet,
    so this is the interface's default language (German)."""
    return settings.LANGUAGE_CODE


def start_page_url() -> str:
    return settings.QUARTIER_BASE_URL + reverse("core:home")


def reminder_render(user: User, summary: ReminderSummary) -> tuple[str, str, str]:
    """Subject, plain text and HTML of one reminder, in the user's language."""
    with translation.override(reminder_language(user)):
        context = {"summary": summary, "url": start_page_url()}
        subject = gettext("Quartier: %(count)s follow-ups due") % {"count": summary.total}
        text = render_to_string("reminders/digest.txt", context)
        html = render_to_string("reminders/digest.html", context)
    return subject, text, html


@dataclass
class ReminderRun:
    day: date
    sent: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    #: People who had today's reminder from an earlier run (or another worker, just now).
    already_sent: int = 0


def _claim(user: User, *, today: date, items: int) -> ReminderDigest | None:
    try:
        with transaction.atomic():
            return ReminderDigest.objects.create(user=user, day=today, items=items)
    except IntegrityError:
        return None


def reminders_send(*, today: date | None = None) -> ReminderRun:
    """Send today's reminders to everyone who has follow-ups due and has not had one."""
    today = today or timezone.localdate()
    run = ReminderRun(day=today)
    # A list, not a cursor: each person's claim below is a write of its own.
    for user in list(reminder_candidates(today=today)):
        summary = reminder_summary(user, today=today)
        if summary.total == 0:
            continue
        digest = _claim(user, today=today, items=summary.total)
        if digest is None:
            continue
        subject, text, html = reminder_render(user, summary)
        try:
            send_mail(subject, text, None, [user.email], html_message=html)
        except Exception:
            logger.exception("The follow-up reminder to user %s could not be sent.", user.pk)
            digest.delete()
            run.failed.append(user.pk)
        else:
            run.sent.append(user.pk)
    run.already_sent = ReminderDigest.objects.filter(day=today).count() - len(run.sent)
    logger.info(
        "Follow-up reminders for %s: %s sent, %s failed, %s sent earlier.",
        today,
        len(run.sent),
        len(run.failed),
        run.already_sent,
    )
    return run
