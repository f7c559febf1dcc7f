"""Writes of vacant units (`economy.services.units`): creating with its first history
step, versioned edits, the way from vacant to let, and deleting."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from quartier.core.models import Role
from quartier.core.services import ConcurrentEditError
from quartier.economy.models import UnitStatusChange, VacantUnit
from quartier.economy.services import units as services
from tests.economy.factories_events import EventEmployerFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def liaison(world):
    return world.member(Role.EMPLOYER_LIAISON, world.org_a)


@pytest.fixture
def unit(world):
    return UnitFactory(project=world.project, organisation=world.org_a)


def test_create_starts_the_history_with_vacant(world, liaison):
    unit = services.unit_create(
        actor=liaison,
        project=world.project,
        organisation=world.org_a,
        title="Ehemaliger Blumenladen",
        street="Emil-Wölk-Straße 4",
        postcode="07747",
        vacant_since=dt.date(2025, 10, 1),
    )
    assert (unit.status, unit.status_since) == ("vacant", dt.date(2025, 10, 1))
    assert list(unit.status_changes.values_list("status", "date")) == [
        ("vacant", dt.date(2025, 10, 1))
    ]


def test_create_checks_role_and_input(world, liaison):
    worker = world.member(Role.CASE_WORKER, world.org_a)
    with pytest.raises(PermissionDenied):
        services.unit_create(
            actor=worker, project=world.project, organisation=world.org_a, title="x", street="y"
        )
    with pytest.raises(ValidationError) as error:
        services.unit_create(
            actor=liaison,
            project=world.project,
            organisation=world.org_a,
            title="x",
            street="y",
            postcode="0774",
        )
    assert "postcode" in error.value.message_dict
    assert not VacantUnit.objects.exists()


def test_update_is_versioned(liaison, unit):
    version = unit.version
    services.unit_update(actor=liaison, unit=unit, expected_version=version, owner_name="WG Lobeda")
    with pytest.raises(ConcurrentEditError):
        services.unit_update(
            actor=liaison,
            unit=VacantUnit.objects.get(pk=unit.pk),
            expected_version=version,
            notes="x",
        )


def test_from_vacant_through_talks_to_let(world, liaison, unit):
    tenant = EventEmployerFactory(project=world.project, organisation=world.org_a)
    services.unit_status_change(
        actor=liaison,
        unit=unit,
        expected_version=unit.version,
        status="in_talks",
        date=dt.date(2026, 1, 10),
    )
    services.unit_status_change(
        actor=liaison,
        unit=unit,
        expected_version=unit.version,
        status="let",
        date=dt.date(2026, 2, 1),
        tenant=tenant,
    )
    unit.refresh_from_db()
    assert (unit.status, unit.status_since, unit.let_on, unit.tenant) == (
        "let",
        dt.date(2026, 2, 1),
        dt.date(2026, 2, 1),
        tenant,
    )
    assert list(unit.status_changes.order_by("date").values_list("status", flat=True)) == [
        "vacant",
        "in_talks",
        "let",
    ]
    # Vacant again: the letting and the tenant are cleared.
    services.unit_status_change(
        actor=liaison,
        unit=unit,
        expected_version=unit.version,
        status="vacant",
        date=dt.date(2026, 6, 1),
        tenant=tenant,
    )
    unit.refresh_from_db()
    assert (unit.let_on, unit.tenant, unit.vacant_since) == (None, None, dt.date(2026, 6, 1))


def test_the_same_change_twice_is_harmless(liaison, unit):
    version = unit.version
    for _ in range(2):
        services.unit_status_change(
            actor=liaison,
            unit=VacantUnit.objects.get(pk=unit.pk),
            expected_version=version,
            status="in_talks",
            date=dt.date(2026, 1, 10),
        )
    assert UnitStatusChange.objects.filter(unit=unit, status="in_talks").count() == 1


def test_a_stale_or_backdated_change_is_refused(liaison, unit):
    with pytest.raises(ConcurrentEditError):
        services.unit_status_change(
            actor=liaison,
            unit=unit,
            expected_version=unit.version - 1,
            status="in_talks",
            date=dt.date(2026, 1, 10),
        )
    with pytest.raises(ValidationError) as error:
        services.unit_status_change(
            actor=liaison,
            unit=unit,
            expected_version=unit.version,
            status="in_talks",
            date=dt.date(2025, 1, 1),
        )
    assert "date" in error.value.message_dict


def test_the_tenant_must_be_an_employer_of_the_project_the_actor_sees(world, liaison, unit):
    foreign = EventEmployerFactory(project=world.other_project, organisation=world.org_c)
    with pytest.raises(ValidationError) as error:
        services.unit_status_change(
            actor=liaison,
            unit=unit,
            expected_version=unit.version,
            status="let",
            date=dt.date(2026, 2, 1),
            tenant=foreign,
        )
    assert "tenant" in error.value.message_dict


def test_unit_change_edits_and_moves_in_one_step(liaison, unit):
    services.unit_change(
        actor=liaison,
        unit=unit,
        expected_version=unit.version,
        data={"rent_monthly": 650},
        status_change={"status": "in_talks", "date": dt.date(2026, 1, 5)},
    )
    unit.refresh_from_db()
    assert (unit.rent_monthly, unit.status) == (650, "in_talks")


def test_delete_needs_the_change_permission(world, liaison, unit):
    worker = world.member(Role.CASE_WORKER, world.org_a)
    with pytest.raises(PermissionDenied):
        services.unit_delete(actor=worker, unit=unit)
    services.unit_delete(actor=liaison, unit=unit)
    assert not VacantUnit.objects.exists()
    assert not UnitStatusChange.objects.exists()
