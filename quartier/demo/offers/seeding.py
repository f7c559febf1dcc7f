"""Seeding the demo's offers (`seed_offers`) after the case files exist
(`services.seeding.seed_demo`), and removing them again (`clear_demo_offers`).
"""

import random
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q

from quartier.core.models import District, Organisation, Project, User
from quartier.demo import data
from quartier.demo.offers.catalogue import _Catalogue
from quartier.demo.offers.taking_part import _load_cases, _load_goals, _plan_enrolments
from quartier.demo.offers.writing import (
    _issue_certificates,
    _service_requests,
    _Tables,
    _write_enrolments,
)
from quartier.offers.models import (
    Attendance,
    Certificate,
    Enrolment,
    Location,
    Offer,
    OfferTranslation,
    Schedule,
    ScheduleException,
    ServiceRequest,
)


@dataclass
class OfferCounts:
    offers: int = 0
    locations: int = 0
    enrolments: int = 0
    attendances: int = 0
    certificates: int = 0
    service_requests: int = 0


def clear_demo_offers(projects: dict[str, Project]) -> None:
    """Removes the demo projects' offers and places with everything hanging on them, and
    any enrolment of their cases (the cases are removed next, with raw deletes too).
    Stored certificate PDFs are deleted from the storage."""
    project_ids = [project.pk for project in projects.values()]
    offers = Offer.objects.filter(project_id__in=project_ids)
    enrolments = Enrolment.objects.filter(
        Q(offer__project_id__in=project_ids) | Q(case__project_id__in=project_ids)
    )
    certificates = Certificate.objects.filter(enrolment__in=enrolments)
    storage = Certificate._meta.get_field("pdf").storage
    for name in certificates.exclude(pdf="").values_list("pdf", flat=True):
        storage.delete(name)
    requests = ServiceRequest.objects.filter(offer__in=offers)
    schedules = Schedule.objects.filter(offer__in=offers)
    team = ServiceRequest.team.through.objects
    for queryset in (
        certificates,
        Attendance.objects.filter(enrolment__in=enrolments),
        team.filter(Q(servicerequest__in=requests) | Q(case__project_id__in=project_ids)),
        requests,
        enrolments,
        ScheduleException.objects.filter(schedule__in=schedules),
        schedules,
        OfferTranslation.objects.filter(offer__in=offers),
        Offer.locations.through.objects.filter(offer__in=offers),
        offers,
        Location.objects.filter(project_id__in=project_ids),
    ):
        queryset._raw_delete(queryset.db)


def seed_offers(
    *,
    seed: int,
    projects: dict[str, Project],
    organisations: dict[str, Organisation],
    districts: dict[str, District],
    today: date,
) -> OfferCounts:
    """The offers of the five projects and, for the cases that exist, their enrolments,
    attendance, certificates and the practical projects' service requests."""
    rng = random.Random(f"offers:{seed}")
    tz = ZoneInfo(settings.TIME_ZONE)
    logins = _demo_logins()
    catalogue = _Catalogue(projects, organisations, districts, logins, today, tz)
    catalogue.write()
    counts = OfferCounts(offers=len(catalogue.offers), locations=len(catalogue.locations))

    cases = _load_cases(projects, {user.pk for user in logins.values()}, today)
    goals = _load_goals(projects)
    enrolments = _plan_enrolments(rng, catalogue, cases, goals, today)
    tables = _Tables()
    _write_enrolments(rng, catalogue, enrolments, tables, today)
    counts.enrolments = tables.enrolments.written
    counts.attendances = tables.attendances.written
    counts.certificates = _issue_certificates(rng, catalogue, enrolments, today, tz)
    counts.service_requests = _service_requests(rng, catalogue, enrolments, today, tz)
    return counts


def _demo_logins() -> dict[str, User]:
    emails = {f"{local}@{data.DEMO_DOMAIN}": local for local, *_rest in data.DEMO_USERS}
    return {emails[user.email]: user for user in User.objects.filter(email__in=list(emails))}
