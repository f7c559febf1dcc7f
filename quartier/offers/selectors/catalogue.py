"""Reads for one offer's page: its figures, next sessions, schedules and certificate
rule in words, its schedules and translations."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from quartier.offers import schedules
from quartier.offers.models import (
    CertificateRule,
    Enrolment,
    EnrolmentStatus,
    Offer,
    OfferTranslation,
    Schedule,
)
from quartier.offers.numbers import short_number


@dataclass(frozen=True)
class OfferFigures:
    capacity: int | None
    active: int
    waiting: int
    completed: int
    dropped_out: int

    @property
    def free(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.active, 0)


def offer_figures(offer: Offer) -> OfferFigures:
    """Places and enrolments by status (counts only, no names), in one query."""
    totals = Enrolment.objects.filter(offer=offer).aggregate(
        **{
            status: Count("id", filter=Q(status=status))
            for status in (
                EnrolmentStatus.ACTIVE,
                EnrolmentStatus.WAITING,
                EnrolmentStatus.COMPLETED,
                EnrolmentStatus.DROPPED_OUT,
            )
        }
    )
    return OfferFigures(
        capacity=offer.capacity,
        active=totals[EnrolmentStatus.ACTIVE],
        waiting=totals[EnrolmentStatus.WAITING],
        completed=totals[EnrolmentStatus.COMPLETED],
        dropped_out=totals[EnrolmentStatus.DROPPED_OUT],
    )


#: How far ahead the offer page looks for the next sessions.
NEXT_SESSIONS_HORIZON = dt.timedelta(days=366)


def next_sessions(offer: Offer, *, count: int = 5, now: dt.datetime | None = None) -> list:
    """The offer's next `count` sessions from `now` on (holidays and today's sessions
    that have ended left out), from the prefetched schedules."""
    now = now or timezone.now()
    until = timezone.localdate(now) + NEXT_SESSIONS_HORIZON
    return schedules.upcoming(offer, now=now, until=until)[:count]


def _weekday_names(days) -> list[str]:
    # date_format gives the weekday in the active language; 2024-01-01 was a Monday.
    monday = dt.date(2024, 1, 1)
    return [date_format(monday + dt.timedelta(days=day), "l") for day in sorted(days)]


def _day(value: dt.date) -> str:
    return date_format(value, "d.m.Y")


def schedule_in_words(schedule: Schedule) -> str:
    """A schedule as a sentence: "every Monday and Wednesday, 09:00–12:00, from
    02.03.2026 until 30.06.2026" or "on 14.05.2026, 18:00–20:00"."""
    times = f"{schedule.start_time:%H:%M}–{schedule.end_time:%H:%M}"
    if schedule.kind == Schedule.Kind.ONE_OFF:
        if schedule.date is None:
            return times
        return _("on %(date)s, %(times)s") % {"date": _day(schedule.date), "times": times}
    days = get_text_list(_weekday_names(schedule.weekdays or []), _("and"))
    interval = schedule.interval or 1
    if interval == 1 and len(schedule.weekdays or []) == 7:
        when = _("every day")
    elif interval == 1:
        when = _("every %(days)s") % {"days": days}
    else:
        when = ngettext(
            "%(days)s, every %(count)d week",
            "%(days)s, every %(count)d weeks",
            interval,
        ) % {"days": days, "count": interval}
    text = f"{when}, {times}"
    if schedule.valid_from and schedule.valid_until:
        text += ", " + _("from %(start)s until %(end)s") % {
            "start": _day(schedule.valid_from),
            "end": _day(schedule.valid_until),
        }
    elif schedule.valid_from:
        text += ", " + _("from %(start)s") % {"start": _day(schedule.valid_from)}
    return text


def certificate_rule_in_words(offer: Offer) -> str:
    """The offer's certificate rule as a phrase: "after at least 4 months"."""
    if offer.certificate_rule == CertificateRule.HOURS:
        return _("after attending at least %(hours)s hours") % {
            "hours": short_number(offer.certificate_min_hours or 0)
        }
    if offer.certificate_rule == CertificateRule.RATE:
        return _("after attending at least %(rate)s %% of the sessions") % {
            "rate": short_number(offer.certificate_min_rate or 0)
        }
    months = offer.certificate_min_months
    return ngettext(
        "after taking part for at least %(months)d month",
        "after taking part for at least %(months)d months",
        months,
    ) % {"months": months}


# Schedules and translations -----------------------------------------------------------


def schedule_rows(*, offer: Offer) -> QuerySet[Schedule]:
    """The schedules of an offer the caller has already found visible, with their places
    and exceptions (the RRULE and HSDS representations read both)."""
    return (
        Schedule.objects.filter(offer=offer)
        .select_related("offer", "location")
        .prefetch_related("exceptions")
        .order_by("kind", "date", "valid_from", "start_time", "id")
    )


def translation_rows(*, offer: Offer) -> QuerySet[OfferTranslation]:
    return (
        OfferTranslation.objects.filter(offer=offer)
        .select_related("reviewed_by")
        .order_by("language")
    )
