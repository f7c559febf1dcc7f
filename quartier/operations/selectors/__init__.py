"""The operations app's selectors:

- `job_runs`: the job runs and failed tasks a platform admin sees;
- `tables`: every table's row count and content checksum, and whether a database is
  empty enough to restore into (backup and restore).
"""
