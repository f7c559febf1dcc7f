"""The operations app's selectors:

- `job_runs`: the job runs and failed tasks a platform admin sees.
"""
