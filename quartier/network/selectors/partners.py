"""Reads of the network's partners and coach teams, each through a scoping function:

- `partners_visible_to(user)`, `teams_visible_to(user)`: the partners and teams of the
  projects in which the user holds a network view role (`NETWORK_VIEW_ROLES`); all of
  them for a platform admin. A partner or team of another project is not found (404);
- `partner_rows(...)`: the filtered partner list, with the last contact's date and
  whether the partner uses Quartier;
- `partner_rows_by_slug(...)`: the API's list, filtered by the slugs of a project and
  a district, by project and name;
- `partner_page(...)`: one partner with its contact persons, contact history, offers
  and the number of referrals to and from it per state (numbers only);
- `uses_quartier(project, organisation)`: whether someone at the organisation receives
  referrals in Quartier in the project (derived, never stored);
- `public_teams(district)`: the public coach teams of a district with their public
  members, for the public district page (no login, no scoping: public on purpose).
"""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet, TextField
from django.db.models.functions import Cast

from quartier.core.models import District, Membership, Organisation, Project, User
from quartier.core.tenancy import (
    NETWORK_VIEW_ROLES,
    NETWORK_WORK_ROLES,
    RECIPIENT_ROLES,
    is_active_user,
    memberships_with_role,
    project_ids_with_role,
    staff_with_role,
)
from quartier.network.models import (
    CoachTeam,
    CoachTeamMember,
    Direction,
    Partner,
    PartnerPerson,
    Referral,
    ReferralState,
    level_condition,
)
from quartier.offers.models import Offer
from quartier.participants.models import TargetGroup

# Scoping ------------------------------------------------------------------------------


def network_projects(user) -> QuerySet[Project]:
    """Projects whose network the user sees (a network view role there); all for a
    platform admin."""
    if not is_active_user(user):
        return Project.objects.none()
    if user.is_platform_admin:
        return Project.objects.all().order_by("name")
    return Project.objects.filter(pk__in=project_ids_with_role(user, *NETWORK_VIEW_ROLES)).order_by(
        "name"
    )


def network_work_projects(user) -> QuerySet[Project]:
    """Projects whose network the user keeps (network coach, project lead); all for a
    platform admin."""
    if not is_active_user(user):
        return Project.objects.none()
    if user.is_platform_admin:
        return Project.objects.all().order_by("name")
    return Project.objects.filter(pk__in=project_ids_with_role(user, *NETWORK_WORK_ROLES)).order_by(
        "name"
    )


def partners_visible_to(user) -> QuerySet[Partner]:
    """The partners of the projects in which the user holds a network view role."""
    if not is_active_user(user):
        return Partner.objects.none()
    if user.is_platform_admin:
        return Partner.objects.all()
    return Partner.objects.filter(project_id__in=project_ids_with_role(user, *NETWORK_VIEW_ROLES))


def teams_visible_to(user) -> QuerySet[CoachTeam]:
    """The coach teams of the projects in which the user holds a network view role."""
    if not is_active_user(user):
        return CoachTeam.objects.none()
    if user.is_platform_admin:
        return CoachTeam.objects.all()
    return CoachTeam.objects.filter(project_id__in=project_ids_with_role(user, *NETWORK_VIEW_ROLES))


def network_project(user, slug: str) -> Project | None:
    """A project whose network the user sees, by its slug; None otherwise."""
    return network_projects(user).filter(slug=slug).first()


def partner_for(*, user, pk: int) -> Partner | None:
    """A partner the user sees, or None (the caller answers 404)."""
    return (
        partners_visible_to(user)
        .select_related("project", "organisation", "partner_organisation")
        .filter(pk=pk)
        .first()
    )


def person_of(*, partner: Partner, pk: int) -> PartnerPerson | None:
    return partner.people.filter(pk=pk).first()


def team_for(*, user, pk: int) -> CoachTeam | None:
    """A coach team the user sees, or None (the caller answers 404)."""
    return (
        teams_visible_to(user)
        .select_related("project", "organisation", "district")
        .filter(pk=pk)
        .first()
    )


def member_of(*, team: CoachTeam, pk: int) -> CoachTeamMember | None:
    return team.members.filter(pk=pk).first()


# Uses Quartier ------------------------------------------------------------------------


def uses_quartier(project, organisation) -> bool:
    """Whether someone at `organisation` can receive referrals in Quartier in `project`
    (an active user with a recipient role there). The one rule: the referral services
    use it to decide whether a referral goes by letter."""
    return (
        memberships_with_role(project, *RECIPIENT_ROLES, organisation=organisation)
        .filter(user__is_active=True)
        .exists()
    )


