"""Background work of the privacy app, daily jobs (`quartier.core.jobs`;
`manage.py run_daily_jobs --only <name>` runs one now):

- `access_log_retention`: deletes the access log's entries past their retention period
  from the start of the chain (`services.access_log.access_log_prune`);
- `erasure_retention_end`: removes what an erasure kept once its retention rule ended
  (`services.erasure.erasures_remove_expired`).
"""

from quartier.core.jobs import daily_job
from quartier.privacy.services.access_log import access_log_prune
from quartier.privacy.services.erasure import erasures_remove_expired


@daily_job("access_log_retention")
def access_log_retention() -> dict:
    """Delete the access log's entries past their retention (how many)."""
    return {"deleted": access_log_prune()}


@daily_job("erasure_retention_end")
def erasure_retention_end() -> dict:
    """Anonymise what a case-file rule kept, and delete the participants whose kept
    indicator data reached the end of its retention (counts of each)."""
    return erasures_remove_expired()
