"""The consent register: every consent of the participants a data-protection officer
answers for (`persons_visible_to`), with its state computed in SQL for a given day,
filterable; the consent texts' versions with how often each was signed; the consents
that expire soon (for the DPO's start page).

States (`ConsentState`), for the day `today`:

- withdrawn: withdrawn on or before that day;
- expired: not withdrawn, and `valid_until` lies before that day;
- valid: given on or before that day, neither withdrawn nor expired;
- pending: dated after that day (the services refuse that; kept for old data).
"""

from datetime import date, timedelta

import django_filters
from django import forms
from django.db.models import Case, CharField, Count, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.cases.models import FollowUp
from quartier.core.models import Project
from quartier.core.tenancy import PRIVACY_ROLES, is_active_user, project_ids_with_role
from quartier.network.models import OPEN_STATES, Referral
from quartier.participants.models import Consent, ConsentPurpose, ConsentText, Participant
from quartier.participants.selectors.participants import (
    participant_word_condition,
    participants_visible_to,
)
from quartier.privacy.selectors.persons import persons_visible_to

PAGE_SIZE = 50
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ConsentState:
    VALID = "valid"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"
    PENDING = "pending"

    choices = [
        (VALID, _("valid")),
        (WITHDRAWN, _("withdrawn")),
        (EXPIRED, _("expired")),
    ]


def consents_visible_to(user) -> QuerySet[Consent]:
    """The consents of the participants the user answers for as data-protection officer
    or organisation admin (every consent for a platform admin)."""
    return Consent.objects.filter(participant__in=persons_visible_to(user))


def state_expression(today: date) -> Case:
    return Case(
        When(withdrawn_on__lte=today, then=Value(ConsentState.WITHDRAWN)),
        When(valid_until__lt=today, then=Value(ConsentState.EXPIRED)),
        When(given_on__lte=today, then=Value(ConsentState.VALID)),
        default=Value(ConsentState.PENDING),
        output_field=CharField(),
    )


def register_projects(user) -> QuerySet[Project]:
    """The projects in which the user holds a privacy role (all for a platform admin)."""
    if not is_active_user(user):
        return Project.objects.none()
    if user.is_platform_admin:
        return Project.objects.all()
    return Project.objects.filter(pk__in=project_ids_with_role(user, *PRIVACY_ROLES))


