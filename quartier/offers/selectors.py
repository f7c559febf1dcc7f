"""Reads of the offers app, always starting from a `*_visible_to(user)` scope.

Offers and locations are visible to every member of their project (they hold no
personal data); enrolments, attendance and certificates only through the cases the
user may see (`cases_visible_to`); the public map reads `published_offers()` alone.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Prefetch, Q, QuerySet, Sum, TextField
from django.db.models.functions import Cast
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from quartier.cases.models import Case
from quartier.cases.selectors.cases import cases_visible_to
from quartier.core.models import CASE_ROLES, Membership
from quartier.offers import schedules
from quartier.offers.models import (
    Attendance,
    AttendanceStatus,
    Certificate,
    CertificateKind,
    CertificateRule,
    Enrolment,
    EnrolmentStatus,
    Location,
    Offer,
    OfferText,
    OfferTranslation,
    ServiceRequest,
    ServiceRequestStatus,
)
from quartier.offers.numbers import short_number


def _anonymous(user) -> bool:
    return user is None or not user.is_authenticated or not user.is_active


def _member_project_ids(user) -> set[int]:
    return set(Membership.objects.filter(user=user).values_list("project_id", flat=True))


def offers_visible_to(user) -> QuerySet[Offer]:
    """The offers of every project in which the user holds any role."""
    if _anonymous(user):
        return Offer.objects.none()
    if user.is_platform_admin:
        return Offer.objects.all()
    return Offer.objects.filter(project_id__in=_member_project_ids(user))


def offers_managed_by(user) -> QuerySet[Offer]:
    """Offers the user may change: a case role in the offer's project and organisation."""
    if _anonymous(user):
        return Offer.objects.none()
    if user.is_platform_admin:
        return Offer.objects.all()
    pairs = Membership.objects.filter(user=user, role__in=list(CASE_ROLES)).values_list(
        "project_id", "organisation_id"
    )
    condition = Q(pk__in=[])
    for project_id, organisation_id in set(pairs):
        condition |= Q(project_id=project_id, organisation_id=organisation_id)
    return Offer.objects.filter(condition)


def locations_visible_to(user) -> QuerySet[Location]:
    if _anonymous(user):
        return Location.objects.none()
    if user.is_platform_admin:
        return Location.objects.all()
    return Location.objects.filter(project_id__in=_member_project_ids(user))


def offer_get(*, user, pk: int) -> Offer:
    """One offer the user may see, or 404."""
    return get_object_or_404(
        offers_visible_to(user)
        .select_related("project", "organisation", "contact_person")
        .prefetch_related("locations", "schedules__exceptions", "schedules__location"),
        pk=pk,
    )


def published_offers() -> QuerySet[Offer]:
    """Offers on the public map: published, active and not yet over. Only the offer and
    its places, times and translations are loaded, never anything about participants."""
    today = timezone.localdate()
    return (
        Offer.objects.filter(published=True, active=True)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .select_related("organisation", "project")
        .prefetch_related(
            "locations",
            "schedules__exceptions",
            "schedules__location",
            Prefetch("translations", queryset=OfferTranslation.objects.order_by("language")),
        )
    )


def offer_text(offer: Offer, language: str) -> OfferText:
    """Title, short description and how to take part in `language`, German where missing."""
    return offer.text_in(language)


def _json_list_has(field_name: str, value: str) -> Q:
    """Rows whose JSON list `field_name` holds `value` (codes without quotes), on SQLite
    and PostgreSQL alike: the list's text contains the quoted code."""
    return Q(**{f"{field_name}_text__contains": f'"{value}"'})


@dataclass(frozen=True)
class OfferFilter:
    query: str = ""
    project: int | None = None
    organisation: int | None = None
    kind: str = ""
    occupational_field: str = ""
    target_group: str = ""
    language: str = ""
    published: bool | None = None
    active: bool | None = True


def offer_list(*, user, filters: OfferFilter | None = None) -> QuerySet[Offer]:
    """The offer catalogue a user sees, filtered in SQL, each row with its number of
    active and waiting enrolments (`active_count`, `waiting_count`)."""
    filters = filters or OfferFilter()
    offers = offers_visible_to(user)
    if filters.project:
        offers = offers.filter(project_id=filters.project)
    if filters.organisation:
        offers = offers.filter(organisation_id=filters.organisation)
    if filters.kind:
        offers = offers.filter(kind=filters.kind)
    if filters.occupational_field:
        offers = offers.filter(occupational_field=filters.occupational_field)
    if filters.published is not None:
        offers = offers.filter(published=filters.published)
    if filters.active is not None:
        offers = offers.filter(active=filters.active)
    if filters.target_group:
        offers = offers.annotate(target_groups_text=Cast("target_groups", TextField())).filter(
            _json_list_has("target_groups", filters.target_group)
        )
    if filters.language:
        offers = offers.annotate(languages_text=Cast("languages", TextField())).filter(
            _json_list_has("languages", filters.language)
        )
    if filters.query:
        for word in filters.query.split()[:5]:
            offers = offers.filter(title__icontains=word)
    return (
        offers.select_related("project", "organisation")
        .annotate(
            active_count=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.ACTIVE)),
            waiting_count=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.WAITING)),
        )
        .order_by("title", "id")
    )


