"""Background work of the local economy: the job search import of the import button
(a `django.tasks` task) and the daily import per project, a daily job
(`quartier.core.jobs`; `manage.py run_daily_jobs --only ba_job_import` runs it now).
What they do is `services.job_import`."""

from django.tasks import task

from quartier.core.jobs import daily_job
from quartier.economy.services import job_import


@task()
def run_job_import(run_id: int) -> dict:
    """Run the recorded job search import `run_id` (queued by the import button)."""
    run = job_import.job_import_execute(run_id=run_id)
    return {"run": run.pk, "status": run.status}


@daily_job("ba_job_import")
def ba_job_import() -> dict:
    """Import from the Bundesagentur's job search for every project that set up a
    daily search; fails (after the others ran) when one of them failed."""
    return job_import.daily_job_imports()
