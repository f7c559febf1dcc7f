"""Reads for service requests: residents' requests to the practical projects
(DORSTEN TREFF's rickshaw rides, BQB-Süd's household and garden jobs).

Everything starts from `service_requests_visible_to(user)`: the requests to the
practical projects the user manages.
"""

from dataclasses import dataclass

from django.db import models
from django.db.models import Case as Conditional
from django.db.models import Count, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404

from quartier.cases.models import Case
from quartier.cases.selectors.cases import cases_visible_to
from quartier.core.models import Project
from quartier.offers.models import (
    EnrolmentStatus,
    Offer,
    OfferKind,
    ServiceRequest,
    ServiceRequestStatus,
)
from quartier.offers.selectors.enrolments import enrolments_visible_to
from quartier.offers.selectors.offers import offers_managed_by, offers_visible_to

# Service requests -------------------------------------------------------------------


def service_requests_visible_to(user) -> QuerySet[ServiceRequest]:
    """Requests to the practical projects the user manages."""
    return ServiceRequest.objects.filter(offer__in=offers_managed_by(user))


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


#: The status filter's extra choice: everything still to do.
OPEN = "open"
OPEN_STATUSES = (ServiceRequestStatus.REQUESTED, ServiceRequestStatus.SCHEDULED)

#: To-do first: new requests, then the planned ones, then the finished.
_STATUS_ORDER = Conditional(
    When(status=ServiceRequestStatus.REQUESTED, then=Value(0)),
    When(status=ServiceRequestStatus.SCHEDULED, then=Value(1)),
    When(status=ServiceRequestStatus.DONE, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)


def practical_projects_managed_by(user) -> QuerySet[Offer]:
    """The practical-project offers whose requests the user handles."""
    return offers_managed_by(user).filter(kind=OfferKind.PRACTICAL_PROJECT)


def practical_project_get(*, user, pk: int) -> Offer:
    """A practical project the user manages, or 404."""
    return get_object_or_404(
        practical_projects_managed_by(user).select_related("project", "organisation"), pk=pk
    )


def practical_project_for_request(*, user, pk: int) -> Offer:
    """A practical project of the user's projects that takes requests (any member may
    enter one on a resident's behalf; `service_request_create` re-checks)."""
    return get_object_or_404(
        offers_visible_to(user)
        .filter(kind=OfferKind.PRACTICAL_PROJECT, active=True)
        .select_related("project", "organisation"),
        pk=pk,
    )


@dataclass(frozen=True)
class ServiceRequestFilter:
    status: str = ""
    project: int | None = None
    offer: int | None = None


def service_request_list(*, user, filters: ServiceRequestFilter | None = None) -> QuerySet:
    """The requests a user handles, filtered in SQL: new ones first (by preferred
    date), then the scheduled ones by time, then done and cancelled, newest first."""
    filters = filters or ServiceRequestFilter()
    requests = service_requests_visible_to(user)
    if filters.status == OPEN:
        requests = requests.filter(status__in=OPEN_STATUSES)
    elif filters.status:
        requests = requests.filter(status=filters.status)
    if filters.project:
        requests = requests.filter(offer__project_id=filters.project)
    if filters.offer:
        requests = requests.filter(offer_id=filters.offer)
    return (
        requests.select_related("offer", "offer__project", "district")
        .annotate(status_order=_STATUS_ORDER)
        .order_by("status_order", "scheduled_for", "preferred_date", "-created_at", "-id")
    )


def service_request_get(*, user, pk: int) -> ServiceRequest:
    return get_object_or_404(
        service_requests_visible_to(user).select_related(
            "offer", "offer__project", "offer__organisation", "district", "created_by"
        ),
        pk=pk,
    )


@dataclass(frozen=True)
class ProjectCounts:
    """Requests of one project per status."""

    project_id: int
    project_name: str
    requested: int
    scheduled: int
    done: int
    cancelled: int

    @property
    def total(self) -> int:
        return self.requested + self.scheduled + self.done + self.cancelled


def service_request_counts_by_project(*, user, offer: Offer | None = None) -> list[ProjectCounts]:
    """Requests per project and status, in one grouped query (the count per project
    the practical projects report)."""
    requests = service_requests_visible_to(user)
    if offer is not None:
        requests = requests.filter(offer=offer)
    rows = (
        requests.values("offer__project_id", "offer__project__name")
        .annotate(
            **{
                status: Count("id", filter=Q(status=status))
                for status in ServiceRequestStatus.values
            }
        )
        .order_by("offer__project__name", "offer__project_id")
    )
    return [
        ProjectCounts(
            project_id=row["offer__project_id"],
            project_name=row["offer__project__name"],
            **{status: row[status] for status in ServiceRequestStatus.values},
        )
        for row in rows
    ]


def filter_projects(user) -> QuerySet[Project]:
    """Projects with a practical project the user manages, for the list's filter."""
    return Project.objects.filter(
        pk__in=practical_projects_managed_by(user).values("project_id")
    ).order_by("name")


def team_candidates(*, user, offer: Offer) -> QuerySet[Case]:
    """Cases (whom the user may see) actively taking part in the practical project: the
    people a request can be given to."""
    case_ids = (
        enrolments_visible_to(user)
        .filter(offer=offer, status=EnrolmentStatus.ACTIVE)
        .values("case_id")
    )
    return (
        Case.objects.filter(pk__in=case_ids)
        .select_related("participant")
        .order_by("participant__last_name", "participant__first_name", "id")
    )


def team_of(*, user, service_request: ServiceRequest) -> tuple[list[Case], int]:
    """The team members the user may see, and how many others there are."""
    team = list(
        service_request.team.select_related("participant").order_by("participant__last_name")
    )
    visible = set(
        cases_visible_to(user)
        .filter(pk__in=[case.pk for case in team])
        .values_list("pk", flat=True)
    )
    return [case for case in team if case.pk in visible], len(team) - len(visible)


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
