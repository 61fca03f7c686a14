"""Callback requests (takaisinsoitot): the promise is a call by the end of the next working day.

Settings (stored with `store.set_setting`, read here with these defaults):
- `callbacks.office_end` "16:00": the end of office hours, when a request falls due;
- `callbacks.customary_days_off` "yes": Midsummer Eve and Christmas Eve are days off;
- `callbacks.attempts_limit` "3": unreached attempts after which closing is offered;
- `callbacks.retention_days` "14": days after closing before name and phone are purged.
A value that cannot be read counts as its default.

The queue keys on the record id: every listing reads one row per callback, so a request that
reached this database from two others (through sync) is listed once.

This module holds the vocabulary, the settings and the reading; new requests are checked and
stored by `callback_requests`, attempts and other changes by `callback_actions`, and rows from
other databases merged by `callback_sync`.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, time
from enum import StrEnum
from typing import Any

from advisor_tui.models.audit import log_access
from advisor_tui.models.clock import (
    from_iso,
    local_date,
    local_day_bounds,
    parse_time,
    to_iso,
)
from advisor_tui.models.errors import ValidationError
from advisor_tui.models.store import Store

TABLE = "callbacks"
STATUSES = ("open", "done", "unreached", "cancelled")
CLOSED_STATUSES = ("done", "unreached", "cancelled")
PRIORITIES = ("normal", "urgent")
SOURCES = ("busy_line", "voicemail", "web_form", "advisor", "other")
OUTCOMES = ("reached", "no_answer", "voicemail", "wrong_number")
UNREACHED_OUTCOMES = ("no_answer", "voicemail", "wrong_number")
NAME_MAX = 80
WINDOW_MAX = 60
NOTE_MAX = 1000
REASON_MAX = 300
_TRUE = ("1", "yes", "true", "on", "kyllä")


@dataclass(frozen=True)
class CallbackSettings:
    office_end: time = time(16, 0)
    customary_days_off: bool = True
    attempts_limit: int = 3
    retention_days: int = 14


def load_settings(store: Store) -> CallbackSettings:
    """The callback settings of this database, defaults where unset or unreadable."""
    from advisor_tui.models.retention import load_retention

    default = CallbackSettings()
    try:
        office_end = parse_time(store.get_setting("callbacks.office_end", "16:00") or "")
    except ValidationError:
        office_end = default.office_end
    days_off = (store.get_setting("callbacks.customary_days_off", "yes") or "").strip().lower()
    return CallbackSettings(
        office_end=office_end,
        customary_days_off=days_off in _TRUE,
        attempts_limit=_positive(store, "callbacks.attempts_limit", default.attempts_limit),
        retention_days=load_retention(store).callback_days,
    )


def _positive(store: Store, key: str, default: int) -> int:
    try:
        value = int(store.get_setting(key, str(default)) or "")
    except ValueError:
        return default
    return value if value > 0 else default


class Urgency(StrEnum):
    OVERDUE = "overdue"
    TODAY = "today"
    LATER = "later"


@dataclass(frozen=True)
class Callback:
    id: str
    phone_e164: str | None
    name: str | None
    preferred_window: str
    language: str
    topic: str
    note: str
    priority: str
    source: str
    contact_id: str | None
    requested_at: datetime
    due_at: datetime
    assigned_to: str
    status: str
    closed_at: datetime | None
    close_reason: str
    personal_data_purged_at: datetime | None
    attempt_count: int = 0
    unreached_count: int = 0
    last_attempt_at: datetime | None = None

    def urgency(self, now: datetime) -> Urgency:
        if self.due_at < now:
            return Urgency.OVERDUE
        if local_date(self.due_at) == local_date(now):
            return Urgency.TODAY
        return Urgency.LATER

    def minutes_left(self, now: datetime) -> int:
        """Whole minutes until due; negative when overdue."""
        return int((self.due_at - now).total_seconds() // 60)


@dataclass(frozen=True)
class Attempt:
    id: str
    callback_id: str
    at: datetime
    outcome: str
    note: str
    advisor: str


@dataclass(frozen=True)
class RequestForm:
    """What the advisor typed; empty due date means the promise (next working day)."""

    phone: str
    name: str = ""
    preferred_window: str = ""
    language: str = "fi"
    topic: str = ""
    note: str = ""
    priority: str = "normal"
    source: str = "busy_line"
    contact_id: str | None = None
    due_date: str = ""
    due_time: str = ""
    assigned_to: str = ""


@dataclass(frozen=True)
class Saved:
    """The id of what was saved and how many identity codes were masked on the way."""

    id: str
    hetus_masked: int = 0


@dataclass(frozen=True)
class AttemptResult:
    attempt_id: str
    status: str
    unreached_count: int
    offer_close: bool
    hetus_masked: int = 0


# -- reading ---------------------------------------------------------------------------------

_FIELDS = (
    "id, phone_e164, name, preferred_window, language, topic, note, priority, source, "
    "contact_id, requested_at, due_at, assigned_to, status, closed_at, close_reason, "
    "personal_data_purged_at"
)
_SELECT = f"""
SELECT {", ".join("c." + f.strip() for f in _FIELDS.split(","))},
  (SELECT count(*) FROM callback_attempts a
    WHERE a.callback_id = c.id AND a.deleted_at IS NULL),
  (SELECT count(*) FROM callback_attempts a
    WHERE a.callback_id = c.id AND a.deleted_at IS NULL AND a.outcome <> 'reached'),
  (SELECT max(a.at) FROM callback_attempts a
    WHERE a.callback_id = c.id AND a.deleted_at IS NULL)
