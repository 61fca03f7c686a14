"""When demo events happen: working days before today, office hours, and a busy "today".

Past days are working days only (weekends, Finnish public holidays and the customary eves are
skipped). Today is always a working day of the demo, whatever the calendar says, so that the
trainee always meets a busy shift: contacts already logged before "now", callbacks due, a network
meeting in the afternoon.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from advisor_tui.models.clock import at_local, local_date
from advisor_tui.models.working_days import is_working_day, next_working_day

OFFICE_START = time(8, 0)
OFFICE_END = time(16, 0)
# Relative weight of each office hour (8–9 … 15–16): mornings and early afternoon are busiest.
HOUR_WEIGHTS = (6, 10, 10, 7, 8, 9, 7, 4)
WEEKDAY_FACTOR = (1.2, 1.05, 1.0, 0.95, 0.8)
MONTH_FACTOR = (1.1, 1.1, 1.05, 1.0, 0.95, 0.8, 0.5, 0.85, 1.1, 1.1, 1.05, 0.9)


def previous_working_day(day: date) -> date:
    day -= timedelta(days=1)
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def working_days_between(first: date, last: date) -> list[date]:
    days = []
    day = first
    while day <= last:
        if is_working_day(day):
            days.append(day)
        day += timedelta(days=1)
    return days


def day_factor(day: date) -> float:
    """How busy a day is compared with an average one."""
    return WEEKDAY_FACTOR[min(day.weekday(), 4)] * MONTH_FACTOR[day.month - 1]


@dataclass(frozen=True)
class Plan:
    """The demo's calendar, fixed by the store clock's "now"."""

    now: datetime
    today: date
    past_days: tuple[date, ...]
    future_days: tuple[date, ...]
    morning_start: datetime
    morning_end: datetime

    @property
    def yesterday(self) -> date:
        """The working day before today."""
        return previous_working_day(self.today)

    def office_moment(self, rng: random.Random, day: date) -> datetime:
        """A moment in office hours on a past or future day, busier hours more likely."""
        hour = rng.choices(range(8), weights=HOUR_WEIGHTS)[0]
        return at_local(day, time(8 + hour, rng.randrange(60), rng.randrange(60)))

    def morning_moment(self, rng: random.Random) -> datetime:
        """A moment of today's shift that has already passed."""
        span = (self.morning_end - self.morning_start).total_seconds()
        return self.morning_start + timedelta(seconds=rng.uniform(0, span))

    def elapsed_share(self) -> float:
        """The part of today's office hours that has passed (at least a quarter)."""
        office = (at_local(self.today, OFFICE_END) - at_local(self.today, OFFICE_START)).seconds
        done = (self.morning_end - self.morning_start).total_seconds()
        return max(0.25, min(1.0, done / office))

    def later_today(self, hour: int = 16) -> datetime:
        """Today at `hour` when that is still ahead, else an hour from now (before midnight)."""
        wanted = at_local(self.today, time(hour, 0))
        if wanted > self.now + timedelta(minutes=30):
            return wanted
        return min(self.now + timedelta(hours=1), at_local(self.today, time(23, 59, 59)))

    def afternoon_start(self) -> datetime:
        """Today's network meeting: at 13.00 or 14.00, whichever is still ahead, else 14.00."""
        for hour in (13, 14):
            start = at_local(self.today, time(hour, 0))
            if start > self.now + timedelta(minutes=30):
                return start
        return at_local(self.today, time(14, 0))


def make_plan(now: datetime, weeks: int) -> Plan:
    """Past working days in the `weeks` before today, the next two weeks, and today's morning."""
    today = local_date(now)
    first = today - timedelta(days=7 * weeks - 1)
    past = working_days_between(first, today - timedelta(days=1))
    future: list[date] = []
    day = today
    while len(future) < 10:
        day = next_working_day(day)
        future.append(day)
    start = at_local(today, OFFICE_START)
    end_of_office = at_local(today, OFFICE_END)
    morning_end = min(now - timedelta(minutes=3), end_of_office)
    if morning_end < start + timedelta(minutes=30):
        morning_end = now - timedelta(minutes=3)
        start = min(max(at_local(today, time(0, 10)), now - timedelta(hours=2)), morning_end)
    return Plan(now, today, tuple(past), tuple(future), start, morning_end)
