"""The checks every write service of the offers app starts with: the actor's
permission (`quartier.offers.rules`), case roles and consortium membership, and the
small helpers they share."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from quartier.core.models import Organisation, Project, ProjectMember, User
from quartier.core.tenancy import may_act_for


def _require(actor: User | None, perm: str, obj=None) -> None:
    if actor is None or not actor.has_perm(perm, obj):
        raise PermissionDenied(_("You are not allowed to do this."))


def _require_case_role_in(actor: User, project: Project, organisation: Organisation) -> None:
    """Creating in an organisation's name needs a case role there (platform admins aside)."""
    if not may_act_for(actor, project, organisation):
        raise PermissionDenied(
            _("You can only create offers and places for an organisation you work for.")
        )


def _check_consortium(project: Project, organisation: Organisation) -> None:
    if not ProjectMember.objects.filter(project=project, organisation=organisation).exists():
        raise ValidationError(
            {"organisation": _("This organisation is not part of the project's consortium.")}
        )


def _set_fields(instance, allowed: tuple[str, ...], fields: dict) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(instance, name, value)


def _today() -> dt.date:
    return timezone.localdate()


def _day(value: dt.date) -> str:
    return date_format(value, "d.m.Y")
