"""Reads of the case file, always starting from `cases_visible_to(user)`."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone

from quartier.cases.models import Assessment, Case, Contact, Document, FollowUp, Goal, Plan, Stage
from quartier.core.models import CASE_ROLES, District, Membership, Project, User
from quartier.participants.models import TargetGroup
from quartier.participants.selectors.participants import (
    case_grants,
    participants_search,
    participants_visible_to,
    tenant_condition,
)


def cases_visible_to(user) -> QuerySet[Case]:
    """Cases owned by an organisation in which the user holds a case role in that project."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Case.objects.none()
    if user.is_platform_admin:
        return Case.objects.all()
    condition = tenant_condition(case_grants(user))
    if condition is None:
        return Case.objects.none()
    return Case.objects.filter(condition)


def _of_visible_cases(model, user) -> QuerySet:
    """Rows of `model` whose case the user may see (the same rule as `cases_visible_to`).

    The condition is on the case's project and organisation through the join, not
    "case in (every visible case)": the database can then start from the few rows a
    page asks for (a user's follow-ups due today) instead of listing ten thousand
    cases first."""
    if user is None or not user.is_authenticated or not user.is_active:
        return model.objects.none()
    if user.is_platform_admin:
        return model.objects.all()
    condition = tenant_condition(case_grants(user), prefix="case__")
    if condition is None:
        return model.objects.none()
    return model.objects.filter(condition)


def assessments_visible_to(user) -> QuerySet[Assessment]:
    return _of_visible_cases(Assessment, user)


def assessment_on_day(*, case: Case, day, exclude: Assessment | None = None):
    """Another assessment of the case on `day` (the first), or None: a second one on the
    same day is usually a mistake that should have been a correction."""
    others = case.assessments.filter(date=day)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    return others.order_by("id").first()


def plans_visible_to(user) -> QuerySet[Plan]:
    return _of_visible_cases(Plan, user)


def contacts_visible_to(user) -> QuerySet[Contact]:
    return _of_visible_cases(Contact, user)


def follow_ups_visible_to(user) -> QuerySet[FollowUp]:
    return _of_visible_cases(FollowUp, user)


def documents_visible_to(user) -> QuerySet[Document]:
    return _of_visible_cases(Document, user)


def case_get(*, user, pk: int) -> Case:
    """One case the user may see, or 404 (a foreign id is never a 403)."""
    return get_object_or_404(
        cases_visible_to(user).select_related(
            "participant", "participant__district", "project", "organisation", "responsible"
        ),
        pk=pk,
    )


# Target groups derived from the entry data, so lists can filter without a second
# questionnaire: each maps to a condition on the participant.
def _target_group_condition(group: str) -> Q | None:
    today = timezone.localdate()
    participant_age_below = lambda years: Q(  # noqa: E731
        participant__birth_date__gt=today - relativedelta(years=years)
    )
    return {
        TargetGroup.LONG_TERM_UNEMPLOYED: Q(
            participant__labour_status="unemployed",
            participant__unemployed_since__lte=today - timedelta(days=365),
        ),
        TargetGroup.YOUNG_PEOPLE: participant_age_below(27),
        TargetGroup.SINGLE_PARENTS: Q(participant__single_parent="yes"),
        TargetGroup.IMMIGRANTS: Q(participant__foreign_background="yes")
        | Q(participant__third_country_national="yes"),
        TargetGroup.SENIORS: ~participant_age_below(55),
        TargetGroup.PUPILS: participant_age_below(18),
        TargetGroup.DISABILITIES: Q(participant__disability="yes"),
        TargetGroup.WOMEN_RETURNING: Q(
            participant__gender="female", participant__labour_status="inactive"
        ),
    }.get(group)


