"""The right of access (Art. 15 DSGVO): one ZIP with everything stored about a person.

The ZIP holds

- `person-data.json`: `privacy.selectors.person_data.person_data`, UTF-8, indented;
- `summary.pdf`: the same, readable, one section per area (WeasyPrint, the style of the
  printed forms; in the project's language, German, by translation);
- `documents/`: the files of the case's documents, `certificates/`: the certificates'
  PDFs, as stored. A file missing from the storage is noted in the JSON and the PDF
  (`file_missing`), not fatal.

The export is recorded in the access log (action "export", detail "art. 15 export") in
the same transaction that reads the data. The ZIP is written to a file object, so that
a page can spool a big case to a temporary file instead of holding it in memory.
"""

import io
import json
import shutil
import zipfile
from datetime import date, datetime
from typing import BinaryIO

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quartier.cases.models import Assessment, Case, Contact, Document, FollowUp, Goal, Plan
from quartier.core.pdf import render_pdf
from quartier.economy.models import Placement, StabilisationCheck
from quartier.matching.models import MatchSuggestion
from quartier.network.models import Referral, ReferralEvent
from quartier.offers.models import Attendance, Certificate, Enrolment, ServiceRequest
from quartier.participants.models import Consent, FirstContact, Participant, RequestEvent
from quartier.privacy.display import detail_display
from quartier.privacy.models import AccessLogEntry, ErasureRequest
from quartier.privacy.selectors.person_data import (
    certificate_export_name,
    document_export_name,
    person_data,
)
from quartier.privacy.services.access_log import access_log_record

#: The access log's detail of an export (English, fixed: see `privacy.display`).
EXPORT_DETAIL = "art. 15 export"
PDF_TEMPLATE = "privacy/pdf/person_data.html"

#: area → (section title, model of its records, {nested list key: model}).
SECTIONS = (
    ("identity", gettext_lazy("Identity and contact data"), Participant, {}),
    ("first_contact", gettext_lazy("First contact and requests"), FirstContact, {}),
    ("consents", gettext_lazy("Consents"), Consent, {}),
    ("case", gettext_lazy("Case"), Case, {}),
    ("assessments", gettext_lazy("Assessments"), Assessment, {}),
    ("plan", gettext_lazy("Support plan and goals"), Plan, {"goals": Goal}),
    ("contacts", gettext_lazy("Contacts"), Contact, {}),
    ("follow_ups", gettext_lazy("Follow-ups"), FollowUp, {}),
    ("documents", gettext_lazy("Documents"), Document, {}),
    (
        "enrolments",
        gettext_lazy("Offers, attendance and certificates"),
        Enrolment,
        {"certificates": Certificate},
    ),
    ("service_jobs", gettext_lazy("Service jobs"), ServiceRequest, {}),
    ("match_suggestions", gettext_lazy("Match suggestions and decisions"), MatchSuggestion, {}),
    (
        "placements",
        gettext_lazy("Placements and stabilisation check-ins"),
        Placement,
        {"checks": StabilisationCheck},
    ),
    ("referrals", gettext_lazy("Referrals"), Referral, {}),
    ("erasure_requests", gettext_lazy("Erasure requests"), ErasureRequest, {}),
)

#: Nested lists shown as one table each, with these columns (model, keys).
TABLES = {
    "steps": (RequestEvent, ("at", "action", "step")),
    "attendance": (Attendance, ("date", "status", "hours")),
    "events": (ReferralEvent, ("at", "kind", "from_state", "to_state", "organisation", "note")),
}
#: Areas shown as one table each: area → (title, model or None, columns).
AREA_TABLES = (
    (
        "change_history",
        gettext_lazy("Change history"),
        None,
        ("at", "record_name", "action", "changes"),
    ),
    (
        "access_log",
        gettext_lazy("Access log"),
        AccessLogEntry,
        ("at", "action", "record_type", "organisation", "role", "detail"),
    ),
)

