"""Retention: personal data that has served its purpose is overwritten and removed.

Each area adds a `RetentionRule` (what it purges, how to find what is due, how to purge it) with
`register_rule`; `purge_due` runs every rule and `pending` lists what would go. Each purge run of
a rule goes to the disclosure log with its count. Purged fields are overwritten with empty values
and then set to NULL (the database zeroes freed space: `secure_delete` is on), and the
write-ahead log is checkpointed so that old page images do not linger beside the file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from advisor_tui.models.audit import log_disclosure
from advisor_tui.models.callbacks import load_settings
from advisor_tui.models.clock import to_iso
from advisor_tui.models.store import Store

_BATCH = 500


@dataclass(frozen=True)
class PurgeItem:
    """One record whose personal data is due to go; `since` is when it was closed."""

    what: str
    record_id: str
    since: str


@dataclass(frozen=True)
class RetentionRule:
    what: str
    candidates: Callable[[Store], list[PurgeItem]]
    purge: Callable[[Store, list[str]], int]


_RULES: list[RetentionRule] = []


def register_rule(rule: RetentionRule) -> None:
    """Add an area's rule; a rule for the same `what` replaces the earlier one."""
    _RULES[:] = [r for r in _RULES if r.what != rule.what]
    _RULES.append(rule)


def rules() -> list[RetentionRule]:
    return list(_RULES)


def pending(store: Store) -> list[PurgeItem]:
    """Everything that a purge would remove now (for `purge --dry-run`)."""
    return [item for rule in _RULES for item in rule.candidates(store)]


def purge_due(store: Store) -> int:
    """Purge everything due under every rule; returns how many records were purged."""
    total = 0
    for rule in _RULES:
        ids = [item.record_id for item in rule.candidates(store)]
        if not ids:
            continue
        with store.transaction():
            count = rule.purge(store, ids)
            log_disclosure(store, "purge", rule.what, count)
        total += count
    if total:
        store.query("PRAGMA wal_checkpoint(TRUNCATE)")
    return total


# -- callbacks -------------------------------------------------------------------------------


def callback_candidates(store: Store) -> list[PurgeItem]:
    """Closed (or deleted) callbacks whose name or phone has outlived the retention period."""
    days = load_settings(store).retention_days
    cutoff = to_iso(store.now() - timedelta(days=days))
    rows = store.query(
        "SELECT id, coalesce(closed_at, deleted_at) AS since FROM callbacks "
        "WHERE personal_data_purged_at IS NULL "
        "AND (status <> 'open' OR deleted_at IS NOT NULL) "
        "AND coalesce(closed_at, deleted_at) <= ? ORDER BY since, id",
        (cutoff,),
    )
    return [PurgeItem("callbacks", r["id"], r["since"]) for r in rows]


def purge_callbacks(store: Store, ids: list[str]) -> int:
    """Overwrite, then remove name and phone; the rest stays for the statistics."""
    now = store.now_iso()
    count = 0
    with store.transaction() as conn:
        for offset in range(0, len(ids), _BATCH):
            batch = ids[offset : offset + _BATCH]
            marks = ", ".join("?" for _ in batch)
            where = f"id IN ({marks}) AND personal_data_purged_at IS NULL"
            conn.execute(
                "UPDATE callbacks SET name = CASE WHEN name IS NULL THEN NULL ELSE '' END, "
                f"phone_e164 = CASE WHEN phone_e164 IS NULL THEN NULL ELSE '' END WHERE {where}",
                batch,
            )
            cursor = conn.execute(
                "UPDATE callbacks SET name = NULL, phone_e164 = NULL, "
                "personal_data_purged_at = ?, updated_at = ?, origin = ?, updated_by = ? "
                f"WHERE {where}",
                (now, now, store.origin, store.advisor, *batch),
            )
            count += cursor.rowcount
    return count


register_rule(RetentionRule("callbacks", callback_candidates, purge_callbacks))
