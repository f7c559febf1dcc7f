"""Writes of the offers app: catalogue, schedules, enrolment with waiting list, the
attendance register, certificates and service requests.

Each service is `<noun>_<verb>(*, actor, ...)`, runs in one transaction, re-checks its
permission (`quartier.offers.rules`) and validates before saving; bad input raises a
`ValidationError` and saves nothing. Offer, schedule, enrolment and service request
saves are optimistic-locked (`save_versioned`).
"""

import datetime as dt
import secrets
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from quartier.cases.models import Case, Goal
from quartier.core.models import CASE_ROLES, Membership, Organisation, Project, ProjectMember, User
from quartier.core.periods import check_in_period
from quartier.core.services import ConcurrentEditError, save_versioned
from quartier.offers import schedules
from quartier.offers.models import (
    Attendance,
    AttendanceStatus,
    Certificate,
    CertificateKind,
    DropoutReason,
    Enrolment,
    EnrolmentStatus,
    Location,
    Offer,
    OfferKind,
    OfferTranslation,
    Schedule,
    ScheduleException,
    ServiceRequest,
    ServiceRequestStatus,
    TranslationLanguage,
    weekdays_from_codes,
)
from quartier.offers.selectors import (
    attendance_totals_of_enrolment,
    certificate_eligibility,
    enrolments_visible_to,
    session_hours,
)

__all__ = ["certificate_eligibility"]  # re-exported: services decide with it


def _require(actor: User | None, perm: str, obj=None) -> None:
    if actor is None or not actor.has_perm(perm, obj):
        raise PermissionDenied(_("You are not allowed to do this."))


def _require_case_role_in(actor: User, project: Project, organisation: Organisation) -> None:
    """Creating in an organisation's name needs a case role there (platform admins aside)."""
    if actor.is_platform_admin:
        return
    if not Membership.objects.filter(
        user=actor, project=project, organisation=organisation, role__in=list(CASE_ROLES)
    ).exists():
        raise PermissionDenied(
            _("You can only create offers and places for an organisation you work for.")
        )


def _check_consortium(project: Project, organisation: Organisation) -> None:
    if not ProjectMember.objects.filter(project=project, organisation=organisation).exists():
        raise ValidationError(
            {"organisation": _("This organisation is not part of the project's consortium.")}
        )


def _set_fields(instance, allowed: tuple[str, ...], fields: dict) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(instance, name, value)


def _today() -> dt.date:
    return timezone.localdate()


def _day(value: dt.date) -> str:
    return date_format(value, "d.m.Y")


# Locations --------------------------------------------------------------------------

LOCATION_FIELDS = (
    "name",
    "street",
    "postcode",
    "city",
    "district",
    "latitude",
    "longitude",
    "accessible",
    "notes",
)


def _check_district(project: Project, district) -> None:
    if district is not None and not project.districts.filter(pk=district.pk).exists():
        raise ValidationError({"district": _("This district is not one of the project's.")})


@transaction.atomic
def location_create(
    *, actor: User, project: Project, organisation: Organisation, **fields
) -> Location:
    _require(actor, "offers.add_offer", project)
    _require_case_role_in(actor, project, organisation)
    _check_consortium(project, organisation)
    location = Location(project=project, organisation=organisation, created_by=actor)
    _set_fields(location, LOCATION_FIELDS, fields)
    _check_district(project, location.district)
    location.full_clean()
    location.save()
    return location


@transaction.atomic
def location_update(
    *, actor: User, location: Location, expected_version: int, **fields
) -> Location:
    _require(actor, "offers.add_offer", location.project)
    _require_case_role_in(actor, location.project, location.organisation)
    _set_fields(location, LOCATION_FIELDS, fields)
    _check_district(location.project, location.district)
    save_versioned(location, expected_version=expected_version)
    return location


# Offers -----------------------------------------------------------------------------

