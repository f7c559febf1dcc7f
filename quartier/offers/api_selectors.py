"""Reads for the offers API, each starting from a `*_visible_to(user)` of
`offers.selectors` (or `cases_visible_to` for the cases a request names).

Kept apart from `selectors.py` so the API could be built while the pages were; the
functions are general and may move there. Every list loads what its API
representation reads in a fixed number of queries, whatever the number of rows.
"""

import datetime as dt

from django.db import models
from django.db.models import Prefetch, Q, QuerySet, Sum

from quartier.cases.models import Case, Goal
from quartier.cases.selectors.cases import cases_visible_to
from quartier.core.models import District, Project, User
from quartier.core.selectors import projects_visible_to
from quartier.offers.models import (
    Attendance,
    AttendanceStatus,
    Certificate,
    CertificateKind,
    Enrolment,
    Location,
    Offer,
    OfferTranslation,
    Schedule,
    ServiceRequest,
    ServiceRequestStatus,
)
from quartier.offers.selectors import (
    OfferFilter,
    certificates_visible_to,
    enrolments_visible_to,
    locations_visible_to,
    offer_list,
    offers_visible_to,
    service_requests_visible_to,
)

# Offers -------------------------------------------------------------------------------


def offer_rows(
    *, user, filters: OfferFilter | None = None, project: str = "", organisation: str = ""
) -> QuerySet[Offer]:
    """`offer_list` with what the API shows of each offer (contact person, places),
    optionally narrowed to a project and a provider organisation given by slug."""
    offers = offer_list(user=user, filters=filters or OfferFilter(active=None))
    if project:
        offers = offers.filter(project__slug=project)
    if organisation:
        offers = offers.filter(organisation__slug=organisation)
    return offers.select_related("contact_person").prefetch_related(
        Prefetch("locations", queryset=Location.objects.order_by("name", "id"))
    )


def offer_for_write(*, user, pk: int) -> Offer | None:
    """An offer the user may see, with what the services read; None if there is none."""
    return offers_visible_to(user).select_related("project", "organisation").filter(pk=pk).first()


def offer_with_schedules(*, user, pk: int) -> Offer | None:
    """An offer the user may see with its schedules and their exceptions, from which the
    register computes the session dates without a query per schedule."""
    return (
        offers_visible_to(user)
        .select_related("project", "organisation")
        .prefetch_related("schedules__exceptions")
        .filter(pk=pk)
        .first()
    )


def project_for(*, user, slug: str) -> Project | None:
    """A project the user holds a role in, by slug."""
    return projects_visible_to(user).filter(slug=slug).first()


def project_district(*, project: Project, slug: str) -> District | None:
    return project.districts.filter(slug=slug).first()


def active_staff(pk: int) -> User | None:
    return User.objects.filter(pk=pk, is_active=True).first()


# Locations ----------------------------------------------------------------------------


def location_rows(
    *, user, project: str = "", organisation: str = "", query: str = ""
) -> QuerySet[Location]:
    """Visible places in name order, optionally of one project and organisation (slugs),
    matching every word of `query` in the name, street or city."""
    locations = locations_visible_to(user).select_related("project", "organisation", "district")
    if project:
        locations = locations.filter(project__slug=project)
    if organisation:
        locations = locations.filter(organisation__slug=organisation)
    for word in query.split()[:5]:
        locations = locations.filter(
            Q(name__icontains=word) | Q(street__icontains=word) | Q(city__icontains=word)
        )
    return locations.order_by("name", "id")


def locations_by_ids(*, user, ids: list[int]) -> tuple[list[Location], list[int]]:
    """The visible places among `ids`, in the order given, and the ids not found."""
    found = {location.pk: location for location in locations_visible_to(user).filter(pk__in=ids)}
    return [found[pk] for pk in ids if pk in found], [pk for pk in ids if pk not in found]


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


# Enrolments and attendance -----------------------------------------------------------


def case_for_write(*, user, pk: int) -> Case | None:
    """A case the user may see, with its participant; None if there is none."""
    return cases_visible_to(user).select_related("participant").filter(pk=pk).first()


def cases_by_ids(*, user, ids: list[int]) -> tuple[list[Case], list[int]]:
    """The visible cases among `ids`, in the order given, and the ids not found."""
    found = {
        case.pk: case
        for case in cases_visible_to(user).select_related("participant").filter(pk__in=ids)
    }
    return [found[pk] for pk in ids if pk in found], [pk for pk in ids if pk not in found]


