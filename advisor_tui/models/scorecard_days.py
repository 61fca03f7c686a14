"""The scorecard's contact figures per Helsinki day, for the team and for one advisor.

A day is counted from the contacts once and kept in `scorecard_days`; the triggers of migration
0010 forget a day when a contact or referral of it changes, and every day when the directory's
organisations change. A report adds up the kept days and counts only the ones it lacks, so a year
costs 365 small additions once its days have been counted.

The figures of a day are plain JSON: numbers, and objects of counts by key.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from itertools import chain, compress, repeat
from operator import add, and_, itemgetter, or_
from typing import Any

from advisor_tui.models.clock import from_iso, local, local_day_bounds
from advisor_tui.models.page_cache import big_cache
from advisor_tui.models.store import Store, classify_sqlite_error

VERSION = 1
TEAM = "*"
TRIGGER_PREFIX = "scorecard_days_"
BULK_ROWS = 2000
KEEP_WAIT_MS = 200
SHIFT = 32
MASK = (1 << SHIFT) - 1

NEEDS_ASSESSMENT = "needs_assessment"
OTHER_REFERRALS = ("referral_service", "referral_digital")
LOCAL_ORGANISATIONS = ("municipality", "parish", "ngo")

Figures = dict[str, Any]
Row = tuple[Any, ...]

_CONTACTS = """
SELECT substr(c.started_at, 1, 13), c.channel, c.party,
  coalesce(c.municipality_code, ''), coalesce(nullif(c.feedback_help, ''), 'not_asked'),
  c.feedback_recommend, c.topics, c.observations, c.actions, c.outside_county, c.id
