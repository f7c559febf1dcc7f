"""Builds the demo: the five seed projects, one login per role, staff, and synthetic
participants with their whole case file.

Every participant gets the ESF Plus entry data, a case (stage spread over the chain,
about 30 % exited with exit data, some with the six-month follow-up), consents,
assessments, for most open cases a plan with goals, about ten contacts, follow-ups,
and for some a first contact; the projects get their consent texts and anonymous
walk-ins. The demo case-role logins get a realistic case load with follow-ups due
today and overdue, so that "Mein Tag" is never empty. The projects' offers, with
enrolments and attendance of these cases, follow (quartier.demo.offers.seeding), then
the local economy: employers, services, events, vacant units, vacancies, and placements
of these cases with their stabilisation check-ins (quartier.demo.economy.seeding),
then the network: Duisburg's partners, coach teams, referrals in every state and
the Beirat, Job-in-West's consortium referral and Jobcenter assignment
(quartier.demo.network.seeding), and last data protection: retention rules, consents
ending soon and withdrawn, a pupil with a parent's consent (quartier.demo.privacy.seeding).

The projects run in the present: each seed's funded period keeps its length and is
moved so that `today` lies inside it, ending in the sixth month after today's
(`data.demo_period`); the real period is written in the project's description. No
entry, contact, assessment, exit or attendance lies outside a project's period.

Reproducible: the same `seed` on the same `today` gives the same data (follow-ups are
placed around `today`). The case file is written with `bulk_create` in batches, with
no query per row and no audit entry per row (bulk writes send no signals), so
`participants=100_000` with about a million contacts takes a minute or two.
"""

import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from auditlog.context import disable_auditlog
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from faker import Faker

from quartier.cases.models import (
    Assessment,
    Case,
    Contact,
    Document,
    FollowUp,
    Goal,
    Plan,
)
from quartier.core.models import (
    District,
    DistrictStatistic,
    Funder,
    Membership,
    Organisation,
    Project,
    ProjectMember,
    Role,
    User,
)
from quartier.demo import data
from quartier.demo.economy import seeding as economy_seeding
from quartier.demo.network import seeding as network_seeding
from quartier.demo.offers import seeding as offer_seeding
from quartier.demo.privacy import seeding as privacy_seeding
from quartier.demo.services.people import _seed_people
from quartier.demo.services.staff import _seed_staff, _tenants
from quartier.economy.models import Employer
from quartier.network.models import Partner
from quartier.participants.models import (
    Consent,
    ConsentText,
    FirstContact,
    Participant,
)


@dataclass
class SeedSummary:
    projects: int
    organisations: int
    users: int
    participants: int
    cases: int = 0
    contacts: int = 0
    first_contacts: int = 0
    offers: int = 0
    enrolments: int = 0
    employers: int = 0
    vacancies: int = 0
    placements: int = 0
    partners: int = 0
    referrals: int = 0
    meetings: int = 0
    retention_rules: int = 0


def demo_is_loaded() -> bool:
    return Project.objects.filter(slug__in=[p["slug"] for p in data.PROJECTS]).exists()


def demo_has_economy() -> bool:
    """Whether the loaded demo has its local economy (a demo loaded before the economy
    existed has none)."""
    return Employer.objects.filter(project__slug__in=[p["slug"] for p in data.PROJECTS]).exists()


def demo_has_network() -> bool:
    """Whether the loaded demo has its network (a demo loaded before the network existed
    has none)."""
    return Partner.objects.filter(project__slug__in=[p["slug"] for p in data.PROJECTS]).exists()


def demo_logins() -> list[tuple[str, str, str]]:
    """(e-mail, role, project) of every demo login, for printing."""
    rows = [(f"admin@{data.DEMO_DOMAIN}", "Plattform-Admin", "alle Projekte")]
    for local, _name, role, _org, project in data.DEMO_USERS:
        rows.append((f"{local}@{data.DEMO_DOMAIN}", Role(role).label, project))
    return rows