def goal_of_case(*, case: Case, pk: int) -> Goal | None:
    return Goal.objects.select_related("plan").filter(pk=pk, plan__case=case).first()


def enrolment_rows(
    *,
    user,
    offer: int | None = None,
    case: int | None = None,
    statuses: list[str] | None = None,
) -> QuerySet[Enrolment]:
    """Visible enrolments with their offer, case, participant and `attended_hours`; by
    offer, then by status (active, completed, dropped out, waiting), the waiting list in
    its order."""
    enrolments = enrolments_visible_to(user)
    if offer is not None:
        enrolments = enrolments.filter(offer_id=offer)
    if case is not None:
        enrolments = enrolments.filter(case_id=case)
    if statuses:
        enrolments = enrolments.filter(status__in=statuses)
    return (
        enrolments.select_related("offer", "case", "case__participant")
        .annotate(
            attended_hours=Sum(
                "attendances__hours", filter=Q(attendances__status=AttendanceStatus.PRESENT)
            )
        )
        .order_by("offer_id", "status", "waiting_since", "start_date", "id")
    )


def enrolment_for_write(*, user, pk: int) -> Enrolment | None:
    return (
        enrolments_visible_to(user)
        .select_related("offer", "offer__project", "case", "case__participant", "goal")
        .filter(pk=pk)
        .first()
    )


def visible_enrolment_ids(*, user, ids: list[int]) -> list[int]:
    """Those of `ids` the user may see (a partner's participants stay hidden)."""
    return list(
        enrolments_visible_to(user).filter(pk__in=ids).order_by("id").values_list("id", flat=True)
    )


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


# Certificates -------------------------------------------------------------------------


def certificate_rows(
    *,
    user,
    offer: int | None = None,
    case: int | None = None,
    enrolment: int | None = None,
    kind: str = "",
    revoked: bool | None = None,
) -> QuerySet[Certificate]:
    """Certificates of the cases the user may see, newest first."""
    certificates = certificates_visible_to(user)
    if offer is not None:
        certificates = certificates.filter(enrolment__offer_id=offer)
    if case is not None:
        certificates = certificates.filter(enrolment__case_id=case)
    if enrolment is not None:
        certificates = certificates.filter(enrolment_id=enrolment)
    if kind:
        certificates = certificates.filter(kind=kind)
    if revoked is not None:
        certificates = certificates.filter(revoked_at__isnull=not revoked)
    return certificates.select_related("enrolment", "issued_by", "revoked_by").order_by(
        "-issued_on", "-id"
    )


def valid_certificates_of(*, enrolment_ids: list[int]) -> dict[int, int]:
    """The id of the valid (not revoked) certificate of each of the enrolments that has
    one, in one query. The caller passes enrolments the user may see."""
    rows = (
        Certificate.objects.filter(
            enrolment_id__in=enrolment_ids,
            kind=CertificateKind.CERTIFICATE,
            revoked_at__isnull=True,
        )
        .order_by("id")
        .values_list("enrolment_id", "id")
    )
    return dict(rows)


# Service requests ---------------------------------------------------------------------


def service_request_rows(
    *, user, offer: int | None = None, statuses: list[str] | None = None, project: str = ""
) -> QuerySet[ServiceRequest]:
    """Requests to the practical projects the user manages, open ones first, then by the
    time they are planned for, the newest request first; with the whole team and, as
    `visible_team`, the members whose cases the user may see."""
    requests = service_requests_visible_to(user)
    if offer is not None:
        requests = requests.filter(offer_id=offer)
    if statuses:
        requests = requests.filter(status__in=statuses)
    if project:
        requests = requests.filter(offer__project__slug=project)
    still_open = models.Case(
        models.When(
            status__in=[ServiceRequestStatus.REQUESTED, ServiceRequestStatus.SCHEDULED],
            then=models.Value(0),
        ),
        default=models.Value(1),
    )
    return (
        requests.select_related("offer", "district")
        .prefetch_related(
            "team",
            # The team members the user may see; the others are only counted.
            Prefetch(
                "team", queryset=cases_visible_to(user).order_by("id"), to_attr="visible_team"
            ),
        )
        .order_by(still_open, "scheduled_for", "-created_at", "-id")
    )
