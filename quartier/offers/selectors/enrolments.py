"""Enrolments, always through the cases the user may see (`cases_visible_to`): an
offer's places and participants, the offers a case can be enrolled in, the cases an
offer can take."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone

from quartier.cases.models import Case, Goal
from quartier.cases.selectors.cases import CaseFilter, case_list, cases_visible_to
from quartier.core.models import User
from quartier.offers.models import (
    OPEN_ENROLMENT_STATUSES,
    AttendanceStatus,
    Enrolment,
    EnrolmentStatus,
    Offer,
)
from quartier.offers.selectors.offers import OfferFilter, offer_list, with_enrolment_counts

#: Cases listed for a search on the offer page.
CASE_SEARCH_LIMIT = 20


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
    from quartier.privacy.services.access_log import access_log_record

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
    offers = offer_list(user=user, filters=OfferFilter(project=case.project_id, active=True))
    return with_enrolment_counts(offers).filter(Q(end_date__isnull=True) | Q(end_date__gte=today))


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
