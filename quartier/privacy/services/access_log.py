"""Writes of the access log: recording reads and changes of personal data, in the hash
chain, and blanking the details about an erased person.

Every entry is written in the transaction of the read or change itself (the caller's;
`access_log_record` joins it without a savepoint), never by a background job.

The chain: `detail_digest` is the SHA-256 of `detail` as written; `entry_hash` is the
SHA-256 of the entry's fields in a fixed order (`entry_fields`) and the previous entry's
hash. Writers are serialised (PostgreSQL: a transaction-level advisory lock taken
before the last hash is read; SQLite: the write lock every transaction takes at its
start, `transaction_mode = IMMEDIATE`), so ids follow the chain.

A blank `detail` whose digest is not that of an empty text means "erased"
(`access_log_scrub`): the chain covers the digest, not the text, so verification stays
green, while a change of any other field (or of the digest) is detected.
"""

import functools
import hashlib
import json
from contextvars import ContextVar
from datetime import UTC, datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from quartier.core.network import current_client_ip
from quartier.core.tenancy import roles_by_project, roles_of
from quartier.privacy.models import AccessLogEntry, AccessLogPrune, RetentionRule
from quartier.privacy.models.retention import RetentionScope

#: The key of the PostgreSQL advisory lock that serialises the writers of the chain.
CHAIN_LOCK_KEY = 0x51A7_0C10
#: The digest of an empty detail: a blank detail with another digest was erased.
EMPTY_DIGEST = hashlib.sha256(b"").hexdigest()
#: The relations through which a record leads to the participant it is about, in the
#: order they are tried (a case child → its case → the participant).
PARENT_FIELDS = ("participant", "case", "enrolment", "plan", "referral", "placement")


# The chain ------------------------------------------------------------------------------


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def entry_fields(entry: AccessLogEntry) -> list:
    """What the entry's hash covers, in order (changing this breaks every chain: the
    migration 0003 holds a copy of version 1)."""
    return [
        1,  # version of this serialisation
        entry.at.astimezone(UTC).isoformat(),
        entry.user_id,
        entry.role,
        entry.action,
        entry.record_type,
        entry.record_id,
        entry.participant_id,
        entry.project_id,
        entry.organisation_id,
        entry.address,
        entry.detail_digest,
    ]


def entry_hash(entry: AccessLogEntry, prev_hash: str) -> str:
    """The hash of `entry` after `prev_hash`."""
    payload = json.dumps(
        [*entry_fields(entry), prev_hash], ensure_ascii=True, separators=(",", ":")
    )
    return hashlib.sha256(payload.encode("ascii")).hexdigest()


def chain_head() -> str:
    """The hash the next entry continues: the last entry's, else the last deletion's,
    else "" (the very first entry). Call it under `_lock_chain()`."""
    last = AccessLogEntry.objects.order_by("-id").values_list("entry_hash", flat=True).first()
    if last is not None:
        return last
    prune = AccessLogPrune.objects.order_by("-last_id").values_list("last_hash", flat=True)
    return prune.first() or ""


