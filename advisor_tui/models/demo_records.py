"""Demo rows that follow the record convention, collected per table and written in bulk.

Ids come from the seeded random source and every time from the plan of the demo, so the same
seed and the same "now" give byte-identical rows. Writing is one `executemany` per table inside
the caller's transaction.
"""

from __future__ import annotations

import json
import random
import sqlite3
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from advisor_tui.models.demo_people import seeded_uuid
from advisor_tui.models.records import RECORD_FIELDS

# Parents before children, so that foreign keys hold whenever a batch is flushed.
TABLE_ORDER = (
    "contacts",
    "contact_referrals",
    "callbacks",
    "callback_attempts",
    "callback_changes",
    "meetings",
    "meeting_participants",
    "meeting_tasks",
    "meeting_history",
    "assessments",
)


_JSON_TYPES = (list, tuple, dict)


def iso(moment: datetime) -> str:
    """`clock.to_iso`, faster: the same fixed-width UTC text for an aware moment."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime")
    if moment.tzinfo is not UTC:
        moment = moment.astimezone(UTC)
    return moment.replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def encode(value: Any) -> Any:
    """Lists and dicts as JSON text, the way `records.insert` stores them."""
    if type(value) in _JSON_TYPES:
        return json.dumps(value, ensure_ascii=False, sort_keys=type(value) is dict)
    return value


class Rows:
    """Rows waiting to be written, per table, with ids and stamps drawn from the seed."""

    def __init__(self, rng: random.Random, origins: dict[str, str]) -> None:
        self.rng = rng
        self.origins = origins
        self.pending: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLE_ORDER}
        self.counts: dict[str, int] = dict.fromkeys(TABLE_ORDER, 0)

    def new_id(self) -> str:
        return seeded_uuid(self.rng)

    def add(
        self,
        table: str,
        by: str,
        created: datetime,
        values: dict[str, Any],
        *,
        updated: datetime | None = None,
        record_id: str | None = None,
    ) -> str:
        """Queue one record made by advisor `by` at `created` (last changed at `updated`)."""
        row = {
            "id": record_id or self.new_id(),
            "created_at": iso(created),
            "updated_at": iso(updated or created),
            "origin": self.origins[by],
            "created_by": by,
            "updated_by": by,
            "deleted_at": None,
        }
        row.update((k, encode(v)) for k, v in values.items())
        self.pending[table].append(row)
        return str(row["id"])

    def flush(self, conn: sqlite3.Connection) -> None:
        """Write everything queued, parents first, and forget it."""
        for table in TABLE_ORDER:
            rows = self.pending[table]
            if not rows:
                continue
            _insert_many(conn, table, rows)
            self.counts[table] += len(rows)
            self.pending[table] = []


def _insert_many(conn: sqlite3.Connection, table: str, rows: Iterable[dict[str, Any]]) -> None:
    rows = list(rows)
    columns = list(rows[0])
    missing = [c for c in RECORD_FIELDS if c not in columns]
    if missing:
        raise ValueError(f"{table}: record columns missing: {missing}")
    names = ", ".join(columns)
    marks = ", ".join("?" for _ in columns)
    conn.executemany(
        f"INSERT INTO {table} ({names}) VALUES ({marks})",
        [tuple(row[c] for c in columns) for row in rows],
    )