OFFER_FIELDS = (
    "kind",
    "title",
    "short_description",
    "description",
    "how_to_take_part",
    "capacity",
    "target_groups",
    "languages",
    "part_time_suitable",
    "childcare_available",
    "accessible",
    "cost",
    "cost_note",
    "contact_person",
    "contact_phone",
    "contact_email",
    "occupational_field",
    "published",
    "active",
    "start_date",
    "end_date",
    "certificate_rule",
    "certificate_min_months",
    "certificate_min_hours",
    "certificate_min_rate",
    "certificate_contents",
)


def _check_offer_links(offer: Offer, locations) -> None:
    if (
        offer.contact_person_id
        and not Membership.objects.filter(
            user_id=offer.contact_person_id, project_id=offer.project_id
        ).exists()
    ):
        raise ValidationError(
            {"contact_person": _("The contact person must work in this project.")}
        )
    if locations is not None and any(
        location.project_id != offer.project_id for location in locations
    ):
        raise ValidationError({"locations": _("Choose places of this project.")})


@transaction.atomic
def offer_create(
    *, actor: User, project: Project, organisation: Organisation, locations=(), **fields
) -> Offer:
    """A new offer of `organisation` in `project`; internal (unpublished) unless said."""
    _require(actor, "offers.add_offer", project)
    _require_case_role_in(actor, project, organisation)
    _check_consortium(project, organisation)
    offer = Offer(project=project, organisation=organisation, created_by=actor)
    _set_fields(offer, OFFER_FIELDS, fields)
    locations = list(locations)
    _check_offer_links(offer, locations)
    offer.full_clean()
    offer.save()
    offer.locations.set(locations)
    return offer


@transaction.atomic
def offer_update(
    *, actor: User, offer: Offer, expected_version: int, locations=None, **fields
) -> Offer:
    """Change an offer. More places move people up from the waiting list at once."""
    _require(actor, "offers.change_offer", offer)
    _set_fields(offer, OFFER_FIELDS, fields)
    locations = list(locations) if locations is not None else None
    _check_offer_links(offer, locations)
    save_versioned(offer, expected_version=expected_version)
    if locations is not None:
        offer.locations.set(locations)
    _move_up_waiting(offer)
    return offer


@transaction.atomic
def offer_translation_save(
    *,
    actor: User,
    offer: Offer,
    language: str,
    title: str,
    short_description: str = "",
    how_to_take_part: str = "",
    reviewed: bool = False,
    expected_version: int | None = None,
) -> OfferTranslation:
    """Create or change the offer's texts in one language. Ticking `reviewed` records who
    checked it; changing a text without ticking it marks it as not reviewed again."""
    _require(actor, "offers.change_offer", offer)
    if language not in TranslationLanguage.values:
        raise ValidationError(
            {"language": _("Translations are for the map's other languages, not German.")}
        )
    translation = OfferTranslation.objects.filter(offer=offer, language=language).first()
    texts = {
        "title": title,
        "short_description": short_description,
        "how_to_take_part": how_to_take_part,
    }
    if translation is None:
        if expected_version not in (None, 0):
            raise ConcurrentEditError()
        translation = OfferTranslation(offer=offer, language=language, created_by=actor)
    elif expected_version is None:
        raise ConcurrentEditError()
    changed = translation.pk is None or any(
        getattr(translation, name) != value for name, value in texts.items()
    )
    for name, value in texts.items():
        setattr(translation, name, value)
    if reviewed and (changed or not translation.reviewed):
        translation.reviewed, translation.reviewed_by = True, actor
        translation.reviewed_at = timezone.now()
    elif not reviewed:
        translation.reviewed, translation.reviewed_by, translation.reviewed_at = False, None, None
    if translation.pk is None:
        translation.full_clean()
        translation.save()
    else:
        save_versioned(translation, expected_version=expected_version)
    return translation


@transaction.atomic
def offer_translation_delete(*, actor: User, translation: OfferTranslation) -> None:
    _require(actor, "offers.change_offer", translation.offer)
    translation.delete()


# Schedules --------------------------------------------------------------------------

SCHEDULE_FIELDS = (
    "kind",
    "date",
    "weekdays",
    "start_time",
    "end_time",
    "valid_from",
    "valid_until",
    "interval",
    "description",
    "location",
)


