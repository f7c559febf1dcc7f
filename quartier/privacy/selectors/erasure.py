"""Reads of erasure (Art. 17): what an erasure of a person removes now and what it
keeps, why and until when (`erasure_plan`), and the erasure log of the user's projects
(`erasure_log`)."""

from dataclasses import dataclass, field
from datetime import date

import django_filters
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from quartier.core.tenancy import PRIVACY_ROLES, grants, is_active_user, roles_of
from quartier.participants.models import Participant
from quartier.privacy.models import ErasureLogEntry, ErasureRequest, RetentionRule
from quartier.privacy.models.retention import RetentionScope, StartEvent

#: What each scope keeps of a person, in words (for the page and the letter).
SCOPE_FIELDS = {
    RetentionScope.INDICATOR_DATA: _(
        "date of birth, gender, postcode and district, labour market status at entry and "
        "since when unemployed, education (ISCED), the answers of the entry questionnaire "
        "the indicators count, entry and exit dates, the results at exit and six months "
        "later; the name is replaced by a pseudonym"
    ),
    RetentionScope.CASE_FILE: _(
        "name, contact data, notes and documents of the case file (access restricted until then)"
    ),
    RetentionScope.CERTIFICATES: _(
        "issued certificates (number, offer, period, hours), without the name"
    ),
    RetentionScope.ACCESS_LOG: _(
        "the access log entries about the person (who accessed what, when), without details"
    ),
}

#: What an erasure removes at once when no rule keeps the case file.
ERASED_NOW = (
    _("first and last name (replaced by a pseudonym), participant number"),
    _("contact data: street, city, phone, e-mail"),
    _(
        "free-text notes: contacts, assessments, plan and goals, follow-ups, health notes, "
        "enrolments, placements and check-ins, match suggestions, first contacts and "
        "appointment requests"
    ),
    _("documents (the files are deleted)"),
    _("the data passed on in referrals (open referrals are ended)"),
    _("the name on issued certificates (their check page still confirms them)"),
    _("languages, German level, mobility, childcare and benefits"),
    _("the details of the change log and the access log about the person"),
)

#: The scopes whose keeping keeps the participant's row.
ROW_SCOPES = (
    RetentionScope.INDICATOR_DATA,
    RetentionScope.CASE_FILE,
    RetentionScope.CERTIFICATES,
)


@dataclass
class KeptItem:
    scope: str
    scope_label: str
    fields: str
    legal_basis: str
    citation: str
    start_event: str
    start: date
    until: date
    rule_id: int

    def as_json(self) -> dict:
        return {
            "scope": self.scope,
            "fields": str(self.fields),
            "legal_basis": self.legal_basis,
            "citation": self.citation,
            "start_event": self.start_event,
            "until": self.until.isoformat(),
            "rule_id": self.rule_id,
        }

    @property
    def rule_text(self) -> str:
        return f"{self.citation}: {self.legal_basis}"[:300]


@dataclass
class ErasurePlan:
    participant: Participant
    on: date
    kept: list[KeptItem] = field(default_factory=list)
    #: The request that already erased the person, if any.
    previous: ErasureRequest | None = None

    def keeps(self, scope: str) -> KeptItem | None:
        return next((item for item in self.kept if item.scope == scope), None)

    @property
    def keeps_case_file(self) -> bool:
        return self.keeps(RetentionScope.CASE_FILE) is not None

    @property
    def keep_until(self) -> date | None:
        """The latest end of what keeps the participant's row (None: nothing does)."""
        ends = [item.until for item in self.kept if item.scope in ROW_SCOPES]
        return max(ends) if ends else None

    @property
    def removes_everything(self) -> bool:
        """No rule keeps anything of the person's row: it is deleted at once."""
        return self.keep_until is None

    @property
    def erased_now(self) -> tuple:
        if self.keeps_case_file:
            return ()
        return ERASED_NOW


def rule_start(rule: RetentionRule, participant: Participant, *, on: date) -> date:
    """The day a rule's period starts for a participant. An event still to come (a case
    without exit, a project without end) counts from `on`: the period is at least as long."""
    if rule.start_event == StartEvent.EXIT:
        case = getattr(participant, "case", None)
        return (case.exit_date if case is not None and case.exit_date else None) or on
    if rule.start_event == StartEvent.FUNDED_PERIOD_END:
        end = participant.project.end_date
        return max(end, on) if end else on
    return participant.created_at.date() if participant.created_at else on


def erasure_plan(participant: Participant, *, on: date) -> ErasurePlan:
    """What an erasure on `on` keeps (per scope the rule that keeps it longest, with its
    legal basis, citation and end) and what goes at once."""
    plan = ErasurePlan(
        participant=participant,
        on=on,
        previous=ErasureRequest.objects.filter(participant=participant).first(),
    )
    rules = RetentionRule.objects.filter(project_id=participant.project_id).order_by("scope", "pk")
    best: dict[str, KeptItem] = {}
    for rule in rules:
        start = rule_start(rule, participant, on=on)
        until = start + relativedelta(months=rule.duration_months)
        if until <= on:
            continue
        if rule.scope in best and best[rule.scope].until >= until:
            continue
        best[rule.scope] = KeptItem(
            scope=rule.scope,
            scope_label=str(rule.get_scope_display()),
            fields=str(SCOPE_FIELDS.get(rule.scope, "")),
            legal_basis=rule.legal_basis,
            citation=rule.citation,
            start_event=str(rule.get_start_event_display()),
            start=start,
            until=until,
            rule_id=rule.pk,
        )
    plan.kept = [best[scope] for scope in RetentionScope.values if scope in best]
    return plan


def access_log_kept_until(on: date) -> date:
    return on + relativedelta(months=settings.ACCESS_LOG_RETENTION_MONTHS)


# The erasure log ---------------------------------------------------------------------


def erasure_log_entries_visible_to(user) -> QuerySet[ErasureLogEntry]:
    """The erasure log of the projects in which the user holds a privacy role (every
    entry for a platform admin)."""
    if not is_active_user(user):
        return ErasureLogEntry.objects.none()
    if user.is_platform_admin:
        return ErasureLogEntry.objects.all()
    if not roles_of(user) & PRIVACY_ROLES:
        return ErasureLogEntry.objects.none()
    project_ids = {project_id for project_id, _org in grants(user, *PRIVACY_ROLES)}
    return ErasureLogEntry.objects.filter(project_id__in=project_ids)


class ErasureLogFilter(django_filters.FilterSet):
    pseudonym = django_filters.CharFilter(label=_("Pseudonymous id"), lookup_expr="istartswith")
    step = django_filters.ChoiceFilter(label=_("Step"), choices=ErasureLogEntry.Step.choices)
    object_type = django_filters.CharFilter(label=_("Object type"), lookup_expr="icontains")
    after = django_filters.DateFilter(label=_("From"), field_name="at", lookup_expr="date__gte")
    before = django_filters.DateFilter(label=_("Until"), field_name="at", lookup_expr="date__lte")

    class Meta:
        model = ErasureLogEntry
        fields = ["pseudonym", "step", "object_type", "after", "before"]


def erasure_log(*, user, filters) -> tuple[QuerySet[ErasureLogEntry], ErasureLogFilter]:
    entries = erasure_log_entries_visible_to(user).select_related("actor")
    log_filter = ErasureLogFilter(filters, queryset=entries)
    return log_filter.qs.order_by("-at", "-id"), log_filter
