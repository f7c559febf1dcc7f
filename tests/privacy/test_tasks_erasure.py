"""The privacy app's daily jobs."""

import pytest

from quartier.core import jobs


@pytest.mark.django_db
def test_the_erasure_job_is_registered_and_runs():
    names = [job.name for job in jobs.daily_jobs()]
    assert "erasure_retention_end" in names
    run = jobs.daily_jobs_run(only=["erasure_retention_end"])
    assert run is not None
