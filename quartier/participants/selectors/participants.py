"""Reads of participants and first contacts, always through a `*_visible_to(user)`; the
same reads serve pages, API, import and export.
"""

from django.db.models import Prefetch, Q, QuerySet

from quartier.core.folding import fold
from quartier.core.models import District, Project
from quartier.core.tenancy import case_grants, tenant_condition
from quartier.participants.models import (
    Consent,
    FirstContact,
    Participant,
    participant_number_key,
)


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


def project_district(*, project: Project, slug: str) -> District | None:
    """One of the project's districts by slug."""
    return project.districts.filter(slug=slug).first()
