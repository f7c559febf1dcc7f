"""Vacancies: those the user sees, the list with its search and filters, one vacancy's
page, the inbox of reported ones, the job search import runs, and the start page part
of the inbox.

Scoping: a vacancy role (`VACANCY_ROLES`) in the vacancy's project and owning
organisation sees it (`vacancies_visible_to`). The inbox and the import belong to the
project: an inbox role (project lead, employer liaison) in the project sees every
reported vacancy there, whichever organisation it was filed under.
"""

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from quartier.core.models import Project, ProjectMember, User
from quartier.core.tenancy import (
    ECONOMY_ROLES,
    VACANCY_ROLES,
    grants,
    project_ids_with_role,
    tenant_condition,
)
from quartier.economy.models import (
    EconomySettings,
    Employer,
    JobImportRun,
    ReviewStatus,
    Vacancy,
    VacancySkill,
    VacancySource,
)
from quartier.economy.rules import INBOX_ROLES

PAGE_SIZE = 25


def vacancies_visible_to(user: User) -> QuerySet[Vacancy]:
    """Vacancies of the (project, organisation) pairs in which the user holds a vacancy
    role; all of them for a platform admin."""
    if user.is_platform_admin:
        return Vacancy.objects.all()
    condition = tenant_condition(grants(user, *VACANCY_ROLES))
    if condition is None:
        return Vacancy.objects.none()
    return Vacancy.objects.filter(condition)


def vacancy_rows(
    *,
    user: User,
    query: str = "",
    kind: str = "",
    status: str = "",
    source: str = "",
    occupational_field: str = "",
    project: str = "",
    include_unconfirmed: bool = False,
) -> QuerySet[Vacancy]:
    """The confirmed vacancies the user sees (reported ones to check are in the inbox;
    rejected ones nowhere), newest first, matching every word of `query` in the title,
    the employer's name or the postcode."""
    vacancies = vacancies_visible_to(user).select_related("project", "organisation", "employer")
    if not include_unconfirmed:
        vacancies = vacancies.filter(review_status=ReviewStatus.CONFIRMED)
    if project:
        vacancies = vacancies.filter(project__slug=project)
    for name, value in (
        ("kind", kind),
        ("status", status),
        ("source", source),
        ("occupational_field", occupational_field),
    ):
        if value:
            vacancies = vacancies.filter(**{name: value})
    for word in query.split()[:5]:
        vacancies = vacancies.filter(
            Q(title__icontains=word)
            | Q(employer__name__icontains=word)
            | Q(postcode__startswith=word)
            | Q(city__icontains=word)
        )
    return vacancies.order_by("-created_at", "-id")


def vacancy_for_page(*, user: User, pk: int) -> Vacancy | None:
    """One visible vacancy with what its page shows."""
    return (
        vacancies_visible_to(user)
        .select_related("project", "organisation", "employer", "contact_person", "created_by")
        .prefetch_related(
            Prefetch("skill_needs", queryset=VacancySkill.objects.select_related("skill"))
        )
        .filter(pk=pk)
        .first()
    )


def vacancy_skill_needs(vacancy: Vacancy) -> tuple[list, list]:
    """The skills a vacancy asks for: (essential, optional)."""
    needs = list(vacancy.skill_needs.all())
    return (
        [need.skill for need in needs if need.essential],
        [need.skill for need in needs if not need.essential],
    )


# Who may create where --------------------------------------------------------------------


@dataclass(frozen=True)
class Owner:
    """A project and an organisation of its consortium in whose name the user may
    record a vacancy."""

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


def owners_for(user: User) -> list[Owner]:
    """The (project, organisation) pairs in which the user holds an economy role; every
    consortium pair for a platform admin."""
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


def employer_choices(*, project_ids) -> QuerySet[Employer]:
    """The employers of these projects a vacancy may name (not rejected ones)."""
    return (
        Employer.objects.filter(project_id__in=list(project_ids))
        .exclude(review_status=ReviewStatus.REJECTED)
        .order_by("name", "id")
    )


def projects_visible_for_vacancies(user: User) -> QuerySet[Project]:
    if user.is_platform_admin:
        return Project.objects.order_by("name")
    return Project.objects.filter(pk__in=project_ids_with_role(user, *VACANCY_ROLES)).order_by(
        "name"
    )


# The inbox of reported vacancies ---------------------------------------------------------


def inbox_projects(user: User) -> QuerySet[Project]:
    """Projects whose inbox the user runs (an inbox role there; all for platform admins)."""
    if user.is_platform_admin:
        return Project.objects.order_by("name")
    return Project.objects.filter(pk__in=project_ids_with_role(user, *INBOX_ROLES)).order_by("name")


def reports_to_check(*, user: User, query: str = "") -> QuerySet[Vacancy]:
    """Reported vacancies still to check in the projects whose inbox the user runs,
    oldest first (the first reported is the first answered)."""
    reports = Vacancy.objects.filter(
        review_status=ReviewStatus.TO_CHECK, project__in=inbox_projects(user)
    ).select_related("project", "organisation", "employer")
    for word in query.split()[:5]:
        reports = reports.filter(
            Q(title__icontains=word)
            | Q(employer__name__icontains=word)
            | Q(reporter_name__icontains=word)
            | Q(postcode__startswith=word)
        )
    return reports.order_by("created_at", "id")


def report_for_review(*, user: User, pk: int) -> Vacancy | None:
    """A reported vacancy to check in a project whose inbox the user runs."""
    return reports_to_check(user=user).filter(pk=pk).first()


def report_already_checked(*, user: User, pk: int) -> bool:
    """Whether `pk` is a report of an inbox the user runs that was checked meanwhile
    (a second click on confirm or reject)."""
    return (
        Vacancy.objects.filter(pk=pk, project__in=inbox_projects(user))
        .filter(source=VacancySource.EMPLOYER_REPORT)
        .exclude(review_status=ReviewStatus.TO_CHECK)
        .exists()
    )


def similar_employers(vacancy: Vacancy) -> QuerySet[Employer]:
    """Confirmed employers of the project an inbox user may link a report to instead
    of its new employer: same postcode first."""
    employers = Employer.objects.filter(
        project_id=vacancy.project_id, review_status=ReviewStatus.CONFIRMED
    )
    if vacancy.employer_id:
        employers = employers.exclude(pk=vacancy.employer_id)
    return employers.order_by("name", "id")


def reports_to_check_part(*, user: User) -> dict:
    """The start page part: how many reported vacancies wait, and the oldest five."""
    reports = reports_to_check(user=user)
    return {
        "vacancy_reports": {
            "count": reports.count(),
            "oldest": list(reports[:5]),
        }
    }


# Job search import runs --------------------------------------------------------------------


def import_runs(*, user: User, limit: int = 10) -> list[JobImportRun]:
    """The latest import runs of the projects whose import the user may start."""
    return list(
        JobImportRun.objects.filter(project__in=inbox_projects(user))
        .select_related("project", "organisation", "started_by")
        .order_by("-started_at", "-id")[:limit]
    )


def default_import_query(project: Project) -> dict:
    """The form's defaults: the project's daily search if set up, else the lead
    organisation's postcode and 10 km."""
    search = (
        EconomySettings.objects.filter(project=project).values_list("ba_search", flat=True).first()
    ) or {}
    postcode = str(search.get("postcode") or "")
    if not postcode:
        lead = project.lead_organisation
        postcode = lead.postcode if lead else ""
    kinds = search.get("kinds") or []
    return {
        "postcode": postcode,
        "radius": search.get("radius") or 10,
        "kind": kinds[0] if len(kinds) == 1 else "",
    }
