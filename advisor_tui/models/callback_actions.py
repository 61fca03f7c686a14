"""What happens to an open callback: attempts to reach the person, a new due time, another
advisor, closing. Each is one transaction; reschedule, reassign and close leave a line in the
change history (`callback_changes`).
"""

from __future__ import annotations

from advisor_tui.models import records
from advisor_tui.models.audit import log_access
from advisor_tui.models.callback_requests import (
    check_choice,
    check_due,
    check_initials,
    check_text,
    masked,
)
from advisor_tui.models.callbacks import (
    CLOSED_STATUSES,
    NOTE_MAX,
    OUTCOMES,
    REASON_MAX,
    TABLE,
    AttemptResult,
    Callback,
    get_callback,
    load_settings,
)
from advisor_tui.models.clock import to_iso
from advisor_tui.models.errors import AdvisorError, FieldErrors, ValidationError
from advisor_tui.models.store import Store


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
    check_choice(errors, "outcome", outcome, OUTCOMES)
    cleaned, hetus_masked = masked(check_text(errors, "note", note, NOTE_MAX, one_line=False))
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
    return AttemptResult(attempt_id, status, unreached, offer, hetus_masked)


def reschedule(store: Store, callback_id: str, due_date: str, due_time: str, reason: str) -> None:
    """Move the due time; the reason is required and kept in the change history."""
    errors: list[ValidationError] = []
    due = check_due(store, errors, due_date, due_time)
    why = check_text(errors, "reason", reason, REASON_MAX)
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
    who = check_initials(errors, "assigned_to", initials)
    why = check_text(errors, "reason", reason, REASON_MAX)
    if errors:
        raise FieldErrors(errors)
    callback = _open(store, callback_id)
    with store.transaction():
        records.update(store, TABLE, callback_id, {"assigned_to": who})
        _change(store, callback_id, "reassign", callback.assigned_to, who, why)


def close_callback(store: Store, callback_id: str, status: str, reason: str = "") -> None:
    """Close as done, unreached or cancelled; a cancellation needs a reason."""
    errors: list[ValidationError] = []
    check_choice(errors, "status", status, CLOSED_STATUSES)
    why = check_text(errors, "reason", reason, REASON_MAX)
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
