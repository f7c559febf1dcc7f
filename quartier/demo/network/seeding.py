"""Seeding the demo's network (`seed_network`) after the case files, offers and the
local economy exist (`services.seeding.seed_demo`), and removing it again
(`clear_demo_network`, before the offers and cases are removed: referrals hang on the
cases and consents, partners on the offers)."""

from dataclasses import dataclass, field
from datetime import date

from quartier.core.models import District, Organisation, Project, User
from quartier.demo import data
from quartier.demo.network import catalogue
from quartier.demo.network.meetings import _seed_meetings
from quartier.demo.network.partners import _seed_partners, _seed_teams
from quartier.demo.network.referrals import _seed_referrals
from quartier.network.models import (
    Attendee,
    CoachTeam,
    CoachTeamMember,
    Meeting,
    MeetingEvidence,
    MeetingOutcome,
    NetworkSettings,
    Partner,
    PartnerContact,
    PartnerPerson,
    Referral,
    ReferralEvent,
)


@dataclass
class NetworkCounts:
    partners: int = 0
    contacts: int = 0
    teams: int = 0
    referrals: int = 0
    meetings: int = 0
    tasks: int = 0


@dataclass
class _Tenant:
    """A project's network: the consortium member that keeps it, its lead and coach."""

    project: Project
    owner: Organisation
    lead: User | None
    coach: User | None


@dataclass
class _Network:
    """What the steps share: the day, the tenants, the organisations and logins, and
    what was built."""

    today: date
    organisations: dict[str, Organisation]
    districts: dict[str, District]
    logins: dict[str, User]
    duisburg: _Tenant | None
    trier: _Tenant | None
    counts: NetworkCounts = field(default_factory=NetworkCounts)
    partners: dict[str, Partner] = field(default_factory=dict)
    referrals: dict[str, Referral] = field(default_factory=dict)
    meetings: dict[str, Meeting] = field(default_factory=dict)


def clear_demo_network(projects: dict[str, Project]) -> None:
    """Removes the demo projects' network with everything hanging on it. Raw deletes,
    bottom-up (like the case files): no model instances, no audit entry per row."""
    project_ids = [project.pk for project in projects.values()]
    referrals = Referral.objects.filter(project_id__in=project_ids)
    partners = Partner.objects.filter(project_id__in=project_ids)
    meetings = Meeting.objects.filter(project_id__in=project_ids)
    teams = CoachTeam.objects.filter(project_id__in=project_ids)
    for queryset in (
        ReferralEvent.objects.filter(referral__in=referrals),
        referrals,
        MeetingOutcome.objects.filter(meeting__in=meetings, decision__isnull=False),
        MeetingOutcome.objects.filter(meeting__in=meetings),
        Attendee.objects.filter(meeting__in=meetings),
        MeetingEvidence.objects.filter(meeting__in=meetings),
        meetings,
        CoachTeamMember.objects.filter(team__in=teams),
        teams,
        PartnerContact.objects.filter(partner__in=partners),
        PartnerPerson.objects.filter(partner__in=partners),
        Partner.districts.through.objects.filter(partner__in=partners),
        Partner.offers.through.objects.filter(partner__in=partners),
        partners,
        NetworkSettings.objects.filter(project_id__in=project_ids),
    ):
        queryset._raw_delete(queryset.db)


def seed_network(
    *,
    seed: int,
    projects: dict[str, Project],
    organisations: dict[str, Organisation],
    districts: dict[str, District],
    today: date,
) -> NetworkCounts:
    """Duisburg's network with partners, teams, referrals and meetings; Job-in-West's
    consortium referral and Jobcenter assignment. Nothing here is random: the seed
    shapes the case files, and the network picks its cases from them in order."""
    logins = {
        user.email.split("@")[0]: user
        for user in User.objects.filter(
            email__in=[f"{local}@{data.DEMO_DOMAIN}" for local, *_ in data.DEMO_USERS]
        )
    }
    network = _Network(
        today=today,
        organisations=organisations,
        districts=districts,
        logins=logins,
        duisburg=_tenant(
            projects,
            organisations,
            logins,
            catalogue.DUISBURG,
            catalogue.DUISBURG_OWNER,
            catalogue.LEAD_LOGIN,
            catalogue.COACH_LOGIN,
        ),
        trier=_tenant(
            projects,
            organisations,
            logins,
            catalogue.TRIER,
            catalogue.TRIER_RECIPIENT,
            catalogue.TRIER_LEAD_LOGIN,
            None,
        ),
    )
    if network.duisburg is not None:
        # The default deadlines: remind after 6, tell the sender after 9, expire after
        # 10 working days.
        NetworkSettings.objects.update_or_create(
            project=network.duisburg.project,
            defaults={"remind_after": 6, "escalate_after": 9, "expire_after": 10},
            create_defaults={
                "remind_after": 6,
                "escalate_after": 9,
                "expire_after": 10,
                "created_by": network.duisburg.lead,
            },
        )
    _seed_partners(network)
    _seed_teams(network)
    _seed_referrals(network)
    _seed_meetings(network)
    return network.counts


def _tenant(projects, organisations, logins, slug, owner, lead, coach) -> _Tenant | None:
    if slug not in projects:
        return None
    return _Tenant(
        project=projects[slug],
        owner=organisations[owner],
        lead=logins.get(lead),
        coach=logins.get(coach) if coach else None,
    )
