"""The participants a data-protection officer answers for, the scope of every privacy
page about a person."""

from django.db.models import QuerySet

from quartier.core.tenancy import PRIVACY_ROLES, grants, is_active_user, tenant_condition
from quartier.participants.models import Participant


def persons_visible_to(user) -> QuerySet[Participant]:
    """Participants owned by an organisation in which the user holds a privacy role
    (data-protection officer, organisation admin) in that project; every participant for
    a platform admin; none for anyone else. A participant of another organisation is not
    in it (the pages answer 404)."""
    if not is_active_user(user):
        return Participant.objects.none()
    if user.is_platform_admin:
        return Participant.objects.all()
    condition = tenant_condition(grants(user, *PRIVACY_ROLES))
    if condition is None:
        return Participant.objects.none()
    return Participant.objects.filter(condition)
