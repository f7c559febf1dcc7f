"""Saving the attendance register of one session date.

`register_save` is the one service the register page and the API call: it refuses a
save when a row was saved by someone else meanwhile with another value
(`RegisterConflictError`, optimistic locking per row), then writes through
`attendance_save_register` (the bulk write with every row check; seeding and tests
call it directly). Hours typed as "1,5" or "1.5" are read by one parser, `parse_hours`.
"""

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from quartier.core.models import User
from quartier.core.periods import check_in_period
from quartier.offers import schedules
from quartier.offers.models import (
    Attendance,
    AttendanceStatus,
    Offer,
)
from quartier.offers.selectors.attendance import session_hours
from quartier.offers.selectors.enrolments import enrolments_visible_to
from quartier.offers.services.checks import _day, _require, _today

# Attendance -------------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterResult:
    created: int
    updated: int
    cleared: int


#: Hours as a person types them: digits with a decimal comma or point ("1,5", "1.5",
#: "3", ",5"). No sign, exponent, underscore, NaN or infinity.
_HOURS = re.compile(r"\d+(?:[.,]\d*)?|[.,]\d+")


def parse_hours(value) -> Decimal | None:
    """The hours of a register row, from the page's text or the API's number: "1,5" and
    "1.5" alike. None when nothing was given (the service then takes the session's
    length for someone present, else 0); `ValueError` for anything that is not a
    non-negative decimal number."""
    if value is None:
        return None
    text = format(value, "f") if isinstance(value, Decimal) else str(value).strip()
    if not text:
        return None
    if not _HOURS.fullmatch(text):
        raise ValueError(f"not a number of hours: {text!r}")
    return Decimal(text.replace(",", "."))


@transaction.atomic
def attendance_save_register(
    *, actor: User, offer: Offer, date: dt.date, rows: list[dict]
) -> RegisterResult:
    """Save the register of one session date for the rows given (others stay as they
    are, so saving one row never loses another).

    Each row is a dict with `enrolment` (an id or an Enrolment), `status` (present,
    excused, unexcused; empty to clear the row) and `hours` (empty: the session's
    length if present, else 0). The date must be a session of the offer, hours at most
    the session's length. On any error nothing is saved; the messages are keyed by the
    enrolment id (as text), or by "date". A bounded number of queries, whatever the
    number of rows.
    """
    _require(actor, "offers.fill_register", offer)
    if date > _today():
        raise ValidationError({"date": _("The register cannot be filled in advance.")})
    check_in_period(offer.project, date, field="date", kind="attendance")
    offer = Offer.objects.prefetch_related("schedules__exceptions").get(pk=offer.pk)
    sessions = schedules.sessions_on(offer, date)
    if not sessions:
        raise ValidationError(
            {
                "date": _(
                    "%(date)s is not a session date of this offer. Check the date or the schedule."
                )
                % {"date": _day(date)}
            }
        )
    max_hours = session_hours(sessions)
    ids = [getattr(row["enrolment"], "pk", row["enrolment"]) for row in rows]
    if len(set(ids)) != len(ids):
        raise ValidationError(_("A person appears twice in the register."))
    enrolments = {
        enrolment.pk: enrolment
        for enrolment in enrolments_visible_to(actor)
        .filter(offer=offer, pk__in=ids)
        .select_related("case__participant")
    }
    if len(enrolments) != len(ids):
        raise Http404
    errors: dict[str, list[str]] = {}
    wanted: dict[int, tuple[str, Decimal] | None] = {}
    for row, enrolment_id in zip(rows, ids, strict=True):
        enrolment = enrolments[enrolment_id]
        name = str(enrolment.case.participant)
        status = row.get("status") or ""
        if not status:
            wanted[enrolment_id] = None
            continue
        if not enrolment.runs_on(date):
            errors[str(enrolment_id)] = [
                _("%(name)s did not take part in the offer on this date.") % {"name": name}
            ]
            continue
        if status not in AttendanceStatus.values:
            errors[str(enrolment_id)] = [_("Choose present, excused or unexcused.")]
            continue
        try:
            hours = parse_hours(row.get("hours"))
        except ValueError:
            errors[str(enrolment_id)] = [
                _("%(name)s: enter the hours as a number, e.g. 3.5.") % {"name": name}
            ]
            continue
        if hours is None:
            hours = max_hours if status == AttendanceStatus.PRESENT else Decimal(0)
        if hours > max_hours:
            errors[str(enrolment_id)] = [
                _("%(name)s: at most %(max)s hours on this date (the length of the session).")
                % {"name": name, "max": max_hours}
            ]
        elif status != AttendanceStatus.PRESENT and hours:
            errors[str(enrolment_id)] = [
                _("%(name)s: only people who were present get hours.") % {"name": name}
            ]
        else:
            wanted[enrolment_id] = (status, hours.quantize(Decimal("0.01")))
    if errors:
        raise ValidationError(errors)
    existing = {
        attendance.enrolment_id: attendance
        for attendance in Attendance.objects.filter(enrolment_id__in=ids, date=date)
    }
    now = timezone.now()
    new, changed, cleared = [], [], []
    for enrolment_id, value in wanted.items():
        attendance = existing.get(enrolment_id)
        if value is None:
            if attendance is not None:
                cleared.append(attendance.pk)
            continue
        status, hours = value
        if attendance is None:
            new.append(
                Attendance(
                    enrolment_id=enrolment_id,
                    date=date,
                    status=status,
                    hours=hours,
                    created_by=actor,
                )
            )
        elif (attendance.status, attendance.hours) != (status, hours):
            attendance.status, attendance.hours = status, hours
            attendance.version += 1
            attendance.updated_at = now
            changed.append(attendance)
    if new:
        Attendance.objects.bulk_create(new)
    if changed:
        Attendance.objects.bulk_update(changed, ["status", "hours", "version", "updated_at"])
    if cleared:
        Attendance.objects.filter(pk__in=cleared).delete()
    if new or changed or cleared:
        _record_register_audit(actor, offer, date, wanted)
    return RegisterResult(created=len(new), updated=len(changed), cleared=len(cleared))


def _record_register_audit(actor: User, offer: Offer, date: dt.date, wanted: dict) -> None:
    """One audit entry per register save, on the offer (the rows are written in bulk)."""
    LogEntry.objects.log_create(
        offer,
        force_log=True,
        action=LogEntry.Action.UPDATE,
        actor=actor,
        actor_email=getattr(actor, "email", None),
        changes={"attendance_register": ["", f"{date.isoformat()}: {len(wanted)} rows"]},
        additional_data={
            "project_id": offer.project_id,
            "organisation_id": offer.organisation_id,
            "personal": True,
            "attendance_register": {
                "date": date.isoformat(),
                "rows": {
                    str(enrolment_id): (
                        None if value is None else {"status": value[0], "hours": str(value[1])}
                    )
                    for enrolment_id, value in wanted.items()
                },
            },
        },
    )


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
    try:
        hours = parse_hours(row.hours)
    except ValueError:
        return "?"
    if hours is None:
        hours = max_hours if row.status == AttendanceStatus.PRESENT else Decimal(0)
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
) -> RegisterResult:
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
            return attendance_save_register(
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
