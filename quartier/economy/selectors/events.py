"""Reads of business events (entrepreneurs' evenings, regulars' tables, fairs, company
visits): the scoped list with its filter, one event with its invitations and tasks,
the employers that may be invited, the staff a task may go to, and the employer
liaison's start-page part ("to prepare", her tasks due).

Events are seen by the vacancy roles of their project *and* owning organisation
(`tenancy.grants(user, *VACANCY_ROLES)`), like every other economy record; a platform
admin sees all of them.
"""

from dataclasses import dataclass
from datetime import date, timedelta

import django_filters
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone

from quartier.core.models import District, Organisation, Project, ProjectMember, User
from quartier.core.selectors import projects_visible_to
from quartier.core.tenancy import (
    ECONOMY_ROLES,
    VACANCY_ROLES,
    grants,
    is_active_user,
    memberships_in_tenants,
    staff_with_role,
    tenant_condition,
)
from quartier.economy.models import (
    BusinessEvent,
    Employer,
    EventInvitation,
    EventKind,
    EventTask,
    ReviewStatus,
)

#: How far ahead the start page looks for events to prepare.
PREPARE_DAYS = 14


def economy_scoped(model, user, roles=VACANCY_ROLES, prefix: str = "") -> QuerySet:
    if not is_active_user(user):
        return model.objects.none()
    if user.is_platform_admin:
        return model.objects.all()
    condition = tenant_condition(grants(user, *roles), prefix=prefix)
    if condition is None:
        return model.objects.none()
    return model.objects.filter(condition)


def events_visible_to(user) -> QuerySet[BusinessEvent]:
    """The events of the (project, organisation) pairs where the user holds a vacancy
    role; every event for a platform admin."""
    return economy_scoped(BusinessEvent, user)


def event_tasks_visible_to(user) -> QuerySet[EventTask]:
    return economy_scoped(EventTask, user, prefix="event__")


# Who may create where -----------------------------------------------------------------


@dataclass(frozen=True)
class Owner:
    """A project and an organisation of its consortium in whose name the user may
    record economy records (events, vacant units)."""

    project_id: int
    project_name: str
    organisation_id: int
    organisation_name: str

    @property
    def key(self) -> str:
        return f"{self.project_id}-{self.organisation_id}"

    @property
    def label(self) -> str:
        return f"{self.project_name} – {self.organisation_name}"


def economy_owners(user) -> list[Owner]:
    """The (project, organisation) pairs in which the user holds an economy role and
    the organisation belongs to the project's consortium; all pairs for platform admins."""
    if not is_active_user(user):
        return []
    consortium = ProjectMember.objects.all()
    if not user.is_platform_admin:
        condition = tenant_condition(grants(user, *ECONOMY_ROLES))
        if condition is None:
            return []
        consortium = consortium.filter(condition)
    rows = consortium.order_by("project__name", "organisation__name").values_list(
        "project_id", "project__name", "organisation_id", "organisation__name"
    )
    return [Owner(*row) for row in rows]


def owner_records(owner: Owner) -> tuple[Project, Organisation]:
    return Project.objects.get(pk=owner.project_id), Organisation.objects.get(
        pk=owner.organisation_id
    )


def project_districts(project_ids) -> QuerySet[District]:
    return District.objects.filter(projects__in=list(project_ids)).distinct().order_by("name")


# The list -----------------------------------------------------------------------------


class EventFilter(django_filters.FilterSet):
    """The one event filter of the list page and the API."""

    q = django_filters.CharFilter(method="search")
    kind = django_filters.ChoiceFilter(choices=EventKind.choices)
    project = django_filters.NumberFilter(field_name="project_id")
    project_slug = django_filters.CharFilter(field_name="project__slug")
    when = django_filters.ChoiceFilter(
        choices=[("upcoming", "upcoming"), ("past", "past")], method="filter_when"
    )
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = BusinessEvent
        fields = ["q", "kind", "project", "project_slug", "when", "date_from", "date_to"]

    def search(self, queryset, name, value):
        for word in value.split()[:5]:
            queryset = queryset.filter(
                Q(title__icontains=word) | Q(place__icontains=word) | Q(description__icontains=word)
            )
        return queryset

    def filter_when(self, queryset, name, value):
        today = timezone.localdate()
        if value == "upcoming":
            return queryset.filter(date__gte=today)
        if value == "past":
            return queryset.filter(date__lt=today)
        return queryset


def event_list(*, user, filters: dict) -> QuerySet[BusinessEvent]:
    """The events the user sees, filtered; upcoming ones soonest first, otherwise newest
    first; with the number of invited and attending companies."""
    events = (
        events_visible_to(user)
        .select_related("project", "organisation", "responsible", "district")
        .annotate(
            invited_count=Count("invitations", distinct=True),
            attended_count=Count(
                "invitations", filter=Q(invitations__attended=True), distinct=True
            ),
        )
    )
    events = EventFilter(filters, queryset=events).qs
    if filters.get("when") == "upcoming":
        return events.order_by("date", "starts_at", "id")
    return events.order_by("-date", "-id")


