"""Time: stored as UTC ISO-8601 text, shown in Europe/Helsinki as `d.m.yyyy` and `14.30`."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from advisor_tui.models.errors import ValidationError

HELSINKI = ZoneInfo("Europe/Helsinki")
_ISO_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


def to_iso(moment: datetime) -> str:
    """Fixed-width UTC text, so that text order is time order."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime")
    return moment.astimezone(UTC).strftime(_ISO_FORMAT)


def from_iso(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


def local(moment: datetime) -> datetime:
    return moment.astimezone(HELSINKI)


def local_date(moment: datetime) -> date:
    return moment.astimezone(HELSINKI).date()


def local_day_bounds(day: date) -> tuple[str, str]:
    """UTC ISO bounds [start, end) of a Helsinki calendar day, right across DST changes."""
    start = datetime.combine(day, time(0), HELSINKI)
    end = datetime.combine(day + timedelta(days=1), time(0), HELSINKI)
    return to_iso(start), to_iso(end)


def at_local(day: date, clock_time: time) -> datetime:
    """The UTC moment of a Helsinki wall-clock time on a day."""
    return datetime.combine(day, clock_time, HELSINKI).astimezone(UTC)


def fmt_date(value: date | datetime) -> str:
    if isinstance(value, datetime):
        value = local_date(value)
    return f"{value.day}.{value.month}.{value.year}"


def fmt_time(moment: datetime) -> str:
    moment = local(moment)
    return f"{moment.hour:02d}.{moment.minute:02d}"


def fmt_datetime(moment: datetime) -> str:
    return f"{fmt_date(moment)} {fmt_time(moment)}"


def fmt_minutes(minutes: float) -> str:
    whole = round(minutes)
    hours, rest = divmod(whole, 60)
    return f"{hours} h {rest} min" if hours else f"{rest} min"


_DATE = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$")
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")
_TIME = re.compile(r"^\s*(\d{1,2})[.:](\d{2})\s*$")


def parse_date(text: str, field: str = "") -> date:
    """`23.11.2026` (or ISO `2026-11-23`); anything else is a clear error."""
    match = _DATE.match(text)
    try:
        if match:
            d, m, y = (int(g) for g in match.groups())
            return date(y, m, d)
        match = _ISO_DATE.match(text)
        if match:
            y, m, d = (int(g) for g in match.groups())
            return date(y, m, d)
    except ValueError as exc:
        raise ValidationError("time.bad_date", field, value=text) from exc
    raise ValidationError("time.bad_date", field, value=text)


def parse_time(text: str, field: str = "") -> time:
    """`14.30` or `14:30`."""
    match = _TIME.match(text)
    if match:
        h, m = int(match.group(1)), int(match.group(2))
        if 0 <= h < 24 and 0 <= m < 60:
            return time(h, m)
    raise ValidationError("time.bad_time", field, value=text)
