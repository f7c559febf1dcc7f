"""Participant-list imports run by the background worker (`ImportJob`).

The web flow (`views.imports`) keeps an upload under MEDIA_ROOT/imports/<token><ext>
until it is confirmed. `import_job_start` then claims the file by renaming it to
<token>.claimed<ext> (the file system renames atomically, so a double click or a
second tab cannot import it twice; a database constraint allows one live job per
upload as well), records an `ImportJob` and queues `tasks.run_participant_import`.
The worker calls `import_job_run`, which runs `services.importing.participants_import` in its
one transaction: all rows or nothing. The job ends `done` (the file is deleted) or
`failed` (with a message in the user's language; the file goes back to waiting, so
the preview can check it again).

Progress while the import runs goes to a small file beside the upload
(<token>.progress), not to the job row. The import writes in one transaction, and
what it writes there, the job row included, is invisible to the page until it
commits. Measured with the project's settings:

- SQLite has one writer at a time. A second connection that tries to update the job
  row while the import's transaction is open waits for the whole `timeout` (20 s) and
  then fails with "database is locked" (and would stall the import meanwhile).
- PostgreSQL lets a second connection update the job row while the import runs
  (about 4 ms per update here), and others see it at once; but that is one more
  connection per worker and a second way of writing progress.
- A progress file written with an atomic rename costs about 3 ms per batch (a hundred
  batches for 100,000 rows) and works the same on both databases. MEDIA_ROOT must be
  shared by all app servers and workers anyway (the upload is read by whichever of
  them handles the next step).

The preview before the confirm (a dry run: problems, counts, likely duplicates) runs
in the worker too (`preview_start`, `preview_run`): reading a workbook can take long,
and a crafted one must not hold a web worker. Its state and result are a JSON file
beside the upload (<token>.preview<0|1>.json, for without and with "update"), which
the preview page polls; it is deleted with the upload (confirm, discard, the sweep).

The job row is written when the job is queued, when it starts and when it ends:
`done` with the counts (`rows_done`, `rows_total`, new, updated, unchanged) inside
the import's transaction, so that a job is done exactly when its rows are saved;
`failed` with the message after that transaction has been rolled back.

The preview's worker side is in `services.import_previews`; reads of jobs in
`selectors.import_jobs`.
"""

import contextlib
import json
import logging
import os
import secrets
import time
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from quartier.core.models import Organisation, Project, User
from quartier.participants.models import ImportJob
from quartier.participants.selectors.import_jobs import (
    claimed_path,
    import_job_of_upload,
    imports_folder,
    preview_path,
    progress_path,
    waiting_path,
)
from quartier.participants.services.importing import (
    ParticipantImportError,
    ProgressCallback,
    participants_import,
)

logger = logging.getLogger(__name__)

#: Uploads not confirmed within this time are deleted (files of queued or running
#: jobs are kept).
WAITING_LIFETIME_SECONDS = 24 * 3600
#: How many of the problems found at run time the job keeps (all of them count).
PROBLEMS_KEPT = 500

LIVE = (ImportJob.Status.QUEUED, ImportJob.Status.RUNNING)


class ImportAlreadyStarted(Exception):
    """The upload has been confirmed before; `job` is its job if it could be found."""

    def __init__(self, job: ImportJob | None):
        super().__init__("This upload is being imported or has been imported already.")
        self.job = job


class UploadMissing(Exception):
    """The uploaded file is gone (swept after a day, or discarded)."""


class _JobFailed(Exception):
    """The import cannot go ahead; the message is for the user."""


# Files ----------------------------------------------------------------------------


