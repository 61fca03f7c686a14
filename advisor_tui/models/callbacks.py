"""Callback requests (takaisinsoitot): the promise is a call by the end of the next working day.

Settings (stored with `store.set_setting`, read here with these defaults):
- `callbacks.office_end` "16:00": the end of office hours, when a request falls due;
- `callbacks.customary_days_off` "yes": Midsummer Eve and Christmas Eve are days off;
- `callbacks.attempts_limit` "3": unreached attempts after which closing is offered;
- `callbacks.retention_days` "14": days after closing before name and phone are purged.
A value that cannot be read counts as its default.

The queue keys on the record id: every listing reads one row per callback, so a request that
reached this database from two others (through sync) is listed once.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, time
from enum import StrEnum
from typing import Any

from advisor_tui.models import records
from advisor_tui.models.audit import log_access
from advisor_tui.models.callback_figures import CallbackFigures, scorecard
from advisor_tui.models.clock import (
    at_local,
    from_iso,
    local_date,
    local_day_bounds,
    parse_date,
    parse_time,
    to_iso,
)
from advisor_tui.models.errors import AdvisorError, FieldErrors, ValidationError
from advisor_tui.models.identity_codes import mask_hetus
from advisor_tui.models.phone_numbers import InvalidPhone, normalise_phone
from advisor_tui.models.reference import shipped_reference
from advisor_tui.models.safe_text import TextTooLong, clean_text, single_line
from advisor_tui.models.store import Store
from advisor_tui.models.working_days import callback_due_at

__all__ = [
    "CallbackFigures",
    "scorecard",
]

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


# -- checking input --------------------------------------------------------------------------


def default_due_at(store: Store, requested_at: datetime | None = None) -> datetime:
    settings = load_settings(store)
    return callback_due_at(
        requested_at or store.now(),
        office_end=settings.office_end,
        customary_days_off=settings.customary_days_off,
    )


def _text(
    errors: list[ValidationError], field: str, value: str, limit: int, *, one_line: bool = True
) -> str:
    try:
        cleaned = clean_text(value, max_len=limit)
    except TextTooLong as exc:
        errors.append(ValidationError("callbacks.error.too_long", field, limit=exc.limit))
        return ""
    return single_line(cleaned).strip() if one_line else cleaned.strip()


def _choice(errors: list[ValidationError], field: str, value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        errors.append(ValidationError("callbacks.error.unknown_choice", field, value=value))
    return value


def _phone(errors: list[ValidationError], text: str) -> str:
    if not text.strip():
        errors.append(ValidationError("callbacks.error.phone_required", "phone"))
        return ""
    try:
        return normalise_phone(text)
    except InvalidPhone as exc:
        errors.append(ValidationError(exc.reason_key, "phone"))
        return ""


def _initials(errors: list[ValidationError], field: str, text: str) -> str:
    value = text.strip().upper()
    if not (1 <= len(value) <= 4 and value.isalpha()):
        errors.append(ValidationError("callbacks.error.bad_initials", field, value=text))
    return value


def _due(
    store: Store, errors: list[ValidationError], day_text: str, time_text: str
) -> datetime | None:
    """The due moment typed in a form; must lie in the future."""
    settings = load_settings(store)
    try:
        day = parse_date(day_text, "due_date")
    except ValidationError as exc:
        errors.append(exc)
        return None
    clock_time = settings.office_end
    if time_text.strip():
        try:
            clock_time = parse_time(time_text, "due_time")
        except ValidationError as exc:
            errors.append(exc)
            return None
    moment = at_local(day, clock_time)
    if moment <= store.now():
        errors.append(ValidationError("callbacks.error.due_in_past", "due_date"))
        return None
    return moment


def _masked(value: str) -> tuple[str, int]:
    return mask_hetus(value) if value else (value, 0)


def validate_request(
    store: Store, form: RequestForm, requested_at: datetime | None = None
) -> tuple[dict[str, Any], int]:
    """The row to store and the number of masked identity codes; FieldErrors lists every fault."""
    errors: list[ValidationError] = []
    reference = shipped_reference()
    phone = _phone(errors, form.phone)
    name, named_hetus = _masked(_text(errors, "name", form.name, NAME_MAX))
    window = _text(errors, "preferred_window", form.preferred_window, WINDOW_MAX)
    note, note_hetus = _masked(_text(errors, "note", form.note, NOTE_MAX, one_line=False))
    language = _choice(
        errors, "language", form.language, tuple(term.key for term in reference.terms("language"))
    )
    topic = form.topic
    if topic:
        _choice(errors, "topic", topic, tuple(term.key for term in reference.terms("topic")))
    priority = _choice(errors, "priority", form.priority, PRIORITIES)
    source = _choice(errors, "source", form.source, SOURCES)
    assigned = (
        _initials(errors, "assigned_to", form.assigned_to)
        if form.assigned_to.strip()
        else store.advisor
    )
    requested = requested_at or store.now()
    due: datetime | None
    if form.due_date.strip():
        due = _due(store, errors, form.due_date, form.due_time)
    else:
        due = default_due_at(store, requested)
        if due <= store.now():
            errors.append(ValidationError("callbacks.error.due_in_past", "due_date"))
    if errors or due is None:
        raise FieldErrors(errors)
    values = {
        "phone_e164": phone,
        "name": name or None,
        "preferred_window": window,
        "language": language,
        "topic": topic,
        "note": note,
        "priority": priority,
        "source": source,
        "contact_id": form.contact_id or None,
        "requested_at": to_iso(requested),
        "due_at": to_iso(due),
        "assigned_to": assigned,
        "status": "open",
    }
    return values, named_hetus + note_hetus


# -- changing --------------------------------------------------------------------------------


def create_callback(store: Store, form: RequestForm, requested_at: datetime | None = None) -> Saved:
    """Check and store a new request in one transaction; FieldErrors means nothing was saved."""
    values, masked = validate_request(store, form, requested_at)
    with store.transaction():
        callback_id = records.insert(store, TABLE, values)
        log_access(store, "create", TABLE, callback_id)
    return Saved(callback_id, masked)


def _open(store: Store, callback_id: str) -> Callback:
    callback = get_callback(store, callback_id)
    if callback is None:
        raise AdvisorError("callbacks.error.not_found")
    if callback.status != "open":
        raise AdvisorError("callbacks.error.not_open")
    return callback


def _change(store: Store, callback_id: str, kind: str, old: str, new: str, reason: str) -> None:
    now = store.now_iso()
    records.insert(
        store,
        "callback_changes",
        {
            "callback_id": callback_id,
            "at": now,
            "kind": kind,
            "old_value": old,
            "new_value": new,
            "reason": reason,
        },
    )


def record_attempt(store: Store, callback_id: str, outcome: str, note: str = "") -> AttemptResult:
    """One try to reach the person. Reaching them closes the request as done."""
    errors: list[ValidationError] = []
    _choice(errors, "outcome", outcome, OUTCOMES)
    cleaned, masked = _masked(_text(errors, "note", note, NOTE_MAX, one_line=False))
    if errors:
        raise FieldErrors(errors)
    callback = _open(store, callback_id)
    now = store.now_iso()
    with store.transaction():
        attempt_id = records.insert(
            store,
            "callback_attempts",
            {"callback_id": callback_id, "at": now, "outcome": outcome, "note": cleaned},
        )
        status = "open"
        if outcome == "reached":
            status = "done"
            records.update(
                store,
                TABLE,
                callback_id,
                {"status": "done", "closed_at": now, "close_reason": "reached"},
            )
        log_access(store, "update", TABLE, callback_id, f"attempt:{outcome}")
    unreached = callback.unreached_count + (outcome != "reached")
    limit = load_settings(store).attempts_limit
    offer = status == "open" and (unreached >= limit or outcome == "wrong_number")
    return AttemptResult(attempt_id, status, unreached, offer, masked)


def reschedule(store: Store, callback_id: str, due_date: str, due_time: str, reason: str) -> None:
    """Move the due time; the reason is required and kept in the change history."""
    errors: list[ValidationError] = []
    due = _due(store, errors, due_date, due_time)
    why = _text(errors, "reason", reason, REASON_MAX)
    if not why and not any(e.field == "reason" for e in errors):
        errors.append(ValidationError("callbacks.error.reason_required", "reason"))
    if errors or due is None:
        raise FieldErrors(errors)
    callback = _open(store, callback_id)
    with store.transaction():
        records.update(store, TABLE, callback_id, {"due_at": to_iso(due)})
        _change(store, callback_id, "reschedule", to_iso(callback.due_at), to_iso(due), why)


def reassign(store: Store, callback_id: str, initials: str, reason: str = "") -> None:
    """Hand the callback to another advisor (initials)."""
    errors: list[ValidationError] = []
    who = _initials(errors, "assigned_to", initials)
    why = _text(errors, "reason", reason, REASON_MAX)
    if errors:
        raise FieldErrors(errors)
    callback = _open(store, callback_id)
    with store.transaction():
        records.update(store, TABLE, callback_id, {"assigned_to": who})
        _change(store, callback_id, "reassign", callback.assigned_to, who, why)


def close_callback(store: Store, callback_id: str, status: str, reason: str = "") -> None:
    """Close as done, unreached or cancelled; a cancellation needs a reason."""
    errors: list[ValidationError] = []
    _choice(errors, "status", status, CLOSED_STATUSES)
    why = _text(errors, "reason", reason, REASON_MAX)
    if status == "cancelled" and not why and not errors:
        errors.append(ValidationError("callbacks.error.reason_required", "reason"))
    if errors:
        raise FieldErrors(errors)
    _open(store, callback_id)
    now = store.now_iso()
    with store.transaction():
        records.update(
            store, TABLE, callback_id, {"status": status, "closed_at": now, "close_reason": why}
        )
        _change(store, callback_id, "close", "open", status, why)


# -- sync ------------------------------------------------------------------------------------

_SYNC_TABLES = ("callbacks", "callback_attempts", "callback_changes")


def _columns(store: Store, table: str) -> list[str]:
    return [str(r["name"]) for r in store.query(f"PRAGMA table_info({table})")]


def upsert_from_sync(store: Store, row: Mapping[str, Any], table: str = TABLE) -> bool:
    """Merge a row from another database by id; the newer `updated_at` wins. True if stored.

    A purge on either side wins over personal data from the other: name and phone never come
    back once purged.
    """
    if table not in _SYNC_TABLES:
        raise ValueError(f"not a callback table: {table}")
    columns = _columns(store, table)
    incoming = {k: row[k] for k in columns if k in row}
    local = records.get(store, table, str(incoming["id"]), include_deleted=True)
    merged = incoming
    if local is not None:
        newer = (incoming["updated_at"], incoming["origin"]) > (
            local["updated_at"],
            local["origin"],
        )
        merged = {**local, **incoming} if newer else dict(local)
        if table == TABLE:
            purged = [
                v
                for v in (local["personal_data_purged_at"], incoming.get("personal_data_purged_at"))
                if v
            ]
            if purged:
                merged.update(name=None, phone_e164=None, personal_data_purged_at=min(purged))
        if merged == local:
            return False
    names = [k for k in columns if k in merged]
    updates = ", ".join(f"{k} = excluded.{k}" for k in names if k != "id")
    with store.transaction() as conn:
        conn.execute(
            f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)}) "
            f"ON CONFLICT (id) DO UPDATE SET {updates}",
            tuple(merged[k] for k in names),
        )
    return True