FROM callbacks c
"""


def _dt(text: str | None) -> datetime | None:
    return from_iso(text) if text else None


def _from_row(row: sqlite3.Row) -> Callback:
    (
        id_,
        phone,
        name,
        window,
        language,
        topic,
        note,
        priority,
        source,
        contact_id,
        requested_at,
        due_at,
        assigned_to,
        status,
        closed_at,
        close_reason,
        purged_at,
        tries,
        unreached,
        last_at,
    ) = tuple(row)
    return Callback(
        id_,
        phone,
        name,
        window,
        language,
        topic,
        note,
        priority,
        source,
        contact_id,
        from_iso(requested_at),
        from_iso(due_at),
        assigned_to,
        status,
        _dt(closed_at),
        close_reason,
        _dt(purged_at),
        int(tries),
        int(unreached),
        _dt(last_at),
    )


def get_callback(store: Store, callback_id: str) -> Callback | None:
    rows = store.query(_SELECT + "WHERE c.id = ? AND c.deleted_at IS NULL", (callback_id,))
    return _from_row(rows[0]) if rows else None


def list_queue(
    store: Store, *, assigned_to: str | None = None, limit: int | None = None
) -> list[Callback]:
    """Open callbacks, the one due first at the top; one row per callback id."""
    sql = _SELECT + "WHERE c.deleted_at IS NULL AND c.status = 'open'"
    params: list[Any] = []
    if assigned_to:
        sql += " AND c.assigned_to = ?"
        params.append(assigned_to)
    sql += " ORDER BY c.due_at, c.id"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [_from_row(r) for r in store.query(sql, params)]


def open_count(store: Store) -> int:
    return int(
        store.scalar("SELECT count(*) FROM callbacks WHERE deleted_at IS NULL AND status = 'open'")
    )


def queue_counts(store: Store) -> tuple[int, int]:
    """(due later today, overdue) open callbacks, as the shift view counts them."""
    now = store.now()
    start, end = local_day_bounds(local_date(now))
    now_iso = to_iso(now)
    row = store.query(
        "SELECT sum(due_at >= ? AND due_at < ?), sum(due_at < ?) FROM callbacks "
        "WHERE deleted_at IS NULL AND status = 'open'",
        (max(now_iso, start), end, now_iso),
    )[0]
    return int(row[0] or 0), int(row[1] or 0)


def next_due(store: Store) -> Callback | None:
    """The open callback due first (overdue ones included)."""
    rows = store.query(
        _SELECT + "WHERE c.deleted_at IS NULL AND c.status = 'open' ORDER BY c.due_at, c.id LIMIT 1"
    )
    return _from_row(rows[0]) if rows else None


def newly_due(store: Store, since_iso: str, until_iso: str) -> list[Callback]:
    """Open callbacks that fell due after `since_iso` and by `until_iso`, for a notification."""
    rows = store.query(
        _SELECT + "WHERE c.deleted_at IS NULL AND c.status = 'open' "
        "AND c.due_at > ? AND c.due_at <= ? ORDER BY c.due_at, c.id",
        (since_iso, until_iso),
    )
    return [_from_row(r) for r in rows]


def attempts(store: Store, callback_id: str) -> list[Attempt]:
    rows = store.query(
        "SELECT * FROM callback_attempts WHERE callback_id = ? AND deleted_at IS NULL "
        "ORDER BY at, id",
        (callback_id,),
    )
    return [
        Attempt(
            r["id"], r["callback_id"], from_iso(r["at"]), r["outcome"], r["note"], r["created_by"]
        )
        for r in rows
    ]


def view_personal_data(store: Store, callback_id: str) -> Callback | None:
    """The callback for showing its name and phone; the viewing goes to the access log."""
    callback = get_callback(store, callback_id)
    if callback is not None and (callback.name or callback.phone_e164):
        log_access(store, "view", TABLE, callback_id)
    return callback
