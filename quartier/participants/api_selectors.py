"""Reads for the participants API, each starting from `participants_visible_to(user)`.

Kept apart from `selectors.py` so the API could be built while the pages were; the
functions are general and may move there.
"""

from django.db.models import Prefetch, QuerySet

from quartier.core.models import CASE_ROLES, District, Membership, Organisation, Project
from quartier.participants.models import Consent, Participant
from quartier.participants.selectors import participants_search, participants_visible_to


def participant_rows(user) -> QuerySet[Participant]:
    """The visible participants with everything their API representation reads: project,
    organisation, district, case, and the consents that decide whether the special
    categories are shown (one query for a whole page)."""
    return (
        participants_visible_to(user)
        .select_related("project", "organisation", "district", "case")
        .prefetch_related(
            Prefetch(
                "consents",
                queryset=Consent.objects.filter(purpose="special_categories").order_by("id"),
            )
        )
    )


def participant_list(*, user, project: str | None = None, query: str = "") -> QuerySet:
    """Visible participants in name order, optionally of one project (slug) and matching
    every word of `query` in a name or as participant number (`participants_search`)."""
    participants = participant_rows(user)
    if project:
        participants = participants.filter(project__slug=project)
    participants = participants_search(participants, query)
    return participants.order_by("last_name", "first_name", "id")


def intake_organisation(*, user, project: Project, slug: str | None) -> Organisation | None:
    """The organisation in whose name `user` takes someone in: the one named by `slug` if
    the user holds a case role in it in `project` (platform admins: any consortium
    organisation), else, without a slug, the user's first such organisation."""
    if user.is_platform_admin:
        organisations = project.organisations.all()
        if slug:
            return organisations.filter(slug=slug).first()
        return project.lead_organisation
    memberships = Membership.objects.filter(
        user=user, project=project, role__in=list(CASE_ROLES)
    ).select_related("organisation")
    if slug:
        memberships = memberships.filter(organisation__slug=slug)
    membership = memberships.order_by("id").first()
    return membership.organisation if membership else None


def project_district(*, project: Project, slug: str) -> District | None:
    """One of the project's districts by slug."""
    return project.districts.filter(slug=slug).first()
