"""The preview before an import is confirmed: a dry run in the background worker, its
state and result kept as a JSON file beside the upload, which the preview page polls.
"""

import json
import logging
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from quartier.core.models import Organisation, Project, User
from quartier.participants.selectors.import_jobs import STALLED_AFTER, preview_path, waiting_path
from quartier.participants.services.import_jobs import json_write
from quartier.participants.services.importing import ParticipantImportError, participants_import

logger = logging.getLogger(__name__)


# The preview ---------------------------------------------------------------------------

PREVIEW_QUEUED = "queued"
PREVIEW_RUNNING = "running"
PREVIEW_DONE = "done"
PREVIEW_FAILED = "failed"
#: How many problems and rows with likely duplicates the preview keeps (all count).
PREVIEW_PROBLEMS_KEPT = 500
PREVIEW_DUPLICATES_KEPT = 500
#: How many updated participant numbers the preview names.
PREVIEW_UPDATED_KEPT = 100


@dataclass(frozen=True)
class PreviewState:
    """Where an upload's preview is: `status`, and when done either `file_error` (the
    file cannot be read: one line) or `result` (what `ImportResult` said, as plain
    data). `error` is set when the check itself failed."""

    status: str
    started_at: datetime | None = None
    file_error: str = ""
    error: str = ""
    result: dict | None = None

    @property
    def is_finished(self) -> bool:
        return self.status in (PREVIEW_DONE, PREVIEW_FAILED)


def preview_state(token: str, update: bool) -> PreviewState | None:
    """The upload's preview for `update`, or None if none was started."""
    try:
        data = json.loads(preview_path(token, update).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    started = data.get("started_at")
    return PreviewState(
        status=data.get("status", PREVIEW_FAILED),
        started_at=datetime.fromisoformat(started) if started else None,
        file_error=data.get("file_error", ""),
        error=data.get("error", ""),
        result=data.get("result"),
    )


def preview_start(
    *,
    actor: User,
    project: Project,
    organisation: Organisation,
    token: str,
    extension: str,
    filename: str,
    update: bool,
    again: bool = False,
) -> PreviewState:
    """Queue the check of a waiting upload for the worker, unless it is queued or
    running already (or done, unless `again`; `again` also replaces a check that has
    not finished for `STALLED_AFTER`). With the immediate task backend (the tests)
    the check has run when this returns."""
    from quartier.participants.tasks import run_participant_preview

    if not actor.has_perm("cases.import_participants", project):
        raise PermissionDenied(_("You are not allowed to do this."))
    current = preview_state(token, update)
    if current is not None and not current.is_finished and not _preview_stalled(current):
        return current
    if current is not None and current.is_finished and not again:
        return current
    if current is not None and not current.is_finished and not again:
        return current  # stalled: checking again (the button) starts a new check
    path = preview_path(token, update)
    json_write(path, {"status": PREVIEW_QUEUED, "started_at": timezone.now().isoformat()})
    try:
        run_participant_preview.enqueue(
            token=token,
            extension=extension,
            filename=filename,
            update=update,
            user_id=actor.pk,
            project_id=project.pk,
            organisation_id=organisation.pk,
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )
    except Exception:
        path.unlink(missing_ok=True)
        raise
    return preview_state(token, update)


def _preview_stalled(state: PreviewState) -> bool:
    """A check that has waited or run this long lost its worker (stopped, restarted)."""
    return state.started_at is not None and timezone.now() - state.started_at > STALLED_AFTER


def preview_run(
    *,
    token: str,
    extension: str,
    filename: str,
    update: bool,
    user_id: int,
    project_id: int,
    organisation_id: int,
    language: str,
) -> dict:
    """Check a waiting upload (the worker calls this through
    `tasks.run_participant_preview`) and write the result beside it."""
    path = preview_path(token, update)
    state = preview_state(token, update)
    if state is None or state.status != PREVIEW_QUEUED:
        return {"token": token, "status": "skipped"}
    started = {"status": PREVIEW_RUNNING, "started_at": timezone.now().isoformat()}
    json_write(path, started)
    with translation.override(language):
        try:
            data = _preview(
                token, extension, filename, update, user_id, project_id, organisation_id
            )
        except Exception:
            # Logged for the administrator; the page says that the check failed.
            logger.exception("Preview of participant list upload %s failed", token)
            json_write(
                path,
                {
                    **started,
                    "status": PREVIEW_FAILED,
                    "error": _(
                        "The list could not be checked because of an unexpected error. "
                        "Please try again later; if it happens again, tell your administrator."
                    ),
                },
            )
            return {"token": token, "status": PREVIEW_FAILED}
    if not path.parent.exists() or not waiting_path(token, extension).exists():
        # Confirmed or discarded meanwhile: keep no names on disk.
        path.unlink(missing_ok=True)
        return {"token": token, "status": "discarded"}
    json_write(path, {**started, "status": PREVIEW_DONE, **data})
    return {"token": token, "status": PREVIEW_DONE}


def _preview(token, extension, filename, update, user_id, project_id, organisation_id) -> dict:
    try:
        actor = User.objects.get(pk=user_id, is_active=True)
        project = Project.objects.get(pk=project_id)
        organisation = Organisation.objects.get(pk=organisation_id)
    except (User.DoesNotExist, Project.DoesNotExist, Organisation.DoesNotExist):
        return {"file_error": _("You are not allowed to do this.")}
    try:
        content = waiting_path(token, extension).read_bytes()
    except FileNotFoundError:
        return {"file_error": _("The uploaded file is no longer there. Please upload it again.")}
    try:
        result = participants_import(
            actor=actor,
            project=project,
            organisation=organisation,
            content=content,
            filename=filename,
            update=update,
            dry_run=True,
            find_duplicates=True,
        )
    except ParticipantImportError as error:
        return {"file_error": str(error)}
    except ValidationError as error:
        return {"file_error": error.messages[0]}
    except PermissionDenied as error:
        return {"file_error": str(error) or _("You are not allowed to do this.")}
    return {"result": _result_data(result)}


def _result_data(result) -> dict:
    """What the preview page shows of an `ImportResult`, as JSON-ready data."""
    return {
        "ok": result.ok,
        "problem_count": len(result.problems),
        "problems": [
            {"row": p.row, "column": p.column, "message": p.message, "value": p.value}
            for p in result.problem_details[:PREVIEW_PROBLEMS_KEPT]
        ],
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "updated_ids": result.updated_ids[:PREVIEW_UPDATED_KEPT],
        "existing_count": len(result.existing_ids),
        "duplicate_count": len(result.duplicates),
        "duplicates": [
            {
                "row": row.row,
                "external_id": row.external_id,
                "name": f"{row.first_name} {row.last_name}",
                "birth_date": row.birth_date.strftime("%d.%m.%Y"),
                "postcode": row.postcode,
                "matches": [
                    {
                        "pk": match.pk,
                        "external_id": match.external_id,
                        "name": f"{match.first_name} {match.last_name}",
                        "birth_date": match.birth_date.strftime("%d.%m.%Y"),
                        "postcode": match.postcode,
                    }
                    for match in row.matches
                ],
            }
            for row in result.duplicates[:PREVIEW_DUPLICATES_KEPT]
        ],
    }
