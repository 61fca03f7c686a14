"""Copies of records that a merge conflict sets aside must not keep what retention purged.

A conflict on a record past its retention period has the purged fields of both copies emptied
(to the values of `PURGED_TEXT`), whether or not the team lead has chosen yet. The `conflict_copies`
rule does that for records purged earlier (a purge rule empties the copies of what it purges
itself). An open conflict whose two copies, once emptied, differ only in their stamps leaves
nothing to choose (typically a purge here against an edit of the text elsewhere): a settle step
after the rules closes it with the version the table holds; the pair of versions stays recorded,
so merging the same bundle again adds no conflict.
"""

from __future__ import annotations

import json
from typing import NamedTuple

from advisor_tui.models.retention import (
    PurgeItem,
    RetentionRule,
    cutoff_months,
    load_retention,
    register_rule,
    register_settle,
)
from advisor_tui.models.retention_rules import (
    CALLBACK_CHILDREN,
    MEETING_CHILDREN,
    PURGED_TEXT,
)
from advisor_tui.models.store import Store

_STAMP_KEYS = frozenset({"updated_at", "origin", "updated_by", "personal_data_purged_at"})


def _past_period(store: Store) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Per table: when a record (id `s.record_id`) is past its period, as SQL and parameters."""
    settings = load_retention(store)
    meeting = (
        "EXISTS (SELECT 1 FROM meetings p WHERE p.id = {key} AND p.starts_at <= ?)",
        (cutoff_months(store, settings.meeting_months),),
    )
    contact = (
        "EXISTS (SELECT 1 FROM contacts p WHERE p.id = {key} AND p.started_at <= ?)",
        (cutoff_months(store, settings.contact_note_months),),
    )
    callback = (
        "EXISTS (SELECT 1 FROM callbacks p WHERE p.id = {key} "
        "AND p.personal_data_purged_at IS NOT NULL)",
        (),
    )
    parents = {
        "callbacks": (callback, ""),
        **{child: (callback, "callback_id") for child in CALLBACK_CHILDREN},
        "meetings": (meeting, ""),
        **{child: (meeting, "meeting_id") for child in MEETING_CHILDREN},
        "contacts": (contact, ""),
        "contact_referrals": (contact, "contact_id"),
    }
    due: dict[str, tuple[str, tuple[str, ...]]] = {}
    for table, ((sql, params), parent_key) in parents.items():
        if parent_key:
            key = f"(SELECT x.{parent_key} FROM {table} x WHERE x.id = s.record_id)"
        else:
            key = "s.record_id"
        due[table] = (sql.format(key=key), params)
    return due


def _cleaned(table: str, text: str) -> dict[str, object]:
    version: dict[str, object] = json.loads(text)
    for column, value in PURGED_TEXT[table].items():
        if column in version:
            version[column] = value
    return version


def _without_stamps(version: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in version.items() if k not in _STAMP_KEYS}


class _Work(NamedTuple):
    conflict_id: str
    since: str
    kept: dict[str, object]
    other: dict[str, object]
    held_text: bool
    settled: bool


def _conflict_work(store: Store, only: list[str] | None = None) -> list[_Work]:
    """Conflicts on records past their period whose copies still hold purged text, or that are
    open although the two copies, emptied, differ only in their stamps (nothing left to choose);
    each with its copies emptied."""
    if not store.scalar("SELECT EXISTS (SELECT 1 FROM sync_conflicts)"):
        return []
    work = []
    for table, (due_sql, params) in _past_period(store).items():
        chosen = ""
        if only is not None:
            chosen = " AND s.id IN (SELECT value FROM json_each(?))"
            params = (*params, json.dumps(only))
        for row in store.query(
            "SELECT s.id, s.detected_at, s.kept, s.other, s.resolved_at "
            f"FROM sync_conflicts s WHERE s.record_table = ? AND {due_sql}{chosen} ORDER BY s.id",
            (table, *params),
        ):
            kept, other = _cleaned(table, row["kept"]), _cleaned(table, row["other"])
            held = kept != json.loads(row["kept"]) or other != json.loads(row["other"])
            settled = row["resolved_at"] is None and _without_stamps(kept) == _without_stamps(other)
            if held or settled:
                work.append(_Work(row["id"], row["detected_at"], kept, other, held, settled))
    return work


def conflict_copy_candidates(store: Store) -> list[PurgeItem]:
    """Merge conflicts whose copies still hold text that has been purged here."""
    due = sorted((item.since, item.conflict_id) for item in _conflict_work(store) if item.held_text)
    return [PurgeItem("conflict_copies", conflict_id, since) for since, conflict_id in due]


def _write(store: Store, work: list[_Work]) -> int:
    now, advisor = store.now_iso(), store.advisor
    with store.transaction() as conn:
        for item in work:
            if item.held_text:
                conn.execute(
                    "UPDATE sync_conflicts SET kept = ?, other = ? WHERE id = ?",
                    (_dumps(item.kept), _dumps(item.other), item.conflict_id),
                )
            if item.settled:
                conn.execute(
                    "UPDATE sync_conflicts SET resolved_at = ?, resolved_by = ?, "
                    "resolution = 'kept' WHERE id = ?",
                    (now, advisor, item.conflict_id),
                )
    return sum(1 for item in work if item.held_text)


def purge_conflict_copies(store: Store, ids: list[str]) -> int:
    """Empty the purged fields of both copies of these conflicts; returns how many held text."""
    return _write(store, _conflict_work(store, ids))


def settle_emptied_conflicts(store: Store) -> int:
    """Close the open conflicts on records past their period that purging has left with nothing
    to choose, keeping the version the table holds; returns how many."""
    work = [item for item in _conflict_work(store) if item.settled]
    _write(store, work)
    return len(work)


def _dumps(version: dict[str, object]) -> str:
    return json.dumps(version, ensure_ascii=False, sort_keys=True)


register_rule(RetentionRule("conflict_copies", conflict_copy_candidates, purge_conflict_copies))
register_settle(settle_emptied_conflicts)
