"""Enrolments and the attendance register as the staff pages use them.

Reads for the pages (the offer's participants with their hours, the offers a case can
be enrolled in, the cases an offer can take, the register's session dates) and one
write: `register_save`, the register with optimistic locking on top of
`services.attendance_save_register`. A row that someone else saved since the form was
opened, with a value different from the one now submitted, refuses the whole save
(`RegisterConflictError`), so the last writer never silently overwrites a colleague.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from quartier.cases.models import Case
from quartier.cases.selectors.cases import CaseFilter, case_list
from quartier.core.models import User
from quartier.offers import schedules, services
from quartier.offers.models import (
    OPEN_ENROLMENT_STATUSES,
    Attendance,
    AttendanceStatus,
    Enrolment,
    EnrolmentStatus,
    Offer,
)
from quartier.offers.selectors import (
    OfferFilter,
    enrolments_of_offer,
    enrolments_visible_to,
    offer_list,
    session_hours,
)

#: Older session dates listed on request for choosing a register, newest first.
SESSION_LIST_LIMIT = 2000
#: The register's date picker offers the sessions of the last and the next days first.
REGISTER_RECENT_DAYS = 14
REGISTER_COMING_DAYS = 14
#: Cases listed for a search on the offer page.
CASE_SEARCH_LIMIT = 20


# Places and participants -------------------------------------------------------------


@dataclass(frozen=True)
class Places:
    capacity: int | None
    taken: int
    waiting: int

    @property
    def full(self) -> bool:
        return self.capacity is not None and self.taken >= self.capacity

    @property
    def free(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.taken, 0)


def offer_places(offer: Offer) -> Places:
    """Places taken and people waiting, over all enrolments (counts only, no names)."""
    counts = Enrolment.objects.filter(offer=offer, status__in=OPEN_ENROLMENT_STATUSES).aggregate(
        taken=Count("id", filter=Q(status=EnrolmentStatus.ACTIVE)),
        waiting=Count("id", filter=Q(status=EnrolmentStatus.WAITING)),
    )
    return Places(capacity=offer.capacity, taken=counts["taken"], waiting=counts["waiting"])


@dataclass
class OfferParticipants:
    """The offer's participants the user may see, grouped for the list, with hours."""

    offer: Offer
    places: Places
    active: list[Enrolment] = field(default_factory=list)
    waiting: list[Enrolment] = field(default_factory=list)
    ended: list[Enrolment] = field(default_factory=list)
    can_enrol: bool = False
    can_fill_register: bool = False

    @property
    def hours(self) -> Decimal:
        return sum((e.attended_hours or Decimal(0) for e in self.active + self.ended), Decimal(0))


def participants_view_record(*, user: User, offer: Offer) -> None:
    """Write the access-log entry for a page that shows the offer's participants."""
    from quartier.offers.models import Enrolment
    from quartier.privacy.services import access_log_record

    access_log_record(
        actor=user,
        action="view",
        record=Enrolment,
        project_id=offer.project_id,
        organisation_id=offer.organisation_id,
        detail=f"participants of offer {offer.pk}",
    )


def offer_participants(*, user: User, offer: Offer) -> OfferParticipants:
    """Everyone (whom the user may see) enrolled in the offer: taking part, waiting in
    order, and ended; each with `attended_hours`. Two queries."""
    participants = OfferParticipants(
        offer=offer,
        places=offer_places(offer),
        can_enrol=user.has_perm("offers.enrol", offer),
        can_fill_register=user.has_perm("offers.fill_register", offer),
    )
    for enrolment in enrolments_of_offer(user=user, offer=offer):
        if enrolment.status == EnrolmentStatus.ACTIVE:
            participants.active.append(enrolment)
        elif enrolment.status == EnrolmentStatus.WAITING:
            participants.waiting.append(enrolment)
        else:
            participants.ended.append(enrolment)
    participants.waiting.sort(key=lambda e: (e.waiting_since, e.pk))
    participants.ended.sort(key=lambda e: (e.end_date, e.pk), reverse=True)
    return participants


def enrolable_offers(*, user: User, case: Case) -> QuerySet[Offer]:
    """Active offers of the case's project that have not ended, each with `active_count`
    and `waiting_count`."""
    today = timezone.localdate()
    return offer_list(user=user, filters=OfferFilter(project=case.project_id, active=True)).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today)
    )


def cases_to_enrol(*, user: User, offer: Offer, query: str) -> list[Case]:
    """Open cases of the offer's project the user may see whose name (or number) matches
    `query`; each with `open_enrolment` set if already enrolled or waiting."""
    query = query.strip()
    if not query:
        return []
    cases = list(
        case_list(user=user, filters=CaseFilter(query=query, project=offer.project_id)).filter(
            exit_date__isnull=True
        )[:CASE_SEARCH_LIMIT]
    )
    open_ids = set(
        Enrolment.objects.filter(
            offer=offer, case__in=cases, status__in=OPEN_ENROLMENT_STATUSES
        ).values_list("case_id", flat=True)
    )
    for case in cases:
        case.open_enrolment = case.pk in open_ids
    return cases


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


# Writing the register ----------------------------------------------------------------


@dataclass(frozen=True)
class RegisterRowInput:
    """One row as submitted: status ("" = no entry), hours as typed, and the token of
    the stored attendance the form showed ("" if there was none)."""

    enrolment_id: int
    status: str
    hours: str
    seen: str = ""


def attendance_token(attendance: Attendance | None) -> str:
    """What the form remembers of a stored row: its id and version ("" for none)."""
    return f"{attendance.pk}.{attendance.version}" if attendance else ""