# Enrolments -------------------------------------------------------------------------


def enrolments_visible_to(user) -> QuerySet[Enrolment]:
    """Enrolments of the cases the user may see."""
    return Enrolment.objects.filter(case__in=cases_visible_to(user))


def enrolment_get(*, user, pk: int) -> Enrolment:
    return get_object_or_404(
        enrolments_visible_to(user).select_related(
            "offer", "offer__project", "case", "case__participant", "goal"
        ),
        pk=pk,
    )


def _with_hours(enrolments: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    return enrolments.annotate(
        attended_hours=Sum(
            "attendances__hours", filter=Q(attendances__status=AttendanceStatus.PRESENT)
        )
    )


def enrolments_of_case(*, user, case: Case) -> QuerySet[Enrolment]:
    """A case's enrolments (newest first) with `attended_hours`, for the case page."""
    return (
        _with_hours(enrolments_visible_to(user).filter(case=case))
        .select_related("offer", "offer__organisation", "goal")
        .order_by("-start_date", "-id")
    )


def enrolments_of_offer(*, user, offer: Offer, statuses=None) -> QuerySet[Enrolment]:
    """The offer's enrolments of cases the user may see, with `attended_hours`; waiting
    ones in waiting-list order after the others."""
    enrolments = enrolments_visible_to(user).filter(offer=offer)
    if statuses:
        enrolments = enrolments.filter(status__in=list(statuses))
    return (
        _with_hours(enrolments)
        .select_related("case", "case__participant", "goal")
        .order_by("status", "waiting_since", "case__participant__last_name", "id")
    )


def waiting_list(*, user, offer: Offer) -> QuerySet[Enrolment]:
    return (
        enrolments_visible_to(user)
        .filter(offer=offer, status=EnrolmentStatus.WAITING)
        .select_related("case", "case__participant")
        .order_by("waiting_since", "id")
    )


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


# Certificates -----------------------------------------------------------------------


@dataclass(frozen=True)
class Eligibility:
    """Whether an enrolment meets its offer's certificate rule, and why (not)."""

    eligible: bool
    reason: str
    months: int = 0
    hours: Decimal = Decimal(0)
    rate: Decimal | None = None


def months_taken_part(start: dt.date, end: dt.date) -> int:
    """Full months from `start` to `end`, both days included (1 March–30 June: 4)."""
    if end < start:
        return 0
    delta = relativedelta(end + dt.timedelta(days=1), start)
    return delta.years * 12 + delta.months


def certificate_eligibility(
    enrolment: Enrolment,
    *,
    today: dt.date | None = None,
    totals: AttendanceTotals | None = None,
) -> Eligibility:
    """Check the offer's certificate rule for one enrolment: months between start and
    end (or today), attended hours, or the share of the sessions attended. Pass
    `totals` from `attendance_totals_by_enrolment` to check a whole list cheaply."""
    today = today or timezone.localdate()
    offer = enrolment.offer
    if enrolment.status == EnrolmentStatus.WAITING or enrolment.start_date is None:
        return Eligibility(False, _("The person is on the waiting list and has not started."))
    if enrolment.start_date > today:
        return Eligibility(False, _("The participation has not started yet."))
    end = min(enrolment.end_date or today, today)
    totals = totals if totals is not None else attendance_totals_of_enrolment(enrolment)
    months = months_taken_part(enrolment.start_date, end)
    hours = totals.hours
    if offer.certificate_rule == CertificateRule.HOURS:
        minimum = offer.certificate_min_hours or Decimal(0)
        if hours >= minimum:
            return Eligibility(
                True,
                _("Attended %(hours)s of %(min)s hours.")
                % {"hours": short_number(hours), "min": short_number(minimum)},
                months,
                hours,
            )
        return Eligibility(
            False,
            _("Attended %(hours)s hours; the certificate needs %(min)s.")
            % {"hours": short_number(hours), "min": short_number(minimum)},
            months,
            hours,
        )
    if offer.certificate_rule == CertificateRule.RATE:
        held = len(schedules.occurrences(offer, enrolment.start_date, end))
        if not held:
            return Eligibility(False, _("No session has taken place yet."), months, hours)
        rate = (Decimal(totals.present) * 100 / held).quantize(Decimal("0.1"))
        minimum = offer.certificate_min_rate or Decimal(0)
        if rate >= minimum:
            return Eligibility(
                True,
                _("Attended %(rate)s %% of the sessions (at least %(min)s %% needed).")
                % {"rate": short_number(rate), "min": short_number(minimum)},
                months,
                hours,
                rate,
            )
        return Eligibility(
            False,
            _("Attended %(rate)s %% of the sessions; the certificate needs %(min)s %%.")
            % {"rate": short_number(rate), "min": short_number(minimum)},
            months,
            hours,
            rate,
        )
    needed = offer.certificate_min_months
    if months >= needed:
        return Eligibility(
            True,
            ngettext(
                "Took part for %(months)s month (at least %(min)s needed).",
                "Took part for %(months)s months (at least %(min)s needed).",
                months,
            )
            % {"months": months, "min": needed},
            months,
            hours,
        )
    return Eligibility(
        False,
        ngettext(
            "Took part for %(months)s full month; the certificate needs %(min)s.",
            "Took part for %(months)s full months; the certificate needs %(min)s.",
            months,
        )
        % {"months": months, "min": needed},
        months,
        hours,
    )


def certificate_candidates(*, user, offer: Offer) -> list[tuple[Enrolment, Eligibility]]:
    """Everyone (whom the user may see) who has started the offer, with their eligibility;
    the attendance totals come from one grouped query."""
    enrolments = list(
        enrolments_visible_to(user)
        .filter(offer=offer)
        .exclude(status=EnrolmentStatus.WAITING)
        .select_related("offer", "case", "case__participant")
        .order_by("case__participant__last_name", "case__participant__first_name", "id")
    )
    totals = attendance_totals_by_enrolment(enrolment.pk for enrolment in enrolments)
    return [
        (
            enrolment,
            certificate_eligibility(enrolment, totals=totals.get(enrolment.pk, AttendanceTotals())),
        )
        for enrolment in enrolments
    ]


def certificates_due(*, user, offer: Offer) -> list[tuple[Enrolment, Eligibility]]:
    """Those who meet the offer's certificate rule, have no valid certificate yet and
    for whom the user may issue one: who "issue for everyone eligible" issues for."""
    candidates = [
        (enrolment, eligibility)
        for enrolment, eligibility in certificate_candidates(user=user, offer=offer)
        if eligibility.eligible
    ]
    holding = set(
        Certificate.objects.filter(
            enrolment__in=[enrolment for enrolment, _e in candidates],
            kind=CertificateKind.CERTIFICATE,
            revoked_at__isnull=True,
        ).values_list("enrolment_id", flat=True)
    )
    allowed: dict[tuple[int, int], bool] = {}  # the rule depends on project and organisation

    def may_issue(enrolment: Enrolment) -> bool:
        key = (enrolment.case.project_id, enrolment.case.organisation_id)
        if key not in allowed:
            allowed[key] = user.has_perm("offers.issue_certificate", enrolment)
        return allowed[key]

    return [
        (enrolment, eligibility)
        for enrolment, eligibility in candidates
        if enrolment.pk not in holding and may_issue(enrolment)
    ]


def certificates_visible_to(user) -> QuerySet[Certificate]:
    return Certificate.objects.filter(enrolment__case__in=cases_visible_to(user))


def certificate_get(*, user, pk: int) -> Certificate:
    return get_object_or_404(
        certificates_visible_to(user).select_related("enrolment", "issued_by"), pk=pk
    )


def certificate_for_verification(token: str) -> Certificate | None:
    """The certificate behind a verification URL (public, no login), or None. The public
    page shows only what is printed on the certificate and whether it was revoked."""
    if not token or len(token) > 64:
        return None
    return Certificate.objects.filter(verification_token=token).first()


# Service requests -------------------------------------------------------------------


def service_requests_visible_to(user) -> QuerySet[ServiceRequest]:
    """Requests to the practical projects the user manages."""
    return ServiceRequest.objects.filter(offer__in=offers_managed_by(user))


def service_request_get(*, user, pk: int) -> ServiceRequest:
    return get_object_or_404(
        service_requests_visible_to(user).select_related("offer", "district"), pk=pk
    )


def service_request_counts(*, user, project=None) -> dict[str, int]:
    """Requests per status (all statuses present, zero where none), optionally for one
    project: the count per project the issue asks for."""
    requests = service_requests_visible_to(user)
    if project is not None:
        requests = requests.filter(offer__project=project)
    counts = dict(
        requests.values("status").annotate(total=Count("id")).values_list("status", "total")
    )
    return {status: counts.get(status, 0) for status in ServiceRequestStatus.values}