#: Keys that are not model fields, with their labels.
EXTRA_LABELS = {
    "project": gettext_lazy("project"),
    "organisation": gettext_lazy("organisation"),
    "district": gettext_lazy("district"),
    "responsible": gettext_lazy("responsible staff member"),
    "partner": gettext_lazy("partner organisation"),
    "recipient": gettext_lazy("receiving organisation"),
    "sender_organisation": gettext_lazy("sending organisation"),
    "offer": gettext_lazy("offer"),
    "vacancy": gettext_lazy("vacancy"),
    "employer": gettext_lazy("employer"),
    "goal": gettext_lazy("plan goal"),
    "skills": gettext_lazy("strengths and competences"),
    "consent": gettext_lazy("consent to share"),
    "feedback_consent": gettext_lazy("consent to feedback"),
    "file_in_export": gettext_lazy("file in this export"),
    "file_missing": gettext_lazy("file missing from the storage"),
    "text": gettext_lazy("text of the consent"),
    "at": gettext_lazy("at"),
    "record_name": gettext_lazy("record"),
    "changes": gettext_lazy("changes"),
}
#: Technical keys the PDF leaves out (the JSON has them).
PDF_SKIPPED = frozenset({"id", "created_at", "updated_at"})


# --- The readable summary ----------------------------------------------------------------


def _field(model, key):
    if model is None:
        return None
    try:
        return model._meta.get_field(key)
    except FieldDoesNotExist:
        return None


def _label(model, key: str) -> str:
    if key in EXTRA_LABELS:
        return str(EXTRA_LABELS[key])
    field = _field(model, key)
    if field is not None and hasattr(field, "verbose_name"):
        return str(field.verbose_name)
    return key.replace("_", " ")


def _model_name(label: str) -> str:
    try:
        return str(apps.get_model(label)._meta.verbose_name)
    except (LookupError, ValueError):
        return label


def _change(change) -> str:
    if isinstance(change, list) and len(change) == 2:
        return f"{_short(change[0]) or '–'} → {_short(change[1]) or '–'}"
    return _short(change)


def _short(value) -> str:
    """One value of a list or a dict as text."""
    if isinstance(value, dict):
        for key in ("label", "name", "title"):
            if value.get(key) not in (None, ""):
                return str(value[key])
        return "; ".join(f"{key}: {_short(item)}" for key, item in value.items())
    if isinstance(value, list):
        return ", ".join(_short(item) for item in value)
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    return "" if value is None else str(value)


def display(model, key: str, value) -> str:
    """A value of the plain data as the PDF shows it: dates in the local format, a
    choice by its label, an organisation by its name."""
    if value in (None, "", [], {}):
        return "–"
    field = _field(model, key)
    internal = field.get_internal_type() if field is not None else ""
    if key == "at":
        internal = "DateTimeField"
    if key == "changes" and isinstance(value, dict):
        return "; ".join(f"{name}: {_change(change)}" for name, change in value.items())
    if isinstance(value, str) and internal == "DateTimeField":
        moment = timezone.localtime(datetime.fromisoformat(value))
        return date_format(moment, "SHORT_DATETIME_FORMAT")
    if isinstance(value, str) and internal == "DateField":
        return date_format(date.fromisoformat(value), "SHORT_DATE_FORMAT")
    if key == "text" and isinstance(value, dict):
        return value.get("text", "")
    if model is AccessLogEntry and key == "record_type":
        return _model_name(value)
    if model is AccessLogEntry and key == "detail":
        return detail_display(value)
    return _short(value) or "–"


def _rows(model, record: dict, nested: dict) -> list[tuple[str, str]]:
    return [
        (_label(model, key), display(model, key, value))
        for key, value in record.items()
        if key not in PDF_SKIPPED and key not in nested and key not in TABLES
    ]


def _table(model, columns, items) -> dict:
    return {
        "header": [_label(model, key) for key in columns],
        "rows": [[display(model, key, item.get(key)) for key in columns] for item in items],
    }


def _blocks(model, record: dict, nested: dict, title: str) -> list[dict]:
    """One record as blocks: its facts, then its nested lists."""
    blocks = [{"title": title, "rows": _rows(model, record, nested)}]
    for key, child in nested.items():
        for number, item in enumerate(record.get(key) or [], start=1):
            name = f"{child._meta.verbose_name} {number}"
            blocks.append({"title": name, "rows": _rows(child, item, {}), "nested": True})
    for key, (child, columns) in TABLES.items():
        if record.get(key):
            block = _table(child, columns, record[key])
            blocks.append(dict(block, title=str(child._meta.verbose_name_plural), nested=True))
    return blocks


