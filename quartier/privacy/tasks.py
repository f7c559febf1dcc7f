"""Background work of the privacy app, daily jobs (`quartier.core.jobs`).

- `erasure_retention_end`: removes what an erasure kept once its retention rule ended
  (`privacy.services.erasure.erasures_remove_expired`).
"""

from quartier.core.jobs import daily_job
from quartier.privacy.services.erasure import erasures_remove_expired


# --- erasure ---
@daily_job("erasure_retention_end")
def erasure_retention_end() -> dict:
    """Anonymise what a case-file rule kept, and delete the participants whose kept
    indicator data reached the end of its retention (counts of each)."""
    return erasures_remove_expired()


# --- end erasure ---
