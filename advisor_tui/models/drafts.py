"""Unsaved form input kept in the database, so that a crash or a killed terminal loses nothing.

A draft is one row of the `drafts` table per open form: the form's name, the record it edits (if
any) and its fields as JSON. Identity codes in the text are masked before the draft is written,
as they would be in the record. The draft goes when the form is saved or discarded.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from advisor_tui.models.clock import from_iso
from advisor_tui.models.identity_codes import mask_hetus
from advisor_tui.models.records import new_id
from advisor_tui.models.store import Store


@dataclass(frozen=True)
class Draft:
    id: str
    form: str
    record_id: str | None
    payload: dict[str, Any]
    created_at: datetime
    updated_at: datetime


def _masked(value: Any) -> Any:
    if isinstance(value, str):
        return mask_hetus(value)[0]
    if isinstance(value, list):
        return [_masked(item) for item in value]
    if isinstance(value, dict):
        return {key: _masked(item) for key, item in value.items()}
    return value


def save_draft(
    store: Store,
    form: str,
    payload: dict[str, Any],
    *,
    draft_id: str | None = None,
    record_id: str | None = None,
) -> str:
    """Write (or overwrite) a form's draft in one transaction; returns the draft's id."""
    text = json.dumps(_masked(payload), ensure_ascii=True, sort_keys=True)
    now = store.now_iso()
    draft_id = draft_id or new_id()
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO drafts (id, form, record_id, payload, created_at, updated_at, origin, "
            "created_by, updated_by, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL) "
            "ON CONFLICT (id) DO UPDATE SET record_id = excluded.record_id, "
            "payload = excluded.payload, updated_at = excluded.updated_at, "
            "updated_by = excluded.updated_by",
            (draft_id, form, record_id, text, now, now, store.origin, store.advisor, store.advisor),
        )
    return draft_id


def _draft(row: Any) -> Draft:
    try:
        payload = json.loads(row["payload"])
    except json.JSONDecodeError:
        payload = {}
    return Draft(
        id=row["id"],
        form=row["form"],
        record_id=row["record_id"],
        payload=payload if isinstance(payload, dict) else {},
        created_at=from_iso(row["created_at"]),
        updated_at=from_iso(row["updated_at"]),
    )


def get_draft(store: Store, draft_id: str) -> Draft | None:
    rows = store.query("SELECT * FROM drafts WHERE id = ? AND deleted_at IS NULL", (draft_id,))
    return _draft(rows[0]) if rows else None


def latest_draft(store: Store, form: str) -> Draft | None:
    """The most recently written draft of a form, e.g. the one left by a crash."""
    rows = store.query(
        "SELECT * FROM drafts WHERE form = ? AND deleted_at IS NULL "
        "ORDER BY updated_at DESC, id DESC LIMIT 1",
        (form,),
    )
    return _draft(rows[0]) if rows else None


def has_draft(store: Store, form: str) -> bool:
    """Whether a form has unsaved input waiting to be restored (cheap; for app start)."""
    return bool(
        store.scalar("SELECT 1 FROM drafts WHERE form = ? AND deleted_at IS NULL LIMIT 1", (form,))
    )


def discard_draft(store: Store, draft_id: str) -> None:
    """Remove a draft for good: its text is unsaved personal input, not a synced record."""
    with store.transaction() as conn:
        conn.execute("DELETE FROM drafts WHERE id = ?", (draft_id,))
