"""Working days (Monday to Friday) for the deadlines of referrals. Public holidays
differ by federal state and are not counted out: a deadline over Easter falls a day
or two early, which errs on the side of reminding."""

from datetime import date, timedelta


def add_working_days(day: date, count: int) -> date:
    """The working day `count` working days after `day` (a weekend day counts from the
    next Monday)."""
    current = day
    added = 0
    while added < count:
        current += timedelta(days=1)
        if current.weekday() < 5:
            added += 1
    return current


def working_days_between(start: date, end: date) -> int:
    """How many working days passed after `start` up to and including `end` (0 when
    `end` is not after `start`)."""
    if end <= start:
        return 0
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    for offset in range(1, rest + 1):
        if (start + timedelta(days=offset)).weekday() < 5:
            count += 1
    return count
