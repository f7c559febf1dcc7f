"""Optimistic locking in the API: a stale `version` becomes a 409 that says what changed.

The services refuse a stale save with `ConcurrentEditError`. An endpoint wraps the
service call in `version_guard(instance, version)`, which turns that error into a
`VersionConflict` carrying the record; the API's handler answers 409 with the version
now stored and the fields changed since the client's version, read from the audit log
(every versioned save raises `version`, and django-auditlog records it with the fields
it changed).
"""

from collections.abc import Iterator
from contextlib import contextmanager

from auditlog.models import LogEntry
from django.db.models import Model
from django.utils.translation import gettext as _

from quartier.core.services import ConcurrentEditError

#: Bookkeeping fields that change with every save and say nothing to the client.
_NOT_REPORTED = {"version", "updated_at"}


class VersionConflict(Exception):
    """A save was refused because the record was saved since the client read `version`."""

    def __init__(self, model: type[Model], pk: int, expected_version: int | None):
        super().__init__(f"{model._meta.label} {pk}: stale version {expected_version}")
        self.model = model
        self.pk = pk
        self.expected_version = expected_version


@contextmanager
def version_guard(instance: Model, expected_version: int | None) -> Iterator[None]:
    """Run a service call; a `ConcurrentEditError` becomes a `VersionConflict` for `instance`."""
    try:
        yield
    except ConcurrentEditError as error:
        raise VersionConflict(type(instance), instance.pk, expected_version) from error


def fields_changed_since(model: type[Model], pk: int, version: int | None) -> list[str]:
    """The fields changed by saves that started from `version` or a later one, oldest first."""
    if version is None:
        return []
    entries = (
        LogEntry.objects.filter(
            content_type__app_label=model._meta.app_label,
            content_type__model=model._meta.model_name,
            object_pk=str(pk),
            action=LogEntry.Action.UPDATE,
        )
        .order_by("-timestamp", "-id")
        .values_list("changes", flat=True)[:50]
    )
    changed: list[str] = []
    for changes in reversed(list(entries)):
        changes = changes or {}
        old_version = (changes.get("version") or [None])[0]
        try:
            started_from = int(old_version)
        except (TypeError, ValueError):
            continue
        if started_from < version:
            continue
        for field in changes:
            if field not in _NOT_REPORTED and field not in changed:
                changed.append(field)
    return changed


def conflict_body(conflict: VersionConflict) -> dict:
    """The 409 answer: a message in the request's language, the stored version, the fields."""
    current = (
        conflict.model._default_manager.filter(pk=conflict.pk)
        .values_list("version", flat=True)
        .first()
    )
    changed = fields_changed_since(conflict.model, conflict.pk, conflict.expected_version)
    values = {
        "yours": conflict.expected_version,
        "current": current,
        "fields": ", ".join(changed),
    }
    if changed:
        message = _(
            "Someone else saved this record after you read it (your version: %(yours)s, "
            "saved version: %(current)s). Changed meanwhile: %(fields)s. Nothing was "
            "saved: read the record again, check the new values and send your change "
            "with version %(current)s."
        )
    else:
        message = _(
            "Someone else saved this record after you read it (your version: %(yours)s, "
            "saved version: %(current)s). Nothing was saved: read the record again, check "
            "the new values and send your change with version %(current)s."
        )
    return {"detail": message % values, "version": current, "changed": changed}