@dataclass(frozen=True)
class RowConflict:
    enrolment_id: int
    name: str
    status: str | None  # what is stored now (None: the row was cleared)
    hours: Decimal | None
    token: str  # the stored row's token now, for the form to take over

    @property
    def status_label(self) -> str:
        if self.status is None:
            return _("no entry")
        return str(AttendanceStatus(self.status).label)


class RegisterConflictError(ValidationError):
    """Rows of the register were saved by someone else since the form was opened."""

    def __init__(self, conflicts: list[RowConflict]):
        self.conflicts = conflicts
        names = ", ".join(conflict.name for conflict in conflicts)
        super().__init__(
            ngettext(
                "Someone else saved the row of %(names)s meanwhile, with a different value. "
                "Nothing was saved. Check the value saved meanwhile at the row; save again "
                "to keep your input.",
                "Someone else saved the rows of %(names)s meanwhile, with different values. "
                "Nothing was saved. Check the values saved meanwhile at the rows; save again "
                "to keep your input.",
                len(conflicts),
            )
            % {"names": names},
            code="concurrent_edit",
        )


def _wanted(row: RegisterRowInput, max_hours: Decimal) -> tuple[str, Decimal] | None | str:
    """The value a row asks for, as the service will store it; "?" if it cannot tell
    (the service then explains what is wrong)."""
    if not row.status:
        return None
    text = (row.hours or "").strip().replace(",", ".")
    if not text:
        hours = max_hours if row.status == AttendanceStatus.PRESENT else Decimal(0)
    else:
        try:
            hours = Decimal(text)
        except InvalidOperation:
            return "?"
        if not hours.is_finite():
            return "?"
    return (row.status, hours.quantize(Decimal("0.01")))


def _conflicts(
    *, actor: User, offer: Offer, date: dt.date, rows: list[RegisterRowInput]
) -> list[RowConflict]:
    sessions = schedules.sessions_on(offer, date)
    if not sessions:
        return []  # not a session date: the service says so
    max_hours = session_hours(sessions)
    stored = {
        attendance.enrolment_id: attendance
        for attendance in Attendance.objects.filter(
            enrolment__in=enrolments_visible_to(actor).filter(
                offer=offer, pk__in=[row.enrolment_id for row in rows]
            ),
            date=date,
        ).select_related("enrolment__case__participant")
    }
    conflicts = []
    for row in rows:
        attendance = stored.get(row.enrolment_id)
        token = attendance_token(attendance)
        if token == row.seen:
            continue
        now = (attendance.status, attendance.hours) if attendance else None
        if now == _wanted(row, max_hours):
            continue  # changed meanwhile to what this save asks for: nothing is lost
        conflicts.append(
            RowConflict(
                enrolment_id=row.enrolment_id,
                name=str(attendance.enrolment.case.participant) if attendance else "",
                status=attendance.status if attendance else None,
                hours=attendance.hours if attendance else None,
                token=token,
            )
        )
    if any(not conflict.name for conflict in conflicts):
        # Cleared rows: their names come from the enrolments (one query, rare).
        names = {
            enrolment.pk: str(enrolment.case.participant)
            for enrolment in enrolments_visible_to(actor)
            .filter(pk__in=[c.enrolment_id for c in conflicts if not c.name])
            .select_related("case__participant")
        }
        conflicts = [
            conflict
            if conflict.name
            else RowConflict(
                enrolment_id=conflict.enrolment_id,
                name=names.get(conflict.enrolment_id, "?"),
                status=None,
                hours=None,
                token="",
            )
            for conflict in conflicts
        ]
    return conflicts


@transaction.atomic
def register_save(
    *, actor: User, offer: Offer, date: dt.date, rows: list[RegisterRowInput]
) -> services.RegisterResult:
    """Save the register rows of one session date, unless someone saved one of them
    meanwhile with another value (`RegisterConflictError`, nothing saved). Invalid rows
    refuse the whole save with a message per row (`ValidationError` keyed by enrolment
    id). `offer` should come with its schedules prefetched. A bounded number of
    queries, whatever the number of rows."""
    # Register saves of one offer take turns (a row lock on PostgreSQL; SQLite writes
    # one transaction at a time), so the check below cannot be overtaken.
    list(Offer.objects.select_for_update().filter(pk=offer.pk).values_list("pk", flat=True))
    conflicts = _conflicts(actor=actor, offer=offer, date=date, rows=rows)
    if conflicts:
        # Scope before a conflict is told: a row for an enrolment the actor may not see
        # (or of another offer) is a 404, so the answer never says whether someone
        # else's enrolment has an entry on that date. (Without a conflict the service
        # refuses such a row with a 404 too; checked here only on this path, so a save
        # costs no extra query.)
        ids = {row.enrolment_id for row in rows}
        if enrolments_visible_to(actor).filter(offer=offer, pk__in=ids).count() != len(ids):
            raise Http404
        raise RegisterConflictError(conflicts)
    try:
        with transaction.atomic():
            return services.attendance_save_register(
                actor=actor,
                offer=offer,
                date=date,
                rows=[
                    {"enrolment": row.enrolment_id, "status": row.status, "hours": row.hours}
                    for row in rows
                ],
            )
    except IntegrityError as error:
        # Another writer that does not take turns inserted the same row just now.
        raise ValidationError(
            _("Someone else saved this register at the same moment. Reload it and try again."),
            code="concurrent_edit",
        ) from error
