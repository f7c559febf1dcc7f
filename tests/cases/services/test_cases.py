"""The rules of `cases.services.cases`: locking, who may change a case, the responsible person."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from quartier.cases.models import Case
from quartier.cases.services import cases as case_services
from quartier.cases.services import contacts as contact_services
from quartier.core.models import Role
from quartier.core.services import ConcurrentEditError

pytestmark = pytest.mark.django_db


def test_stale_case_form_is_refused(worker, case):
    stale = case.version
    case_services.case_update(
        actor=worker,
        case=case,
        expected_version=stale,
        stage="profiling",
        responsible=worker,
        entry_date=case.entry_date,
    )
    with pytest.raises(ConcurrentEditError):
        case_services.case_update(
            actor=worker,
            case=Case.objects.get(pk=case.pk),
            expected_version=stale,
            stage="qualification",
            responsible=worker,
            entry_date=case.entry_date,
        )
    assert Case.objects.get(pk=case.pk).stage == "profiling"


def test_case_worker_of_partner_cannot_change_case(world, case):
    partner = world.member(Role.CASE_WORKER, world.org_b)
    with pytest.raises(PermissionDenied):
        contact_services.contact_create(
            actor=partner,
            case=case,
            date=date(2025, 4, 1),
            duration_minutes=30,
            channel="phone",
            topics=[],
        )


def test_responsible_must_hold_a_case_role_in_the_owning_organisation(world, worker, case):
    partner = world.member(Role.CASE_WORKER, world.org_b)
    with pytest.raises(ValidationError) as error:
        case_services.case_update(
            actor=worker,
            case=case,
            expected_version=case.version,
            stage=case.stage,
            responsible=partner,
            entry_date=case.entry_date,
        )
    assert "responsible" in error.value.message_dict
