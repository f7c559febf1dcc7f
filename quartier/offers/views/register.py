"""The attendance register: one screen per session date for the whole group.

Saving the form saves every row in one request (`attendance_services.register_save`, a bounded
number of queries). If any row is invalid, nothing is saved and every row keeps its
input with the message beside it; each row also has its own save button (htmx, or a
plain submit without JavaScript), so one person's row can be saved while another's
is still being corrected. A row that a colleague saved meanwhile with another value
refuses the save and shows both values (optimistic locking).
"""

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from quartier.offers import schedules
from quartier.offers.forms.enrolments import register_rows
from quartier.offers.models import Attendance, AttendanceStatus, Enrolment, Offer
from quartier.offers.selectors import attendance as attendance_selectors
from quartier.offers.selectors import enrolments as enrolments_selectors
from quartier.offers.selectors import offers as offers_selectors
from quartier.offers.selectors.attendance import attendance_totals_by_enrolment, session_hours
from quartier.offers.services import attendance as attendance_services
from quartier.offers.services.attendance import (
    RegisterConflictError,
    RegisterRowInput,
    RowConflict,
    attendance_token,
)
from quartier.offers.templatetags.offer_enrolments import hours
from quartier.privacy.services.access_log import access_log_record

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _day(value: str) -> dt.date:
    if not _ISO_DATE.fullmatch(value or ""):
        raise Http404
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise Http404 from None


def _offer_for_register(request, pk: int) -> Offer:
    offer = get_object_or_404(
        offers_selectors.offers_visible_to(request.user)
        .select_related("project")
        .prefetch_related("schedules__exceptions"),
        pk=pk,
    )
    if not request.user.has_perm("offers.fill_register", offer):
        raise PermissionDenied(_("Only staff with a case role in the project fill registers."))
    return offer


def hours_text(value: Decimal | None) -> str:
    """Hours as the register shows them: "3", "2,5" (localised), "" for none."""
    return "" if value is None else hours(value)


@dataclass
class RowView:
    """One line of the register as the template shows it."""

    enrolment: Enrolment
    status: str = ""
    hours: str = ""
    seen: str = ""
    total_hours: Decimal = Decimal(0)
    errors: list[str] = field(default_factory=list)
    conflict: RowConflict | None = None
    saved: bool = False

    @property
    def id(self) -> int:
        return self.enrolment.pk

    @property
    def name(self) -> str:
        participant = self.enrolment.case.participant
        return f"{participant.first_name} {participant.last_name}"

    @property
    def conflict_hours(self) -> str:
        return hours_text(self.conflict.hours) if self.conflict else ""


def _stored_row(enrolment, attendance: Attendance | None, total) -> RowView:
    row = RowView(enrolment=enrolment, seen=attendance_token(attendance), total_hours=total)
    if attendance is not None:
        row.status = attendance.status
        row.hours = hours_text(attendance.hours) if attendance.status == "present" else ""
    return row


def _rows(request, offer, day, *, submitted=None, errors=None, conflicts=None):
    """Every row of the register: stored values, or the submitted input where given."""
    register = attendance_selectors.register_for(user=request.user, offer=offer, day=day)
    totals = attendance_totals_by_enrolment(row.enrolment.pk for row in register.rows)
    submitted = {row.enrolment_id: row for row in submitted or []}
    errors = errors or {}
    conflicts = {conflict.enrolment_id: conflict for conflict in conflicts or []}
    rows = []
    for line in register.rows:
        total = totals[line.enrolment.pk].hours if line.enrolment.pk in totals else Decimal(0)
        row = _stored_row(line.enrolment, line.attendance, total)
        given = submitted.get(line.enrolment.pk)
        if given is not None:
            row.status, row.hours, row.seen = given.status, given.hours, given.seen
        row.errors = errors.get(str(line.enrolment.pk), [])
        conflict = conflicts.get(line.enrolment.pk)
        if conflict is not None:
            # The next save keeps this input knowingly: the form now "has seen" the value.
            row.conflict, row.seen = conflict, conflict.token
        rows.append(row)
    return register, rows


def _split_errors(error: ValidationError) -> tuple[dict[str, list[str]], list[str]]:
    """Messages per row (keyed by enrolment id) and those for the whole register."""
    if not hasattr(error, "error_dict"):
        return {}, list(error.messages)
    per_row, general = {}, []
    for key, errors in error.message_dict.items():
        if key.isdigit():
            per_row[key] = errors
        else:
            general.extend(errors)
    return per_row, general


def _context(request, offer, day, register, rows, **extra) -> dict:
    today = timezone.localdate()
    sessions = register.sessions
    return {
        "offer": offer,
        "day": day,
        "rows": rows,
        "sessions": sessions,
        "max_hours": hours_text(session_hours(sessions)) if sessions else "",
        "statuses": AttendanceStatus.choices,
        "dates": attendance_selectors.register_dates(
            user=request.user,
            offer=offer,
            day=day,
            today=today,
            older=request.GET.get("termine") == "alle",
        ),
        "in_future": day > today,
        "fillable": bool(sessions) and day <= today,
        **extra,
    }