@transaction.atomic
def seed_demo(*, seed: int = 1, participants: int = 500, today: date | None = None) -> SeedSummary:
    today = today or timezone.localdate()
    rng = random.Random(seed)
    fake = Faker("de_DE")
    fake.seed_instance(seed)

    districts = _seed_districts()
    funders = {
        slug: Funder.objects.update_or_create(
            name=name, defaults={"kind": kind, "programme": programme}
        )[0]
        for slug, (name, kind, programme) in data.FUNDERS.items()
    }
    organisations = {
        slug: Organisation.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "kind": kind,
                "street": street,
                "postcode": plz,
                "city": city,
            },
        )[0]
        for slug, (name, kind, street, plz, city) in data.ORGANISATIONS.items()
    }
    projects = {}
    for spec in data.PROJECTS:
        # The demo runs in the present: each seed's period, moved (data.demo_period).
        start, end, _months = data.demo_period(spec, today)
        project, _ = Project.objects.update_or_create(
            slug=spec["slug"],
            defaults={
                "name": spec["name"],
                "description": data.demo_description(spec),
                "start_date": start,
                "end_date": end,
            },
        )
        project.districts.set([districts[slug] for slug in spec["districts"]])
        project.funders.set([funders[slug] for slug in spec["funders"]])
        for index, org_slug in enumerate(spec["consortium"]):
            ProjectMember.objects.update_or_create(
                project=project,
                organisation=organisations[org_slug],
                defaults={"is_lead": index == 0},
            )
        projects[spec["slug"]] = project
    with disable_auditlog():  # the demo's texts are seeded, not changed by anyone
        _seed_consent_texts(projects)

    demo_users = _seed_demo_users(organisations, projects)
    # privacy (area dpo): an erasure made in the demo points at its participant.
    privacy_seeding.clear_demo_privacy(projects)
    # Referrals hang on the cases and consents, partners on the offers.
    network_seeding.clear_demo_network(projects)
    # Enrolments point at the cases that `_clear_people` removes.
    offer_seeding.clear_demo_offers(projects)
    # Placements and match suggestions hang on the cases.
    economy_seeding.clear_demo_economy(projects)
    _clear_people(projects)
    tenants = _tenants(projects, organisations, districts, participants, today)
    staff = _seed_staff(fake, rng, tenants, demo_users)
    counts = _seed_people(fake, rng, tenants, participants, today)
    offer_counts = offer_seeding.seed_offers(
        seed=seed, projects=projects, organisations=organisations, districts=districts, today=today
    )
    economy_counts = economy_seeding.seed_economy(
        seed=seed, projects=projects, organisations=organisations, districts=districts, today=today
    )
    # The network after the case files (referrals of their cases, with consents). Its
    # consents go through the consent service, which django-auditlog now records: the
    # demo's synthetic people get no change-log entry each (like the case files).
    with disable_auditlog():
        network_counts = network_seeding.seed_network(
            seed=seed,
            projects=projects,
            organisations=organisations,
            districts=districts,
            today=today,
        )
    # privacy (area dpo): retention rules, consents ending soon and one withdrawn (after
    # the network, whose referrals rest on consents that must stay valid), a pupil with
    # a parent's consent in Job-in-West.
    privacy_counts = privacy_seeding.seed_privacy(
        projects=projects, organisations=organisations, today=today
    )
    return SeedSummary(
        projects=len(projects),
        organisations=len(organisations),
        users=len(demo_users) + 1 + staff,
        participants=counts.participants,
        cases=counts.cases,
        contacts=counts.contacts,
        first_contacts=counts.first_contacts,
        offers=offer_counts.offers,
        enrolments=offer_counts.enrolments,
        employers=economy_counts.employers,
        vacancies=economy_counts.vacancies,
        placements=economy_counts.placements,
        partners=network_counts.partners,
        referrals=network_counts.referrals,
        meetings=network_counts.meetings,
        retention_rules=privacy_counts.retention_rules,
    )


def _seed_districts() -> dict[str, District]:
    districts = {}
    for slug, spec in data.DISTRICTS.items():
        districts[slug], _ = District.objects.update_or_create(
            slug=slug,
            defaults={
                "name": spec["name"],
                "city": spec["city"],
                "centre_lat": Decimal(spec["lat"]),
                "centre_lon": Decimal(spec["lon"]),
            },
        )
    for slug, figures in data.STATISTICS.items():
        figures = dict(figures)
        reference_date = figures.pop("reference_date")
        DistrictStatistic.objects.update_or_create(
            district=districts[slug], reference_date=reference_date, defaults=figures
        )
    return districts


def _seed_consent_texts(projects: dict[str, Project]) -> None:
    for project in projects.values():
        for purpose, text in data.CONSENT_TEXTS.items():
            values = {"text": text.format(project=project.name), "valid_from": project.start_date}
            ConsentText.objects.update_or_create(
                project=project, purpose=purpose, text_version="1.0", defaults=values
            )


def _demo_user(email: str, full_name: str, password_hash: str, **extra) -> User:
    user, _ = User.objects.update_or_create(
        email=email,
        defaults={"full_name": full_name, "is_demo": True, "password": password_hash, **extra},
    )
    return user


def _seed_demo_users(organisations, projects) -> list[tuple[User, str, str, str]]:
    """The demo logins: (user, role, organisation slug, project slug) of each."""
    # Hash once: the password hasher is deliberately slow.
    password_hash = make_password(data.DEMO_PASSWORD)
    _demo_user(
        f"admin@{data.DEMO_DOMAIN}", "Anna Admin", password_hash, is_superuser=True, is_staff=True
    )
    logins = []
    for local, name, role, org_slug, project_slug in data.DEMO_USERS:
        user = _demo_user(f"{local}@{data.DEMO_DOMAIN}", name, password_hash)
        Membership.objects.get_or_create(
            user=user,
            organisation=organisations[org_slug],
            project=projects[project_slug],
            role=role,
        )
        logins.append((user, role, org_slug, project_slug))
    return logins


def _clear_people(projects: dict[str, Project]) -> None:
    """Removes the demo projects' participants with everything hanging on them.

    Bottom-up raw deletes: the ORM's cascade would load every row into memory to send
    the audit log's delete signals, which at a million contacts takes minutes. Uploaded
    documents go through the normal delete (there are few, and they are not demo data).
    """
    project_ids = [project.pk for project in projects.values()]
    cases = Case.objects.filter(project_id__in=project_ids)
    with disable_auditlog():
        Document.objects.filter(case__in=cases).delete()
    for queryset in (
        Assessment.skills.through.objects.filter(assessment__case__in=cases),
        Goal.objects.filter(plan__case__in=cases),
        Plan.objects.filter(case__in=cases),
        Assessment.objects.filter(case__in=cases),
        Contact.objects.filter(case__in=cases),
        FollowUp.objects.filter(case__in=cases),
        cases,
        FirstContact.objects.filter(project_id__in=project_ids),
        Consent.objects.filter(participant__project_id__in=project_ids),
        Participant.objects.filter(project_id__in=project_ids),
    ):
        queryset._raw_delete(queryset.db)
