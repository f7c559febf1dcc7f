"""Builds the demo: the five seed projects, one login per role, synthetic staff and participants.

Reproducible: the same `seed` gives the same people. Participants are written with
`bulk_create` in batches, so `participants=100_000` takes seconds, not hours.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from faker import Faker

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
from quartier.participants.models import Gender, Participant

BATCH_SIZE = 5000


@dataclass
class SeedSummary:
    projects: int
    organisations: int
    users: int
    participants: int


def demo_is_loaded() -> bool:
    return Project.objects.filter(slug__in=[p["slug"] for p in data.PROJECTS]).exists()


def demo_logins() -> list[tuple[str, str, str]]:
    """(e-mail, role, project) of every demo login, for printing."""
    rows = [(f"admin@{data.DEMO_DOMAIN}", "Plattform-Admin", "alle Projekte")]
    for local, _name, role, _org, project in data.DEMO_USERS:
        rows.append((f"{local}@{data.DEMO_DOMAIN}", Role(role).label, project))
    return rows


@transaction.atomic
def seed_demo(*, seed: int = 1, participants: int = 500, staff_per_project: int = 4) -> SeedSummary:
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
        project, _ = Project.objects.update_or_create(
            slug=spec["slug"],
            defaults={
                "name": spec["name"],
                "description": spec["description"],
                "start_date": spec["start"],
                "end_date": spec["end"],
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

    users = _seed_demo_users(organisations, projects)
    users += _seed_staff(fake, rng, projects, staff_per_project)
    count = _seed_participants(fake, rng, projects, participants)
    return SeedSummary(
        projects=len(projects), organisations=len(organisations), users=users, participants=count
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


def _demo_user(email: str, full_name: str, password_hash: str, **extra) -> User:
    user, _ = User.objects.update_or_create(
        email=email,
        defaults={"full_name": full_name, "is_demo": True, "password": password_hash, **extra},
    )
    return user


def _seed_demo_users(organisations, projects) -> int:
    # Hash once: the password hasher is deliberately slow.
    password_hash = make_password(data.DEMO_PASSWORD)
    _demo_user(
        f"admin@{data.DEMO_DOMAIN}", "Anna Admin", password_hash, is_superuser=True, is_staff=True
    )
    for local, name, role, org_slug, project_slug in data.DEMO_USERS:
        user = _demo_user(f"{local}@{data.DEMO_DOMAIN}", name, password_hash)
        Membership.objects.get_or_create(
            user=user,
            organisation=organisations[org_slug],
            project=projects[project_slug],
            role=role,
        )
    return len(data.DEMO_USERS) + 1


def _seed_staff(fake, rng, projects, per_project: int) -> int:
    """A few colleagues per project so that team lists are not empty (no login: no password)."""
    staff_roles = [Role.CASE_WORKER, Role.JOB_COACH, Role.NETWORK_COACH, Role.EMPLOYER_LIAISON]
    created = 0
    for project in projects.values():
        members = list(project.consortium.select_related("organisation"))
        for index in range(per_project):
            name = f"{fake.first_name()} {fake.last_name()}"
            email = f"{project.slug}.team{index + 1}@{data.DEMO_DOMAIN}"
            user, _ = User.objects.update_or_create(
                email=email, defaults={"full_name": name, "is_demo": True}
            )
            if user.has_usable_password():
                user.set_unusable_password()
                user.save(update_fields=["password"])
            Membership.objects.get_or_create(
                user=user,
                organisation=members[index % len(members)].organisation,
                project=project,
                role=staff_roles[index % len(staff_roles)],
            )
            created += 1
    return created


def _seed_participants(fake, rng, projects, total: int) -> int:
    """Synthetic participants spread over the projects and their consortium members."""
    Participant.objects.filter(project__in=projects.values()).delete()
    if total <= 0:
        return 0
    targets = []
    for project in projects.values():
        members = [m.organisation for m in project.consortium.select_related("organisation")]
        districts = list(project.districts.all())
        targets.append((project, members, districts))
    genders = (
        [Gender.FEMALE] * 48
        + [Gender.MALE] * 48
        + [Gender.NON_BINARY] * 1
        + [Gender.NOT_STATED] * 3
    )
    # Faker is slow per call; draw name pools once and combine them with the seeded RNG.
    first_female = [fake.first_name_female() for _ in range(300)]
    first_male = [fake.first_name_male() for _ in range(300)]
    first_any = first_female + first_male
    last_names = [fake.last_name() for _ in range(1000)]
    batch: list[Participant] = []
    written = 0
    for number in range(1, total + 1):
        project, members, districts = targets[number % len(targets)]
        district = districts[number % len(districts)]
        gender = rng.choice(genders)
        first = rng.choice(
            first_female
            if gender == Gender.FEMALE
            else first_male
            if gender == Gender.MALE
            else first_any
        )
        entry_year = project.start_date.year
        age = rng.choice([rng.randint(15, 24), rng.randint(25, 54), rng.randint(55, 64)])
        birth = date(entry_year - age, 1, 1) + timedelta(days=rng.randint(0, 364))
        batch.append(
            Participant(
                project=project,
                organisation=members[number % len(members)],
                external_id=f"{project.slug[:3].upper()}-{number:06d}",
                first_name=first,
                last_name=rng.choice(last_names),
                birth_date=birth,
                gender=gender,
                postcode=data.DISTRICTS[district.slug]["plz"],
                district=district,
            )
        )
        if len(batch) >= BATCH_SIZE:
            Participant.objects.bulk_create(batch)
            written += len(batch)
            batch = []
    if batch:
        Participant.objects.bulk_create(batch)
        written += len(batch)
    return written