CASE_LIST_TARGET_GROUPS = (
    TargetGroup.LONG_TERM_UNEMPLOYED,
    TargetGroup.YOUNG_PEOPLE,
    TargetGroup.WOMEN_RETURNING,
    TargetGroup.SINGLE_PARENTS,
    TargetGroup.IMMIGRANTS,
    TargetGroup.SENIORS,
    TargetGroup.PUPILS,
    TargetGroup.DISABILITIES,
)

CASE_SORTS = {
    "name": ("participant__last_name", "participant__first_name", "id"),
    "-name": ("-participant__last_name", "-participant__first_name", "-id"),
    "entry": ("entry_date", "id"),
    "-entry": ("-entry_date", "-id"),
    "stage": ("stage", "-entry_date", "-id"),
    "number": ("participant__external_id", "id"),
}
DEFAULT_CASE_SORT = "-entry"


@dataclass(frozen=True)
class CaseFilter:
    query: str = ""
    project: int | None = None
    stage: str = ""
    responsible: int | None = None
    district: int | None = None
    target_group: str = ""
    overdue: bool = False
    entry_from: date | None = None
    entry_to: date | None = None
    show_exited: bool = False
    sort: str = DEFAULT_CASE_SORT


def case_filter_choices(user) -> tuple[list[Project], QuerySet, QuerySet[District]]:
    """What the case list's filters offer the user: their projects (by name), the staff
    with a case role in their teams (a project and an organisation in which the user
    has one) as (id, name, e-mail) rows, and the districts of those projects."""
    if user.is_platform_admin:
        projects = Project.objects.all()
        memberships = Membership.objects.all()
    else:
        grants = case_grants(user)
        projects = Project.objects.filter(id__in={project for project, _o in grants})
        memberships = Membership.objects.filter(tenant_condition(grants) or Q(pk__in=[]))
    projects = list(projects.order_by("name"))
    staff = (
        User.objects.filter(pk__in=memberships.filter(role__in=list(CASE_ROLES)).values("user_id"))
        .order_by("full_name", "email")
        .values_list("pk", "full_name", "email")
    )
    districts = District.objects.filter(projects__in=projects).distinct().order_by("name")
    return projects, staff, districts


def case_list(
    *, user, filters: CaseFilter | None = None, with_overdue: bool = False
) -> QuerySet[Case]:
    """The case list with its filters, search and sort; rows carry what the table shows.

    `with_overdue` annotates every row with `has_overdue` (for exports)."""
    filters = filters or CaseFilter()
    cases = cases_visible_to(user)
    if filters.project:
        cases = cases.filter(project_id=filters.project)
    if filters.stage:
        cases = cases.filter(stage=filters.stage)
    elif not filters.show_exited:
        cases = cases.exclude(stage=Stage.EXITED)
    if filters.responsible:
        cases = cases.filter(responsible_id=filters.responsible)
    if filters.district:
        cases = cases.filter(participant__district_id=filters.district)
    if filters.target_group:
        condition = _target_group_condition(filters.target_group)
        if condition is not None:
            cases = cases.filter(condition)
    if filters.entry_from:
        cases = cases.filter(entry_date__gte=filters.entry_from)
    if filters.entry_to:
        cases = cases.filter(entry_date__lte=filters.entry_to)
    if filters.query:
        cases = _search(cases, user, filters.query)
    if filters.overdue or with_overdue:
        # Annotated for the whole list only when it filters by it or exports it; a page
        # gets its flags from `mark_overdue`, which looks at the page's rows alone.
        overdue = FollowUp.objects.filter(
            case=OuterRef("pk"), done_at__isnull=True, due_date__lt=timezone.localdate()
        )
        cases = cases.annotate(has_overdue=Exists(overdue))
        if filters.overdue:
            cases = cases.filter(has_overdue=True)
    order = CASE_SORTS.get(filters.sort, CASE_SORTS[DEFAULT_CASE_SORT])
    return cases.select_related(
        "participant", "participant__district", "project", "responsible"
    ).order_by(*order)


