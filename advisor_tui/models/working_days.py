"""Working days in Finland and the callback promise: by the end of the next working day.

A working day is Monday to Friday and not a Finnish public holiday. Midsummer Eve and Christmas
Eve are customary days off; they count as days off unless `customary_days_off` is false. The
`holidays` package lists both eves among Finland's holidays; this module decides about them
itself, so the setting works the same whatever the package version lists.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache

from advisor_tui.models.clock import at_local, local_date

OFFICE_END = time(16, 0)


def is_customary_day_off(day: date) -> bool:
    """Midsummer Eve (the Friday from 19 to 25 June) or Christmas Eve (24 December)."""
    if day.month == 12:
        return day.day == 24
    return day.month == 6 and 19 <= day.day <= 25 and day.weekday() == 4


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> frozenset[date]:
    import holidays

    listed = holidays.country_holidays("FI", years=year)
    return frozenset(day for day in listed if not is_customary_day_off(day))


def is_public_holiday(day: date) -> bool:
    """A Finnish public holiday, not counting the customary eves."""
    return day in _public_holidays(day.year)


def is_working_day(day: date, *, customary_days_off: bool = True) -> bool:
    """Monday to Friday, not a public holiday and, by default, not a customary eve."""
    if day.weekday() >= 5 or is_public_holiday(day):
        return False
    return not (customary_days_off and is_customary_day_off(day))


def next_working_day(day: date, *, customary_days_off: bool = True) -> date:
    """The first working day strictly after `day`."""
    candidate = day + timedelta(days=1)
    while not is_working_day(candidate, customary_days_off=customary_days_off):
        candidate += timedelta(days=1)
    return candidate


def add_working_days(day: date, count: int, *, customary_days_off: bool = True) -> date:
    """The `count`th working day after `day`; `day` itself when `count` is 0."""
    if count < 0:
        raise ValueError(f"count must not be negative, got {count}")
    for _ in range(count):
        day = next_working_day(day, customary_days_off=customary_days_off)
    return day


def office_hours_end(day: date, end: time = OFFICE_END) -> datetime:
    """The UTC moment when office hours end on `day` in Helsinki."""
    return at_local(day, end)


def helsinki_date(moment: datetime) -> date:
    """The Helsinki calendar date of an aware moment."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("naive datetime: the time zone of the moment is unknown")
    return local_date(moment)


def callback_due_at(
    requested_at: datetime,
    *,
    office_end: time = OFFICE_END,
    customary_days_off: bool = True,
) -> datetime:
    """End of office hours (UTC) on the next working day after the Helsinki date of a request."""
    due_day = next_working_day(helsinki_date(requested_at), customary_days_off=customary_days_off)
    return office_hours_end(due_day, office_end)