def summary_sections(data: dict) -> list[dict]:
    """The PDF's sections: {"title", "blocks": [{"title", "rows" | "header" and "rows"}]}."""
    sections = []
    for area, title, model, nested in SECTIONS:
        value = data.get(area)
        records = value if isinstance(value, list) else ([value] if value else [])
        blocks = []
        for number, record in enumerate(records, start=1):
            name = "" if not isinstance(value, list) else f"{model._meta.verbose_name} {number}"
            blocks += _blocks(model, record, nested, name)
        sections.append({"area": area, "title": str(title), "blocks": blocks})
    for area, title, model, columns in AREA_TABLES:
        items = data.get(area) or []
        if area == "change_history":
            # A creation lists every first value, which the sections above show already.
            items = [
                dict(item, changes={}) if item["action"]["code"] == 0 else item for item in items
            ]
        table = _table(model, columns, items)
        sections.append(
            {
                "area": area,
                "title": str(title),
                "blocks": [dict(table, title="")] if table["rows"] else [],
            }
        )
    return sections


def _summary_pdf(data: dict, participant: Participant) -> bytes:
    context = {
        "data": data,
        "participant": participant,
        "organisation": participant.organisation,
        "project": participant.project,
        "sections": summary_sections(data),
        "today": timezone.localdate(),
    }
    return render_pdf(PDF_TEMPLATE, context)


# --- The files -------------------------------------------------------------------------


def _stored_files(participant: Participant) -> list[tuple[str, object]]:
    """(name in the ZIP, FieldFile) of the case's documents and certificates' PDFs."""
    files = [
        (document_export_name(document), document.file)
        for document in Document.objects.filter(case__participant=participant).order_by("pk")
    ]
    files += [
        (certificate_export_name(certificate), certificate.pdf)
        for certificate in Certificate.objects.filter(
            enrolment__case__participant=participant
        ).exclude(pdf="")
    ]
    return files


def _exists(field_file) -> bool:
    try:
        return bool(field_file.name) and field_file.storage.exists(field_file.name)
    except (OSError, ValueError):
        return False


def _mark_missing(data: dict, missing: set[str]) -> None:
    records = list(data["documents"])
    for enrolment in data["enrolments"]:
        records += enrolment["certificates"]
    for record in records:
        if record.get("file_in_export") in missing:
            record["file_missing"] = True


# --- The export ------------------------------------------------------------------------


@transaction.atomic
def person_export_write(
    *,
    actor,
    participant: Participant,
    target: BinaryIO,
    language: str | None = None,
    detail: str = EXPORT_DETAIL,
) -> dict:
    """Write the Art. 15 ZIP of `participant` to `target` (a binary file object) and
    record the export in the access log; returns the plain data it holds.

    `actor` None is a command (its name in `detail`); anyone else needs
    `privacy.export_person_data` for the participant. `language`: of the labels and the
    PDF (default: the project's, settings.LANGUAGE_CODE).
    """
    if actor is not None and not actor.has_perm("privacy.export_person_data", participant):
        raise PermissionDenied(_("You may not export the data of this person."))
    access_log_record(
        actor=actor,
        action=AccessLogEntry.Action.EXPORT,
        record=participant,
        project_id=participant.project_id,
        organisation_id=participant.organisation_id,
        detail=detail,
    )
    files = _stored_files(participant)
    missing = {name for name, field_file in files if not _exists(field_file)}
    with translation.override(language or settings.LANGUAGE_CODE):
        data = person_data(participant)
        data["export"]["created_at"] = timezone.now().isoformat()
        _mark_missing(data, missing)
        pdf = _summary_pdf(data, participant)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("person-data.json", json.dumps(data, ensure_ascii=False, indent=2))
        archive.writestr("summary.pdf", pdf)
        for name, field_file in files:
            if name in missing:
                continue
            try:
                with (
                    field_file.storage.open(field_file.name, "rb") as source,
                    archive.open(name, "w") as sink,
                ):
                    shutil.copyfileobj(source, sink, 1024 * 1024)
            except OSError:
                archive.writestr(f"{name}.missing.txt", "The file could not be read.\n")
    return data


def person_export_build(*, actor, participant: Participant, language: str | None = None) -> bytes:
    """The Art. 15 ZIP of `participant` as bytes (see `person_export_write`)."""
    buffer = io.BytesIO()
    person_export_write(actor=actor, participant=participant, target=buffer, language=language)
    return buffer.getvalue()