def _search(cases: QuerySet[Case], user, query: str) -> QuerySet[Case]:
    """The cases whose participant matches every word of `query`: a part of a name,
    however typed (folded: "yildiz" finds "Yıldız"), or the participant number, with or
    without its prefix ("294" finds "BQB-000294"); see `participants_search`.

    The words are matched in a subquery on the participants the user may see, which
    the index (project, organisation, search key) answers without reading the table;
    the cases are then picked from the index `case_tenant_entry`, which holds the
    participant. A search of 100,000 people stays quick on SQLite too.
    """
    participants = participants_search(participants_visible_to(user), query)
    return cases.filter(participant_id__in=participants.values("id"))


def mark_overdue(cases) -> None:
    """Set `has_overdue` on the given cases (one page) with one query."""
    cases = list(cases)
    late = set(
        FollowUp.objects.filter(
            case_id__in=[case.pk for case in cases],
            done_at__isnull=True,
            due_date__lt=timezone.localdate(),
        ).values_list("case_id", flat=True)
    )
    for case in cases:
        case.has_overdue = case.pk in late


def case_hours(case: Case) -> float:
    minutes = case.contacts.aggregate(total=Sum("duration_minutes"))["total"] or 0
    return round(minutes / 60, 1)


@dataclass
class CaseOverview:
    """Everything the case page shows at a glance, read in a fixed number of queries."""

    case: Case
    goals: list[Goal]
    plan: Plan | None
    open_follow_ups: list[FollowUp]
    latest_contacts: list[Contact]
    contact_count: int
    hours: float
    assessments: list[Assessment]
    consents: list
    documents: list[Document]
    timeline: list[dict]
    #: Offers the case takes part in, waits for or ended, each with `attended_hours`.
    enrolments: list = field(default_factory=list)

    @property
    def attended_hours(self) -> Decimal:
        """Hours attended in all offers together."""
        return sum((e.attended_hours or Decimal(0) for e in self.enrolments), Decimal(0))


def _enrolments_of(case: Case) -> list:
    """The case's enrolments with the offer and goal and `attended_hours`, in one query:
    open ones first (newest first), then the ended ones by their end."""
    enrolments = list(
        case.enrolments.select_related("offer", "goal").annotate(
            attended_hours=Sum("attendances__hours", filter=Q(attendances__status="present"))
        )
    )
    enrolments.sort(
        key=lambda e: (
            e.end_date is not None,
            -(e.end_date or e.start_date or date.min).toordinal(),
            -e.pk,
        )
    )
    return enrolments


def case_overview(*, case: Case, timeline_limit: int = 30) -> CaseOverview:
    plan = (
        Plan.objects.filter(case=case)
        .prefetch_related(Prefetch("goals", queryset=Goal.objects.order_by("position", "id")))
        .first()
    )
    goals = list(plan.goals.all()) if plan else []
    open_follow_ups = list(
        case.follow_ups.filter(done_at__isnull=True)
        .select_related("assigned_to")
        .order_by("due_date", "id")[:10]
    )
    contact_totals = case.contacts.aggregate(total=Sum("duration_minutes"), count=Count("id"))
    latest_contacts = list(case.contacts.select_related("staff").order_by("-date", "-id")[:5])
    assessments = list(case.assessments.order_by("date", "id"))
    consents = list(
        case.participant.consents.select_related("partner", "recorded_by").order_by(
            "purpose", "-given_on"
        )
    )
    documents = list(case.documents.select_related("created_by").order_by("-created_at")[:10])
    enrolments = _enrolments_of(case)
    return CaseOverview(
        case=case,
        goals=goals,
        plan=plan,
        open_follow_ups=open_follow_ups,
        latest_contacts=latest_contacts,
        contact_count=contact_totals["count"] or 0,
        hours=round((contact_totals["total"] or 0) / 60, 1),
        assessments=assessments,
        consents=consents,
        documents=documents,
        timeline=case_timeline(case=case, limit=timeline_limit, enrolments=enrolments),
        enrolments=enrolments,
    )


