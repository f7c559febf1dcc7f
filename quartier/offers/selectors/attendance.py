"""The attendance register and its session dates, and attendance totals."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from quartier.cases.models import Case
from quartier.cases.selectors.cases import cases_visible_to
from quartier.core.models import User
from quartier.offers import schedules
from quartier.offers.models import (
    Attendance,
    AttendanceStatus,
    Enrolment,
    EnrolmentStatus,
    Offer,
)
from quartier.offers.selectors.enrolments import enrolments_visible_to

#: Older session dates listed on request for choosing a register, newest first.
SESSION_LIST_LIMIT = 2000
#: The register's date picker offers the sessions of the last and the next days first.
REGISTER_RECENT_DAYS = 14
REGISTER_COMING_DAYS = 14


@dataclass
class RegisterRow:
    """One line of the register: the enrolment and its attendance that day, if recorded."""

    enrolment: Enrolment
    attendance: Attendance | None


@dataclass
class Register:
    offer: Offer
    date: dt.date
    sessions: list
    max_hours: Decimal
    rows: list[RegisterRow] = field(default_factory=list)

    @property
    def is_session_date(self) -> bool:
        return bool(self.sessions)


def session_hours(sessions) -> Decimal:
    """The hours one person can attend on a day: all that day's sessions together."""
    return sum((schedules.session_length(session.schedule) for session in sessions), Decimal(0))


def register_for(*, user, offer: Offer, day: dt.date) -> Register:
    """The register of one session date: everyone (whom the user may see) who takes part
    that day, by name, with the attendance already recorded. Three queries plus the
    offer's schedules."""
    sessions = schedules.sessions_on(offer, day)
    enrolments = list(
        enrolments_visible_to(user)
        .filter(offer=offer, start_date__lte=day)
        .exclude(status=EnrolmentStatus.WAITING)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .select_related("case", "case__participant")
        .order_by("case__participant__last_name", "case__participant__first_name", "id")
    )
    recorded = {
        attendance.enrolment_id: attendance
        for attendance in Attendance.objects.filter(enrolment__in=enrolments, date=day)
    }
    return Register(
        offer=offer,
        date=day,
        sessions=sessions,
        max_hours=session_hours(sessions),
        rows=[RegisterRow(enrolment, recorded.get(enrolment.pk)) for enrolment in enrolments],
    )


# Attendance totals ------------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceTotals:
    hours: Decimal = Decimal(0)
    present: int = 0
    excused: int = 0
    unexcused: int = 0

    @property
    def recorded(self) -> int:
        return self.present + self.excused + self.unexcused


_TOTALS = {
    "hours": Sum("hours", filter=Q(status=AttendanceStatus.PRESENT)),
    "present": Count("id", filter=Q(status=AttendanceStatus.PRESENT)),
    "excused": Count("id", filter=Q(status=AttendanceStatus.EXCUSED)),
    "unexcused": Count("id", filter=Q(status=AttendanceStatus.UNEXCUSED)),
}


def _totals(row: dict) -> AttendanceTotals:
    return AttendanceTotals(
        hours=row["hours"] or Decimal(0),
        present=row["present"],
        excused=row["excused"],
        unexcused=row["unexcused"],
    )


def attendance_totals_by_enrolment(enrolment_ids) -> dict[int, AttendanceTotals]:
    """Totals per enrolment in one grouped query (enrolments without any attendance
    are missing: use `.get(id, AttendanceTotals())`)."""
    rows = (
        Attendance.objects.filter(enrolment_id__in=list(enrolment_ids))
        .values("enrolment_id")
        .annotate(**_TOTALS)
        .order_by()
    )
    return {row["enrolment_id"]: _totals(row) for row in rows}


def attendance_totals_of_enrolment(enrolment: Enrolment) -> AttendanceTotals:
    return _totals(Attendance.objects.filter(enrolment=enrolment).aggregate(**_TOTALS))


def attendance_totals_of_case(*, user, case: Case) -> AttendanceTotals:
    """All attendance of a case across its offers (only if the user may see the case)."""
    return _totals(
        Attendance.objects.filter(
            enrolment__case=case, enrolment__case__in=cases_visible_to(user)
        ).aggregate(**_TOTALS)
    )


# Session dates -----------------------------------------------------------------------


def _first_schedule_date(offer: Offer) -> dt.date | None:
    firsts = [s.first_date for s in offer.schedules.all() if s.first_date]
    return min(firsts) if firsts else None


def session_dates(offer: Offer, *, until: dt.date) -> list[dt.date]:
    """The offer's distinct session dates from its first one up to `until`, oldest
    first (exception dates left out)."""
    first = _first_schedule_date(offer)
    if first is None or until < first:
        return []
    return sorted({session.date for session in schedules.occurrences(offer, first, until)})


def next_session_after(offer: Offer, day: dt.date, *, within_days: int = 400) -> dt.date | None:
    later = schedules.occurrences(
        offer, day + dt.timedelta(days=1), day + dt.timedelta(days=within_days)
    )
    return later[0].date if later else None