class ConsentRegisterFilter(django_filters.FilterSet):
    """The register's filters, as GET parameters (`participant=<id>` from a person's
    page)."""

    q = django_filters.CharFilter(label=_("Name or number"), method="search")
    project = django_filters.ModelChoiceFilter(
        label=_("Project"), field_name="participant__project", queryset=Project.objects.none()
    )
    purpose = django_filters.ChoiceFilter(label=_("Purpose"), choices=ConsentPurpose.choices)
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=ConsentState.choices, method="by_state"
    )
    text_version = django_filters.CharFilter(label=_("Version of the text"))
    given_from = django_filters.DateFilter(
        label=_("Given from"), field_name="given_on", lookup_expr="gte", widget=DATE
    )
    given_to = django_filters.DateFilter(
        label=_("Given until"), field_name="given_on", lookup_expr="lte", widget=DATE
    )
    participant = django_filters.NumberFilter(field_name="participant_id", widget=forms.HiddenInput)

    class Meta:
        model = Consent
        fields = ["q", "project", "purpose", "state", "text_version", "participant"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["project"].queryset = register_projects(user).order_by("name")

    def search(self, queryset, name, value):
        for word in value.split()[:5]:
            condition = participant_word_condition(word)
            queryset = queryset.filter(
                participant__in=Participant.objects.filter(condition).values("pk")
            )
        return queryset

    def by_state(self, queryset, name, value):
        return queryset.filter(m_state=value)


def consent_register(*, user, filters, today: date | None = None):
    """The register's rows and its filter (for the form): the consents of
    `consents_visible_to(user)` with `m_state`, newest first, filtered."""
    today = today or timezone.localdate()
    consents = (
        consents_visible_to(user)
        .annotate(m_state=state_expression(today))
        .select_related("participant", "participant__project", "partner")
    )
    register_filter = ConsentRegisterFilter(filters, queryset=consents, user=user)
    rows = register_filter.qs.order_by("-given_on", "-id")
    return rows, register_filter


def register_filtered(filters) -> bool:
    return any(filters.get(name) for name in ConsentRegisterFilter.base_filters if name != "page")


# Consent texts -------------------------------------------------------------------------


def consent_texts_with_counts(*, user) -> list[tuple[Project, list[ConsentText]]]:
    """Per project of the user's privacy roles, its consent texts (newest first per
    purpose), each with `m_signed`: how many consents of the participants the user
    answers for name that version, and `m_withdrawn`: how many of these were withdrawn.
    Three queries."""
    projects = list(register_projects(user).order_by("name"))
    counts = {
        (row["participant__project_id"], row["purpose"], row["text_version"]): row
        for row in consents_visible_to(user)
        .filter(participant__project__in=projects)
        .order_by()
        .values("participant__project_id", "purpose", "text_version")
        .annotate(signed=Count("id"), withdrawn=Count("id", filter=Q(withdrawn_on__isnull=False)))
    }
    texts = ConsentText.objects.filter(project__in=projects).order_by(
        "project_id", "purpose", "-valid_from", "-id"
    )
    by_project: dict[int, list[ConsentText]] = {project.pk: [] for project in projects}
    for text in texts:
        row = counts.get((text.project_id, text.purpose, text.text_version), {})
        text.m_signed = row.get("signed", 0)
        text.m_withdrawn = row.get("withdrawn", 0)
        by_project[text.project_id].append(text)
    return [(project, by_project[project.pk]) for project in projects]


# Expiring consents ---------------------------------------------------------------------


def consents_expiring_for(user, *, within_days: int = 30, today: date | None = None):
    """The valid consents of the participants the user answers for whose `valid_until`
    lies within `within_days` from today (today included), soonest first, with the
    participant. For the data-protection officer's start page."""
    today = today or timezone.localdate()
    return (
        consents_visible_to(user)
        .filter(
            withdrawn_on__isnull=True,
            given_on__lte=today,
            valid_until__gte=today,
            valid_until__lte=today + timedelta(days=within_days),
        )
        .select_related("participant", "partner")
        .order_by("valid_until", "id")
    )


# Withdrawal ----------------------------------------------------------------------------


def consent_for_withdrawal(*, user, pk: int) -> Consent:
    """A consent the user may reach to withdraw it: of a participant they answer for as
    data-protection officer, or of a case they work on; else 404. The permission
    (`privacy.withdraw_consent`) is the caller's to check."""
    reachable = Consent.objects.filter(
        Q(participant__in=persons_visible_to(user))
        | Q(participant__in=participants_visible_to(user))
    )
    return get_object_or_404(
        reachable.select_related("participant", "participant__project", "partner"), pk=pk
    )


def withdrawal_effects(consent: Consent) -> list[str]:
    """What a withdrawal of `consent` stops at once, in words for the confirmation page."""
    purpose = consent.purpose
    if purpose == ConsentPurpose.COUNSELLING:
        return [
            _(
                "No more vacancies or offers are suggested for the person, and the person "
                "is not suggested for vacancies."
            ),
            _("The case file is kept for the funder's retention duty."),
        ]
    if purpose == ConsentPurpose.SPECIAL_CATEGORIES:
        return [
            _(
                "Health, disability and minority data are hidden on every page and in the "
                "API (kept for the retention duty, shown again only with a new consent)."
            )
        ]
    if purpose == ConsentPurpose.FOLLOWUP_CONTACT:
        open_follow_ups = FollowUp.objects.filter(
            case__participant_id=consent.participant_id,
            kind=FollowUp.Kind.SIX_MONTH,
            done_at__isnull=True,
        ).count()
        return [
            _("Nobody contacts the person after leaving: open six-month follow-ups: %(n)s.")
            % {"n": open_follow_ups}
        ]
    if purpose in (ConsentPurpose.PARTNER_SHARING, ConsentPurpose.PARTNER_FEEDBACK):
        open_referrals = Referral.objects.filter(consent=consent, state__in=OPEN_STATES).count()
        return [
            _(
                "The referrals to %(partner)s that rest on this consent end, and the "
                "partner's access to the data ends with them: open referrals: %(n)s."
            )
            % {"partner": consent.partner.name if consent.partner else "–", "n": open_referrals}
        ]
    return [_("Photos of the person may no longer be used.")]
