"""The computed report, its JSON form (INDICATORS.md section 3) and small-cell suppression."""

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from quartier.core.models import Project
from quartier.reports.indicators.definitions import (
    CODES,
    ENTITY_CODES,
    GENDER_COLUMNS,
    INDICATOR_LABELS,
    PROGRAMME_CODES,
    PROGRAMME_INDICATOR_LABELS,
)
from quartier.reports.indicators.period import FundedPeriod

#: A figure: a count, or "<5" where small-cell suppression hides it.
Figure = int | str


def small_cell_threshold() -> int:
    """`settings.QUARTIER_SMALL_CELL_THRESHOLD` (default 5): evaluators see counts from 1
    to one below it as "<threshold"."""
    threshold = getattr(settings, "QUARTIER_SMALL_CELL_THRESHOLD", 5)
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 1:
        raise ImproperlyConfigured(
            f"QUARTIER_SMALL_CELL_THRESHOLD must be a whole number of 1 or more, not {threshold!r}."
        )
    return threshold


def suppress_small(counts: dict, threshold: int) -> dict:
    """The same mapping with every count from 1 to `threshold - 1` replaced by the string
    "<threshold" ("<5"); 0, larger counts and values already suppressed stay."""
    hidden = f"<{threshold}"
    return {
        key: hidden
        if isinstance(value, int) and not isinstance(value, bool) and 0 < value < threshold
        else value
        for key, value in counts.items()
    }


@dataclass(frozen=True)
class IndicatorReport:
    """The ESF Plus common indicators of one project for one period, by gender.

    `indicators` maps every code (EECO01…EECO17, EECR01…EECR06) to its figures by
    `GENDER_COLUMNS` (total, women, men, non_binary, not_stated), and EECO19 (the
    supported SMEs: companies, no gender) to `{"total": n}`; `followup_6m` holds
    `leavers` and `with_data`; `hf1` the BIWAQ HF1 figures by the same columns.
    `suppressed_below` is set on a report made by `suppressed()`."""

    project: Project
    date_from: date | None
    date_to: date | None
    indicators: dict[str, dict[str, Figure]]
    followup_6m: dict[str, Figure]
    hf1: dict[str, Figure]
    suppressed_below: int | None = None
    #: The period counted: the chosen one within the project's funded period.
    funded: FundedPeriod | None = None

    def as_json(self) -> dict:
        """The JSON of INDICATORS.md section 3, plus `programme_indicators` (HF1)."""
        return {
            "project": self.project.slug,
            "from": self.date_from.isoformat() if self.date_from else None,
            "to": self.date_to.isoformat() if self.date_to else None,
            "indicators": {code: dict(self.indicators[code]) for code in CODES},
            "followup_6m": {
                "leavers": self.followup_6m["leavers"],
                "with_data": self.followup_6m["with_data"],
            },
            "programme_indicators": {"HF1": dict(self.hf1)},
        }

    def rows(self) -> Iterator[tuple[str, object, dict[str, Figure | None]]]:
        """(code, label, figures by gender column) for every ESF code in the report's
        order (EECO01…EECO17, EECR01…EECR06, EECO19); the label is a lazy translation
        (str() it in the language wanted). EECO19 has no gender breakdown: its gender
        columns are None (an empty cell in the files, "–" on the pages)."""
        for code in CODES:
            figures = dict(self.indicators[code])
            if code in ENTITY_CODES:
                figures = {column: figures.get(column) for column in GENDER_COLUMNS}
            yield code, INDICATOR_LABELS[code], figures

    def programme_rows(self) -> Iterator[tuple[str, object, dict[str, Figure]]]:
        """The same for the programme indicators (HF1), shown beside the ESF ones."""
        figures = {"HF1": self.hf1}
        for code in PROGRAMME_CODES:
            yield code, PROGRAMME_INDICATOR_LABELS[code], dict(figures[code])

    def suppressed(self, threshold: int | None = None) -> "IndicatorReport":
        """The report as evaluators see it: counts from 1 to threshold - 1 as "<threshold"
        (default: the setting), in every figure including totals and the follow-up."""
        threshold = small_cell_threshold() if threshold is None else threshold
        return replace(
            self,
            indicators={
                code: suppress_small(figures, threshold)
                for code, figures in self.indicators.items()
            },
            followup_6m=suppress_small(self.followup_6m, threshold),
            hf1=suppress_small(self.hf1, threshold),
            suppressed_below=threshold,
        )


def empty_figures() -> dict[str, int]:
    return dict.fromkeys(GENDER_COLUMNS, 0)
