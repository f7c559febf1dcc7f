"""Writes of a project's retention rules (kept by the project lead or a data-protection
officer in the project: `privacy.manage_retention_rules`)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from quartier.core.models import Project
from quartier.core.services import save_versioned
from quartier.privacy.models import RetentionRule

RULE_FIELDS = ("scope", "legal_basis", "citation", "start_event", "duration_months")


def _check(actor, project: Project) -> None:
    if not actor.has_perm("privacy.manage_retention_rules", project):
        raise PermissionDenied


@transaction.atomic
def retention_rule_create(*, actor, project: Project, **values) -> RetentionRule:
    _check(actor, project)
    rule = RetentionRule(
        project=project, created_by=actor, **{name: values[name] for name in RULE_FIELDS}
    )
    rule.full_clean()
    rule.save()
    return rule


@transaction.atomic
def retention_rule_update(
    *, actor, rule: RetentionRule, expected_version: int, **values
) -> RetentionRule:
    _check(actor, rule.project)
    for name in RULE_FIELDS:
        if name in values:
            setattr(rule, name, values[name])
    save_versioned(rule, expected_version=expected_version)
    return rule


@transaction.atomic
def retention_rule_delete(*, actor, rule: RetentionRule) -> None:
    """Delete a rule. Erasures already carried out keep what they recorded (the erasure
    log holds the rule as text)."""
    _check(actor, rule.project)
    RetentionRule.objects.filter(pk=rule.pk).delete()
