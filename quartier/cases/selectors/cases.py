"""Reads of cases: who may see which case (`cases_visible_to`, the scoping function
every other read starts from), one case by id, and the case list with its filters,
target groups and sorts (for the page, its export and the API)."""

from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from quartier.cases.models import Case, FollowUp, Stage
from quartier.core.models import District, Project, User
from quartier.core.tenancy import CASE_ROLES, case_grants, memberships_in_tenants, tenant_condition
from quartier.participants.models import TargetGroup
from quartier.participants.selectors.participants import (
    participants_search,
    participants_visible_to,
)
from quartier.reports.indicators.unemployment import entry_aliases, long_term_unemployed


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


def case_get(*, user, pk: int) -> Case:
    """One case the user may see, or 404 (a foreign id is never a 403)."""
    return get_object_or_404(
        cases_visible_to(user).select_related(
            "participant", "participant__district", "project", "organisation", "responsible"
        ),
        pk=pk,
    )


# Target groups derived from the entry data, so lists can filter without a second
# questionnaire: each maps to a condition on the participant. Long-term unemployment is
# the indicator's rule (`reports.indicators.unemployment`), on the aliases of
# `entry_aliases()`.
def _target_group_condition(group: str) -> Q | None:
    today = timezone.localdate()
    participant_age_below = lambda years: Q(  # noqa: E731
        participant__birth_date__gt=today - relativedelta(years=years)
    )
    return {
        TargetGroup.LONG_TERM_UNEMPLOYED: long_term_unemployed(),
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
        memberships = memberships_in_tenants(None, *CASE_ROLES)
    else:
        grants = case_grants(user)
        projects = Project.objects.filter(id__in={project for project, _o in grants})
        memberships = memberships_in_tenants(grants, *CASE_ROLES)
    projects = list(projects.order_by("name"))
    staff = (
        User.objects.filter(pk__in=memberships.values("user_id"))
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
            cases = cases.alias(**entry_aliases()).filter(condition)
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


def case_rows(*, user, filters: CaseFilter | None = None, project: str = "", district: str = ""):
    """`case_list` with the organisation joined, optionally narrowed to a project and a
    district given by slug (the API names them by slug, the pages by id)."""
    cases = case_list(user=user, filters=filters, with_overdue=True).select_related("organisation")
    if project:
        cases = cases.filter(project__slug=project)
    if district:
        cases = cases.filter(participant__district__slug=district)
    return cases
