"""`privacy.selectors.retention`: the rules of the projects the user sees."""

import pytest

from quartier.core.models import Role
from quartier.privacy.models import RetentionRule
from quartier.privacy.selectors.retention import retention_rules_of, retention_rules_visible_to

pytestmark = pytest.mark.django_db


def test_rules_of_visible_projects_only(world):
    own = RetentionRule.objects.create(
        project=world.project, scope="case_file", legal_basis="a", citation="a", duration_months=1
    )
    RetentionRule.objects.create(
        project=world.other_project,
        scope="case_file",
        legal_basis="b",
        citation="b",
        duration_months=1,
    )
    dpo = world.member(Role.DATA_PROTECTION_OFFICER)
    assert list(retention_rules_visible_to(dpo)) == [own]
    assert list(retention_rules_of(user=dpo, project=world.other_project)) == []
