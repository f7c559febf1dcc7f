"""The indicator report computed in SQL: three aggregate queries, whatever the data size.

One query counts every ESF Plus participant indicator and the follow-up coverage with
a conditional count per indicator, grouped by gender (so four rows come back); a
second counts HF1 among the period's leavers; a third the supported SMEs (EECO19,
`economy`). A participant is counted through
their case (entry and exit live there); imported and hand-entered cases count the
same. See INDICATORS.md section 2 and docs/indicators.md.
"""

from datetime import date

from django.db.models import Count, Q

from quartier.cases.models import Case
from quartier.core.models import Project
from quartier.participants.models import LabourStatus, YesNoNotStated
from quartier.reports.indicators.dates import (
    age_at_least,
    age_below,
    age_between,
)
from quartier.reports.indicators.definitions import (
    GENDER_OF_PARTICIPANT,
    GENDERS,
    OUTPUT_CODES,
    RESULT_CODES,
)
from quartier.reports.indicators.economy import eeco19
from quartier.reports.indicators.followup import followup_aliases, followup_in_time
from quartier.reports.indicators.hf1 import hf1_aliases, hf1_condition, hf1_rule
from quartier.reports.indicators.period import funded_period
from quartier.reports.indicators.report import IndicatorReport, empty_figures
from quartier.reports.indicators.unemployment import entry_aliases, long_term_unemployed

_YES = YesNoNotStated.YES
_EMPLOYED = [LabourStatus.EMPLOYED, LabourStatus.SELF_EMPLOYED]
_UNEMPLOYED = Q(participant__labour_status=LabourStatus.UNEMPLOYED)

#: Output indicators, counted among the cases whose entry lies in the period. "age"
#: and "unemployed_*" are aliases of the query (see `dates`).
OUTPUT_CONDITIONS: dict[str, Q] = {
    "EECO01": Q(),
    "EECO02": _UNEMPLOYED,
    "EECO03": long_term_unemployed(),  # the case list's target group, the same rule
    "EECO04": Q(participant__labour_status=LabourStatus.INACTIVE),
    "EECO05": Q(participant__labour_status__in=_EMPLOYED),
    "EECO06": age_below("age", 18),
    "EECO07": age_between("age", 18, 29),
    "EECO08": age_at_least("age", 55),
    "EECO09": Q(participant__isced__lte=2),
    "EECO10": Q(participant__isced__gte=3, participant__isced__lte=4),
    "EECO11": Q(participant__isced__gte=5),
    "EECO12": Q(participant__disability=_YES),
    "EECO13": Q(participant__third_country_national=_YES),
    "EECO14": Q(participant__foreign_background=_YES),
    "EECO15": Q(participant__minority=_YES),
    "EECO16": Q(participant__homeless=_YES),
    "EECO17": Q(participant__rural=True),
}
#: Result indicators, counted among the cases whose exit lies in the period.
RESULT_CONDITIONS: dict[str, Q] = {
    "EECR01": Q(exit_job_searching="yes"),
    "EECR02": Q(exit_education_training="yes"),
    "EECR03": Q(exit_qualification="yes"),
    "EECR04": Q(exit_employed="yes"),
    # EECR05 and EECR06 (and the follow-up coverage) also need the follow-up recorded
    # in time, from exit + 6 months: `followup.followup_in_time`, added in the report.
    "EECR05": Q(followup_6m_employed="yes"),
    # The Commission's definition: an improvement of a job held at entry.
    "EECR06": Q(followup_6m_better_situation="yes", participant__labour_status__in=_EMPLOYED),
}
#: The result indicators that read the six-month follow-up.
FOLLOWUP_CODES = ("EECR05", "EECR06")


def in_period(field: str, date_from: date | None, date_to: date | None) -> Q:
    """`field` is set and lies in the period (both ends inclusive, None = open)."""
    condition = Q(**{f"{field}__isnull": False})
    if date_from is not None:
        condition &= Q(**{f"{field}__gte": date_from})
    if date_to is not None:
        condition &= Q(**{f"{field}__lte": date_to})
    return condition