FROM contacts c {hint}
WHERE c.deleted_at IS NULL AND c.started_at >= ? AND c.started_at < ?
"""
_IN_RANGE = "c.deleted_at IS NULL AND c.started_at >= ? AND c.started_at < ?"
HOUR, CHANNEL, PARTY, PLACE, ANSWER, SCORE, TOPICS, OBSERVATIONS, ACTIONS, OUTSIDE, ID = range(11)


def contact_days(
    store: Store, first: date, last: date, advisor: str | None = None
) -> dict[str, Figures]:
    """The figures of each day `first` … `last` with contacts (of `advisor` when given).

    Kept days are read; missing days are counted and kept for the next report. Keeping is left
    out, and the figures still returned, when the file is read-only, busy, or changed while the
    days were counted (the next report counts them again).
    """
    days = [(first + timedelta(days=n)).isoformat() for n in range((last - first).days + 1)]
    if not days or not store.table_exists("contacts"):
        return {}
    key = advisor or TEAM
    conn = store.conn
    own = not conn.in_transaction
    try:
        if own:
            conn.execute("BEGIN")
        found = _kept(store, days[0], days[-1], key)
        missing = [day for day in days if day not in found]
        if missing:
            fresh = _count(store, missing, advisor)
            found.update(fresh)
            if own and _keep(store, fresh, key):
                conn.execute("COMMIT")
        if own and conn.in_transaction:
            conn.execute("ROLLBACK")
    except sqlite3.Error as exc:
        if own and conn.in_transaction:
            conn.execute("ROLLBACK")
        raise classify_sqlite_error(exc) from exc
    return _with_contacts(found)


def _with_contacts(found: dict[str, Figures]) -> dict[str, Figures]:
    return {day: figures for day, figures in found.items() if figures.get("contacts")}


def _kept(store: Store, low: str, high: str, key: str) -> dict[str, Figures]:
    """Kept figures of `key` between two ISO dates; `{}` for a counted day without contacts."""
    rows = store.conn.execute(
        "SELECT day, figures FROM scorecard_days WHERE day BETWEEN ? AND ? AND advisor = ? "
        "AND version = ?",
        (low, high, key, VERSION),
    ).fetchall()
    return {str(day): json.loads(text) for day, text in rows}


def _keep(store: Store, fresh: dict[str, Figures], key: str) -> bool:
    """Writes the counted days in the open read transaction; False if that could not be done."""
    conn = store.conn
    before = int(conn.execute("PRAGMA busy_timeout").fetchone()[0])
    conn.execute(f"PRAGMA busy_timeout = {KEEP_WAIT_MS}")
    try:
        conn.executemany(
            "INSERT OR REPLACE INTO scorecard_days (day, advisor, version, figures) "
            "VALUES (?, ?, ?, ?)",
            (
                (day, key, VERSION, json.dumps(figures, separators=(",", ":")))
                for day, figures in fresh.items()
            ),
        )
    except sqlite3.OperationalError:
        conn.execute("ROLLBACK")
        return False
    finally:
        conn.execute(f"PRAGMA busy_timeout = {before}")
    return True


# -- counting -------------------------------------------------------------------------------------


def _runs(days: list[str]) -> list[tuple[date, date]]:
    """Consecutive days as (first, last) ranges."""
    runs: list[tuple[date, date]] = []
    for text in days:
        day = date.fromisoformat(text)
        if runs and runs[-1][1] + timedelta(days=1) == day:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def _count(store: Store, days: list[str], advisor: str | None) -> dict[str, Figures]:
    """Figures of each of `days` (of one advisor's contacts when given); `{}` for a day without
    contacts, so that it is known to be counted."""
    fresh: dict[str, Figures] = {day: {} for day in days}
    total = int(store.scalar("SELECT count(*) FROM contacts WHERE deleted_at IS NULL"))
    with big_cache(store):
        for first, last in _runs(days):
            low, _ = local_day_bounds(first)
            _, high = local_day_bounds(last)
            in_range = int(
                store.scalar(f"SELECT count(*) FROM contacts c WHERE {_IN_RANGE}", (low, high))
            )
            if not in_range:
                continue
            whole = in_range * 4 > total
            sql = _CONTACTS.format(hint="NOT INDEXED" if whole else "")
            params: tuple[str, ...] = (low, high)
            if advisor:
                sql += " AND c.created_by = ?"
                params += (advisor,)
            cursor = store.conn.cursor()
            cursor.row_factory = None
            rows = cursor.execute(sql, params).fetchall()
            if rows:
                digital, to_local = _referred(store, low, high, whole=whole)
                fresh.update(_count_rows(rows, digital, to_local))
    return fresh


def _count_rows(rows: list[Row], digital: set[str], to_local: set[str]) -> dict[str, Figures]:
    """The figures of `rows` per Helsinki day.

    Every step runs in C over whole columns: a (day, value) pair is counted as one integer, the
    day's number shifted above the value's number, and a JSON list is decoded once however many
    contacts share it.
    """
    utc_hours = _column(rows, HOUR)
    hours = _local_hours(set(utc_hours))
    names = sorted({day for day, _ in hours.values()})
    number = {day: n << SHIFT for n, day in enumerate(names)}
    day_of = {hour: number[day] for hour, (day, _) in hours.items()}
    days = list(map(day_of.__getitem__, utc_hours))
    fresh: dict[str, Figures] = {day: {} for day in names}

    def tally(name: str, values: list[Any], on_days: list[int] = days) -> None:
        distinct = list(set(values))
        code = {value: n for n, value in enumerate(distinct)}
        for figures in fresh.values():
            figures[name] = {}
        for key, count in Counter(map(add, on_days, map(code.__getitem__, values))).items():
            fresh[names[key >> SHIFT]][name][distinct[key & MASK]] = count

    def total(name: str, flags: Iterable[Any]) -> None:
        for key, count in Counter(compress(days, flags)).items():
            fresh[names[key >> SHIFT]][name] = count

    local_hour = {hour: str(at) for hour, (_, at) in hours.items()}
    tally("hour", list(map(local_hour.__getitem__, utc_hours)))
    for name, column in (
        ("channel", CHANNEL),
        ("party", PARTY),
        ("municipality", PLACE),
        ("help", ANSWER),
        ("recommend", SCORE),
    ):
        tally(name, _column(rows, column))
    for name, column in (("topic", TOPICS), ("observation", OBSERVATIONS)):
        lists = list(map(_decoded(_column(rows, column)).__getitem__, _column(rows, column)))
        items = list(chain.from_iterable(lists))
        tally(name, items, list(chain.from_iterable(map(repeat, days, map(len, lists)))))
    actions = _column(rows, ACTIONS)
    kinds = _referral_kinds(set(actions))
    ids = _column(rows, ID)
    professional = list(map("professional".__eq__, _column(rows, PARTY)))
    total("contacts", repeat(True, len(rows)))
    total(
        "digital_referred",
        map(or_, map(kinds["digital"].__getitem__, actions), map(digital.__contains__, ids)),
    )
    total("needs_assessment", map(kinds["needs_assessment"].__getitem__, actions))
    total("other_services", map(kinds["other_services"].__getitem__, actions))
    total("consultations", professional)
    total("consultations_to_local", map(and_, professional, map(to_local.__contains__, ids)))
    total("consultations_outside_county", map(and_, professional, _column(rows, OUTSIDE)))
    for figures in fresh.values():
        figures["recommend"] = {
            str(score): n for score, n in figures["recommend"].items() if score is not None
        }
    return fresh


def _column(rows: list[Row], index: int) -> list[Any]:
    return list(map(itemgetter(index), rows))


def _decoded(texts: list[str]) -> dict[str, list[str]]:
    """Each distinct JSON list of `texts`, decoded in one call."""
    distinct = list(set(texts))
    return dict(zip(distinct, json.loads(f"[{','.join(distinct)}]"), strict=True))


def _referral_kinds(action_lists: set[str]) -> dict[str, dict[str, bool]]:
    """Per figure, whether a JSON list of actions counts in it: referred to a digital service, to
    needs assessment, or (without needs assessment) to another service."""
    kinds: dict[str, dict[str, bool]] = {
        "digital": {},
        "needs_assessment": {},
        "other_services": {},
    }
    for text, actions in _decoded(list(action_lists)).items():
        kinds["digital"][text] = "referral_digital" in actions
        kinds["needs_assessment"][text] = NEEDS_ASSESSMENT in actions
        kinds["other_services"][text] = NEEDS_ASSESSMENT not in actions and bool(
            set(actions) & set(OTHER_REFERRALS)
        )
    return kinds


def _referred(store: Store, low: str, high: str, *, whole: bool) -> tuple[set[str], set[str]]:
    """Ids of contacts referred to a digital service, and to a municipal, parish or NGO service.

    With `whole`, every live referral is read (cheaper than joining when the range holds most
    contacts); the caller only asks about contacts of its range.
    """
    if not store.table_exists("contact_referrals"):
        return set(), set()
    local_services: set[str] = set()
    if store.table_exists("services") and store.table_exists("organisations"):
        marks = ", ".join("?" for _ in LOCAL_ORGANISATIONS)
        local_services = {
            str(r[0])
            for r in store.conn.execute(
                "SELECT s.id FROM services s JOIN organisations o ON o.id = s.organisation_id "
                f"WHERE o.org_type IN ({marks})",
                LOCAL_ORGANISATIONS,
            )
        }
    local_json = json.dumps(sorted(local_services))
    is_local = "r.service_id IN (SELECT value FROM json_each(?))"
    sql = f"SELECT r.contact_id, r.digital, {is_local} FROM contact_referrals r "
    params: tuple[str, ...] = (local_json,)
    if not whole:
        sql += "JOIN contacts c ON c.id = r.contact_id "
    sql += f"WHERE r.deleted_at IS NULL AND (r.digital OR {is_local})"
    params += (local_json,)
    if not whole:
        sql += f" AND {_IN_RANGE}"
        params += (low, high)
    cursor = store.conn.cursor()
    cursor.row_factory = None
    rows = cursor.execute(sql, params).fetchall()
    digital = {contact for contact, is_digital, _ in rows if is_digital}
    to_local = {contact for contact, _, to_service in rows if to_service}
    return digital, to_local


def _local_hours(utc_hours: set[str]) -> dict[str, tuple[str, int]]:
    """Helsinki (date, hour) of each UTC hour ('2026-11-23T07').

    A UTC day whose first and last hour have the same offset from Helsinki time is converted
    once; only the two days a year when the clocks turn are converted hour by hour.
    """
    days: dict[str, tuple[int, str, str] | None] = {}
    found: dict[str, tuple[str, int]] = {}
    for hour in utc_hours:
        day = hour[:10]
        if day not in days:
            days[day] = _utc_day(day)
        same = days[day]
        if same is None:
            started = local(from_iso(hour + ":00:00.000000Z"))
            found[hour] = (started.date().isoformat(), started.hour)
            continue
        shift, today, tomorrow = same
        local_hour = int(hour[11:13]) + shift
        found[hour] = (tomorrow, local_hour - 24) if local_hour >= 24 else (today, local_hour)
    return found


def _utc_day(day: str) -> tuple[int, str, str] | None:
    """(offset in whole hours, the date, the next date) of a UTC day whose offset from Helsinki
    time stays the same all day, else None."""
    first = from_iso(f"{day}T00:00:00.000000Z")
    offset = local(first).utcoffset() or timedelta(0)
    if offset != (local(first + timedelta(hours=23)).utcoffset() or timedelta(0)):
        return None
    seconds = int(offset.total_seconds())
    if seconds % 3600 or not 0 <= seconds < 86400:
        return None
    today = date.fromisoformat(day)
    return seconds // 3600, today.isoformat(), (today + timedelta(days=1)).isoformat()


@contextmanager
def bulk_write(store: Store, large: bool) -> Iterator[None]:
    """Inside an open transaction about to write many contacts or referrals: with `large`, the
    triggers that forget days one row at a time are set aside while it writes, and every kept
    day is forgotten at the end instead. Schema changes are part of the transaction, so a
    rollback brings the triggers back too."""
    if not large:
        yield
        return
    conn = store.conn
    triggers = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE ?",
        (f"{TRIGGER_PREFIX}%",),
    ).fetchall()
    for name, _ in triggers:
        conn.execute(f'DROP TRIGGER "{name}"')
    try:
        yield
    finally:
        if conn.in_transaction:
            conn.execute("DELETE FROM scorecard_days")
            for _, sql in triggers:
                conn.execute(sql)