@dataclass
class RegisterDates:
    """Where a register date sits among the offer's sessions, and the sessions the date
    picker offers: the recent ones (the last REGISTER_RECENT_DAYS, and the chosen date),
    the coming ones (the next REGISTER_COMING_DAYS), and older ones on request."""

    day: dt.date
    dates: list[dt.date]  # recent sessions up to today (and the chosen date), newest first
    previous: dt.date | None
    next: dt.date | None
    upcoming: dt.date | None  # the next session after today, which cannot be filled yet
    recorded: dict[dt.date, int]
    coming: list[dt.date] = field(default_factory=list)  # after today, soonest first
    older: list[dt.date] = field(default_factory=list)  # before the recent ones, on request
    has_older: bool = False

    def _counted(self, days: list[dt.date]) -> list[tuple[dt.date, int]]:
        return [(day, self.recorded.get(day, 0)) for day in days]

    @property
    def choices(self) -> list[tuple[dt.date, int]]:
        """(date, rows already recorded) of the recent sessions, for the date picker."""
        return self._counted(self.dates)

    @property
    def coming_choices(self) -> list[tuple[dt.date, int]]:
        return self._counted(self.coming)

    @property
    def older_choices(self) -> list[tuple[dt.date, int]]:
        return self._counted(self.older)


def register_dates(
    *,
    user: User,
    offer: Offer,
    day: dt.date,
    today: dt.date | None = None,
    older: bool = False,
) -> RegisterDates:
    """The sessions the date picker offers (recent and coming ones first; `older` adds
    every earlier one, at most SESSION_LIST_LIMIT), the previous and next session up to
    today around `day`, and how many rows each listed date already has (one query)."""
    today = today or timezone.localdate()
    past = session_dates(offer, until=today)
    previous = next((d for d in reversed(past) if d < day), None)
    following = next((d for d in past if d > day), None)
    recent_from = today - dt.timedelta(days=REGISTER_RECENT_DAYS)
    recent = [d for d in reversed(past) if d >= recent_from]
    earlier = [d for d in reversed(past) if d < recent_from]
    coming = sorted(
        {
            session.date
            for session in schedules.occurrences(
                offer,
                today + dt.timedelta(days=1),
                today + dt.timedelta(days=REGISTER_COMING_DAYS),
            )
        }
    )
    listed_older = earlier[:SESSION_LIST_LIMIT] if older else []
    # The chosen date stays in the picker wherever it lies.
    if day <= today and day not in recent and day not in listed_older and day in past:
        recent = sorted([*recent, day], reverse=True)
    elif day > today and day not in coming and schedules.sessions_on(offer, day):
        coming = sorted([*coming, day])
    listed = recent + listed_older
    recorded = {}
    if listed:
        rows = (
            Attendance.objects.filter(
                enrolment__in=enrolments_visible_to(user).filter(offer=offer),
                date__gte=min(listed),
                date__lte=max(listed),
            )
            .values("date")
            .annotate(rows=Count("id"))
            .order_by()
        )
        recorded = {row["date"]: row["rows"] for row in rows}
    return RegisterDates(
        day=day,
        dates=recent,
        previous=previous,
        next=following,
        upcoming=next_session_after(offer, today),
        recorded=recorded,
        coming=coming,
        older=listed_older,
        has_older=bool(earlier) and not older,
    )


def latest_session(offer: Offer, *, until: dt.date | None = None) -> dt.date | None:
    """The last session date up to `until` (today), or None before the first one."""
    until = until or timezone.localdate()
    first = _first_schedule_date(offer)
    if first is None or until < first:
        return None
    # The last year first (a weekly offer has its latest session there); only an offer
    # whose dates all lie further back (a one-off event years ago) needs the long walk.
    start = max(first, until - dt.timedelta(days=366))
    found = schedules.occurrences(offer, start, until)
    if not found and start > first:
        found = schedules.occurrences(offer, first, until)
    return found[-1].date if found else None


def recorded_attendance(
    *, user, offer: Offer, day: dt.date, enrolment_ids: list[int]
) -> dict[int, Attendance]:
    """What is recorded on `day` for those of the offer's enrolments named that the user
    may see, by enrolment id (the register checks the versions a client read against
    it)."""
    return {
        attendance.enrolment_id: attendance
        for attendance in Attendance.objects.filter(
            enrolment__in=enrolments_visible_to(user),
            enrolment__offer=offer,
            enrolment_id__in=enrolment_ids,
            date=day,
        ).only("id", "version", "enrolment_id")
    }


def attendance_rows(
    *,
    user,
    offer: int | None = None,
    enrolment: int | None = None,
    case: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[Attendance]:
    """Recorded attendance of the enrolments the user may see, by date; both dates
    inclusive."""
    attendances = Attendance.objects.filter(enrolment__in=enrolments_visible_to(user))
    if offer is not None:
        attendances = attendances.filter(enrolment__offer_id=offer)
    if enrolment is not None:
        attendances = attendances.filter(enrolment_id=enrolment)
    if case is not None:
        attendances = attendances.filter(enrolment__case_id=case)
    if date_from:
        attendances = attendances.filter(date__gte=date_from)
    if date_to:
        attendances = attendances.filter(date__lte=date_to)
    return attendances.select_related("enrolment").order_by("date", "enrolment_id", "id")
