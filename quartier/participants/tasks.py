"""Background tasks of the participants app (`django.tasks`, run by `manage.py db_worker`).

The participant-list import of the web UI runs here, so that a list of 100,000 rows
(about a minute) does not hold a web request, and so does the check before it (the
preview), which reads the uploaded file; `services.import_jobs` and
`services.import_previews` hold the logic. The daily job `consent_expiry_reminders`
(`quartier.core.jobs`) reminds the case's staff of consents that end soon."""

from django.tasks import task

from quartier.core.jobs import daily_job
from quartier.participants.services import consents, import_jobs, import_previews


@task()
def run_participant_import(job_id: int, language: str) -> dict:
    """Run the import job `job_id`, with messages in `language` (the user's at confirm)."""
    return import_jobs.import_job_run(job_id=job_id, language=language)


@task()
def run_participant_preview(
    token: str,
    extension: str,
    filename: str,
    update: bool,
    user_id: int,
    project_id: int,
    organisation_id: int,
    language: str,
) -> dict:
    """Check the waiting upload `token` for the preview page, as the user `user_id`."""
    return import_previews.preview_run(
        token=token,
        extension=extension,
        filename=filename,
        update=update,
        user_id=user_id,
        project_id=project_id,
        organisation_id=organisation_id,
        language=language,
    )


@daily_job("consent_expiry_reminders")
def consent_expiry_reminders() -> dict:
    """Remind the case's staff of the consents that end within 30 days (a follow-up on
    the case; `services.consents.consent_expiry_reminders_create`)."""
    return consents.consent_expiry_reminders_create()