def uses_quartier_condition(prefix: str = "") -> Exists:
    """The SQL form of `uses_quartier` for a partner row (`prefix` leads to it)."""
    return Exists(
        Membership.objects.filter(
            project_id=OuterRef(f"{prefix}project_id"),
            organisation_id=OuterRef(f"{prefix}partner_organisation_id"),
            role__in=list(RECIPIENT_ROLES),
            user__is_active=True,
        )
    )


# The list -----------------------------------------------------------------------------


def _project_filter(partners: QuerySet, project) -> QuerySet:
    if isinstance(project, Project):
        return partners.filter(project=project)
    if isinstance(project, int) or str(project).isdigit():
        return partners.filter(project_id=int(project))
    return partners.filter(project__slug=project)


def _serving(**district) -> Exists:
    """Partners that serve the district (`district_id=...` or `district__slug=...`)."""
    return Exists(Partner.districts.through.objects.filter(partner_id=OuterRef("pk"), **district))


def json_list_has(field_name: str, value: str) -> Q:
    """Rows whose JSON list holds `value` (annotate `<field>_text` first), on SQLite and
    PostgreSQL alike: the list's text contains the quoted code."""
    return Q(**{f"{field_name}_text__contains": f'"{value}"'})


def partner_rows(
    *,
    user,
    query: str = "",
    project=None,
    level: str | None = None,
    district: int | None = None,
    target_group: str | None = None,
    uses_quartier: bool | None = None,
    active: bool | None = None,
) -> QuerySet[Partner]:
    """The visible partners by organisation name, filtered, each with `last_contact`
    (the newest contact's date) and `uses_quartier`. `query`: every word in the
    organisation's name, the role or the notes; `level`: partners on both levels count
    for either."""
    partners = partners_visible_to(user)
    if project:
        partners = _project_filter(partners, project)
    if level:
        partners = partners.filter(level_condition(level))
    if district:
        partners = partners.filter(_serving(district_id=district))
    if target_group:
        partners = partners.annotate(target_groups_text=Cast("target_groups", TextField())).filter(
            json_list_has("target_groups", target_group)
        )
    if active is not None:
        partners = partners.filter(is_active=active)
    for word in query.split()[:5]:
        partners = partners.filter(
            Q(partner_organisation__name__icontains=word)
            | Q(role__icontains=word)
            | Q(notes__icontains=word)
        )
    partners = partners.annotate(
        uses_quartier=uses_quartier_condition(), last_contact=Max("contacts__date")
    )
    if uses_quartier is not None:
        partners = partners.filter(uses_quartier=uses_quartier)
    return (
        partners.select_related("project", "partner_organisation")
        .prefetch_related(Prefetch("districts", queryset=District.objects.order_by("name")))
        .order_by("partner_organisation__name", "project__name", "id")
    )


def partner_rows_by_slug(
    *, user, project: str | None = None, level: str | None = None, district: str | None = None
) -> QuerySet[Partner]:
    """The visible partners by project (slug) and organisation name, filtered by the
    slugs of a project and of a district the partner serves; `level` as in
    `partner_rows` (partners on both levels count for either). The API's list."""
    partners = partners_visible_to(user)
    if project:
        partners = partners.filter(project__slug=project)
    if level:
        partners = partners.filter(level_condition(level))
    if district:
        partners = partners.filter(_serving(district__slug=district))
    return partners.select_related("project", "organisation", "partner_organisation").order_by(
        "project__slug", "partner_organisation__name", "id"
    )


def target_group_labels(codes) -> list[str]:
    """The labels of target group codes, in the choices' order."""
    labels = dict(TargetGroup.choices)
    return [str(labels[code]) for code in TargetGroup.values if code in (codes or [])]


def labelled(partners) -> list[Partner]:
    """The partners (a page of the list) with `target_group_labels` set on each."""
    partners = list(partners)
    for partner in partners:
        partner.target_group_labels = target_group_labels(partner.target_groups)
    return partners


def list_districts(projects) -> QuerySet[District]:
    """The districts of `projects` (for the list's filter and the forms)."""
    return (
        District.objects.filter(projects__in=[getattr(p, "pk", p) for p in projects])
        .distinct()
        .order_by("name")
    )


# Choices of the forms ---------------------------------------------------------------------


def organisation_choices() -> QuerySet[Organisation]:
    """Every organisation: a partner may already be known to the platform (a Jobcenter
    in several projects)."""
    return Organisation.objects.order_by("name", "id")


def organisation_by_slug(slug: str) -> Organisation | None:
    return Organisation.objects.filter(slug=slug).first()


