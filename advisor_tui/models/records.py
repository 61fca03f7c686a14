"""The record convention every synced table follows.

Each row has a UUID text key, `created_at` and `updated_at` (UTC ISO-8601), `origin` (the id of
the database that made the change), `created_by` / `updated_by` (the advisor's initials) and a
`deleted_at` tombstone. Together they make merging exports from several databases safe.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from advisor_tui.models.store import Store

RECORD_COLUMNS_SQL = """
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    origin TEXT NOT NULL,
    created_by TEXT NOT NULL DEFAULT '',
    updated_by TEXT NOT NULL DEFAULT '',
    deleted_at TEXT
"""
RECORD_FIELDS = (
    "id",
    "created_at",
    "updated_at",
    "origin",
    "created_by",
    "updated_by",
    "deleted_at",
)


_id_source: ContextVar[Callable[[], str] | None] = ContextVar("id_source", default=None)


def new_id() -> str:
    source = _id_source.get()
    return source() if source is not None else str(uuid.uuid4())


@contextmanager
def ids_from(source: Callable[[], str]) -> Iterator[None]:
    """Within the block, new record ids come from `source` (a seeded generator gives the same
    ids each run)."""
    token = _id_source.set(source)
    try:
        yield
    finally:
        _id_source.reset(token)


def _encode(value: Any) -> Any:
    if isinstance(value, list | tuple | dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=isinstance(value, dict))
    return value


def insert(
    store: Store, table: str, values: dict[str, Any], *, record_id: str | None = None
) -> str:
    """Insert a new record stamped with time, origin and advisor; returns its id."""
    now = store.now_iso()
    row = {k: _encode(v) for k, v in values.items()}
    row.update(
        id=record_id or new_id(),
        created_at=now,
        updated_at=now,
        origin=store.origin,
        created_by=store.advisor,
        updated_by=store.advisor,
        deleted_at=None,
    )
    columns = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    with store.transaction() as conn:
        conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", tuple(row.values()))
    return str(row["id"])


def update(store: Store, table: str, record_id: str, values: dict[str, Any]) -> bool:
    """Change fields of a live record; stamps `updated_at` and the editor. False if not found."""
    row = {k: _encode(v) for k, v in values.items()}
    row.update(updated_at=store.now_iso(), origin=store.origin, updated_by=store.advisor)
    assignments = ", ".join(f"{k} = ?" for k in row)
    with store.transaction() as conn:
        cursor = conn.execute(
            f"UPDATE {table} SET {assignments} WHERE id = ? AND deleted_at IS NULL",
            (*row.values(), record_id),
        )
    return cursor.rowcount == 1


def tombstone(store: Store, table: str, record_id: str) -> bool:
    """Mark a record deleted; it leaves lists and counts but stays in the file for sync."""
    now = store.now_iso()
    with store.transaction() as conn:
        cursor = conn.execute(
            f"UPDATE {table} SET deleted_at = ?, updated_at = ?, origin = ?, updated_by = ? "
            "WHERE id = ? AND deleted_at IS NULL",
            (now, now, store.origin, store.advisor, record_id),
        )
    return cursor.rowcount == 1


def get(
    store: Store, table: str, record_id: str, *, include_deleted: bool = False
) -> dict[str, Any] | None:
    sql = f"SELECT * FROM {table} WHERE id = ?"
    if not include_deleted:
        sql += " AND deleted_at IS NULL"
    rows = store.query(sql, (record_id,))
    return dict(rows[0]) if rows else None