def lock_chain() -> None:
    """Serialise the writers of the chain until the end of the current transaction (only
    PostgreSQL needs it: SQLite's writers take the database's write lock at BEGIN)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])


# What an entry is about -----------------------------------------------------------------


def _field_names(instance) -> set[str]:
    return {field.name for field in instance._meta.concrete_fields}


def _is_participant(instance) -> bool:
    return instance._meta.label_lower == "participants.participant"


def about(record) -> tuple[int | None, int | None, int | None]:
    """(participant id, project id, organisation id) of the person a record is about: a
    participant itself, a record with a participant (a consent, a case), or a child of
    one (a case's documents, an enrolment's certificate, a referral, …); Nones for a
    record about no one person. Follows relations Django has loaded or loads them (one
    query per step at most)."""
    seen = 0
    current = record
    while current is not None and seen < 5:
        seen += 1
        if _is_participant(current):
            return current.pk, current.project_id, current.organisation_id
        names = _field_names(current)
        if "participant" in names:
            participant_id = current.participant_id
            if {"project", "organisation"} <= names:
                return participant_id, current.project_id, current.organisation_id
            if participant_id is None:
                return None, None, None
            return about(current.participant)
        parent = next((name for name in PARENT_FIELDS[1:] if name in names), None)
        if parent is None:
            return None, None, None
        current = getattr(current, parent)
    return None, None, None


def _role_of(actor, project_id: int | None) -> str:
    """The actor's roles in the project, or in any project for a record of none (a list
    over the projects); cached on the user for the request (`core.tenancy`)."""
    if not getattr(actor, "is_authenticated", False):
        return ""
    roles = roles_of(actor) if project_id is None else roles_by_project(actor).get(project_id, ())
    return ",".join(sorted(roles))[:120]


# Writing ---------------------------------------------------------------------------------


@transaction.atomic(savepoint=False)
def access_log_record(
    *,
    actor,
    action: str,
    record,
    project_id: int | None = None,
    organisation_id: int | None = None,
    participant_id: int | None = None,
    record_id: int | None = None,
    detail: str = "",
) -> AccessLogEntry:
    """Record that `actor` read, listed, exported, printed or changed `record` (a model
    instance, or a model class for a list or export of several).

    The participant, project and organisation are the record's (see `about`) unless
    given (`record_id` names a record of a class given as `record`, e.g. one deleted);
    the role is the actor's roles in that project; the address is the current
    request's client address (None in a command or task). Joins the caller's
    transaction without a savepoint (a failed write fails the caller's transaction);
    outside one, it is a transaction of its own.
    """
    is_instance = hasattr(record, "pk") and not isinstance(record, type)
    meta = record._meta
    if is_instance:
        about_participant, about_project, about_organisation = about(record)
        names = _field_names(record)
        if participant_id is None:
            participant_id = about_participant
        if project_id is None:
            project_id = record.project_id if "project" in names else about_project
        if organisation_id is None:
            organisation_id = (
                record.organisation_id if "organisation" in names else about_organisation
            )
    user = actor if getattr(actor, "is_authenticated", False) else None
    entry = AccessLogEntry(
        user=user,
        role=_role_of(user, project_id),
        action=action,
        record_type=meta.label_lower,
        record_id=record.pk if is_instance else record_id,
        participant_id=participant_id,
        project_id=project_id,
        organisation_id=organisation_id,
        address=current_client_ip(),
        detail=detail[:200],
    )
    entry.detail_digest = digest(entry.detail)
    lock_chain()
    # After the lock: ids and times follow the chain.
    entry.at = timezone.now()
    entry.prev_hash = chain_head()
    entry.entry_hash = entry_hash(entry, entry.prev_hash)
    entry.save(force_insert=True)
    return entry


def access_log_scrub(*, participant_id: int) -> int:
    """Blank the details of the entries about a participant (for an erasure): the
    digests stay, so the chain still verifies, and the viewer shows "erased". Returns
    how many entries it blanked. Joins the caller's transaction."""
    return (
        AccessLogEntry.objects.filter(participant_id=participant_id)
        .exclude(detail="")
        .update(detail="")
    )


# Changes (django-auditlog) ---------------------------------------------------------------

#: The instance auditlog is about to log (set by its `pre_log` signal), so that the entry
#: written after its `LogEntry` finds the record without reading it again.
_auditing: ContextVar = ContextVar("quartier_auditing", default=None)


def remember_audited_instance(sender, instance, **kwargs) -> None:
    """auditlog's `pre_log` receiver: keep the instance for `access_log_record_change`."""
    _auditing.set(instance)


@functools.cache
def leads_to_participant(model, depth: int = 0) -> bool:
    """Whether records of `model` are about one participant (see `about`)."""
    if model._meta.label_lower == "participants.participant":
        return True
    names = {field.name for field in model._meta.concrete_fields}
    if "participant" in names:
        return True
    if depth > 4:
        return False
    return any(
        leads_to_participant(model._meta.get_field(parent).related_model, depth + 1)
        for parent in PARENT_FIELDS[1:]
        if parent in names
    )


def _changed_record(log_entry):
    """The record an auditlog entry is about: the one `pre_log` kept, else read again
    (an m2m change, an entry written directly); None when it is gone, or when its model
    leads to no participant (not read at all)."""
    model = log_entry.content_type.model_class()
    if model is None or not leads_to_participant(model):
        return None
    kept = _auditing.get()
    if (
        kept is not None
        and kept._meta.label_lower == model._meta.label_lower
        and str(kept.pk) == str(log_entry.object_pk)
    ):
        return kept
    return model._base_manager.filter(pk=log_entry.object_pk).first()


def _change_detail(log_entry) -> str:
    from auditlog.models import LogEntry

    if log_entry.action == LogEntry.Action.CREATE:
        return "created"
    if log_entry.action == LogEntry.Action.DELETE:
        return "deleted"
    fields = sorted((log_entry.changes_dict or {}).keys())
    return ("changed: " + ", ".join(fields))[:200] if fields else "changed"


def access_log_record_change(sender, instance, created, raw=False, **kwargs) -> None:
    """`post_save` receiver of auditlog's `LogEntry`: a change of a participant's data (an
    entry marked `personal`, or of a record that leads to a participant) is also a
    CHANGE entry of the access log, in the same transaction."""
    if not created or raw:
        return
    log_entry = instance
    data = log_entry.additional_data if isinstance(log_entry.additional_data, dict) else {}
    record = _changed_record(log_entry)
    if record is None:
        if not data.get("personal"):
            return
        model = log_entry.content_type.model_class()
        if model is None:
            return
        access_log_record(
            actor=log_entry.actor,
            action=AccessLogEntry.Action.CHANGE,
            record=model,
            record_id=int(log_entry.object_pk) if str(log_entry.object_pk).isdigit() else None,
            project_id=data.get("project_id"),
            organisation_id=data.get("organisation_id"),
            detail=_change_detail(log_entry),
        )
        return
    participant_id, _project, _organisation = about(record)
    if participant_id is None and not data.get("personal"):
        return
    access_log_record(
        actor=log_entry.actor,
        action=AccessLogEntry.Action.CHANGE,
        record=record,
        participant_id=participant_id,
        detail=_change_detail(log_entry),
    )


# Retention ----------------------------------------------------------------------------------


def _retention_months() -> dict[int, int]:
    """Months per project id that has a retention rule for the access log (the longest
    where a project has several)."""
    months: dict[int, int] = {}
    rules = RetentionRule.objects.filter(scope=RetentionScope.ACCESS_LOG).values_list(
        "project_id", "duration_months"
    )
    for project_id, duration in rules:
        months[project_id] = max(duration, months.get(project_id, 0))
    return months


@transaction.atomic
def access_log_prune(*, now: datetime | None = None, chunk_size: int = 2000) -> int:
    """Delete the entries past their retention period: the project's access-log retention
    rule (counted from the entry's time), else `settings.ACCESS_LOG_RETENTION_MONTHS`.
    Only the start of the chain goes, in id order, up to the first entry that must stay
    (an entry kept longer keeps every later one, so that the rest still verifies); the
    deletion is recorded with the last deleted entry's hash, which the first remaining
    entry continues. Returns how many entries it deleted."""
    now = now or timezone.now()
    default = settings.ACCESS_LOG_RETENTION_MONTHS
    months = _retention_months()
    lock_chain()
    last = None
    deleted = 0
    entries = AccessLogEntry.objects.order_by("id").only("id", "at", "project_id", "entry_hash")
    for entry in entries.iterator(chunk_size=chunk_size):
        keep = months.get(entry.project_id, default) if entry.project_id else default
        if entry.at + relativedelta(months=keep) > now:
            break
        last = entry
        deleted += 1
    if last is None:
        return 0
    AccessLogEntry.objects.filter(id__lte=last.pk).delete()
    AccessLogPrune.objects.create(
        last_id=last.pk, last_hash=last.entry_hash, deleted=deleted, before=last.at
    )
    return deleted
