"""Small writes of partners and meetings' tasks, as the API makes them: add a partner
to a project's network, change its level, role, notes, target groups and whether it is
active, tick off a task. (The pages' fuller services live beside this module; the
merge may fold these into them.)"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.core.models import Organisation, Project, User
from quartier.core.services import save_versioned
from quartier.network.models import MeetingOutcome, OutcomeKind, Partner
from quartier.network.services.referrals import require_permission
from quartier.participants.models import TargetGroup

#: The fields of a partner the API changes.
PARTNER_FIELDS = ("level", "role", "notes", "is_active", "target_groups")


def _clean_target_groups(values) -> list[str]:
    values = list(values or [])
    unknown = sorted({str(value) for value in values} - set(TargetGroup.values))
    if unknown:
        raise ValidationError(
            {
                "target_groups": _("Unknown target groups: %(groups)s.")
                % {"groups": ", ".join(unknown)}
            }
        )
    return [value for value in TargetGroup.values if value in values]


@transaction.atomic
def partner_create(
    *,
    actor: User,
    project: Project,
    organisation: Organisation,
    partner_organisation: Organisation,
    **fields,
) -> Partner:
    """Add `partner_organisation` to the project's network, kept by `organisation`."""
    require_permission(actor, "network.add_partner", project)
    partner = Partner(
        project=project,
        organisation=organisation,
        partner_organisation=partner_organisation,
        created_by=actor,
    )
    for field in PARTNER_FIELDS:
        if field in fields:
            setattr(partner, field, fields[field])
    partner.target_groups = _clean_target_groups(partner.target_groups)
    partner.full_clean()
    partner.save()
    return partner


@transaction.atomic
def partner_update(*, actor: User, partner: Partner, expected_version: int, **fields) -> Partner:
    """Change the partner's level, role, notes, target groups or whether it is active."""
    require_permission(actor, "network.change_partner", partner)
    for field, value in fields.items():
        if field not in PARTNER_FIELDS:
            raise ValueError(f"not a field the API changes: {field}")
        setattr(partner, field, value)
    partner.target_groups = _clean_target_groups(partner.target_groups)
    save_versioned(partner, expected_version=expected_version)
    return partner


@transaction.atomic
def task_complete(*, actor: User, task: MeetingOutcome, now: datetime | None = None):
    """Tick off a meeting's task (once: a second tick is refused)."""
    task = MeetingOutcome.objects.select_for_update().get(pk=task.pk)
    if task.kind != OutcomeKind.TASK:
        raise ValidationError(_("Only a task can be ticked off."), code="state")
    require_permission(actor, "network.complete_task", task)
    if task.done_at is not None:
        raise ValidationError(_("This task has already been done."), code="state")
    task.done_at = now or timezone.now()
    task.done_by = actor
    task.save(update_fields=["done_at", "done_by", "updated_at"])
    return task