def _check_schedule_in_offer(schedule: Schedule, offer: Offer) -> None:
    first, last = schedule.first_date, schedule.last_date
    if offer.start_date and first and first < offer.start_date:
        raise ValidationError(
            {
                "valid_from" if schedule.kind == Schedule.Kind.WEEKLY else "date": _(
                    "The offer starts on %(date)s; the schedule cannot begin earlier."
                )
                % {"date": _day(offer.start_date)}
            }
        )
    if offer.end_date and (last is None or last > offer.end_date):
        raise ValidationError(
            {
                "valid_until" if schedule.kind == Schedule.Kind.WEEKLY else "date": _(
                    "The offer ends on %(date)s; the schedule must end by then."
                )
                % {"date": _day(offer.end_date)}
            }
        )
    if schedule.location_id and schedule.location.project_id != offer.project_id:
        raise ValidationError({"location": _("Choose a place of this project.")})


def _clean_exceptions(schedule: Schedule, exceptions: list[dict]) -> dict[dt.date, str]:
    wanted: dict[dt.date, str] = {}
    for item in exceptions:
        day = item["date"]
        if day in wanted:
            raise ValidationError(
                {"exceptions": _("%(date)s is listed twice.") % {"date": _day(day)}}
            )
        if not schedules.is_occurrence(schedule, day):
            raise ValidationError(
                {
                    "exceptions": _(
                        "%(date)s is not a date of this schedule, so it cannot be cancelled."
                    )
                    % {"date": _day(day)}
                }
            )
        wanted[day] = (item.get("reason") or "").strip()
    return wanted


@transaction.atomic
def schedule_save(
    *,
    actor: User,
    offer: Offer,
    schedule: Schedule | None = None,
    expected_version: int | None = None,
    exceptions: list[dict] | None = None,
    **fields,
) -> Schedule:
    """Create (`schedule=None`) or change a schedule of the offer, and with it the dates
    on which it does not take place (`exceptions`: dicts with `date` and `reason`; the
    whole list, or None to leave them). Weekdays may be 0–6 or MO..SU."""
    _require(actor, "offers.change_offer", offer)
    if schedule is not None and schedule.offer_id != offer.pk:
        raise Http404
    if "weekdays" in fields:
        fields["weekdays"] = weekdays_from_codes(fields["weekdays"] or [])
    creating = schedule is None
    schedule = schedule or Schedule(offer=offer, created_by=actor)
    _set_fields(schedule, SCHEDULE_FIELDS, fields)
    if schedule.kind == Schedule.Kind.ONE_OFF:
        schedule.weekdays, schedule.valid_from, schedule.valid_until = [], None, None
    schedule.full_clean()
    _check_schedule_in_offer(schedule, offer)
    if creating:
        schedule.save()
    else:
        if expected_version is None:
            raise ConcurrentEditError()
        save_versioned(schedule, expected_version=expected_version)
    current = {item.date: item for item in schedule.exceptions.all()}
    if exceptions is not None:
        wanted = _clean_exceptions(schedule, exceptions)
        schedule.exceptions.filter(date__in=set(current) - set(wanted)).delete()
        for day, reason in wanted.items():
            existing = current.get(day)
            if existing is None:
                ScheduleException.objects.create(
                    schedule=schedule, date=day, reason=reason, created_by=actor
                )
            elif existing.reason != reason:
                existing.reason = reason
                existing.save(update_fields=["reason", "updated_at"])
    elif current:
        # A changed schedule must not keep cancelling dates it no longer has.
        stale = [day for day in current if not schedules.is_occurrence(schedule, day)]
        schedule.exceptions.filter(date__in=stale).delete()
    return schedule


@transaction.atomic
def schedule_delete(*, actor: User, schedule: Schedule) -> None:
    _require(actor, "offers.change_offer", schedule.offer)
    schedule.delete()


# Enrolment --------------------------------------------------------------------------


def _lock(offer: Offer) -> Offer:
    """Serialise enrolments of one offer (a row lock on PostgreSQL; SQLite writes one at
    a time anyway), so two people cannot both take the last place."""
    return Offer.objects.select_for_update().get(pk=offer.pk)


