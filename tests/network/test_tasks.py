"""The daily job of the network: `manage.py run_daily_jobs --only referral_deadlines`
checks the referrals' deadlines."""

from datetime import datetime
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from quartier.core.jobs import daily_jobs
from quartier.network.models import ReferralState
from tests.network.factories_referrals import sent_referral


def test_the_daily_job_expires_a_referral_left_unanswered(world, sender, recipient, case):
    # Sent long ago (a fixed day, far more than the ten working days in the past).
    referral = sent_referral(case, world.org_b, sender)
    long_ago = timezone.make_aware(datetime(2026, 1, 5, 9, 0))
    referral.sent_at = long_ago
    referral.save(update_fields=["sent_at"])
    waiting = sent_referral(case, world.org_b, sender, purpose="housing")
    out = StringIO()
    call_command("run_daily_jobs", "--only", "referral_deadlines", stdout=out)
    referral.refresh_from_db()
    waiting.refresh_from_db()
    assert referral.state == ReferralState.EXPIRED
    assert referral.events.filter(to_state=ReferralState.EXPIRED, reason="no_answer").exists()
    assert waiting.state == ReferralState.SENT
    assert out.getvalue().startswith("referral_deadlines: ")
    assert "'expired': 1" in out.getvalue()


def test_the_job_is_registered():
    assert "referral_deadlines" in {job.name for job in daily_jobs()}
