"""Background work of the privacy app, daily jobs (`quartier.core.jobs`;
`manage.py run_daily_jobs --only <name>` runs one now):

- `access_log_retention`: deletes the access log's entries past their retention period
  from the start of the chain (`services.access_log.access_log_prune`).
"""

from quartier.core.jobs import daily_job
from quartier.privacy.services.access_log import access_log_prune

# --- access log ---


@daily_job("access_log_retention")
def access_log_retention() -> dict:
    """Delete the access log's entries past their retention (how many)."""
    return {"deleted": access_log_prune()}


# --- end access log ---
