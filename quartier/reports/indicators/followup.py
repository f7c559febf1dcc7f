"""When the six-month follow-up counts (EECR05, EECR06 and `followup_6m.with_data`).

A follow-up counts only when it was recorded on or after exit + 6 calendar months
(relativedelta: 2023-08-31 + 6 months = 2024-02-29), less the window the programme
allows, `settings.QUARTIER_FOLLOWUP_6M_EARLY_DAYS` days (default 0). An answer
recorded earlier is no six-month follow-up and counts nowhere, whatever the form or
the API let through.

The day it was recorded is `Case.followup_6m_recorded_on`. The participant list
(INDICATORS.md section 1) has no column for it, so imported follow-ups carry none:
those count as recorded on the day their case was created (local time), which for an
imported participant is the day of the import. A list imported after its people's
six-month dates counts; a follow-up "known" on the day of an import before that date
does not. A case created by hand and given follow-up answers by a later import keeps
its creation day: never later than the real one, so an early answer is never counted.
"""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import F, Q
from django.db.models.functions import Coalesce, TruncDate

from quartier.reports.indicators.dates import months_after, months_after_aliases

#: The months after the exit from which the follow-up counts.
FOLLOWUP_MONTHS = 6


def followup_early_days() -> int:
    """`settings.QUARTIER_FOLLOWUP_6M_EARLY_DAYS` (default 0), a whole number ≥ 0."""
    days = getattr(settings, "QUARTIER_FOLLOWUP_6M_EARLY_DAYS", 0)
    if isinstance(days, bool) or not isinstance(days, int) or days < 0:
        raise ImproperlyConfigured(
            f"QUARTIER_FOLLOWUP_6M_EARLY_DAYS must be a whole number of 0 or more, not {days!r}."
        )
    return days


def followup_recorded_on():
    """The day the follow-up was recorded: its date, or the day the case was created."""
    created = TruncDate("created_at", tzinfo=ZoneInfo(settings.TIME_ZONE))
    return Coalesce(F("followup_6m_recorded_on"), created)


def followup_aliases() -> dict:
    """The query aliases `followup_in_time` reads (on a query of cases)."""
    return months_after_aliases(
        start="exit_date",
        day=followup_recorded_on(),
        prefix="followup",
        day_shift=followup_early_days(),
    )


def followup_in_time() -> Q:
    """exit + 6 calendar months ≤ recorded on + early days (on `followup_aliases`)."""
    return months_after("followup", FOLLOWUP_MONTHS)
