"""The ESF Plus common indicators (INDICATORS.md sections 2 and 3) and BIWAQ HF1,
computed from the case data in SQL; EECO19 (supported SMEs) from the local economy's
employer services and events (`economy`).

The public interface, used by the command, the API and the pages:

- `indicator_report(*, project, date_from, date_to) -> IndicatorReport`
- `IndicatorReport`: `.as_json()`, `.rows()`, `.programme_rows()`, `.suppressed()`,
  `.indicators`, `.followup_6m`, `.hf1`
- `parse_period(from_str, to_str)`: the period from two `YYYY-MM-DD` strings
- `funded_period(project, date_from, date_to) -> FundedPeriod`: the period cut to the
  project's funded period (every report counts only within it)
- `suppress_small(counts, threshold)`, `small_cell_threshold()`
- `indicator_access(*, user, project)`, `indicator_projects_visible_to(user)`
- `INDICATOR_LABELS`, `PROGRAMME_INDICATOR_LABELS`, `GENDERS`, `GENDER_COLUMNS`,
  `GENDER_LABELS`, `FOLLOWUP_LABELS`, `CODES` (every code: `PARTICIPANT_CODES` by
  gender, then `ENTITY_CODES`, EECO19 with only a total)

How each figure is computed: docs/indicators.md.
"""

from quartier.reports.indicators.access import (
    EXACT,
    SUPPRESSED,
    indicator_access,
    indicator_projects_visible_to,
)
from quartier.reports.indicators.definitions import (
    CODES,
    ENTITY_CODES,
    FOLLOWUP_LABELS,
    GENDER_COLUMNS,
    GENDER_LABELS,
    GENDERS,
    INDICATOR_LABELS,
    OUTPUT_CODES,
    PARTICIPANT_CODES,
    PROGRAMME_CODES,
    PROGRAMME_INDICATOR_LABELS,
    RESULT_CODES,
)
from quartier.reports.indicators.engine import indicator_report
from quartier.reports.indicators.hf1 import hf1_rule
from quartier.reports.indicators.period import FundedPeriod, funded_period, parse_period
from quartier.reports.indicators.report import (
    Figure,
    IndicatorReport,
    small_cell_threshold,
    suppress_small,
)

__all__ = [
    "CODES",
    "ENTITY_CODES",
    "EXACT",
    "FOLLOWUP_LABELS",
    "GENDERS",
    "GENDER_COLUMNS",
    "GENDER_LABELS",
    "INDICATOR_LABELS",
    "OUTPUT_CODES",
    "PARTICIPANT_CODES",
    "PROGRAMME_CODES",
    "PROGRAMME_INDICATOR_LABELS",
    "RESULT_CODES",
    "SUPPRESSED",
    "Figure",
    "FundedPeriod",
    "IndicatorReport",
    "hf1_rule",
    "funded_period",
    "indicator_access",
    "indicator_projects_visible_to",
    "indicator_report",
    "parse_period",
    "small_cell_threshold",
    "suppress_small",
]
