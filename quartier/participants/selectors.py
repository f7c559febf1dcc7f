"""Reads of participants, always through `participants_visible_to(user)`."""

from django.db.models import QuerySet

from quartier.core.models import CASE_ROLES, Membership
from quartier.participants.models import Participant


def participants_visible_to(user) -> QuerySet[Participant]:
    """Participants owned by an organisation in which the user holds a case role in that project.

    Evaluators, network coaches and employer liaisons see no individual participants;
    partners see another organisation's participants only through a referral with
    consent (added with case management). Platform admins see everything.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return Participant.objects.none()
    if user.is_platform_admin:
        return Participant.objects.all()
    grants = Membership.objects.filter(user=user, role__in=list(CASE_ROLES)).values_list(
        "project_id", "organisation_id"
    )
    if not grants:
        return Participant.objects.none()
    from django.db.models import Q

    condition = Q()
    for project_id, organisation_id in set(grants):
        condition |= Q(project_id=project_id, organisation_id=organisation_id)
    return Participant.objects.filter(condition)
