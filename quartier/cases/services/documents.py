"""Uploading and deleting documents in the case file, and the upload size limit
(`settings.QUARTIER_DOCUMENT_MAX_MB`, 20 MB by default)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from quartier.cases.models import Case, Document
from quartier.cases.services.cases import _require_change
from quartier.cases.services.document_types import (
    RefusedFile,
    clean_original_name,
    detect_document_type,
)
from quartier.core.models import User

DEFAULT_DOCUMENT_MAX_MB = 20


def document_max_bytes() -> int:
    return int(getattr(settings, "QUARTIER_DOCUMENT_MAX_MB", DEFAULT_DOCUMENT_MAX_MB)) * 1024 * 1024


def document_max_mb() -> int:
    return int(getattr(settings, "QUARTIER_DOCUMENT_MAX_MB", DEFAULT_DOCUMENT_MAX_MB))


def too_large_message(*, name: str | None, size: int | None) -> str:
    """Why an upload was refused for its size; `size` None: only known to be too large."""
    values = {"name": name, "size": filesizeformat(size or 0), "max": document_max_mb()}
    if name and size is None:
        message = _("“%(name)s” is larger than %(max)s MB, the limit for documents.") % values
    elif name:
        message = _("“%(name)s” is %(size)s; documents may be at most %(max)s MB.") % values
    else:
        message = _("The upload is %(size)s; documents may be at most %(max)s MB.") % values
    advice = _(
        "Nothing was saved. Please make the file smaller (for example, scan it with a "
        "lower resolution) and upload it again."
    )
    return f"{message} {advice}"


def document_create(*, actor: User, case: Case, upload, kind: str, title: str = "") -> Document:
    """Store an uploaded file in the case after checking its size and its content.

    Nothing reaches the storage unless the file passes every check; if the row cannot be
    written after the file was stored, the file is removed again.
    """
    _require_change(actor, case)
    name = clean_original_name(getattr(upload, "name", "") or "")
    size = upload.size
    if size > document_max_bytes():
        raise RefusedFile({"file": ValidationError(too_large_message(name=name, size=size))})
    document_type = detect_document_type(upload, name=name)
    document = Document(
        case=case,
        kind=kind,
        title=title.strip(),
        original_name=name,
        content_type=document_type.content_type,
        size=size,
        created_by=actor,
    )
    document.full_clean(exclude=["file"])
    upload.seek(0)
    document.file = upload
    try:
        with transaction.atomic():
            document.save()
    except BaseException:
        if document.file.name and getattr(document.file, "_committed", False):
            document.file.storage.delete(document.file.name)
        raise
    return document


@transaction.atomic
def document_delete(*, actor: User, document: Document) -> None:
    """Delete the row now and the stored file once the deletion is committed."""
    _require_change(actor, document.case)
    storage, name = document.file.storage, document.file.name
    document.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))
