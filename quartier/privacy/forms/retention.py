"""A project's retention rule: scope, legal basis with its citation, start event, duration."""

from quartier.core.forms import VersionedForm
from quartier.privacy.models import RetentionRule


class RetentionRuleForm(VersionedForm):
    class Meta:
        model = RetentionRule
        fields = ["scope", "legal_basis", "citation", "start_event", "duration_months"]
