"""Background work of the network: the daily check of the referrals' deadlines, a
daily job (`quartier.core.jobs`; `manage.py run_daily_jobs --only referral_deadlines`
runs it now). What it does is `services.referrals.referrals_check_deadlines`."""

from quartier.core.jobs import daily_job
from quartier.network.services.referrals import referrals_check_deadlines


@daily_job("referral_deadlines")
def referral_deadlines() -> dict:
    """Remind the recipients, tell the senders, expire the referrals left unanswered,
    and end those whose consent no longer holds (counts of each)."""
    return referrals_check_deadlines()
