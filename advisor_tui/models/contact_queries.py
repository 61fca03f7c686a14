"""Reading contacts back: a day's list page by page, and all contacts of a period for exports.

Lists read only live rows (`deleted_at IS NULL`) in Helsinki day bounds through the
`contacts_live_started` index, newest first, with keyset paging so that the first page costs
the same on ten stored contacts as on a hundred thousand.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from advisor_tui.models.clock import from_iso, local_day_bounds
from advisor_tui.models.contacts import REFERRALS, TABLE
from advisor_tui.models.store import Store

PAGE_SIZE = 50
_LIST_COLUMNS = (
    "id, started_at, duration_seconds, channel, party, topics, actions, observations, "
    "summary, callback_id"
)


@dataclass(frozen=True)
class ContactRow:
    """One line of the contacts list."""

    id: str
    started_iso: str
    duration_seconds: int
    channel: str
    party: str
    topics: tuple[str, ...]
    actions: tuple[str, ...]
    observations: tuple[str, ...]
    summary: str
    callback_id: str | None

    @property
    def started_at(self) -> datetime:
        return from_iso(self.started_iso)

    @property
    def cursor(self) -> tuple[str, str]:
        """Where the next page starts: after this row."""
        return (self.started_iso, self.id)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def list_contacts(
    store: Store,
    day: date,
    *,
    text: str = "",
    channel: str | None = None,
    party: str | None = None,
    term_keys: Sequence[str] = (),
    after: tuple[str, str] | None = None,
    limit: int = PAGE_SIZE,
) -> list[ContactRow]:
    """Live contacts that started on a Helsinki day, newest first, one page at a time.

    `text` matches the summary and the observations (case-insensitively for ASCII, as SQLite
    LIKE does) or any of `term_keys` (topic or action keys whose labels matched the text).
    Pass the last row's `cursor` as `after` for the next page.
    """
    start, end = local_day_bounds(day)
    where = ["deleted_at IS NULL", "started_at >= ?", "started_at < ?"]
    params: list[Any] = [start, end]
    if channel:
        where.append("channel = ?")
        params.append(channel)
    if party:
        where.append("party = ?")
        params.append(party)
    needle = text.strip()
    if needle:
        like = f"%{_escape_like(needle)}%"
        alternatives = ["summary LIKE ? ESCAPE '\\'", "observations LIKE ? ESCAPE '\\'"]
        params += [like, like]
        for key in term_keys:
            quoted = f"%{_escape_like(json.dumps(key))}%"
            alternatives += ["topics LIKE ? ESCAPE '\\'", "actions LIKE ? ESCAPE '\\'"]
            params += [quoted, quoted]
        where.append(f"({' OR '.join(alternatives)})")
    if after is not None:
        where.append("(started_at, id) < (?, ?)")
        params += list(after)
    sql = (
        f"SELECT {_LIST_COLUMNS} FROM {TABLE} INDEXED BY contacts_live_started "
        f"WHERE {' AND '.join(where)} ORDER BY started_at DESC, id DESC LIMIT ?"
    )
    params.append(limit)
    return [_row(row) for row in store.query(sql, params)]


def _row(row: Any) -> ContactRow:
    return ContactRow(
        id=row["id"],
        started_iso=row["started_at"],
        duration_seconds=row["duration_seconds"],
        channel=row["channel"],
        party=row["party"],
        topics=tuple(json.loads(row["topics"])),
        actions=tuple(json.loads(row["actions"])),
        observations=tuple(json.loads(row["observations"])),
        summary=row["summary"],
        callback_id=row["callback_id"],
    )


def count_contacts(store: Store, day: date) -> int:
    """Live contacts that started on a Helsinki day (what the shift view shows)."""
    start, end = local_day_bounds(day)
    return int(
        store.scalar(
            f"SELECT count(*) FROM {TABLE} WHERE deleted_at IS NULL "
            "AND started_at >= ? AND started_at < ?",
            (start, end),
        )
    )


_JSON_COLUMNS = ("age_groups", "topics", "observations", "actions")
_FLAG_COLUMNS = ("outside_county", "repeat_contact")


def contacts_between(store: Store, first: date, last: date) -> list[dict[str, Any]]:
    """Every live contact that started on the Helsinki days `first` … `last` (both included).

    Plain dicts in start order, for exports and reports: the `contacts` columns with the JSON
    lists decoded (`age_groups`, `topics`, `observations`, `actions`), the flags as bool, and
    `referrals`: a list of dicts (`id`, `service_id`, `service_name`, `organisation`,
    `digital` bool, `reason`, `created_at`). Times stay UTC ISO text.
    """
    start, _ = local_day_bounds(first)
    _, end = local_day_bounds(last)
    if last < first:
        return []
    rows = store.query(
        f"SELECT * FROM {TABLE} WHERE deleted_at IS NULL AND started_at >= ? AND started_at < ? "
        "ORDER BY started_at, id",
        (start, end),
    )
    result: dict[str, dict[str, Any]] = {}
    for row in rows:
        item = dict(row)
        for column in _JSON_COLUMNS:
            item[column] = json.loads(item[column])
        for column in _FLAG_COLUMNS:
            item[column] = bool(item[column])
        item["referrals"] = []
        result[item["id"]] = item
    refs = store.query(
        f"SELECT r.id, r.contact_id, r.service_id, r.service_name, r.organisation, r.digital, "
        f"r.reason, r.created_at FROM {REFERRALS} r JOIN {TABLE} c ON c.id = r.contact_id "
        "WHERE r.deleted_at IS NULL AND c.deleted_at IS NULL "
        "AND c.started_at >= ? AND c.started_at < ? ORDER BY r.created_at, r.rowid",
        (start, end),
    )
    for ref in refs:
        owner = result.get(ref["contact_id"])
        if owner is not None:
            entry = dict(ref)
            del entry["contact_id"]
            entry["digital"] = bool(entry["digital"])
            owner["referrals"].append(entry)
    return list(result.values())