def _saved_message(day: dt.date, result) -> str:
    return _(
        "Register of %(date)s saved: %(created)s new, %(updated)s changed, %(cleared)s removed."
    ) % {
        "date": date_format(day, "D d.m.Y"),
        "created": result.created,
        "updated": result.updated,
        "cleared": result.cleared,
    }


def register_start(request, offer_pk: int):
    """The register of the chosen date (`?datum=`), else of the latest session."""
    offer = _offer_for_register(request, offer_pk)
    chosen = request.GET.get("datum", "").strip()
    day = _day(chosen) if chosen else attendance_selectors.latest_session(offer)
    if day is None:
        upcoming = attendance_selectors.next_session_after(
            offer, timezone.localdate() - dt.timedelta(1)
        )
        return render(request, "offers/register_none.html", {"offer": offer, "upcoming": upcoming})
    return redirect("offers:register", offer_pk=offer.pk, day=day.isoformat())


@require_http_methods(["GET", "POST"])
def register(request, offer_pk: int, day: str):
    """The whole group on one session date: present / excused / unexcused and hours."""
    offer = _offer_for_register(request, offer_pk)
    day = _day(day)
    url = reverse("offers:register", args=[offer.pk, day.isoformat()])
    if request.method == "GET":
        register, rows = _rows(request, offer, day)
        access_log_record(
            actor=request.user,
            action="view",
            record=Enrolment,
            project_id=offer.project_id,
            organisation_id=offer.organisation_id,
            detail=f"attendance register of offer {offer.pk} on {day.isoformat()}",
        )
        return render(
            request, "offers/register.html", _context(request, offer, day, register, rows)
        )

    single = request.POST.get("row", "")
    only = int(single) if single.isdigit() else None
    submitted = register_rows(request.POST, only=only)
    if submitted is None or (only is not None and not submitted):
        raise Http404
    try:
        result = attendance_services.register_save(
            actor=request.user, offer=offer, date=day, rows=submitted
        )
    except RegisterConflictError as error:
        register, rows = _rows(request, offer, day, submitted=submitted, conflicts=error.conflicts)
        context = _context(request, offer, day, register, rows, general_errors=error.messages)
        return render(request, "offers/register.html", context, status=409)
    except ValidationError as error:
        per_row, general = _split_errors(error)
        register, rows = _rows(request, offer, day, submitted=submitted, errors=per_row)
        # A row no longer on the register (the participation ended meanwhile) still says
        # why the save was refused.
        shown = {str(row.id) for row in rows}
        general += [m for key, errors in per_row.items() if key not in shown for m in errors]
        context = _context(
            request, offer, day, register, rows, general_errors=general, refused=bool(per_row)
        )
        return render(request, "offers/register.html", context, status=422)
    if only is not None:
        messages.success(request, _("The row was saved."))
    else:
        messages.success(request, _saved_message(day, result))
    return redirect(url)


@require_POST
def register_row(request, offer_pk: int, day: str, enrolment_pk: int):
    """Save one row (htmx): the answer is the row again, saved or with its message;
    the other rows of the page are left as they are."""
    offer = _offer_for_register(request, offer_pk)
    day = _day(day)
    line = enrolments_selectors.enrolment_get(user=request.user, pk=enrolment_pk)
    if line.offer_id != offer.pk:
        raise Http404
    given = RegisterRowInput(
        enrolment_id=line.pk,
        status=request.POST.get(f"status-{line.pk}", "").strip(),
        hours=request.POST.get(f"hours-{line.pk}", "").strip()[:20],
        seen=request.POST.get(f"seen-{line.pk}", "").strip(),
    )
    row = RowView(enrolment=line, status=given.status, hours=given.hours, seen=given.seen)
    try:
        attendance_services.register_save(actor=request.user, offer=offer, date=day, rows=[given])
    except RegisterConflictError as error:
        row.conflict = error.conflicts[0]
        row.seen = row.conflict.token
        row.errors = list(error.messages)
    except ValidationError as error:
        per_row, general = _split_errors(error)
        row.errors = per_row.get(str(line.pk), []) + general
    else:
        attendance = Attendance.objects.filter(enrolment=line, date=day).first()
        row = _stored_row(line, attendance, Decimal(0))
        row.saved = True
    totals = attendance_totals_by_enrolment([line.pk])
    row.total_hours = totals[line.pk].hours if line.pk in totals else Decimal(0)
    sessions = schedules.sessions_on(offer, day)
    return render(
        request,
        "offers/register_row.html",
        {
            "offer": offer,
            "day": day,
            "row": row,
            "statuses": AttendanceStatus.choices,
            "max_hours": hours_text(session_hours(sessions)) if sessions else "",
            "fillable": bool(sessions) and day <= timezone.localdate(),
        },
    )
