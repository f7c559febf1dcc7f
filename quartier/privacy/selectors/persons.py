"""The participants a data-protection officer answers for, the scope of every privacy
page about a person (`persons_visible_to`); the person list with its search
(`person_list`) and what a person's data-protection page shows (`person_page`): their
consents, the last access-log entries about them, the state of an erasure."""

from dataclasses import dataclass
from datetime import date, datetime

import django_filters
from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.cases.models import Case
from quartier.core.models import Role
from quartier.core.tenancy import PRIVACY_ROLES, grants, is_active_user, tenant_condition
from quartier.participants.models import Consent, Participant
from quartier.participants.selectors.participants import participants_search
from quartier.privacy.display import detail_display, record_type_display
from quartier.privacy.models import AccessLogEntry, ErasureRequest


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


# The person list (privacy:person_list) ----------------------------------------------


class PersonFilter(django_filters.FilterSet):
    """The person list's filters: a search by name or participant number (the case
    list's search, `participants_search`) and a project."""

    q = django_filters.CharFilter(method="search")
    project = django_filters.CharFilter(field_name="project__slug")

    class Meta:
        model = Participant
        fields: list[str] = []

    def search(self, queryset, name, value):
        return participants_search(queryset, value)


def person_list(*, user, filters: dict) -> QuerySet[Participant]:
    """The user's persons matching `filters` (`q`, `project`), by name."""
    persons = persons_visible_to(user).select_related("project", "organisation", "case")
    return PersonFilter(filters, queryset=persons).qs.order_by("last_name", "first_name", "pk")


def person_get(*, user, pk: int) -> Participant:
    """One of the user's persons; raises Participant.DoesNotExist for anyone else's."""
    return persons_visible_to(user).select_related("project", "organisation", "district").get(pk=pk)


# A person's page (privacy:person_detail) ---------------------------------------------

#: How many access-log entries the person's page shows (the rest: the access log).
ACCESS_ENTRIES = 10


@dataclass(frozen=True)
class ConsentRow:
    consent: Consent
    #: "valid", "withdrawn", "expired" or "pending" (given in the future).
    state: str
    state_label: str


@dataclass(frozen=True)
class AccessRow:
    """An access-log entry as the person's page shows it."""

    at: datetime
    who: str
    roles: str
    action: str
    what: str


def access_row(entry: AccessLogEntry) -> AccessRow:
    labels = dict(Role.choices)
    who = (entry.user.full_name or entry.user.email) if entry.user else str(_("system"))
    roles = ", ".join(str(labels.get(code, code)) for code in entry.role.split(",") if code)
    what = record_type_display(entry)
    if entry.detail:
        what = f"{what}: {detail_display(entry.detail)}"
    return AccessRow(
        at=entry.at, who=who, roles=roles, action=entry.get_action_display(), what=what
    )


@dataclass(frozen=True)
class PersonPage:
    participant: Participant
    case: object | None
    age: int
    #: Younger than settings.GUARDIAN_CONSENT_AGE on the entry date (or today, before an
    #: entry): the consents need a legal guardian's as well.
    minor_at_entry: bool
    consents: list[ConsentRow]
    access_entries: list[AccessRow]
    access_total: int
    erasure: ErasureRequest | None


def consent_state(consent: Consent, day: date) -> tuple[str, str]:
    """The consent's state on `day` and its label."""
    if consent.withdrawn_on is not None and consent.withdrawn_on <= day:
        return "withdrawn", str(_("withdrawn"))
    if consent.valid_until is not None and consent.valid_until < day:
        return "expired", str(_("expired"))
    if consent.given_on > day:
        return "pending", str(_("not yet valid"))
    return "valid", str(_("valid"))


def access_entries_about(participant: Participant) -> QuerySet[AccessLogEntry]:
    """The access-log entries about the person: those naming them, and the reads of
    their participant record and case (newest first)."""
    condition = Q(participant_id=participant.pk) | Q(
        record_type="participants.participant", record_id=participant.pk
    )
    case = getattr(participant, "case", None)
    if case is not None:
        condition |= Q(record_type="cases.case", record_id=case.pk)
    return AccessLogEntry.objects.filter(condition).select_related("user").order_by("-at", "-id")


def person_page(*, participant: Participant, today: date | None = None) -> PersonPage:
    """What the person's data-protection page shows."""
    today = today or timezone.localdate()
    case = Case.objects.filter(participant=participant).first()
    entry = case.entry_date if case is not None else today
    consents = [
        ConsentRow(consent, *consent_state(consent, today))
        for consent in participant.consents.select_related("partner").order_by(
            "purpose", "-given_on", "-pk"
        )
    ]
    entries = access_entries_about(participant)
    shown = list(entries[:ACCESS_ENTRIES])
    return PersonPage(
        participant=participant,
        case=case,
        age=participant.age_on(today),
        minor_at_entry=participant.age_on(entry) < settings.GUARDIAN_CONSENT_AGE,
        consents=consents,
        access_entries=[access_row(entry) for entry in shown],
        access_total=len(shown) if len(shown) < ACCESS_ENTRIES else entries.count(),
        erasure=ErasureRequest.objects.filter(participant=participant)
        .order_by("-received_on", "-pk")
        .first(),
    )
