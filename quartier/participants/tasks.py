"""Background tasks of the participants app (`django.tasks`, run by `manage.py db_worker`).

The participant-list import of the web UI runs here, so that a list of 100,000 rows
(about a minute) does not hold a web request; `import_jobs` holds the logic."""

from django.tasks import task

from quartier.participants import import_jobs


@task()
def run_participant_import(job_id: int, language: str) -> dict:
    """Run the import job `job_id`, with messages in `language` (the user's at confirm)."""
    return import_jobs.import_job_run(job_id=job_id, language=language)