def _active_count(offer: Offer) -> int:
    return Enrolment.objects.filter(offer=offer, status=EnrolmentStatus.ACTIVE).count()


def _move_up_waiting(offer: Offer) -> list[Enrolment]:
    """Give free places to the waiting list, first come first served. Runs inside the
    caller's transaction with the offer row locked."""
    offer = _lock(offer)
    waiting = Enrolment.objects.filter(
        offer=offer, status=EnrolmentStatus.WAITING, case__exit_date__isnull=True
    ).order_by("waiting_since", "id")
    if offer.capacity is not None:
        free = offer.capacity - _active_count(offer)
        if free <= 0:
            return []
        waiting = waiting[:free]
    start = max(_today(), offer.start_date or _today())
    moved = []
    for enrolment in waiting.select_for_update(of=("self",)):
        enrolment.status = EnrolmentStatus.ACTIVE
        enrolment.start_date = start
        if enrolment.planned_end_date and enrolment.planned_end_date < start:
            enrolment.planned_end_date = None
        enrolment.full_clean()
        enrolment.save()
        moved.append(enrolment)
    return moved


def _check_goal(case: Case, goal: Goal | None) -> None:
    if goal is not None and goal.plan.case_id != case.pk:
        raise ValidationError({"goal": _("Choose a goal from this person's plan.")})


@transaction.atomic
def enrolment_create(
    *,
    actor: User,
    offer: Offer,
    case: Case,
    start_date: dt.date | None = None,
    planned_end_date: dt.date | None = None,
    goal: Goal | None = None,
    waiting_list: bool = False,
    notes: str = "",
) -> Enrolment:
    """Enrol a case in an offer of its project. When the offer is full the person goes
    on the waiting list if `waiting_list` is set; otherwise nothing is saved and the
    message says so."""
    _require(actor, "offers.enrol", offer)
    _require(actor, "cases.change_case", case)
    if offer.project_id != case.project_id:
        raise ValidationError({"offer": _("This offer belongs to another project.")})
    if not offer.active:
        raise ValidationError({"offer": _("This offer is no longer active.")})
    if case.exit_date is not None:
        raise ValidationError({"case": _("The case is closed; reopen it to enrol the person.")})
    _check_goal(case, goal)
    start_date = start_date or max(_today(), offer.start_date or _today())
    if start_date < case.entry_date:
        raise ValidationError(
            {"start_date": _("The start cannot be before the person's entry into the project.")}
        )
    if offer.start_date and start_date < offer.start_date:
        raise ValidationError(
            {"start_date": _("The offer starts on %(date)s.") % {"date": _day(offer.start_date)}}
        )
    if offer.end_date and start_date > offer.end_date:
        raise ValidationError(
            {"start_date": _("The offer ended on %(date)s.") % {"date": _day(offer.end_date)}}
        )
    check_in_period(case.project, start_date, field="start_date", kind="enrolment")
    offer = _lock(offer)
    if Enrolment.objects.filter(
        offer=offer, case=case, status__in=[EnrolmentStatus.WAITING, EnrolmentStatus.ACTIVE]
    ).exists():
        raise ValidationError(
            {"case": _("This person is already enrolled in the offer or on its waiting list.")}
        )
    enrolment = Enrolment(
        offer=offer,
        case=case,
        goal=goal,
        planned_end_date=planned_end_date,
        notes=notes,
        created_by=actor,
    )
    full = offer.capacity is not None and _active_count(offer) >= offer.capacity
    if full and not waiting_list:
        raise ValidationError(
            {
                "offer": _(
                    "The offer is full (%(capacity)s places). Put the person on the waiting "
                    "list, or choose another offer."
                )
                % {"capacity": offer.capacity}
            }
        )
    if full:
        enrolment.status = EnrolmentStatus.WAITING
        enrolment.waiting_since = timezone.now()
    else:
        enrolment.status = EnrolmentStatus.ACTIVE
        enrolment.start_date = start_date
    enrolment.full_clean()
    enrolment.save()
    return enrolment