def upload_store(upload) -> tuple[str, str]:
    """Write the upload to a new file readable only by this process's user; return its
    token and extension."""
    uploads_sweep()
    token = secrets.token_hex(16)
    extension = Path(upload.name).suffix.lower()
    descriptor = os.open(
        waiting_path(token, extension), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600
    )
    with os.fdopen(descriptor, "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return token, extension


def uploads_sweep() -> None:
    """Delete files older than a day, except those of jobs still queued or running."""
    limit = time.time() - WAITING_LIFETIME_SECONDS
    live = set(ImportJob.objects.filter(status__in=LIVE).values_list("token", flat=True))
    for path in imports_folder().iterdir():
        if path.name[:32] in live:
            continue
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except FileNotFoundError:  # swept by a parallel request
            pass


def preview_discard(token: str) -> None:
    """Delete the upload's preview results (they name participants)."""
    for update in (False, True):
        preview_path(token, update).unlink(missing_ok=True)


def json_write(path: Path, data: dict) -> None:
    """Write `data` to `path` at once (a reader sees the old or the new file)."""
    scratch = path.with_name(f"{path.name}.{secrets.token_hex(4)}.new")
    descriptor = os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        json.dump(data, out)
    os.replace(scratch, path)


def _release(job: ImportJob) -> None:
    """Put a failed job's file back to waiting, so that the preview can check it again."""
    with contextlib.suppress(FileNotFoundError):
        claimed_path(job.token, job.extension).rename(waiting_path(job.token, job.extension))
    progress_path(job.token).unlink(missing_ok=True)


# Writing ---------------------------------------------------------------------------


def import_job_start(
    *,
    actor: User,
    project: Project,
    organisation: Organisation,
    token: str,
    extension: str,
    filename: str,
    update: bool,
) -> ImportJob:
    """Claim the waiting upload, record its job and queue it for the worker.

    Raises `ImportAlreadyStarted` when the upload was confirmed before (or is being
    confirmed right now in another request), `UploadMissing` when its file is gone.
    With the immediate task backend (the tests) the import has run when this returns.
    """
    from quartier.participants.tasks import run_participant_import

    if not actor.has_perm("cases.import_participants", project):
        raise PermissionDenied(_("You are not allowed to do this."))
    earlier = import_job_of_upload(user=actor, token=token)
    if earlier is not None:
        raise ImportAlreadyStarted(earlier)
    waiting = waiting_path(token, extension)
    claimed = claimed_path(token, extension)
    try:
        waiting.rename(claimed)
    except FileNotFoundError as error:
        if claimed.exists():
            # Another request claimed it a moment ago (a double click, a second tab).
            raise ImportAlreadyStarted(import_job_of_upload(user=actor, token=token)) from error
        raise UploadMissing from error
    preview_discard(token)
    job = ImportJob(
        project=project,
        organisation=organisation,
        token=token,
        extension=extension,
        filename=filename,
        update=update,
        created_by=actor,
    )
    try:
        # The constraint "one live job per upload" is left to the database, which
        # also holds it against a request saving at the same moment.
        job.full_clean(validate_constraints=False)
        with transaction.atomic():
            job.save()
    except IntegrityError as error:
        # A live job of this upload exists after all; it owns the claimed file.
        raise ImportAlreadyStarted(import_job_of_upload(user=actor, token=token)) from error
    except BaseException:
        claimed.rename(waiting)
        raise
    try:
        result = run_participant_import.enqueue(
            job_id=job.pk, language=translation.get_language() or settings.LANGUAGE_CODE
        )
    except Exception:
        _finish_failed(
            job,
            _("The import could not be queued for the background worker. Nothing was imported."),
        )
        raise
    ImportJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job


def import_job_run(*, job_id: int, language: str) -> dict:
    """Run a queued job (the worker calls this through `tasks.run_participant_import`).

    A job that is done or failed (a task run twice) is left alone. A job still
    `running` is one whose worker died in the middle (its task was put back in the
    queue, `quartier.operations.services.workers`): the import's transaction died with
    it, so nothing of it is saved, and it runs again from the start. The job row is
    locked for the import's transaction and must still be running inside it, so two
    runs of the same job (should a live worker be taken for dead) import once: the
    second waits for the first and then finds the job done. The job is marked
    done in the import's own transaction, so it is done exactly when the rows are
    saved. Whatever goes wrong, the job ends `failed` with a message and nothing of
    the import is saved; errors that are not the user's are raised again for the
    worker's log."""
    now = timezone.now()
    started = ImportJob.objects.filter(pk=job_id, status__in=LIVE).update(
        status=ImportJob.Status.RUNNING, started_at=now, updated_at=now
    )
    if not started:
        return {"job": job_id, "status": "skipped"}
    job = ImportJob.objects.select_related("project", "organisation", "created_by").get(pk=job_id)
    with translation.override(language):
        try:
            with transaction.atomic():
                still_running = (
                    ImportJob.objects.select_for_update()
                    .filter(pk=job_id, status=ImportJob.Status.RUNNING)
                    .first()
                )
                if still_running is None:
                    return {"job": job_id, "status": "skipped"}
                result = _import(job)
                if result.ok:
                    _mark_done(job, result)
        except _JobFailed as error:
            _finish_failed(job, str(error))
            return {"job": job_id, "status": ImportJob.Status.FAILED.value}
        except BaseException:
            logger.exception("Participant list import job %s failed", job_id)
            try:
                _finish_failed(
                    job,
                    _(
                        "The import stopped because of an unexpected error. Nothing was "
                        "imported. Please try again later; if it happens again, tell your "
                        "administrator."
                    ),
                )
            except Exception:  # the database may be what failed; the worker logs both
                logger.exception("Import job %s could not be marked as failed", job_id)
            raise
        if not result.ok:
            _finish_failed(
                job,
                _(
                    "Nothing was imported: the check found %(count)s problems that the "
                    "preview did not show, because the project's participants changed in "
                    "the meantime. Check the list again."
                )
                % {"count": len(result.problems)},
                problems=result.problems[:PROBLEMS_KEPT],
            )
            return {"job": job_id, "status": ImportJob.Status.FAILED.value}
    claimed_path(job.token, job.extension).unlink(missing_ok=True)
    progress_path(job.token).unlink(missing_ok=True)
    return {
        "job": job_id,
        "status": ImportJob.Status.DONE.value,
        "new": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
    }


def _mark_done(job: ImportJob, result) -> None:
    rows = result.created + result.updated + result.unchanged
    now = timezone.now()
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.DONE,
        rows_total=rows,
        rows_done=rows,
        new_count=result.created,
        updated_count=result.updated,
        unchanged_count=result.unchanged,
        finished_at=now,
        updated_at=now,
    )


