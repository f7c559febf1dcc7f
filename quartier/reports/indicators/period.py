"""The reporting period as people type it: two optional dates, both inclusive."""

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_period(from_str: str | None, to_str: str | None) -> tuple[date | None, date | None]:
    """The period's first and last day from two `YYYY-MM-DD` strings; empty or None is
    an open end. Raises `ValidationError` with one message per problem: a malformed or
    impossible date, or an end before the start."""
    errors: list[ValidationError] = []
    date_from = _parse_day(from_str, errors, malformed=_FROM_MALFORMED, impossible=_FROM_IMPOSSIBLE)
    date_to = _parse_day(to_str, errors, malformed=_TO_MALFORMED, impossible=_TO_IMPOSSIBLE)
    if date_from and date_to and date_to < date_from:
        errors.append(
            ValidationError(
                _("The end of the period (%(to)s) lies before its start (%(from)s).")
                % {"to": date_to.isoformat(), "from": date_from.isoformat()},
                code="end_before_start",
            )
        )
    if errors:
        raise ValidationError(errors)
    return date_from, date_to


# Whole sentences per end of the period, so that translations need no pieced grammar.
_FROM_MALFORMED = gettext_lazy("The start of the period, %(value)s, is not a date as YYYY-MM-DD.")
_FROM_IMPOSSIBLE = gettext_lazy("The start of the period, %(value)s, is not a date that exists.")
_TO_MALFORMED = gettext_lazy("The end of the period, %(value)s, is not a date as YYYY-MM-DD.")
_TO_IMPOSSIBLE = gettext_lazy("The end of the period, %(value)s, is not a date that exists.")


def _parse_day(value: str | None, errors: list, *, malformed, impossible) -> date | None:
    value = (value or "").strip()
    if not value:
        return None
    # date.fromisoformat alone would also take "20240101" or "2024-W01-1".
    if _ISO_DATE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            message = str(impossible)
    else:
        message = str(malformed)
    # Quoted and cut short: the value comes from a query string or a command line.
    shown = repr(value if len(value) <= 40 else value[:40] + "…")
    errors.append(ValidationError(message % {"value": shown}, code="invalid_date"))
    return None


@dataclass(frozen=True)
class FundedPeriod:
    """The period a report counts: the one chosen, within the project's funded period
    (`Project.start_date` … `end_date`). Nothing outside the funded period counts: an
    open end is the funded period's end, and a chosen day beyond it is cut to it."""

    date_from: date
    date_to: date
    funded_from: date
    funded_to: date
    #: The chosen period reached beyond the funded period (the pages and files say so).
    limited: bool

    @property
    def empty(self) -> bool:
        """The chosen period lies wholly outside the funded period: nothing counts."""
        return self.date_from > self.date_to


def funded_period(project, date_from: date | None, date_to: date | None) -> FundedPeriod:
    """The chosen period (None = open end) cut to the project's funded period."""
    start, end = project.start_date, project.end_date
    first = max(date_from, start) if date_from else start
    last = min(date_to, end) if date_to else end
    limited = (
        (date_from is not None and date_from < start)
        or (date_to is not None and date_to > end)
        or first > last
    )
    return FundedPeriod(
        date_from=first, date_to=last, funded_from=start, funded_to=end, limited=limited
    )
