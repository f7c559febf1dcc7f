"""Reads of employers (Betriebe): who sees which, the filtered list, the duplicate
check, the one employer page with everything the project did with the firm, and the
employer liaison's due contacts for the start page."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from quartier.core.models import Project, User
from quartier.core.tenancy import (
    ECONOMY_ROLES,
    VACANCY_ROLES,
    grants,
    staff_with_role,
    tenant_condition,
)
from quartier.economy.models.employers import ContactPerson, Employer, EmployerContact
from quartier.economy.models.events import EventInvitation
from quartier.economy.models.placements import Placement, StabilisationCheck
from quartier.economy.models.vacancies import Vacancy

#: How many days ahead the start page lists due contacts.
DUE_CONTACT_DAYS = 7


def _anonymous(user) -> bool:
    return user is None or not user.is_authenticated or not user.is_active


def employers_visible_to(user) -> QuerySet[Employer]:
    """Employers of the (project, organisation) pairs in which the user holds a vacancy
    role; all for a platform admin."""
    if _anonymous(user):
        return Employer.objects.none()
    if user.is_platform_admin:
        return Employer.objects.all()
    condition = tenant_condition(grants(user, *VACANCY_ROLES))
    if condition is None:
        return Employer.objects.none()
    return Employer.objects.filter(condition)


def employer_projects(user) -> QuerySet[Project]:
    """Projects whose employers the user may list (a vacancy role there)."""
    if _anonymous(user):
        return Project.objects.none()
    if user.is_platform_admin:
        return Project.objects.all().order_by("name")
    project_ids = {project_id for project_id, _org in grants(user, *VACANCY_ROLES)}
    return Project.objects.filter(pk__in=project_ids).order_by("name")


def projects_for_new_employers(user) -> QuerySet[Project]:
    """Projects in which the user may record employers (an economy role there)."""
    if _anonymous(user):
        return Project.objects.none()
    if user.is_platform_admin:
        return Project.objects.all().order_by("name")
    project_ids = {project_id for project_id, _org in grants(user, *ECONOMY_ROLES)}
    return Project.objects.filter(pk__in=project_ids).order_by("name")


def employer_rows(
    *,
    user,
    query: str = "",
    project: int | str | None = None,
    size_class: str | None = None,
    sector: str | None = None,
    in_programme_area: bool | None = None,
    review_status: str | None = None,
) -> QuerySet[Employer]:
    """The visible employers in name order, filtered. `query`: every word in the name,
    postcode or city; `project`: an id or a slug."""
    employers = employers_visible_to(user).select_related("project", "organisation")
    if project:
        if isinstance(project, int) or str(project).isdigit():
            employers = employers.filter(project_id=int(project))
        else:
            employers = employers.filter(project__slug=project)
    if size_class is not None:
        employers = employers.filter(size_class=size_class)
    if sector:
        employers = employers.filter(sector=sector)
    if in_programme_area is not None:
        employers = employers.filter(in_programme_area=in_programme_area)
    if review_status:
        employers = employers.filter(review_status=review_status)
    for word in query.split()[:5]:
        employers = employers.filter(
            Q(name__icontains=word) | Q(postcode__startswith=word) | Q(city__icontains=word)
        )
    return employers.order_by("name", "id")


def employer_for_write(*, user, pk: int) -> Employer | None:
    """An employer the user may see, or None (the caller answers 404)."""
    employers = employers_visible_to(user).select_related("project", "organisation")
    return employers.filter(pk=pk).first()


def possible_duplicates(*, user, project: Project, name_key: str, postcode: str) -> list[Employer]:
    """Employers of the project with the same reduced name and postcode that the user
    may see."""
    return list(
        employers_visible_to(user)
        .filter(project=project, name_key=name_key, postcode=postcode)
        .select_related("organisation")
        .order_by("id")
    )


def duplicates_exist(*, project: Project, name_key: str, postcode: str) -> bool:
    return Employer.objects.filter(project=project, name_key=name_key, postcode=postcode).exists()


def contact_person_choices(*, employer: Employer) -> QuerySet[ContactPerson]:
    return employer.contact_persons.order_by("-is_active", "name", "id")


def staff_choices(*, project_id) -> QuerySet[User]:
    """Active staff with a vacancy role in the project (an id, or a list of ids): who
    may be named as staff or responsible."""
    return staff_with_role(project_id, *VACANCY_ROLES)


# The employer page --------------------------------------------------------------------


@dataclass
class EmployerPage:
    """Everything on the one employer page."""

    employer: Employer
    size_declarations: list = field(default_factory=list)
    contact_persons: list = field(default_factory=list)
    contacts: list = field(default_factory=list)
    services: list = field(default_factory=list)
    events: list = field(default_factory=list)
    vacancies: list = field(default_factory=list)
    placements: list = field(default_factory=list)

    @property
    def next_contact_on(self) -> date | None:
        return self.contacts[0].next_contact_on if self.contacts else None


def employer_page(*, user, pk: int) -> EmployerPage | None:
    """The employer with its size declarations, contact persons, relationship history,
    services, attended events, vacancies and placements (with their check-ins), in a
    constant number of queries; None for an employer the user may not see."""
    employer = (
        employers_visible_to(user)
        .select_related("project", "organisation", "district", "responsible")
        .filter(pk=pk)
        .first()
    )
    if employer is None:
        return None
    page = EmployerPage(employer=employer)
    page.size_declarations = list(employer.size_declarations.order_by("-declared_on", "-id"))
    page.contact_persons = list(employer.contact_persons.order_by("-is_active", "name", "id"))
    page.contacts = list(
        employer.contacts.select_related("contact_person", "staff").order_by("-date", "-id")
    )
    page.services = list(employer.services.select_related("staff").order_by("-date", "-id"))
    page.events = list(
        EventInvitation.objects.filter(employer=employer, attended=True)
        .select_related("event")
        .order_by("-event__date", "-id")
    )
    page.vacancies = list(Vacancy.objects.filter(employer=employer).order_by("-created_at", "-id"))
    page.placements = list(
        Placement.objects.filter(Q(employer=employer) | Q(vacancy__employer=employer))
        .select_related("case__participant", "case__project", "case__organisation", "vacancy")
        .prefetch_related(
            Prefetch(
                "checks",
                queryset=StabilisationCheck.objects.order_by("due_date", "id"),
            )
        )
        .order_by("-start_date", "-id")
        .distinct()
    )
    return page


# The start page -----------------------------------------------------------------------


def due_contacts(*, user, today: date | None = None) -> list[Employer]:
    """Employers whose latest contact names a next contact on or before today + 7 days,
    in the tenants where the user holds an economy role; each with `next_contact_on`."""
    if _anonymous(user):
        return []
    today = today or timezone.localdate()
    condition = tenant_condition(grants(user, *ECONOMY_ROLES))
    if condition is None:
        return []
    latest = EmployerContact.objects.filter(employer=OuterRef("pk")).order_by("-date", "-id")
    return list(
        Employer.objects.filter(condition)
        .annotate(next_contact_on=Subquery(latest.values("next_contact_on")[:1]))
        .filter(next_contact_on__lte=today + timedelta(days=DUE_CONTACT_DAYS))
        .select_related("project")
        .order_by("next_contact_on", "name", "id")[:50]
    )


def due_contacts_part(*, user, today: date | None = None) -> dict:
    """The employer liaison's start page part: employers with a contact due."""
    today = today or timezone.localdate()
    return {
        "employer_contacts_due": due_contacts(user=user, today=today),
        "employer_contacts_today": today,
    }


def active_user(pk: int | None) -> User | None:
    """An active user by id (the services check their role in the project)."""
    if pk is None:
        return None
    return User.objects.filter(pk=pk, is_active=True).first()


def project_by_slug(*, user, slug: str) -> Project | None:
    """A project in which the user may list employers, by slug."""
    return employer_projects(user).filter(slug=slug).first()


def project_district(*, project: Project, slug: str):
    return project.districts.filter(slug=slug).first()
