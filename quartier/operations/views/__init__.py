"""The operations app's pages (platform admins only):

- `job_runs`: the scheduler's job runs and the background tasks that failed.
"""
