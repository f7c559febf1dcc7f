"""Writes of employer services (`economy.services.advice`)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from quartier.core.services import ConcurrentEditError
from quartier.economy.models.advice import EmployerService
from quartier.economy.services import advice as services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_create_update_delete(world, liaison, employer):
    service = services.service_create(
        actor=liaison,
        employer=employer,
        date=dt.date(2025, 4, 1),
        kind="subsidy_help",
        aim="person",
        topic="Eingliederungszuschuss",
    )
    assert (service.staff, service.aim) == (liaison, "person")
    services.service_update(
        actor=liaison, service=service, expected_version=service.version, outcome="Antrag gestellt"
    )
    with pytest.raises(ConcurrentEditError):
        services.service_update(actor=liaison, service=service, expected_version=1, topic="x")
    services.service_delete(actor=liaison, service=service)
    assert not EmployerService.objects.exists()


def test_only_the_owners_economy_staff_write(
    world, liaison, partner_liaison, case_worker, employer
):
    for actor in (partner_liaison, case_worker):
        with pytest.raises(PermissionDenied):
            services.service_create(actor=actor, employer=employer, kind="other", topic="x")


def test_staff_must_work_in_the_project(world, liaison, employer):
    with pytest.raises(ValidationError) as error:
        services.service_create(
            actor=liaison, employer=employer, kind="other", topic="x", staff=UserFactory()
        )
    assert "staff" in error.value.message_dict


def test_unknown_kind_is_a_field_error(world, liaison, employer):
    with pytest.raises(ValidationError) as error:
        services.service_create(actor=liaison, employer=employer, kind="magic", topic="x")
    assert "kind" in error.value.message_dict
