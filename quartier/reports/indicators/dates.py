"""Date rules of the indicators as SQL expressions, the same on SQLite and PostgreSQL.

Both rules reduce a date to the integer YYYYMMDD (`DateNumber`) and compare numbers,
so they need no date arithmetic of the database (but for "the day after", to find
the end of a month) and no Python function per row:

- Age in full years on a day: `floor((day - birth) / 10000)` on these numbers. The
  month and day part of the difference lies between -1130 and 1130, so the
  thousands decide: `day - birth >= 18 * 10000` exactly when the person has had
  their 18th birthday by `day`. This is `Participant.age_on`: someone born on
  29 February is one year older on 1 March in a year without 29 February (as the
  German civil code counts it, §§ 187(2), 188(3) BGB).
- "`start` + k calendar months ≤ `day`" as `dateutil.relativedelta` adds months
  (31 August + 6 months = 29 February in a leap year, 28 February otherwise). With
  M the number of months from start's month to day's month: true when M > k; when
  M = k, true when start's day of month ≤ day's day of month, or when `day` is the
  last day of its month (the sum is clamped to that day); false when M < k.

`tests/reports/indicators/test_dates.py` checks both against Python for many dates.
"""

from django.db.models import F, Func, IntegerField, Q, Value
from django.db.models.expressions import Combinable


class DateNumber(Func):
    """A date as the integer YYYYMMDD (2024-02-29 → 20240229); NULL stays NULL.

    `shift_days` moves the date first (1: the next day), for the month-end test."""

    output_field = IntegerField()
    arity = 1

    def __init__(self, expression, *, shift_days: int = 0):
        super().__init__(expression)
        self.shift_days = int(shift_days)

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        # SQLite keeps a date as the text YYYY-MM-DD: without the dashes it is the
        # number (twice as fast as strftime). The shifted date needs SQLite's date().
        if self.shift_days:
            return (
                f"CAST(strftime(%s, {sql}, %s) AS INTEGER)",
                ("%Y%m%d", *params, f"{self.shift_days:+d} days"),
            )
        return f"CAST(REPLACE({sql}, '-', '') AS INTEGER)", tuple(params)

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        if self.shift_days:
            # date + integer is a date in PostgreSQL.
            sql = f"({sql} + {self.shift_days:d})"
        return f"CAST(to_char({sql}, 'YYYYMMDD') AS INTEGER)", tuple(params)

    def as_sql(self, compiler, connection, **extra_context):
        raise NotImplementedError(
            f"The indicator report supports SQLite and PostgreSQL, not {connection.vendor}."
        )


def _month_day(number: Combinable) -> Combinable:
    """Months since year 0 times 100 plus the day of month: 1200 × year + 100 × month +
    day, which is the number YYYYMMDD less 8800 × year (integer division on both
    databases). The number is read twice, not three times as year, month and day."""
    return number - Value(8800) * (number / Value(10000))


def _day(number: Combinable) -> Combinable:
    return number % Value(100)


def age_key(*, birth: str, day: str) -> Combinable:
    """`day - birth` as YYYYMMDD numbers: age in full years = this // 10000."""
    return DateNumber(F(day)) - DateNumber(F(birth))


def age_at_least(key: str, years: int) -> Q:
    """The person's age on the day is `years` or more; `key` names an `age_key` alias."""
    return Q(**{f"{key}__gte": years * 10000})


def age_below(key: str, years: int) -> Q:
    return Q(**{f"{key}__lt": years * 10000})


def age_between(key: str, first: int, last: int) -> Q:
    """`first` ≤ age ≤ `last` (BETWEEN: the age is computed once)."""
    return Q(**{f"{key}__range": (first * 10000, (last + 1) * 10000 - 1)})


def months_after_aliases(
    *, start: str | Combinable, day: str | Combinable, prefix: str, day_shift: int = 0
) -> dict[str, Combinable]:
    """The aliases `months_after` reads: `<prefix>_gap`, the months from start's month to
    day's month times 100 plus the difference of the days of month, and
    `<prefix>_next_day`, the day of month after `day`. `start` and `day` are field
    names or date expressions; `day_shift` moves `day` by that many days first (so
    "start + k months ≤ day + n days", which is "day ≥ start + k months − n days")."""
    start_date = F(start) if isinstance(start, str) else start
    day_date = F(day) if isinstance(day, str) else day
    return {
        f"{prefix}_gap": _month_day(DateNumber(day_date, shift_days=day_shift))
        - _month_day(DateNumber(start_date)),
        # The next day is the 1st exactly when `day` ends its month.
        f"{prefix}_next_day": _day(DateNumber(day_date, shift_days=day_shift + 1)),
    }


def months_after(prefix: str, months: int | Combinable) -> Q:
    """`start + months` calendar months ≤ `day` (relativedelta), on the aliases of
    `months_after_aliases` with the same prefix; false when start is NULL. `months` may
    be an expression (say, 6 or 12 by age), read twice.

    With M the months from start's month to day's month, the gap is 100 × M plus the
    difference of the days of month, which lies between -30 and 30. So `gap >= 100 ×
    months` says: more months than `months`, or exactly as many and start's day of
    month ≤ day's. Below that, `gap > 100 × months - 70` holds exactly when M = months
    (M = months - 1 gives at most 100 × months - 70); then only a month-end `day`
    counts, as the sum is clamped to it. The month end is asked last, so rarely."""
    hundreds = months * 100  # an expression times 100 is an expression too
    gap = f"{prefix}_gap"
    # Q sorts its keywords: the gap is compared before the month end is asked.
    return Q(**{f"{gap}__gte": hundreds}) | Q(
        **{f"{gap}__gt": hundreds - 70, f"{prefix}_next_day": 1}
    )
