"""Reads of participants and first contacts, always through a `*_visible_to(user)`; the
same reads serve pages, API, import and export.
"""

from django.db.models import Prefetch, Q, QuerySet

from quartier.core.folding import fold
from quartier.core.models import CASE_ROLES, District, Membership, Organisation, Project
from quartier.participants.models import (
    Consent,
    FirstContact,
    Participant,
    participant_number_key,
)


def case_grants(user) -> set[tuple[int, int]]:
    """(project id, organisation id) pairs in which the user holds a case role."""
    if user is None or not user.is_authenticated or not user.is_active:
        return set()
    return set(
        Membership.objects.filter(user=user, role__in=list(CASE_ROLES)).values_list(
            "project_id", "organisation_id"
        )
    )


def tenant_condition(grants: set[tuple[int, int]], prefix: str = "") -> Q | None:
    """A filter for rows whose project and owning organisation are one of `grants`."""
    if not grants:
        return None
    condition = Q()
    for project_id, organisation_id in sorted(grants):
        condition |= Q(
            **{f"{prefix}project_id": project_id, f"{prefix}organisation_id": organisation_id}
        )
    return condition


def participants_visible_to(user) -> QuerySet[Participant]:
    """Participants owned by an organisation in which the user holds a case role in that project.

    Evaluators, network coaches and employer liaisons see no individual participants;
    partners see another organisation's participants only through a referral with
    consent (the network issue). Platform admins see everything.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return Participant.objects.none()
    if user.is_platform_admin:
        return Participant.objects.all()
    condition = tenant_condition(case_grants(user))
    if condition is None:
        return Participant.objects.none()
    return Participant.objects.filter(condition)


# Search ---------------------------------------------------------------------------

#: Words of a query that are matched (more are ignored).
SEARCH_WORDS = 5


def participant_word_condition(word: str) -> Q:
    """Participants matching one word of a search: a part of a name however typed
    ("yildiz" finds "Yıldız", "Koehler" and "Kohler" find "Köhler"; see
    `quartier.core.folding`), or the participant number: exactly as written, or by its
    number alone ("294" and "000294" find "BQB-000294")."""
    if word.isdigit():
        return Q(search_key__contains=participant_number_key(word)) | Q(external_id__iexact=word)
    condition = Q(search_key__contains=fold(word))
    if any(character.isdigit() for character in word):
        condition = Q(external_id__iexact=word)
    return condition


def participants_search(participants: QuerySet[Participant], query: str) -> QuerySet[Participant]:
    """`participants` that match every word of `query` (`participant_word_condition`)."""
    for word in query.split()[:SEARCH_WORDS]:
        participants = participants.filter(participant_word_condition(word))
    return participants


def first_contacts_visible_to(user) -> QuerySet[FirstContact]:
    """First contacts of the organisations in which the user holds a case role."""
    if user is None or not user.is_authenticated or not user.is_active:
        return FirstContact.objects.none()
    if user.is_platform_admin:
        return FirstContact.objects.all()
    condition = tenant_condition(case_grants(user))
    if condition is None:
        return FirstContact.objects.none()
    return FirstContact.objects.filter(condition)


def projects_with_case_role(user) -> QuerySet[Project]:
    """Projects in which the user may record participants and first contacts."""
    if user.is_platform_admin:
        return Project.objects.all()
    return Project.objects.filter(id__in={p for p, _o in case_grants(user)})


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
