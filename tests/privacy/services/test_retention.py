"""`privacy.services.retention`: rules are kept by the project lead and the DPO only."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from quartier.core.models import Role
from quartier.core.services import ConcurrentEditError
from quartier.privacy.models import RetentionRule
from quartier.privacy.services import retention as services

pytestmark = pytest.mark.django_db

VALUES = {
    "scope": "indicator_data",
    "legal_basis": "Funder",
    "citation": "Art. 82",
    "start_event": "exit",
    "duration_months": 60,
}


def test_create_update_delete(world):
    dpo = world.member(Role.DATA_PROTECTION_OFFICER)
    rule = services.retention_rule_create(actor=dpo, project=world.project, **VALUES)
    services.retention_rule_update(
        actor=dpo, rule=rule, expected_version=rule.version, duration_months=12
    )
    assert RetentionRule.objects.get(pk=rule.pk).duration_months == 12
    with pytest.raises(ConcurrentEditError):
        services.retention_rule_update(actor=dpo, rule=rule, expected_version=1, duration_months=3)
    services.retention_rule_delete(actor=dpo, rule=rule)
    assert not RetentionRule.objects.exists()


def test_invalid_and_unauthorised(world):
    lead = world.member(Role.PROJECT_LEAD)
    with pytest.raises(ValidationError):
        services.retention_rule_create(
            actor=lead, project=world.project, **{**VALUES, "duration_months": 1500}
        )
    with pytest.raises(PermissionDenied):
        services.retention_rule_create(
            actor=world.member(Role.CASE_WORKER), project=world.project, **VALUES
        )
