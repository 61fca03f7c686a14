"""Opening hours of a channel: the week's hours, dated exceptions and Finnish public holidays.

Stored as a JSON list on the channel (`service_channels.hours`): weekly entries
`{"days": [1, 2, 3, 4, 5], "opens": "09.00", "closes": "16.00"}` (ISO weekdays) and dated
exceptions `{"from": "2026-12-23", "to": "2026-12-27", "closed": true}` or
`{"from": "2026-12-31", "opens": "09.00", "closes": "12.00"}` (`to` defaults to `from`).

Which hours hold on a day, the first rule that applies wins:
1. a dated exception covering the day: closed, or its own hours;
2. a public holiday (the `holidays` package, Finland): the channel's Sunday hours;
3. Christmas Eve or Midsummer Eve: the channel's Saturday hours, so an office open Monday to
   Friday is closed on both eves while a chat open every evening stays open;
4. otherwise the weekly hours of the weekday.
A channel marked always open stays open unless an exception closes it. Hours may run past
midnight (`22.00`–`02.00`): the part after midnight belongs to the day the hours started.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

import holidays

from advisor_tui.models.clock import HELSINKI
from advisor_tui.models.working_days import is_customary_day_off, is_public_holiday

SUNDAY = 7
SATURDAY = 6
HOLIDAY_LANGUAGES = {"fi": "fi", "sv": "sv_FI", "en": "en_US"}


@dataclass(frozen=True)
class OpeningException:
    """Different hours (or closed) from `start` to `end`, both included."""

    start: date
    end: date
    closed: bool
    opens: str = ""
    closes: str = ""
    note: str = ""

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


Weekly = tuple[tuple[int, ...], str, str]


@dataclass(frozen=True)
class OpenState:
    """Whether a channel is open at a moment; None when its hours are not known.

    `rule` says which rule decided: `weekly`, `always`, `exception`, `holiday` or `eve`;
    `day` is the Helsinki date whose hours were used (for naming a holiday).
    """

    open: bool | None
    rule: str
    day: date


def parse_hours(raw: Any) -> tuple[tuple[Weekly, ...], tuple[OpeningException, ...]]:
    """Weekly hours and exceptions from the stored list; malformed entries are skipped."""
    weekly: list[Weekly] = []
    exceptions: list[OpeningException] = []
    for item in raw if isinstance(raw, list) else []:
        if not isinstance(item, dict):
            continue
        if "from" in item:
            try:
                start = date.fromisoformat(str(item["from"]))
                end = date.fromisoformat(str(item.get("to") or item["from"]))
            except ValueError:
                continue
            exceptions.append(
                OpeningException(
                    start,
                    end,
                    bool(item.get("closed")),
                    str(item.get("opens", "")),
                    str(item.get("closes", "")),
                    str(item.get("note", "")),
                )
            )
            continue
        days = tuple(int(d) for d in item.get("days", ()) if str(d).isdigit())
        weekly.append((days, str(item.get("opens", "")), str(item.get("closes", ""))))
    exceptions.sort(key=lambda e: (e.start, e.end))
    return tuple(weekly), tuple(exceptions)


def day_rule(day: date, exceptions: tuple[OpeningException, ...]) -> tuple[str, Any]:
    """(rule, detail) for a day: the covering exception, or the weekday whose hours apply."""
    for exception in exceptions:
        if exception.covers(day):
            return "exception", exception
    if is_public_holiday(day):
        return "holiday", SUNDAY
    if is_customary_day_off(day):
        return "eve", SATURDAY
    return "weekly", day.isoweekday()


def _spans(
    day: date, weekly: tuple[Weekly, ...], exceptions: tuple[OpeningException, ...]
) -> tuple[str, list[tuple[str, str]]]:
    rule, detail = day_rule(day, exceptions)
    if rule == "exception":
        if detail.closed or not detail.opens:
            return rule, []
        return rule, [(detail.opens, detail.closes)]
    return rule, [(opens, closes) for days, opens, closes in weekly if detail in days]


def _inside(now: str, opens: str, closes: str, *, after_midnight: bool) -> bool:
    if closes > opens:
        return not after_midnight and opens <= now < closes
    return now < closes if after_midnight else now >= opens


def open_state(
    weekly: tuple[Weekly, ...],
    exceptions: tuple[OpeningException, ...],
    always_open: bool,
    moment: datetime,
) -> OpenState:
    """Whether the channel is open at `moment`, by the rules in the module docstring."""
    local = moment.astimezone(HELSINKI)
    today, now = local.date(), local.strftime("%H.%M")
    rule, spans = _spans(today, weekly, exceptions)
    if always_open and rule != "exception":
        return OpenState(True, "always", today)
    if not weekly and rule != "exception":
        return OpenState(None, rule, today)
    if any(_inside(now, o, c, after_midnight=False) for o, c in spans):
        return OpenState(True, rule, today)
    yesterday = today - timedelta(days=1)
    late_rule, late = _spans(yesterday, weekly, exceptions)
    if any(_inside(now, o, c, after_midnight=True) for o, c in late):
        return OpenState(True, late_rule, yesterday)
    return OpenState(False, rule, today)


@lru_cache(maxsize=32)
def _holiday_names(year: int, language: str) -> dict[date, str]:
    listed = holidays.country_holidays(
        "FI", years=year, language=HOLIDAY_LANGUAGES.get(language, "fi")
    )
    return {day: str(name) for day, name in listed.items()}


def holiday_name(day: date, language: str = "fi") -> str:
    """The public holiday or eve on `day` in the language, or ''; lower case in Finnish and
    Swedish, as the names are written inside a sentence."""
    name = _holiday_names(day.year, language).get(day, "")
    if name and language in ("fi", "sv"):
        return name[:1].lower() + name[1:]
    return name