def _enrolment_events(enrolments) -> list[dict]:
    """What the enrolments' own dates tell: put on the waiting list, enrolled (or moved
    up from the waiting list), completed, dropped out or taken off the waiting list."""
    events = []
    for enrolment in enrolments:
        if enrolment.waiting_since:
            events.append(
                {
                    "date": timezone.localdate(enrolment.waiting_since),
                    "kind": "enrolment_waiting",
                    "object": enrolment,
                }
            )
        if enrolment.start_date and enrolment.status != "waiting":
            kind = "enrolment_moved_up" if enrolment.waiting_since else "enrolment_started"
            events.append({"date": enrolment.start_date, "kind": kind, "object": enrolment})
        if enrolment.end_date:
            kind = {"completed": "enrolment_completed"}.get(enrolment.status)
            if kind is None:
                kind = "enrolment_dropped_out" if enrolment.start_date else "enrolment_taken_off"
            events.append({"date": enrolment.end_date, "kind": kind, "object": enrolment})
    return events


def case_timeline(*, case: Case, limit: int = 30, enrolments=None) -> list[dict]:
    """Everything that happened in the case, newest first: contacts, assessments, goals,
    follow-ups done, documents, consents, enrolments in offers and their changes, and
    the entry and exit. A bounded number of queries, each limited to `limit` rows;
    `enrolments` (with their offers) saves the query when the caller has them."""
    events: list[dict] = [{"date": case.entry_date, "kind": "entry", "object": case}]
    if case.exit_date:
        events.append({"date": case.exit_date, "kind": "exit", "object": case})
    for contact in case.contacts.select_related("staff").order_by("-date", "-id")[:limit]:
        events.append({"date": contact.date, "kind": "contact", "object": contact})
    for assessment in case.assessments.order_by("-date", "-id")[:limit]:
        events.append({"date": assessment.date, "kind": "assessment", "object": assessment})
    for follow_up in case.follow_ups.filter(done_at__isnull=False).order_by("-done_at")[:limit]:
        events.append(
            {
                "date": timezone.localdate(follow_up.done_at),
                "kind": "follow_up",
                "object": follow_up,
            }
        )
    for document in case.documents.order_by("-created_at")[:limit]:
        events.append(
            {
                "date": timezone.localdate(document.created_at),
                "kind": "document",
                "object": document,
            }
        )
    for consent in case.participant.consents.order_by("-given_on")[:limit]:
        events.append({"date": consent.given_on, "kind": "consent", "object": consent})
        if consent.withdrawn_on:
            events.append({"date": consent.withdrawn_on, "kind": "withdrawal", "object": consent})
    if enrolments is None:
        enrolments = case.enrolments.select_related("offer").order_by("-updated_at")[:limit]
    events.extend(_enrolment_events(enrolments))
    events.sort(key=lambda event: event["date"], reverse=True)
    return events[:limit]


def my_day(*, user, today: date | None = None) -> dict:
    """The case worker's start page: follow-ups due today and overdue across their cases."""
    today = today or timezone.localdate()
    open_items = (
        follow_ups_visible_to(user)
        .filter(done_at__isnull=True, due_date__lte=today)
        .filter(Q(assigned_to=user) | Q(assigned_to__isnull=True, case__responsible=user))
        .select_related("case", "case__participant", "case__project")
        .order_by("due_date", "id")
    )
    items = list(open_items[:200])
    return {
        "today": today,
        "due_today": [item for item in items if item.due_date == today],
        "overdue": [item for item in items if item.due_date < today],
        "upcoming": list(
            follow_ups_visible_to(user)
            .filter(
                done_at__isnull=True,
                assigned_to=user,
                due_date__gt=today,
                due_date__lte=today + timedelta(days=7),
            )
            .select_related("case", "case__participant")
            .order_by("due_date", "id")[:20]
        ),
        "my_open_cases": cases_visible_to(user)
        .filter(responsible=user, exit_date__isnull=True)
        .count(),
    }
