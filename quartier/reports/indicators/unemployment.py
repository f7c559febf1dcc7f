"""Long-term unemployment on entry, the one definition (ESF Plus EECO03) for the
indicator report, the case list's target group and the reports' reach table.

Before, the case list counted "unemployed since 365 days before today" whatever the
age, while the indicator counted 12 calendar months by the entry date, 6 below the age
of 25: the same label on two different sets of people.
"""

from django.db import models
from django.db.models import Q

from quartier.participants.models import LabourStatus
from quartier.reports.indicators.dates import (
    age_below,
    age_key,
    months_after,
    months_after_aliases,
)

#: 12 calendar months, or 6 below the age of 25 on the entry date: one comparison
#: (12 months include the 6, so "12, or 6 when young" is "6 when young, else 12").
LONG_TERM_MONTHS = models.Case(
    models.When(age_below("age", 25), then=models.Value(6)), default=models.Value(12)
)


def entry_aliases() -> dict:
    """The aliases `long_term_unemployed` reads, for `QuerySet.alias()` on cases: `age`,
    the participant's age on the entry date, and `unemployed_*`, how long they had been
    unemployed by then (`months_after_aliases`)."""
    return {
        "age": age_key(birth="participant__birth_date", day="entry_date"),
        **months_after_aliases(
            start="participant__unemployed_since", day="entry_date", prefix="unemployed"
        ),
    }


def long_term_unemployed() -> Q:
    """Long-term unemployed on entry, the one definition (ESF Plus EECO03): unemployed,
    for 12 calendar months or more, or 6 or more below the age of 25. Reads the
    aliases of `entry_aliases()`. The indicator report, the case list's target
    group and the reports' reach table all count with it."""
    return Q(participant__labour_status=LabourStatus.UNEMPLOYED) & months_after(
        "unemployed", LONG_TERM_MONTHS
    )
