"""Reads of the access log: the entries a data-protection officer may see, filtered, and
the verification of the hash chain (`manage.py verify_access_log`).

Scope: a data-protection officer or organisation admin (`PRIVACY_ROLES`) sees, for the
(project, organisation) pairs in which she holds such a role, the entries about those
organisations' participants and the entries written by those organisations' staff
(whatever they read); a platform admin sees everything; anyone else nothing.

A list is logged as one entry per request naming how many rows it showed (one row
cannot name the participants of a list; a participant's own log therefore shows the
pages and exports about them, and the lists only by the staff member and time).
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.core.models import Organisation, Project, Role, User
from quartier.core.tenancy import (
    PRIVACY_ROLES,
    grants,
    is_active_user,
    memberships_in_tenants,
    tenant_condition,
)
from quartier.participants.models import Participant
from quartier.privacy.display import detail_display, record_type_display
from quartier.privacy.models import AccessLogEntry, AccessLogPrune
from quartier.privacy.services.access_log import digest, entry_hash

# The scope and the list ---------------------------------------------------------------


def access_log_visible_to(user) -> QuerySet[AccessLogEntry]:
    """The entries the user may read (see the module's docstring)."""
    if not is_active_user(user):
        return AccessLogEntry.objects.none()
    if user.is_platform_admin:
        return AccessLogEntry.objects.all()
    tenants = grants(user, *PRIVACY_ROLES)
    condition = tenant_condition(tenants)
    if condition is None:
        return AccessLogEntry.objects.none()
    staff = memberships_in_tenants(tenants).values("user_id")
    return AccessLogEntry.objects.filter(condition | Q(user_id__in=staff))


def staff_choices(user) -> QuerySet[User]:
    """The staff members whose entries the user may filter by: her organisations' staff."""
    if not is_active_user(user):
        return User.objects.none()
    if user.is_platform_admin:
        return User.objects.order_by("full_name", "email")
    staff = memberships_in_tenants(grants(user, *PRIVACY_ROLES)).values("user_id")
    return User.objects.filter(pk__in=staff).order_by("full_name", "email")


def project_choices(user) -> QuerySet[Project]:
    if not is_active_user(user):
        return Project.objects.none()
    if user.is_platform_admin:
        return Project.objects.order_by("name")
    ids = {project_id for project_id, _organisation in grants(user, *PRIVACY_ROLES)}
    return Project.objects.filter(pk__in=ids).order_by("name")


class AccessLogFilter(django_filters.FilterSet):
    participant = django_filters.NumberFilter(
        field_name="participant_id", label=_("participant (number)"), min_value=1
    )
    user = django_filters.ModelChoiceFilter(
        queryset=User.objects.none(), label=_("staff member"), empty_label=_("everyone")
    )
    action = django_filters.ChoiceFilter(
        choices=AccessLogEntry.Action.choices, label=_("action"), empty_label=_("all")
    )
    date_from = django_filters.DateFilter(
        field_name="at",
        lookup_expr="date__gte",
        label=_("from"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = django_filters.DateFilter(
        field_name="at",
        lookup_expr="date__lte",
        label=_("to"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    project = django_filters.ModelChoiceFilter(
        field_name="project_id",
        queryset=Project.objects.none(),
        label=_("project"),
        empty_label=_("all projects"),
        method="filter_project",
    )

    class Meta:
        model = AccessLogEntry
        fields: list[str] = []

    def __init__(self, *args, viewer=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["user"].queryset = staff_choices(viewer)
        self.filters["project"].queryset = project_choices(viewer)

    def filter_project(self, queryset, name, value):
        return queryset.filter(project_id=value.pk) if value else queryset


def access_log_filter(*, user, filters) -> AccessLogFilter:
    """The filter over the user's entries (its `.form` for the page, its `.qs`)."""
    entries = access_log_visible_to(user).select_related("user")
    return AccessLogFilter(filters, queryset=entries, viewer=user)


def access_log_list(*, user, filters) -> QuerySet[AccessLogEntry]:
    """The user's entries matching `filters` (GET parameters), newest first; nothing
    for invalid filters."""
    found = access_log_filter(user=user, filters=filters)
    if not found.is_valid():
        return AccessLogEntry.objects.none()
    return found.qs.order_by("-at", "-id")


def organisation_names(entries) -> dict[int, str]:
    """Organisation names by id for the entries shown (one query)."""
    ids = {entry.organisation_id for entry in entries if entry.organisation_id}
    return dict(Organisation.objects.filter(pk__in=ids).values_list("pk", "name"))


def participant_numbers(entries) -> dict[int, str]:
    """The participants' numbers (the project's own, `external_id`) by id, one query;
    an erased or deleted participant is shown by id."""
    ids = {entry.participant_id for entry in entries if entry.participant_id}
    if not ids:
        return {}
    return dict(Participant.objects.filter(pk__in=ids).values_list("pk", "external_id"))


def is_erased(entry: AccessLogEntry) -> bool:
    """A blank detail whose digest is not that of an empty text: blanked by an erasure."""
    return not entry.detail and bool(entry.detail_digest) and entry.detail_digest != digest("")


# Rows as the page and the export show them ------------------------------------------------

#: The export's columns.
EXPORT_HEADER = (
    _("when"),
    _("staff member"),
    _("role"),
    _("organisation"),
    _("action"),
    _("record"),
    _("record id"),
    _("detail"),
    _("participant number"),
    _("participant id"),
    _("address"),
)


@dataclass
class AccessLogRow:
    entry: AccessLogEntry
    who: str
    roles: str
    organisation: str
    action: str
    record_type: str
    detail: str
    erased: bool
    participant_number: str


def _who(entry: AccessLogEntry) -> str:
    if entry.user is None:
        return str(_("system (command or task)")) if entry.user_id is None else "–"
    return entry.user.full_name or entry.user.email


def _roles(codes: str) -> str:
    labels = dict(Role.choices)
    return ", ".join(str(labels.get(code, code)) for code in codes.split(",") if code)


def access_log_rows(entries: list[AccessLogEntry]) -> list[AccessLogRow]:
    """The entries with everything shown in words (two queries for all of them)."""
    organisations = organisation_names(entries)
    numbers = participant_numbers(entries)
    actions = dict(AccessLogEntry.Action.choices)
    return [
        AccessLogRow(
            entry=entry,
            who=_who(entry),
            roles=_roles(entry.role),
            organisation=organisations.get(entry.organisation_id, ""),
            action=str(actions.get(entry.action, entry.action)),
            record_type=record_type_display(entry),
            detail=detail_display(entry.detail),
            erased=is_erased(entry),
            participant_number=numbers.get(entry.participant_id, ""),
        )
        for entry in entries
    ]


def access_log_export_rows(entries: list[AccessLogEntry]) -> list[list]:
    erased = str(_("(erased)"))
    return [
        [
            f"{timezone.localtime(row.entry.at):%Y-%m-%d %H:%M:%S}",
            row.who,
            row.roles,
            row.organisation,
            row.action,
            row.record_type,
            row.entry.record_id,
            erased if row.erased else row.detail,
            row.participant_number,
            row.entry.participant_id,
            row.entry.address or "",
        ]
        for row in access_log_rows(entries)
    ]


# Verification ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChainBreak:
    entry_id: int
    at: datetime | None
    problem: str


def chain_start() -> tuple[str, AccessLogPrune | None]:
    """The hash the first remaining entry must continue, and the deletion that left it."""
    prune = AccessLogPrune.objects.order_by("-last_id").first()
    return (prune.last_hash if prune is not None else ""), prune


def chain_verify(*, chunk_size: int = 2000, counter: list | None = None) -> Iterator[ChainBreak]:
    """Walk the chain in id order and yield each entry that breaks it: changed (its
    fields, or its detail against the digest), a predecessor missing (deleted entries,
    also a deleted start without a recorded deletion), or out of order (its predecessor
    comes later). Streams the table; `counter[0]` ends as the number of entries checked.
    """
    expected, prune = chain_start()
    checked = 0
    entries = AccessLogEntry.objects.order_by("id")
    if prune is not None:
        entries = entries.filter(id__gt=prune.last_id)
    previous_id = None
    for entry in entries.iterator(chunk_size=chunk_size):
        checked += 1
        if entry.detail and digest(entry.detail) != entry.detail_digest:
            yield ChainBreak(entry.pk, entry.at, "changed: the detail does not match its digest")
        if entry_hash(entry, entry.prev_hash) != entry.entry_hash:
            yield ChainBreak(entry.pk, entry.at, "changed: its fields do not match its hash")
        if entry.prev_hash != expected:
            yield ChainBreak(entry.pk, entry.at, _link_problem(entry, previous_id))
        expected = entry.entry_hash
        previous_id = entry.pk
    if counter is not None:
        counter[:] = [checked]


def _link_problem(entry: AccessLogEntry, previous_id: int | None) -> str:
    if not entry.prev_hash:
        return "out of order: it claims to be the first entry"
    predecessor = (
        AccessLogEntry.objects.filter(entry_hash=entry.prev_hash)
        .values_list("pk", flat=True)
        .first()
    )
    if predecessor is None:
        after = f"after entry {previous_id}" if previous_id is not None else "before it"
        return f"predecessor missing: entries deleted {after}"
    if predecessor > entry.pk:
        return f"reordered: its predecessor is the later entry {predecessor}"
    return f"out of order: it follows entry {predecessor}, not entry {previous_id}"