def event_rows(*, user, filters: dict | None = None) -> QuerySet[BusinessEvent]:
    """Events for the API, filtered like the list (`EventFilter`): with project,
    organisation and the invitations loaded; upcoming ones soonest first, otherwise
    newest first."""
    events = (
        events_visible_to(user)
        .select_related("project", "organisation", "responsible", "district")
        .prefetch_related(
            Prefetch(
                "invitations",
                queryset=EventInvitation.objects.select_related("employer").order_by(
                    "employer__name", "id"
                ),
            )
        )
    )
    if filters:
        events = EventFilter(filters, queryset=events).qs
    if (filters or {}).get("when") == "upcoming":
        return events.order_by("date", "starts_at", "id")
    return events.order_by("-date", "-id")


# One event ---------------------------------------------------------------------------


def event_get(*, user, pk: int) -> BusinessEvent:
    """One event the user may see, or 404."""
    return get_object_or_404(
        events_visible_to(user).select_related(
            "project", "organisation", "responsible", "district"
        ),
        pk=pk,
    )


def event_invitations(event: BusinessEvent) -> list[EventInvitation]:
    return list(event.invitations.select_related("employer").order_by("employer__name", "id"))


def event_tasks(event: BusinessEvent) -> list[EventTask]:
    return list(
        event.tasks.select_related("assigned_to", "done_by", "employer").order_by(
            "done_at", "due_date", "id"
        )
    )


def attendance_totals(event: BusinessEvent) -> dict:
    """How many employers were invited, how many came, and with how many people."""
    totals = event.invitations.aggregate(
        invited_total=Count("id"),
        attended_total=Count("id", filter=Q(attended=True)),
        people_total=Sum("attendees", filter=Q(attended=True)),
    )
    return {
        "invited": totals["invited_total"],
        "attended": totals["attended_total"],
        "people": totals["people_total"] or 0,
    }


def invitable_employers(*, user, event: BusinessEvent) -> QuerySet[Employer]:
    """Employers of the event's project that the user may see (a vacancy role in their
    project and organisation) and that are not yet invited; not the rejected reports."""
    employers = economy_scoped(Employer, user).filter(project_id=event.project_id)
    return (
        employers.exclude(review_status=ReviewStatus.REJECTED)
        .exclude(pk__in=event.invitations.values("employer_id"))
        .order_by("name", "id")
    )


def visible_project_employers(*, user, project_id: int) -> QuerySet[Employer]:
    """Employers of a project the user may see (for a task's or a unit's employer)."""
    return (
        economy_scoped(Employer, user)
        .filter(project_id=project_id)
        .exclude(review_status=ReviewStatus.REJECTED)
        .order_by("name", "id")
    )


def event_staff(event: BusinessEvent) -> QuerySet[User]:
    """Whom an event's task may be assigned to, and who may be responsible: the staff
    with an economy role in the event's project and organisation."""
    return staff_with_role(event.project_id, *ECONOMY_ROLES, organisation=event.organisation_id)


def owners_staff(owners: list[Owner]) -> QuerySet[User]:
    """Who may be responsible for a new event: the staff with an economy role in one of
    the (project, organisation) pairs the user records events for."""
    pairs = {(owner.project_id, owner.organisation_id) for owner in owners}
    return User.objects.filter(
        is_active=True,
        pk__in=memberships_in_tenants(pairs, *ECONOMY_ROLES).values("user_id"),
    ).order_by("full_name", "email")


# The start page -----------------------------------------------------------------------


def events_part(*, user, today: date | None = None) -> dict:
    """The employer liaison's start page: the events of the next 14 days she is
    responsible for or that belong to her tenants ("to prepare"), and her open event
    tasks due today or earlier, the oldest (overdue) first."""
    today = today or timezone.localdate()
    visible = events_visible_to(user)
    condition = Q(responsible=user)
    economy = tenant_condition(grants(user, *ECONOMY_ROLES))
    if economy is not None:
        condition |= economy
    events = list(
        visible.filter(condition, date__gte=today, date__lte=today + timedelta(days=PREPARE_DAYS))
        .select_related("project")
        .annotate(invited_count=Count("invitations"))
        .order_by("date", "starts_at", "id")[:50]
    )
    tasks = list(
        event_tasks_visible_to(user)
        .filter(assigned_to=user, done_at__isnull=True, due_date__lte=today)
        .select_related("event", "employer")
        .order_by("due_date", "id")[:100]
    )
    return {"events_start": {"today": today, "events": events, "tasks": tasks}}


# Lookups of the API -------------------------------------------------------------------


def project_by_slug(*, user, slug: str) -> Project | None:
    """A project the user holds a role in (any project for a platform admin), by slug."""
    return projects_visible_to(user).filter(slug=slug).first()


def district_by_slug(*, project: Project, slug: str) -> District | None:
    return project.districts.filter(slug=slug).first()


def visible_employer(*, user, pk: int) -> Employer | None:
    """An employer the user may see (a vacancy role in its project and organisation)."""
    return economy_scoped(Employer, user).filter(pk=pk).first()


def active_user(pk: int) -> User | None:
    return User.objects.filter(pk=pk, is_active=True).first()