def indicator_report(
    *, project: Project, date_from: date | None, date_to: date | None
) -> IndicatorReport:
    """Every ESF Plus common indicator (EECO19 with only its total), the six-month
    follow-up coverage and BIWAQ HF1 of `project` for the period from `date_from` to
    `date_to` (inclusive; None = open).

    Only the project's funded period counts (`funded_period`): an open end is its
    start or end, and a chosen day beyond it is cut to it; the report's `date_from` and
    `date_to` are the chosen ends so cut (None stays None), `funded` the whole story.

    The caller decides who may see it (`indicator_access`) and whether small counts
    are hidden (`IndicatorReport.suppressed`)."""
    funded = funded_period(project, date_from, date_to)
    entered = in_period("entry_date", funded.date_from, funded.date_to)
    left = in_period("exit_date", funded.date_from, funded.date_to)
    aggregates = {code: Count("pk", filter=entered & q) for code, q in OUTPUT_CONDITIONS.items()}
    # The leavers whose follow-up was recorded in time, as a subquery the database
    # runs once: it reads the recording day only for the leavers with follow-up answers,
    # and the main query stays on its covering index (case_indicators).
    in_time = Q(
        pk__in=Case.objects.filter(project=project)
        .filter(left)
        .filter(Q(followup_6m_employed__in=["yes", "no"]) | Q(followup_6m_better_situation="yes"))
        .alias(**followup_aliases())
        .filter(followup_in_time())
        .values("pk")
    )
    aggregates |= {
        code: Count("pk", filter=left & q & in_time if code in FOLLOWUP_CODES else left & q)
        for code, q in RESULT_CONDITIONS.items()
    }
    aggregates["leavers"] = Count("pk", filter=left)
    aggregates["with_data"] = Count(
        "pk", filter=left & Q(followup_6m_employed__in=["yes", "no"]) & in_time
    )
    rows = (
        Case.objects.filter(project=project)
        .filter(entered | left)
        .alias(
            **entry_aliases(),
        )
        .order_by()  # the model's ordering would join the GROUP BY
        .values("participant__gender")
        .annotate(**aggregates)
    )
    indicators = {code: empty_figures() for code in (*OUTPUT_CODES, *RESULT_CODES)}
    followup = {"leavers": 0, "with_data": 0}
    for row in rows:
        column = GENDER_OF_PARTICIPANT.get(row["participant__gender"], "not_stated")
        for code, figures in indicators.items():
            figures[column] += row[code]
        followup["leavers"] += row["leavers"]
        followup["with_data"] += row["with_data"]
    for figures in indicators.values():
        figures["total"] = sum(figures[gender] for gender in GENDERS)
    # The entity indicator: companies, not people, so no gender and only a total.
    indicators["EECO19"] = {
        "total": 0
        if funded.empty
        else eeco19(project=project, date_from=funded.date_from, date_to=funded.date_to)
    }
    return IndicatorReport(
        project=project,
        date_from=date_from and max(date_from, funded.date_from),
        date_to=date_to and min(date_to, funded.date_to),
        indicators=indicators,
        followup_6m=followup,
        hf1=_hf1(project=project, left=left),
        funded=funded,
    )


def _hf1(*, project: Project, left: Q) -> dict[str, int]:
    rule = hf1_rule()
    rows = (
        Case.objects.filter(project=project)
        .filter(left)
        .alias(**hf1_aliases(rule))
        # A condition of the WHERE, not a filtered count: the participant (for the
        # gender) is read only for the leavers who count.
        .filter(hf1_condition(rule))
        .order_by()
        .values("participant__gender")
        .annotate(hf1=Count("pk"))
    )
    figures = empty_figures()
    for row in rows:
        figures[GENDER_OF_PARTICIPANT.get(row["participant__gender"], "not_stated")] += row["hf1"]
    figures["total"] = sum(figures[gender] for gender in GENDERS)
    return figures
