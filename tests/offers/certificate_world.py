"""Fixtures shared by the certificate tests: a DORSTEN TREFF-like module whose
participants take part for some months, with their attendance."""

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from quartier.core.models import Role
from quartier.offers.models import Attendance, Enrolment, Offer
from tests.factories import CaseFactory, FunderFactory
from tests.offers.factories import OfferFactory, ScheduleFactory

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Stored PDFs go to a temporary folder, never to the shared MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def worker(world):
    return world.member(Role.CASE_WORKER, world.org_a)


@pytest.fixture
def lead(world):
    return world.member(Role.PROJECT_LEAD, world.org_a)


@pytest.fixture
def module(world) -> Offer:
    """A qualification module with the default rule (four months), a session every day."""
    world.project.funders.add(
        FunderFactory(name="Europäischer Sozialfonds Plus"), FunderFactory(name="Land NRW")
    )
    offer = OfferFactory(
        project=world.project,
        organisation=world.org_a,
        title="Fahrradrikscha und E-Mobilität",
        certificate_contents="Fahrsicherheit mit Fahrgästen\nWartung von E-Antrieben",
    )
    ScheduleFactory(offer=offer)
    return offer


def took_part(
    offer: Offer,
    *,
    months: int,
    first_name: str = "Ayşe",
    last_name: str = "Yılmaz",
    organisation=None,
    sessions: int = 40,
    hours: str = "3",
) -> Enrolment:
    """An active enrolment that started `months` months ago today, with `sessions`
    attended sessions of `hours` hours from the start on."""
    case = CaseFactory(
        participant__project=offer.project,
        participant__organisation=organisation or offer.organisation,
        participant__first_name=first_name,
        participant__last_name=last_name,
        entry_date=TODAY - relativedelta(months=months + 1),
    )
    start = TODAY - relativedelta(months=months)
    enrolment = Enrolment.objects.create(offer=offer, case=case, status="active", start_date=start)
    Attendance.objects.bulk_create(
        Attendance(
            enrolment=enrolment, date=start + dt.timedelta(days=day), status="present", hours=hours
        )
        for day in range(min(sessions, (TODAY - start).days + 1))
    )
    return enrolment
