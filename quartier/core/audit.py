"""Which models django-auditlog records (every create, change and delete, with the actor),
and how an entry reads on the audit page."""

from dataclasses import dataclass

from auditlog.context import auditlog_value
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

from quartier.core.models import (
    ApiToken,
    District,
    DistrictStatistic,
    Funder,
    Membership,
    Organisation,
    Project,
    ProjectMember,
    User,
)

auditlog.register(User, exclude_fields=["password", "last_login"])
auditlog.register(Organisation)
auditlog.register(District)
auditlog.register(DistrictStatistic)
auditlog.register(Funder)
auditlog.register(Project, m2m_fields={"funders", "districts"})
auditlog.register(ProjectMember)
auditlog.register(Membership)
auditlog.register(ApiToken, exclude_fields=["key_hash", "last_used_at"])


def set_request_actor(user) -> None:
    """Name `user` as the actor of every audit entry the current request writes.

    AuditlogMiddleware reads the actor when the request arrives; an API request is
    authenticated later, by its bearer token, so the token's user is set here. Without
    a request context (a command, a task) nothing changes.
    """
    try:
        context = auditlog_value.get()
    except LookupError:
        return
    context["actor"] = user


ACTION_LABELS = {
    LogEntry.Action.CREATE: _("created"),
    LogEntry.Action.UPDATE: _("changed"),
    LogEntry.Action.DELETE: _("deleted"),
    LogEntry.Action.ACCESS: _("viewed"),
}
#: Bookkeeping fields every save changes; they tell a reader nothing.
UNINTERESTING_FIELDS = {"version", "updated_at"}


@dataclass
class AuditRow:
    entry: LogEntry
    action: str
    changes: list[tuple[str, str, str]]


#: How django-auditlog writes a yes/no or an empty value, and how staff read it.
PLAIN_VALUES = {"True": _("yes"), "False": _("no"), "None": "", "[]": ""}


def _shown(value) -> str:
    value = str(value)
    return str(PLAIN_VALUES.get(value, value))


def describe(entry: LogEntry) -> AuditRow:
    """An entry as staff read it: the action in words and, for changes, each field by its
    label with old and new value (choices shown by their labels)."""
    changes = []
    if entry.action == LogEntry.Action.UPDATE:
        raw = entry.changes_dict
        shown = entry.changes_display_dict
        model = entry.content_type.model_class()
        for field, value in raw.items():
            if field in UNINTERESTING_FIELDS:
                continue
            label = field
            if model is not None:
                try:
                    label = str(model._meta.get_field(field).verbose_name)
                except FieldDoesNotExist:  # a field removed since the entry was written
                    label = field
            if isinstance(value, dict):  # many-to-many: {"operation": "add", "objects": [...]}
                objects = ", ".join(value.get("objects", []))
                old, new = ("", objects) if value.get("operation") == "add" else (objects, "")
            else:
                old, new = shown.get(label) or shown.get(field) or value
            changes.append((label, _shown(old), _shown(new)))
    return AuditRow(entry=entry, action=str(ACTION_LABELS.get(entry.action, "")), changes=changes)
