"""Background tasks of the operations app (`django.tasks`): one daily job's run for one
due date, queued by the scheduler (`services.scheduling`)."""

from django.tasks import task

from quartier.operations.services import scheduling


@task()
def run_job_run(run_id: int) -> dict:
    """Run the job of the `JobRun` `run_id` and record how it went."""
    return scheduling.job_run_execute(run_id=run_id)
