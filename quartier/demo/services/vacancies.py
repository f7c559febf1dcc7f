"""Many open vacancies for the matching benchmark and demo (`seed_demo --vacancies N`),
and the demo districts' postcode centres for the distance factor.

Written with `bulk_create` in batches: N open, confirmed vacancies spread over the demo
projects, each near one of its project's districts (up to about 15 km away, one in
twenty without coordinates), with an occupational field, German level, hours, and up
to three essential and two optional skills from the Potenzialanalyse's list; a few
employers per project to hang them on."""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from quartier.cases.models import Skill
from quartier.core.models import Project
from quartier.economy.models import Employer, Vacancy, VacancySkill
from quartier.economy.models.common import employer_name_key
from quartier.matching import services as matching_services
from quartier.matching.postcodes import DEMO_FILE, parse_postcodes

BATCH = 2000
EMPLOYERS_PER_PROJECT = 20
TITLES = {
    "gardening_landscaping": "Helfer/in Garten- und Landschaftsbau",
    "household_services": "Haushaltshilfe",
    "care": "Pflegehelfer/in",
    "hotel_catering": "Servicekraft Gastronomie",
    "cleaning": "Reinigungskraft",
    "logistics": "Lagerhelfer/in",
    "retail": "Verkäufer/in",
    "crafts": "Helfer/in Handwerk",
    "building": "Bauhelfer/in",
    "security": "Sicherheitsmitarbeiter/in",
    "emobility_bicycles": "Fahrradmonteur/in",
    "office_digital_media": "Bürokraft",
    "childcare": "Kinderbetreuer/in",
}
LEVELS = ["", "", "A1", "A2", "B1", "B1", "B2", "C1"]


def load_demo_postcodes() -> int:
    rows, errors = parse_postcodes(DEMO_FILE.read_text(encoding="utf-8"))
    if errors:  # the shipped file is checked by the tests
        raise ValueError("; ".join(errors))
    matching_services.postcode_areas_load(rows)
    return len(rows)


@transaction.atomic
def seed_vacancies(*, count: int, seed: int = 1, projects=None, organisation=None) -> int:
    """Create `count` open, confirmed vacancies over the demo projects (or over
    `projects`), owned by the consortium organisations in turn (or all by
    `organisation`); returns `count`."""
    rng = random.Random(seed)
    load_demo_postcodes()
    chosen = Project.objects.all() if projects is None else projects
    projects = list(chosen.prefetch_related("districts").order_by("slug"))
    skills = list(Skill.objects.values_list("pk", flat=True))
    if not projects or count <= 0:
        return 0
    employers: dict[int, list[Employer]] = {}
    for project in projects:
        # Spread over the consortium, so that every organisation's staff see some.
        organisations = [organisation] if organisation else []
        organisations = organisations or list(project.organisations.order_by("pk"))
        organisations = organisations or [project.lead_organisation]
        district = project.districts.first()
        rows = []
        for number in range(EMPLOYERS_PER_PROJECT):
            name = f"Demo-Betrieb {project.slug} {number + 1:02d} GmbH"
            rows.append(
                Employer(
                    project=project,
                    organisation=organisations[number % len(organisations)],
                    name=name,
                    name_key=employer_name_key(name),
                    city=district.city if district else "",
                )
            )
        Employer.objects.bulk_create(rows)
        employers[project.pk] = list(
            Employer.objects.filter(project=project, name__startswith="Demo-Betrieb ")
        )[-EMPLOYERS_PER_PROJECT:]
    today = timezone.localdate()
    fields = list(TITLES)
    first_id = (Vacancy.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    made = 0
    while made < count:
        batch = []
        for _ in range(min(BATCH, count - made)):
            project = projects[made % len(projects)]
            districts = list(project.districts.all())
            employer = rng.choice(employers[project.pk])
            field = rng.choice(fields)
            latitude = longitude = None
            if districts and rng.random() > 0.05:
                district = rng.choice(districts)
                latitude = round(float(district.centre_lat) + rng.uniform(-0.13, 0.13), 6)
                longitude = round(float(district.centre_lon) + rng.uniform(-0.2, 0.2), 6)
            hours = rng.choice([None, 20, 25, 30, 35, 39, 40])
            batch.append(
                Vacancy(
                    project=project,
                    organisation=employer.organisation,
                    employer=employer,
                    title=f"{TITLES[field]} ({made + 1})",
                    occupational_field=rng.choice([field, field, field, ""]),
                    german_level=rng.choice(LEVELS),
                    driving_licence=rng.random() < 0.2,
                    hours_per_week=hours,
                    part_time=rng.random() < 0.4,
                    shift_work=rng.random() < 0.25,
                    start_date=rng.choice([None, today + timedelta(days=rng.randint(-10, 180))]),
                    city=employer.city,
                    latitude=latitude,
                    longitude=longitude,
                )
            )
            made += 1
        Vacancy.objects.bulk_create(batch, batch_size=BATCH)
    needs = []
    if skills:
        for vacancy_id in Vacancy.objects.filter(pk__gte=first_id).values_list("pk", flat=True):
            chosen = rng.sample(skills, min(len(skills), rng.randint(0, 5)))
            needs.extend(
                VacancySkill(vacancy_id=vacancy_id, skill_id=skill, essential=index < 3)
                for index, skill in enumerate(chosen)
            )
    VacancySkill.objects.bulk_create(needs, batch_size=5000)
    return count
