"""Reads of participant-list import jobs: the user's own, and their progress; and where
an upload, its progress and its preview wait under MEDIA_ROOT/imports/."""

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from quartier.core.models import Project
from quartier.participants.models import ImportJob
from quartier.participants.services.importing import CHECKING, SAVING

#: A job queued longer than this gets the hint that the worker may not be running.
WORKER_HINT_AFTER = timedelta(minutes=1)
#: A running job whose progress has not moved for this long is probably stuck.
STALLED_AFTER = timedelta(minutes=5)


# Files ----------------------------------------------------------------------------


def imports_folder() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def waiting_path(token: str, extension: str) -> Path:
    return imports_folder() / f"{token}{extension}"


def claimed_path(token: str, extension: str) -> Path:
    return imports_folder() / f"{token}.claimed{extension}"


def progress_path(token: str) -> Path:
    return imports_folder() / f"{token}.progress"


def preview_path(token: str, update: bool) -> Path:
    return imports_folder() / f"{token}.preview{int(update)}.json"


# Reading ---------------------------------------------------------------------------


def import_jobs_visible_to(user) -> QuerySet[ImportJob]:
    """The jobs a user may look at: their own; platform admins all of them."""
    jobs = ImportJob.objects.select_related("project", "organisation")
    if not user.is_authenticated or not user.is_active:
        return jobs.none()
    if user.is_platform_admin:
        return jobs
    return jobs.filter(created_by=user)


def import_job_get(*, user, project: Project, pk: int) -> ImportJob:
    """A job of `project` the user may see; `ImportJob.DoesNotExist` otherwise."""
    return import_jobs_visible_to(user).get(project=project, pk=pk)


def import_job_of_upload(*, user, token: str) -> ImportJob | None:
    """The upload's job that is queued, running or done (the latest), if the user may see it."""
    return (
        import_jobs_visible_to(user)
        .filter(token=token)
        .exclude(status=ImportJob.Status.FAILED)
        .order_by("-created_at")
        .first()
    )


@dataclass(frozen=True)
class JobProgress:
    """How far a job is: the phase (`importing.CHECKING` or `SAVING`), rows done of
    rows total, and when it last moved (None: not started)."""

    phase: str
    done: int
    total: int | None
    moved_at: datetime | None

    @property
    def percent(self) -> int:
        if not self.total:
            return 0
        return min(100, self.done * 100 // self.total)


def import_job_progress(job: ImportJob) -> JobProgress:
    if job.status == ImportJob.Status.RUNNING:
        path = progress_path(job.token)
        try:
            values = json.loads(path.read_text())
            moved_at = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
            return JobProgress(values["phase"], values["done"], values["total"], moved_at)
        except (OSError, ValueError, KeyError, TypeError):
            return JobProgress(CHECKING, 0, None, job.started_at)
    if job.status == ImportJob.Status.DONE:
        return JobProgress(SAVING, job.rows_done, job.rows_total, job.finished_at)
    return JobProgress(CHECKING, 0, job.rows_total, None)


def import_job_waiting_long(job: ImportJob, now: datetime | None = None) -> bool:
    """True when the job has waited for the worker so long that it may not be running."""
    now = now or timezone.now()
    return job.status == ImportJob.Status.QUEUED and now - job.created_at > WORKER_HINT_AFTER


def import_job_stalled(progress: JobProgress, job: ImportJob, now=None) -> bool:
    """True when a running job has not moved for a while (its worker may have stopped)."""
    now = now or timezone.now()
    moved_at = progress.moved_at or job.started_at
    return (
        job.status == ImportJob.Status.RUNNING
        and moved_at is not None
        and now - moved_at > STALLED_AFTER
    )
