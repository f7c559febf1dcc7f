"""Writes of the privacy app: recording reads of personal data."""

from quartier.privacy.models import AccessLogEntry


def access_log_record(
    *,
    actor,
    action: str,
    record,
    project_id: int | None = None,
    organisation_id: int | None = None,
    detail: str = "",
) -> AccessLogEntry:
    """Record that `actor` read `record` (a model instance, or a model class for a list).

    One INSERT, no transaction of its own: it joins the request's.
    """
    is_instance = hasattr(record, "pk") and not isinstance(record, type)
    meta = record._meta
    return AccessLogEntry.objects.create(
        user=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        record_type=meta.label_lower,
        record_id=record.pk if is_instance else None,
        project_id=(
            project_id
            if project_id is not None or not is_instance
            else getattr(record, "project_id", None)
        ),
        organisation_id=(
            organisation_id
            if organisation_id is not None or not is_instance
            else getattr(record, "organisation_id", None)
        ),
        detail=detail[:200],
    )


# --- erasure: a minimal stand-in until the access-log area's version is merged ---
def access_log_scrub(*, participant_id: int) -> int:
    """Blank the details of the access-log entries about a person (an erasure). The
    chain covers each detail's digest, not the detail, so it stays verifiable."""
    return (
        AccessLogEntry.objects.filter(participant_id=participant_id)
        .exclude(detail="")
        .update(detail="")
    )


# --- end erasure ---
