"""Seeding the demo's local economy (`seed_economy`) after the case files and offers exist
(`services.seeding.seed_demo`), and removing it again (`clear_demo_economy`, before the
cases are removed: placements hang on them).
"""

import random
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from quartier.cases.models import Skill
from quartier.core.models import District, Membership, Organisation, Project, Role, User
from quartier.demo import data
from quartier.demo.economy import catalogue
from quartier.demo.economy.employers import _seed_employers
from quartier.demo.economy.jobsearch import seed_ba_vacancies
from quartier.demo.economy.placements import _seed_placements
from quartier.demo.economy.vacancies import _seed_vacancies
from quartier.economy.models import (
    BusinessEvent,
    ContactPerson,
    EconomySettings,
    Employer,
    EmployerContact,
    EmployerService,
    EventInvitation,
    EventTask,
    JobImportRun,
    Placement,
    SizeDeclaration,
    StabilisationCheck,
    UnitStatusChange,
    VacancySkill,
    VacantUnit,
)
from quartier.economy.models import Vacancy as VacancyModel
from quartier.matching.models import MatchSuggestion, MatchWeights

#: The project whose programme area the recorded job search answer covers (07747 Jena).
BA_DEMO_PROJECT = "teilhabe-am-wachstum"


@dataclass
class EconomyCounts:
    employers: int = 0
    services: int = 0
    events: int = 0
    units: int = 0
    vacancies: int = 0
    placements: int = 0
    checks: int = 0


@dataclass
class _Tenant:
    """A project's economy: the owning organisation and its employer liaison."""

    project: Project
    organisation: Organisation
    liaison: User | None
    lead: User | None
    districts: dict[str, District]


@dataclass
class _Economy:
    """What the steps share: the tenants, the day, the skill list, and what was built."""

    tenants: dict[str, _Tenant]
    today: date
    skills: dict[str, int]
    #: Employer key (catalogue.EMPLOYERS or a reported one) → Employer.
    employers: dict[str, Employer] = field(default_factory=dict)
    #: Employer key → its first active contact person (for the vacancies).
    contact_of: dict[str, ContactPerson] = field(default_factory=dict)
    #: Per project, how far the turn of service kinds has come (every kind occurs).
    service_turn: dict[str, int] = field(default_factory=dict)


def clear_demo_economy(projects: dict[str, Project]) -> None:
    """Removes the demo projects' local economy with everything hanging on it, and any
    placement or match suggestion of their cases. Raw deletes, bottom-up (like the
    case files): no model instances, no audit entry per row."""
    project_ids = [project.pk for project in projects.values()]
    in_projects = Q(case__project_id__in=project_ids)
    placements = Placement.objects.filter(in_projects | Q(vacancy__project_id__in=project_ids))
    employers = Employer.objects.filter(project_id__in=project_ids)
    vacancies = VacancyModel.objects.filter(project_id__in=project_ids)
    events = BusinessEvent.objects.filter(project_id__in=project_ids)
    units = VacantUnit.objects.filter(project_id__in=project_ids)
    for queryset in (
        StabilisationCheck.objects.filter(placement__in=placements),
        placements,
        MatchSuggestion.objects.filter(in_projects | Q(vacancy__in=vacancies)),
        VacancySkill.objects.filter(vacancy__in=vacancies),
        vacancies,
        JobImportRun.objects.filter(project_id__in=project_ids),
        EventTask.objects.filter(event__in=events),
        EventInvitation.objects.filter(event__in=events),
        events,
        UnitStatusChange.objects.filter(unit__in=units),
        units,
        EmployerService.objects.filter(employer__in=employers),
        EmployerContact.objects.filter(employer__in=employers),
        ContactPerson.objects.filter(employer__in=employers),
        SizeDeclaration.objects.filter(employer__in=employers),
        employers,
    ):
        queryset._raw_delete(queryset.db)


def seed_economy(
    *,
    seed: int,
    projects: dict[str, Project],
    organisations: dict[str, Organisation],
    districts: dict[str, District],
    today: date,
) -> EconomyCounts:
    """The local economy of the five projects and, for the cases that exist, their
    placements with stabilisation check-ins."""
    rng = random.Random(f"economy:{seed}")
    economy = _Economy(
        tenants=_tenants(projects, organisations, districts),
        today=today,
        skills=dict(Skill.objects.values_list("name", "pk")),
    )
    _settings(economy)
    counts = EconomyCounts()
    _seed_employers(rng, economy, counts)
    _seed_vacancies(rng, economy, counts)
    # Vacancies imported from a recorded answer of the Bundesagentur's job search around
    # Jena-Lobeda, through the real importer (after the employers, so that its employers
    # are linked by name + postcode; before the placements). A reseed removes them and
    # imports again.
    jena = economy.tenants.get(BA_DEMO_PROJECT)
    if jena is not None:
        run = seed_ba_vacancies(jena.project, jena.organisation)
        counts.vacancies += run.created
    _seed_placements(rng, economy, counts)
    return counts


def _tenants(projects, organisations, districts) -> dict[str, _Tenant]:
    """Per project the owning organisation and its employer liaison and project lead:
    a demo login where there is one, else the generated staff member."""
    owners = {slug: organisations[catalogue.OWNERS[slug]] for slug in projects}
    memberships = (
        Membership.objects.filter(
            project__in=projects.values(),
            organisation__in=owners.values(),
            role__in=[Role.EMPLOYER_LIAISON, Role.PROJECT_LEAD],
        )
        .select_related("user")
        .order_by("user__email")
    )
    owner_ids = {projects[slug].pk: organisation.pk for slug, organisation in owners.items()}
    people: dict[tuple[int, str], list[User]] = {}
    for membership in memberships:
        if membership.organisation_id != owner_ids[membership.project_id]:
            continue
        people.setdefault((membership.project_id, membership.role), []).append(membership.user)

    def first(project, role):
        users = people.get((project.pk, role), [])
        # The demo logins before the generated staff (".teamN@").
        users = sorted(users, key=lambda user: (".team" in user.email, user.email))
        return users[0] if users else None

    tenants = {}
    for spec in data.PROJECTS:
        slug = spec["slug"]
        if slug not in projects:
            continue
        project = projects[slug]
        tenants[slug] = _Tenant(
            project=project,
            organisation=owners[slug],
            liaison=first(project, Role.EMPLOYER_LIAISON),
            lead=first(project, Role.PROJECT_LEAD),
            districts={key: districts[key] for key in spec["districts"]},
        )
    return tenants


def _settings(economy: _Economy) -> None:
    """Each project's check-in schedule (the default: 1, 3 and 6 months, with the
    participant and with the employer; no daily job search, which would call the
    Bundesagentur from a demo) and the default matching weights."""
    for tenant in economy.tenants.values():
        author = tenant.lead or tenant.liaison
        defaults = {
            "check_months": [1, 3, 6],
            "check_with_participant": True,
            "check_with_employer": True,
            "ba_search": {},
        }
        EconomySettings.objects.update_or_create(
            project=tenant.project,
            defaults=defaults,
            create_defaults={**defaults, "created_by": author},
        )
        weights = {
            name: MatchWeights._meta.get_field(name).default
            for name in (
                "occupational_field",
                "skills",
                "german",
                "hours",
                "distance",
                "mobility",
                "start",
                "stage",
                "max_distance_km",
            )
        }
        MatchWeights.objects.update_or_create(
            project=tenant.project,
            defaults=weights,
            create_defaults={**weights, "created_by": author},
        )
