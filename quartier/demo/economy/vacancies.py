"""The demo's vacancies (`catalogue.VACANCIES`): the projects' own, with their employer's
place and coordinates (one without an employer and without coordinates, so matching
says "distance unknown"), and those employers reported through the public form, not
yet checked (some from an employer not known before, to check as well). Required skills
come from the same skill list as the Potenzialanalyse (cases.Skill, by name; a name the
list lacks is left out). The vacancies a placement filled follow in `placements`.
"""

from datetime import timedelta
from decimal import Decimal

from quartier.demo import data
from quartier.demo.economy import catalogue
from quartier.demo.offers.catalogue import _validate
from quartier.economy.models import (
    Employer,
    ReviewStatus,
    Vacancy,
    VacancySkill,
    VacancySource,
    VacancyStatus,
    employer_name_key,
    size_class_for,
)


def _seed_vacancies(rng, economy, counts) -> None:
    today = economy.today
    reported = _reported_employers(economy)
    counts.employers += len(reported)
    vacancies, needs = [], []
    for spec in catalogue.VACANCIES:
        tenant = economy.tenants.get(spec["project"])
        if tenant is None:
            continue
        employer = economy.employers.get(spec["employer"]) or reported.get(spec["employer"])
        report = spec.get("reporter")
        field = spec.get("field") or _field_of(spec)
        if employer is not None:
            place = {
                "street": employer.street,
                "postcode": employer.postcode,
                "city": employer.city,
                "latitude": employer.latitude,
                "longitude": employer.longitude,
            }
        else:
            district = next(iter(tenant.districts))
            place = {
                "postcode": data.DISTRICTS[district]["plz"],
                "city": data.DISTRICTS[district]["city"],
            }
        hours = Decimal(spec["hours"])
        part_time = spec.get("part_time", False)
        vacancy = Vacancy(
            project=tenant.project,
            organisation=tenant.organisation,
            employer=employer,
            contact_person=None if report else economy.contact_of.get(spec["employer"]),
            kind=spec["kind"],
            title=spec["title"],
            occupational_field=field,
            description=(
                f"{hours:g} Stunden pro Woche"
                + (", Teilzeit möglich" if part_time else "")
                + (", im Schichtdienst" if spec.get("shift") else "")
                + ". Einarbeitung im Team, Begleitung durch das Projekt möglich."
            ),
            german_level=spec["german"],
            driving_licence=spec.get("licence", False),
            hours_per_week=hours,
            part_time=part_time,
            shift_work=spec.get("shift", False),
            start_date=today + timedelta(days=spec["start"]),
            places=spec.get("places", 1),
            status=spec.get("status", VacancyStatus.OPEN),
            source=VacancySource.EMPLOYER_REPORT if report else VacancySource.OWN,
            review_status=ReviewStatus.TO_CHECK if report else ReviewStatus.CONFIRMED,
            reporter_name=report[0] if report else "",
            reporter_email=report[1] if report else "",
            reporter_phone=report[2] if report else "",
            created_by=None if report else tenant.liaison,
            **place,
        )
        _validate(vacancy)
        vacancies.append(vacancy)
        essential, optional = spec["skills"]
        for names, is_essential in ((essential, True), (optional, False)):
            needs += [
                VacancySkill(vacancy=vacancy, skill_id=economy.skills[name], essential=is_essential)
                for name in names
                if name in economy.skills
            ]
    Vacancy.objects.bulk_create(vacancies)
    for need in needs:
        need.vacancy_id = need.vacancy.pk
    VacancySkill.objects.bulk_create(needs)
    counts.vacancies += len(vacancies)


def _field_of(spec) -> str:
    employer = catalogue.EMPLOYERS.get(spec["employer"])
    if employer is not None:
        return employer["field"]
    return spec.get("new_employer", {}).get("field", "")


def _reported_employers(economy) -> dict[str, Employer]:
    """Employers created by a report through the public form: marked "reported, to
    check", with no one responsible yet."""
    employers = {}
    for spec in catalogue.VACANCIES:
        new = spec.get("new_employer")
        tenant = economy.tenants.get(spec["project"])
        if not new or tenant is None:
            continue
        city = data.DISTRICTS[next(iter(tenant.districts))]["city"]
        employer = Employer(
            project=tenant.project,
            organisation=tenant.organisation,
            name=new["name"],
            name_key=employer_name_key(new["name"]),
            sector=new["sector"],
            size_class=size_class_for(None),
            street=new["street"],
            postcode=new["postcode"],
            city=city,
            latitude=Decimal(new["lat"]),
            longitude=Decimal(new["lon"]),
            in_programme_area=True,
            phone=spec["reporter"][2],
            email=spec["reporter"][1],
            review_status=ReviewStatus.TO_CHECK,
        )
        _validate(employer)
        employers[spec["employer"]] = employer
    Employer.objects.bulk_create(employers.values())
    return employers
