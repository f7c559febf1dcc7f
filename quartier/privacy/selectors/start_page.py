"""The data-protection officer's start page (registered in `quartier.privacy.apps` for
the privacy roles: the data-protection officer, and the organisation admin for her
organisation): one part, `privacy_part`, with

- the consents of her persons that end in the next 30 days (valid until then, not
  withdrawn);
- the consents withdrawn in the last 30 days;
- the erasure requests of her persons: those whose indicator data is still kept, and
  those received in the last 90 days;
- how many access-log entries about her organisations' participants were written today;
- her projects, with the links to their registers.

Everything starts from `persons_visible_to(user)` (the participants of the organisations
in which she holds a privacy role in that project). The part returns one context key,
`privacy_start`; the start page draws it when it is there.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from quartier.core.models import Project
from quartier.core.tenancy import PRIVACY_ROLES, grants, project_ids_with_role, tenant_condition
from quartier.participants.models import Consent
from quartier.privacy.models import AccessLogEntry, ErasureRequest
from quartier.privacy.selectors.consents import consents_expiring_for
from quartier.privacy.selectors.persons import persons_visible_to

#: How many rows each list shows (the total is told beside it).
LIMIT = 10
EXPIRY_DAYS = 30
WITHDRAWAL_DAYS = 30
ERASURE_DAYS = 90


@dataclass(frozen=True)
class Listed:
    """Some rows of a longer list and how many there are in all."""

    rows: list
    total: int

    @property
    def more(self) -> int:
        return max(self.total - len(self.rows), 0)


def _listed(queryset: QuerySet) -> Listed:
    rows = list(queryset[:LIMIT])
    total = len(rows) if len(rows) < LIMIT else queryset.count()
    return Listed(rows=rows, total=total)


def consents_withdrawn_recently(user, *, days: int = WITHDRAWAL_DAYS, today: date | None = None):
    """Consents of the user's persons withdrawn in the last `days` days (newest first)."""
    today = today or timezone.localdate()
    return (
        Consent.objects.filter(
            participant__in=persons_visible_to(user),
            withdrawn_on__gte=today - timedelta(days=days),
            withdrawn_on__lte=today,
        )
        .select_related("participant", "partner")
        .order_by("-withdrawn_on", "-pk")
    )


def erasure_requests_open(user, *, days: int = ERASURE_DAYS, today: date | None = None):
    """Erasure requests of the user's persons whose indicator data is still kept, or
    received in the last `days` days (newest first)."""
    today = today or timezone.localdate()
    return (
        ErasureRequest.objects.filter(participant__in=persons_visible_to(user))
        .filter(
            Q(state=ErasureRequest.State.ANONYMISED)
            | Q(received_on__gte=today - timedelta(days=days))
        )
        .select_related("participant", "project")
        .order_by("-received_on", "-pk")
    )


def access_entries_today(user, *, today: date | None = None) -> int:
    """How many access-log entries about the participants of the user's organisations (in
    the projects where she holds a privacy role) were written today."""
    today = today or timezone.localdate()
    condition = tenant_condition(grants(user, *PRIVACY_ROLES))
    if condition is None:
        return 0
    start = timezone.make_aware(datetime.combine(today, time.min))
    return (
        AccessLogEntry.objects.filter(condition)
        .filter(at__gte=start, at__lt=start + timedelta(days=1))
        .count()
    )


def privacy_projects(user) -> QuerySet[Project]:
    """The projects in which the user holds a privacy role (every project for a platform
    admin), by name."""
    if user.is_authenticated and user.is_active and user.is_platform_admin:
        return Project.objects.order_by("name")
    return Project.objects.filter(pk__in=project_ids_with_role(user, *PRIVACY_ROLES)).order_by(
        "name"
    )


def privacy_part(*, user, today: date | None = None) -> dict:
    today = today or timezone.localdate()
    return {
        "privacy_start": {
            "today": today,
            "expiry_days": EXPIRY_DAYS,
            "withdrawal_days": WITHDRAWAL_DAYS,
            "expiring": _listed(consents_expiring_for(user, within_days=EXPIRY_DAYS, today=today)),
            "withdrawn": _listed(consents_withdrawn_recently(user, today=today)),
            "erasures": _listed(erasure_requests_open(user, today=today)),
            "access_today": access_entries_today(user, today=today),
            "projects": list(privacy_projects(user)),
        }
    }
