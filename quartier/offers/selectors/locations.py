"""Places (locations), and the organisations a person may create offers and places
for."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from quartier.core.models import ProjectMember, User
from quartier.core.tenancy import case_grants, staff_with_role, tenant_condition
from quartier.offers.models import (
    Location,
)
from quartier.offers.selectors.offers import locations_visible_to

# Who may create what where ------------------------------------------------------------


@dataclass(frozen=True)
class Provider:
    """A project and an organisation of its consortium in whose name the user may
    create offers and places."""

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


def providers_for(user: User) -> list[Provider]:
    """The (project, organisation) pairs in which the user holds a case role and the
    organisation belongs to the project's consortium; all pairs for platform admins."""
    consortium = ProjectMember.objects.all()
    if not user.is_platform_admin:
        condition = tenant_condition(case_grants(user))
        if condition is None:
            return []
        consortium = consortium.filter(condition)
    rows = consortium.order_by("project__name", "organisation__name").values_list(
        "project_id", "project__name", "organisation_id", "organisation__name"
    )
    return [Provider(*row) for row in rows]


def mark_manageable(locations, *, user: User, providers: list[Provider]) -> None:
    """Set `can_manage` on each place of one page, from the user's provider pairs (no
    query per row): the page's form of the `offers.change_location` permission."""
    pairs = {(provider.project_id, provider.organisation_id) for provider in providers}
    for location in locations:
        location.can_manage = user.is_platform_admin or (
            (location.project_id, location.organisation_id) in pairs
        )


def location_list(*, user, query: str = "", project: int | None = None) -> QuerySet[Location]:
    """The places the user sees, by name, with how many offers use each."""
    locations = locations_visible_to(user)
    if project:
        locations = locations.filter(project_id=project)
    for word in query.split()[:5]:
        locations = locations.filter(Q(name__icontains=word) | Q(city__icontains=word))
    return (
        locations.select_related("project", "organisation", "district")
        .annotate(offer_count=Count("offers"))
        .order_by("name", "id")
    )


def location_choices(*, user, project_ids) -> QuerySet[Location]:
    """Places an offer of these projects may take place at."""
    return (
        locations_visible_to(user)
        .filter(project_id__in=list(project_ids))
        .select_related("project")
        .order_by("name", "id")
    )


def contact_person_choices(*, project_ids) -> QuerySet[User]:
    """Active staff of these projects, who may be named as an offer's contact person."""
    return staff_with_role(list(project_ids))


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