def _import(job: ImportJob):
    actor = job.created_by
    if actor is None or not actor.is_active:
        raise _JobFailed(
            _("The person who started the import can no longer sign in. Nothing was imported.")
        )
    try:
        content = claimed_path(job.token, job.extension).read_bytes()
    except FileNotFoundError as error:
        raise _JobFailed(
            _(
                "The uploaded file is no longer there (uploads are kept for a day). "
                "Nothing was imported; please upload the list again."
            )
        ) from error
    try:
        return participants_import(
            actor=actor,
            project=job.project,
            organisation=job.organisation,
            content=content,
            filename=job.filename,
            update=job.update,
            dry_run=False,
            progress=_progress_writer(job),
        )
    except ParticipantImportError as error:
        raise _JobFailed(str(error)) from error
    except (ValidationError, PermissionDenied) as error:
        messages = error.messages if isinstance(error, ValidationError) else [str(error)]
        raise _JobFailed(messages[0] or _("You are not allowed to do this.")) from error


def _progress_writer(job: ImportJob) -> ProgressCallback:
    """A `progress` callback that writes the progress file (see the module docstring)."""
    path = progress_path(job.token)
    scratch = path.with_name(f"{path.name}.new")

    def write(phase: str, done: int, total: int) -> None:
        data = json.dumps({"phase": phase, "done": done, "total": total}).encode()
        descriptor = os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as out:
            out.write(data)
        os.replace(scratch, path)

    return write


def _finish_failed(job: ImportJob, message: str, problems: list[str] | None = None) -> None:
    now = timezone.now()
    # Only a live job: a second run's failure does not undo the first run's success.
    failed = ImportJob.objects.filter(pk=job.pk, status__in=LIVE).update(
        status=ImportJob.Status.FAILED,
        error=message,
        problems=problems or [],
        rows_done=0,
        finished_at=now,
        updated_at=now,
    )
    if failed:
        _release(job)