@transaction.atomic
def enrolment_update(
    *,
    actor: User,
    enrolment: Enrolment,
    expected_version: int,
    planned_end_date: dt.date | None,
    goal: Goal | None,
    notes: str = "",
) -> Enrolment:
    _require(actor, "offers.change_enrolment", enrolment)
    _check_goal(enrolment.case, goal)
    enrolment.planned_end_date = planned_end_date
    enrolment.goal = goal
    enrolment.notes = notes
    save_versioned(enrolment, expected_version=expected_version)
    return enrolment


@transaction.atomic
def enrolment_end(
    *,
    actor: User,
    enrolment: Enrolment,
    expected_version: int,
    status: str,
    end_date: dt.date | None = None,
    dropout_reason: str = "",
    notes: str | None = None,
) -> tuple[Enrolment, list[Enrolment]]:
    """End an enrolment as completed or dropped out (with a reason), or take someone off
    the waiting list (dropped out). A freed place goes to the first on the waiting list
    in the same transaction. Returns the ended enrolment and those moved up."""
    _require(actor, "offers.change_enrolment", enrolment)
    if not enrolment.is_open:
        raise ValidationError(_("This participation has already ended."))
    if status not in (EnrolmentStatus.COMPLETED, EnrolmentStatus.DROPPED_OUT):
        raise ValidationError({"status": _("Choose completed or dropped out.")})
    was_active = enrolment.status == EnrolmentStatus.ACTIVE
    if status == EnrolmentStatus.COMPLETED and not was_active:
        raise ValidationError(
            {"status": _("Someone on the waiting list cannot complete the offer.")}
        )
    if status == EnrolmentStatus.DROPPED_OUT and dropout_reason not in DropoutReason.values:
        raise ValidationError({"dropout_reason": _("Say why the person dropped out.")})
    end_date = end_date or _today()
    if end_date > _today():
        raise ValidationError({"end_date": _("The end cannot be in the future.")})
    if enrolment.start_date and end_date < enrolment.start_date:
        raise ValidationError({"end_date": _("The end cannot be before the start.")})
    enrolment.status = status
    enrolment.end_date = end_date
    enrolment.dropout_reason = dropout_reason if status == EnrolmentStatus.DROPPED_OUT else ""
    if notes is not None:
        enrolment.notes = notes
    save_versioned(enrolment, expected_version=expected_version)
    moved = _move_up_waiting(enrolment.offer) if was_active else []
    return enrolment, moved


# Attendance -------------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterResult:
    created: int
    updated: int
    cleared: int


