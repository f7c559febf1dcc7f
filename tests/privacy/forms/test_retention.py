"""The retention rule form."""

import pytest

from quartier.privacy.forms.retention import RetentionRuleForm


@pytest.mark.django_db
def test_the_form_takes_the_rule_fields():
    form = RetentionRuleForm(
        {
            "scope": "certificates",
            "legal_basis": "Proof of the qualification",
            "citation": "§ 257 HGB",
            "start_event": "recorded",
            "duration_months": "120",
            "expected_version": "1",
        }
    )
    assert form.is_valid(), form.errors
    assert not RetentionRuleForm({"scope": "everything"}).is_valid()
