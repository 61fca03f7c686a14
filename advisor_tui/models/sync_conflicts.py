"""Sync conflicts: two versions of a record that a merge could not order, kept for the team lead.

The table holds one version (`kept`); the other waits in `sync_conflicts` until someone chooses.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from advisor_tui.models.bundle_batches import write_record
from advisor_tui.models.errors import AdvisorError, ValidationError
from advisor_tui.models.store import Store

WINDOW_SETTING = "sync.conflict_window_seconds"
DEFAULT_WINDOW_SECONDS = 300
MAX_WINDOW_SECONDS = 7 * 24 * 3600


def conflict_window(store: Store) -> int:
    """Seconds within which edits of one record from two databases count as a conflict."""
    value = store.get_setting(WINDOW_SETTING) or ""
    return (
        int(value)
        if value.isdigit() and int(value) <= MAX_WINDOW_SECONDS
        else (DEFAULT_WINDOW_SECONDS)
    )


def set_conflict_window(store: Store, text: str) -> int:
    """Set the window from the user's text (whole seconds, 0 … one week); returns it."""
    value = text.strip()
    if not value.isdigit() or int(value) > MAX_WINDOW_SECONDS:
        raise ValidationError("sync.bad_window", "window", value=text, most=MAX_WINDOW_SECONDS)
    store.set_setting(WINDOW_SETTING, str(int(value)))
    return int(value)


@dataclass(frozen=True)
class Conflict:
    id: str
    table: str
    record_id: str
    kept: dict[str, Any]
    other: dict[str, Any]
    reason: str
    detected_at: str


def open_conflicts(store: Store) -> list[Conflict]:
    return [
        Conflict(
            r["id"],
            r["record_table"],
            r["record_id"],
            json.loads(r["kept"]),
            json.loads(r["other"]),
            r["reason"],
            r["detected_at"],
        )
        for r in store.query(
            "SELECT * FROM sync_conflicts WHERE resolved_at IS NULL ORDER BY detected_at, id"
        )
    ]


def resolve_conflict(store: Store, conflict_id: str, keep_other: bool) -> None:
    """Close a conflict; choosing the other version writes it back as a new edit by this advisor."""
    conflict = next((c for c in open_conflicts(store) if c.id == conflict_id), None)
    if conflict is None:
        raise AdvisorError("sync.no_conflict", id=conflict_id)
    with store.transaction() as conn:
        if keep_other:
            chosen = dict(conflict.other)
            chosen.update(updated_at=store.now_iso(), origin=store.origin, updated_by=store.advisor)
            write_record(store, conflict.table, chosen, replace=True)
        conn.execute(
            "UPDATE sync_conflicts SET resolved_at = ?, resolved_by = ?, resolution = ? "
            "WHERE id = ?",
            (store.now_iso(), store.advisor, "other" if keep_other else "kept", conflict_id),
        )