def _parse_hours(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        hours = Decimal(str(value).replace(",", "."))
    except InvalidOperation:
        return Decimal("NaN")
    return hours


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
        hours = _parse_hours(row.get("hours"))
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
        if hours is None:
            hours = max_hours if status == AttendanceStatus.PRESENT else Decimal(0)
        if hours.is_nan() or hours < 0:
            errors[str(enrolment_id)] = [
                _("%(name)s: enter the hours as a number, e.g. 3.5.") % {"name": name}
            ]
        elif hours > max_hours:
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


# Certificates -----------------------------------------------------------------------

CERTIFICATE_PREFIX = "Q"


def _next_number(year: int) -> str:
    prefix = f"{CERTIFICATE_PREFIX}-{year}-"
    last = (
        Certificate.objects.filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    return f"{prefix}{(int(last.rsplit('-', 1)[1]) + 1) if last else 1:06d}"


@transaction.atomic
def certificate_issue(
    *,
    actor: User,
    enrolment: Enrolment,
    kind: str = CertificateKind.CERTIFICATE,
    override_reason: str = "",
    issued_on: dt.date | None = None,
) -> Certificate:
    """Issue a certificate (when the offer's rule is met) or a confirmation of
    participation (for anyone who has started). A certificate against the rule needs
    the project lead and a reason, which is stored with it. Everything printed is
    copied into the certificate, which is never changed afterwards."""
    _require(actor, "offers.issue_certificate", enrolment)
    if kind not in CertificateKind.values:
        raise ValidationError({"kind": _("Choose certificate or confirmation of participation.")})
    issued_on = issued_on or _today()
    if issued_on > _today():
        raise ValidationError({"issued_on": _("A certificate cannot be dated in the future.")})
    if enrolment.status == EnrolmentStatus.WAITING or not enrolment.start_date:
        raise ValidationError(_("The person has not started this offer."))
    if enrolment.start_date > issued_on:
        raise ValidationError(_("The participation starts after the date of issue."))
    previous = Certificate.objects.filter(
        enrolment=enrolment, kind=kind, revoked_at__isnull=True
    ).first()
    if previous is not None:
        raise ValidationError(
            _("Number %(number)s was already issued for this participation; reprint it.")
            % {"number": previous.number}
        )
    override_reason = override_reason.strip()
    if kind == CertificateKind.CERTIFICATE:
        eligibility = certificate_eligibility(enrolment, today=issued_on)
        if eligibility.eligible:
            override_reason = ""
        else:
            if not actor.has_perm("offers.override_certificate_rule", enrolment):
                raise PermissionDenied(
                    _("%(reason)s Only the project lead can issue a certificate anyway.")
                    % {"reason": eligibility.reason}
                )
            if not override_reason:
                raise ValidationError(
                    {
                        "override_reason": _(
                            "%(reason)s To issue the certificate anyway, give the reason."
                        )
                        % {"reason": eligibility.reason}
                    }
                )
    else:
        override_reason = ""
    case = enrolment.case
    participant = case.participant
    offer = Offer.objects.select_related("project", "organisation").get(pk=enrolment.offer_id)
    period_end = min(enrolment.end_date or issued_on, issued_on)
    certificate = Certificate(
        enrolment=enrolment,
        kind=kind,
        issued_on=issued_on,
        issued_by=actor,
        period_start=enrolment.start_date,
        period_end=period_end,
        hours=attendance_totals_of_enrolment(enrolment).hours,
        contents=offer.certificate_contents,
        participant_name=f"{participant.first_name} {participant.last_name}".strip(),
        participant_birth_date=participant.birth_date,
        offer_title=offer.title,
        offer_kind=offer.kind,
        organisation_name=offer.organisation.name,
        project_name=offer.project.name,
        funder_names=sorted(offer.project.funders.values_list("name", flat=True)),
        override_reason=override_reason,
        created_by=actor,
    )
    for _attempt in range(5):
        certificate.number = _next_number(issued_on.year)
        certificate.verification_token = secrets.token_urlsafe(24)
        certificate.full_clean()
        try:
            with transaction.atomic():
                certificate.save()
        except IntegrityError:
            # Someone took the number at the same moment: take the next one.
            certificate.pk = None
            certificate._state.adding = True
            continue
        return certificate
    raise ValidationError(_("No certificate number could be reserved. Please try again."))


@transaction.atomic
def certificate_attach_pdf(*, actor: User, certificate: Certificate, content: bytes) -> Certificate:
    """Store the certificate's PDF once; a reprint renders the snapshot again."""
    _require(actor, "offers.issue_certificate", certificate.enrolment)
    if certificate.pdf:
        raise ValidationError(_("The PDF of this certificate is already stored."))
    certificate.pdf.save(f"{certificate.number}.pdf", ContentFile(content), save=False)
    certificate.save(update_fields=["pdf", "updated_at"])
    return certificate


@transaction.atomic
def certificate_revoke(*, actor: User, certificate: Certificate, reason: str) -> Certificate:
    """Withdraw an issued certificate (issued by mistake); the verification page says so.
    The certificate itself stays as it was issued."""
    _require(actor, "offers.issue_certificate", certificate.enrolment)
    if certificate.is_revoked:
        raise ValidationError(_("This certificate was already revoked."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the certificate is revoked.")})
    certificate.revoked_at = timezone.now()
    certificate.revoked_by = actor
    certificate.revocation_reason = reason.strip()
    certificate.save(update_fields=["revoked_at", "revoked_by", "revocation_reason", "updated_at"])
    return certificate


# Service requests -------------------------------------------------------------------


@transaction.atomic
def service_request_create(
    *,
    actor: User | None,
    offer: Offer,
    requested_by_name: str,
    description: str,
    contact_phone: str = "",
    contact_email: str = "",
    address: str = "",
    district=None,
    preferred_date: dt.date | None = None,
    notes: str = "",
) -> ServiceRequest:
    """A resident asks a practical project for a ride or a small job. `actor` is None
    when the request comes from the public map (then only published, active offers
    take requests); staff of the project may enter one on a resident's behalf."""
    if offer.kind != OfferKind.PRACTICAL_PROJECT:
        raise ValidationError({"offer": _("Only practical projects take requests.")})
    if actor is None:
        if not (offer.published and offer.active):
            raise Http404
    else:
        _require(actor, "offers.view_offer", offer)
    if not offer.active:
        raise ValidationError({"offer": _("This offer is no longer active.")})
    if preferred_date and preferred_date < _today():
        raise ValidationError({"preferred_date": _("The preferred date lies in the past.")})
    service_request = ServiceRequest(
        offer=offer,
        requested_by_name=requested_by_name.strip(),
        description=description.strip(),
        contact_phone=contact_phone.strip(),
        contact_email=contact_email.strip(),
        address=address.strip(),
        district=district,
        preferred_date=preferred_date,
        notes=notes if actor is not None else "",
        created_by=actor,
    )
    service_request.full_clean()
    service_request.save()
    return service_request


@transaction.atomic
def service_request_schedule(
    *,
    actor: User,
    service_request: ServiceRequest,
    expected_version: int,
    scheduled_for: dt.datetime,
    team: list[Case],
    notes: str | None = None,
) -> ServiceRequest:
    """Plan a request for a time and a team of participants of the practical project."""
    offer = service_request.offer
    _require(actor, "offers.manage_service_requests", offer)
    if service_request.status not in (
        ServiceRequestStatus.REQUESTED,
        ServiceRequestStatus.SCHEDULED,
    ):
        raise ValidationError(_("This request is done or cancelled."))
    if not team:
        raise ValidationError({"team": _("Choose at least one participant for the team.")})
    day = (
        timezone.localdate(scheduled_for)
        if timezone.is_aware(scheduled_for)
        else (scheduled_for.date())
    )
    team_ids = {case.pk for case in team}
    enrolled = set(
        Enrolment.objects.filter(
            offer=offer, case_id__in=team_ids, status=EnrolmentStatus.ACTIVE, start_date__lte=day
        ).values_list("case_id", flat=True)
    )
    missing = [case for case in team if case.pk not in enrolled]
    if missing:
        raise ValidationError(
            {
                "team": _("%(name)s does not take part in this practical project on that day.")
                % {"name": missing[0]}
            }
        )
    service_request.status = ServiceRequestStatus.SCHEDULED
    service_request.scheduled_for = scheduled_for
    if notes is not None:
        service_request.notes = notes
    save_versioned(service_request, expected_version=expected_version)
    service_request.team.set(team)
    return service_request


@transaction.atomic
def service_request_done(
    *,
    actor: User,
    service_request: ServiceRequest,
    expected_version: int,
    done_at: dt.datetime | None = None,
    notes: str | None = None,
) -> ServiceRequest:
    _require(actor, "offers.manage_service_requests", service_request.offer)
    if service_request.status != ServiceRequestStatus.SCHEDULED:
        raise ValidationError(_("Only a scheduled request can be marked as done."))
    done_at = done_at or timezone.now()
    if done_at > timezone.now():
        raise ValidationError({"done_at": _("A request cannot be done in the future.")})
    service_request.status = ServiceRequestStatus.DONE
    service_request.done_at = done_at
    if notes is not None:
        service_request.notes = notes
    save_versioned(service_request, expected_version=expected_version)
    return service_request


@transaction.atomic
def service_request_cancel(
    *, actor: User, service_request: ServiceRequest, expected_version: int, notes: str = ""
) -> ServiceRequest:
    _require(actor, "offers.manage_service_requests", service_request.offer)
    if service_request.status in (ServiceRequestStatus.DONE, ServiceRequestStatus.CANCELLED):
        raise ValidationError(_("This request is done or cancelled."))
    service_request.status = ServiceRequestStatus.CANCELLED
    if notes:
        service_request.notes = notes
    save_versioned(service_request, expected_version=expected_version)
    return service_request