def organisations_named(name: str) -> list[Organisation]:
    """Organisations whose name is `name`, ignoring case and surrounding spaces: the
    duplicate check when a partner organisation is created inline."""
    name = " ".join(name.split())
    if not name:
        return []
    return list(Organisation.objects.filter(name__iexact=name).order_by("id"))


def project_districts(project) -> QuerySet[District]:
    return District.objects.filter(projects=getattr(project, "pk", project)).order_by("name")


def project_offers(project) -> QuerySet[Offer]:
    """The offers of the project's catalogue (a project, its id, or a list of ids)."""
    if isinstance(project, (list, tuple, set)):
        offers = Offer.objects.filter(project_id__in=list(project))
    else:
        offers = Offer.objects.filter(project_id=getattr(project, "pk", project))
    return offers.order_by("title", "id")


def project_staff(project) -> QuerySet[User]:
    """Active staff of the project (any role): who may be named on a contact or in a
    coach team."""
    return staff_with_role(project)


# The partner page -----------------------------------------------------------------------


@dataclass
class ReferralCount:
    state: str
    label: str
    count: int


@dataclass
class PartnerPage:
    partner: Partner
    uses_quartier: bool = False
    target_groups: list = field(default_factory=list)
    districts: list = field(default_factory=list)
    people: list = field(default_factory=list)
    contacts: list = field(default_factory=list)
    offers: list = field(default_factory=list)
    referrals_to: list = field(default_factory=list)
    referrals_from: list = field(default_factory=list)

    @property
    def last_contact(self):
        return self.contacts[0].date if self.contacts else None


def _counts(referrals: QuerySet[Referral]) -> list[ReferralCount]:
    """Referrals per state (drafts are the sender's and not counted), in the states'
    order; numbers only."""
    labels = dict(ReferralState.choices)
    found = dict(
        referrals.exclude(state=ReferralState.DRAFT)
        .values_list("state")
        .annotate(count=Count("id"))
        .values_list("state", "count")
    )
    return [
        ReferralCount(state=state, label=labels[state], count=found[state])
        for state in ReferralState.values
        if found.get(state)
    ]


def referral_counts(partner: Partner) -> tuple[list[ReferralCount], list[ReferralCount]]:
    """How many referrals of the partner's project went to the partner organisation and
    came from it (referrals it sent, assignments from it), per state."""
    in_project = Referral.objects.filter(project_id=partner.project_id)
    to_it = in_project.filter(
        direction=Direction.OUTGOING, recipient_id=partner.partner_organisation_id
    )
    from_it = in_project.filter(sender_organisation_id=partner.partner_organisation_id)
    return _counts(to_it), _counts(from_it)


def partner_page(*, user, pk: int) -> PartnerPage | None:
    """The partner with everything its page shows; None for a partner the user does not
    see."""
    partner = partner_for(user=user, pk=pk)
    if partner is None:
        return None
    page = PartnerPage(partner=partner)
    page.uses_quartier = uses_quartier(partner.project_id, partner.partner_organisation_id)
    page.target_groups = target_group_labels(partner.target_groups)
    page.districts = list(partner.districts.order_by("name"))
    page.people = list(partner.people.order_by("name", "id"))
    page.contacts = list(
        partner.contacts.select_related("person", "staff").order_by("-date", "-id")
    )
    page.offers = list(partner.offers.select_related("organisation").order_by("title", "id"))
    page.referrals_to, page.referrals_from = referral_counts(partner)
    return page


# Coach teams ----------------------------------------------------------------------------


def team_rows(*, user, project=None, district: int | None = None) -> QuerySet[CoachTeam]:
    """The visible coach teams by project and district, with their members."""
    teams = teams_visible_to(user)
    if project:
        teams = _project_filter(teams, project)
    if district:
        teams = teams.filter(district_id=district)
    return (
        teams.select_related("project", "organisation", "district")
        .prefetch_related(
            Prefetch(
                "members",
                queryset=CoachTeamMember.objects.select_related("user").order_by("name", "id"),
            )
        )
        .order_by("project__name", "district__name", "name", "id")
    )


def team_members(team: CoachTeam) -> list[CoachTeamMember]:
    return list(team.members.select_related("user").order_by("name", "id"))


def public_teams(district: District) -> list[CoachTeam]:
    """The district's public coach teams (`is_public`), each with only its public
    members in `public_members` (name, function, phone, e-mail): for the public
    district page, no login."""
    return list(
        CoachTeam.objects.filter(district=district, is_public=True)
        .select_related("project", "organisation")
        .prefetch_related(
            Prefetch(
                "members",
                queryset=CoachTeamMember.objects.filter(is_public=True).order_by("name", "id"),
                to_attr="public_members",
            )
        )
        .order_by("project__name", "name", "id")
    )
