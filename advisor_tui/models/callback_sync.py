"""Merging callback rows that come from another database."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from advisor_tui.models import records
from advisor_tui.models.callbacks import TABLE
from advisor_tui.models.store import Store

_SYNC_TABLES = ("callbacks", "callback_attempts", "callback_changes")


def upsert_from_sync(store: Store, row: Mapping[str, Any], table: str = TABLE) -> bool:
    """Merge a row from another database by id; the newer `updated_at` wins. True if stored.

    A purge on either side wins over personal data from the other: name and phone never come
    back once purged.
    """
    if table not in _SYNC_TABLES:
        raise ValueError(f"not a callback table: {table}")
    columns = store.columns(table)
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
