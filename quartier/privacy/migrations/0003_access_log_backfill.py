"""The access log's chain over the entries written before it: the participant of each
entry where its record leads to one (a case → its participant, a document → its case's
participant, …), then `detail_digest`, `prev_hash` and `entry_hash` in id order, as
`privacy.services.access_log` computes them (version 1 of the serialisation, copied
here so that the migration stays what it was)."""

import hashlib
import json
from datetime import UTC

import django.utils.timezone
from django.db import migrations, models

BATCH = 1000
PARENTS = ("case", "enrolment", "plan", "referral", "placement")


def _digest(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _entry_hash(entry, prev_hash):
    fields = [
        1,
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
    payload = json.dumps([*fields, prev_hash], ensure_ascii=True, separators=(",", ":"))
    return hashlib.sha256(payload.encode("ascii")).hexdigest()


def _participant_path(model, depth=0):
    """The lookup from `model` to its participant's id, or None."""
    if model._meta.label_lower == "participants.participant":
        return "pk"
    if depth > 4:
        return None
    names = {field.name for field in model._meta.concrete_fields}
    if "participant" in names:
        return "participant_id"
    for parent in PARENTS:
        if parent in names:
            inner = _participant_path(model._meta.get_field(parent).related_model, depth + 1)
            return None if inner is None else f"{parent}__{inner}"
    return None


def backfill(apps, schema_editor):
    Entry = apps.get_model("privacy", "AccessLogEntry")
    Prune = apps.get_model("privacy", "AccessLogPrune")
    types = (
        Entry.objects.filter(participant_id__isnull=True, record_id__isnull=False)
        .order_by()
        .values_list("record_type", flat=True)
        .distinct()
    )
    for record_type in list(types):
        try:
            model = apps.get_model(record_type)
        except (LookupError, ValueError):
            continue
        path = _participant_path(model)
        if path is None:
            continue
        entries = list(
            Entry.objects.filter(
                record_type=record_type, participant_id__isnull=True, record_id__isnull=False
            ).only("id", "record_id")
        )
        for start in range(0, len(entries), BATCH):
            chunk = entries[start : start + BATCH]
            found = dict(
                model._base_manager.filter(pk__in={entry.record_id for entry in chunk})
                .values_list("pk", path)
            )
            changed = []
            for entry in chunk:
                participant_id = found.get(entry.record_id)
                if participant_id is not None:
                    entry.participant_id = participant_id
                    changed.append(entry)
            Entry.objects.bulk_update(changed, ["participant_id"])

    prune = Prune.objects.order_by("-last_id").first()
    prev_hash = prune.last_hash if prune is not None else ""
    pending = []
    for entry in Entry.objects.order_by("id").iterator(chunk_size=BATCH):
        entry.detail_digest = _digest(entry.detail)
        entry.prev_hash = prev_hash
        entry.entry_hash = _entry_hash(entry, prev_hash)
        prev_hash = entry.entry_hash
        pending.append(entry)
        if len(pending) >= BATCH:
            Entry.objects.bulk_update(pending, ["detail_digest", "prev_hash", "entry_hash"])
            pending = []
    if pending:
        Entry.objects.bulk_update(pending, ["detail_digest", "prev_hash", "entry_hash"])


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0005_constraint_messages"),
        ("privacy", "0002_chain_retention_erasure"),
    ]

    operations = [
        migrations.AlterField(
            model_name="accesslogentry",
            name="at",
            field=models.DateTimeField(
                db_index=True,
                default=django.utils.timezone.now,
                editable=False,
                verbose_name="at",
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
    ]
