"""Sync bundles: every record changed since a date, as versioned JSON Lines, and merging them.

The format is documented in docs/bundle-format.md. Line 1 is a header (format, versions, origin,
kind, counts, SHA-256 of the body); each further line is one record:
`{"record":{...},"table":"contacts"}`. A bundle is merged whole or not at all. Reading and checking
a bundle is in bundle_checks.py, the bulk lookups and writes in bundle_batches.py, and the
conflicts the team lead resolves in sync_conflicts.py.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from advisor_tui.models.audit import log_disclosure
from advisor_tui.models.bundle_batches import (
    LINE_START,
    check_parents,
    insert_new,
    invalid_record,
    known_versions,
    line_end,
    record_json_sql,
    split_unchanged,
    write_record,
)
from advisor_tui.models.bundle_checks import FORMAT as FORMAT
from advisor_tui.models.bundle_checks import FORMAT_VERSION as FORMAT_VERSION
from advisor_tui.models.bundle_checks import BundleError as BundleError
from advisor_tui.models.bundle_checks import ParsedBundle, parse_records, read_bundle
from advisor_tui.models.clock import from_iso, local_day_bounds
from advisor_tui.models.files import write_private_file
from advisor_tui.models.page_cache import big_cache, collector_paused
from advisor_tui.models.records import new_id
from advisor_tui.models.retention import apply_retention, checkpoint_after_purge
from advisor_tui.models.scorecard_days import BULK_ROWS, bulk_write
from advisor_tui.models.store import Store
from advisor_tui.models.sync_conflicts import conflict_window

LOCAL_TABLES = frozenset({"drafts", "settings", "sync_conflicts"})
LOG_TABLES = ("access_log", "disclosure_log")
LOG_TEXT_FIELDS = {
    "access_log": ("id", "at", "origin", "advisor", "action", "record_table", "record_id"),
    "disclosure_log": ("id", "at", "origin", "advisor", "action", "what"),
}
LOG_MAY_BE_EMPTY = frozenset({"advisor", "record_id"})
RECORD_KEYS = ("id", "created_at", "updated_at", "origin", "deleted_at")
Progress = Callable[[int, int], None]


@dataclass
class ExportSummary:
    path: Path
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class ImportSummary:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    conflicts: int = 0
    per_table: dict[str, int] = field(default_factory=dict)
    purged: dict[str, int] = field(default_factory=dict)


def synced_tables(store: Store) -> list[str]:
    """Tables that follow the record convention, parents before children (creation order)."""
    names = [
        str(r[0])
        for r in store.query(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY rowid"
        )
    ]
    return [
        name
        for name in names
        if name not in LOCAL_TABLES
        and name not in LOG_TABLES
        and not name.endswith(("_fts", "_data", "_idx", "_docsize", "_config", "_content"))
        and set(RECORD_KEYS) <= set(store.columns(name))
    ]


# -- export ---------------------------------------------------------------------------------------


def _table_lines(store: Store, table: str, stamp: str, lower: str) -> list[str]:
    """One line per row changed since `lower`: `{"record":{...},"table":"..."}`, keys sorted."""
    suffix = line_end(table) + "\n"
    sql = f"SELECT {record_json_sql(store, table)} FROM {table} WHERE {stamp} >= ? ORDER BY id"
    return [LINE_START + row[0] + suffix for row in store.conn.execute(sql, (lower,))]


def _body(
    store: Store, since: date | None, progress: Progress
) -> tuple[list[bytes], dict[str, int], str]:
    """The body as one chunk per table, the records per table and the body's SHA-256."""
    lower = local_day_bounds(since)[0] if since else ""
    plan = [(table, "updated_at") for table in synced_tables(store)]
    plan += [(table, "at") for table in LOG_TABLES]
    total = sum(
        int(store.scalar(f"SELECT count(*) FROM {table} WHERE {stamp} >= ?", (lower,)))
        for table, stamp in plan
    )
    digest = hashlib.sha256()
    chunks: list[bytes] = []
    counts: dict[str, int] = {}
    for table, stamp in plan:
        lines = _table_lines(store, table, stamp, lower)
        counts[table] = len(lines)
        chunk = "".join(lines).encode("utf-8")
        del lines
        digest.update(chunk)
        chunks.append(chunk)
        progress(sum(counts.values()), total)
    return chunks, counts, digest.hexdigest()


def export_bundle(
    store: Store, out: Path, since: date | None = None, progress: Progress | None = None
) -> ExportSummary:
    """Write a bundle atomically (gzip when the name ends in .gz); logged as a disclosure."""
    if store.is_demo and "DEMO" not in out.name.upper():
        out = out.with_name(f"DEMO-{out.name}")
    with big_cache(store):
        chunks, counts, sha256 = _body(store, since, progress or _quiet)
    header = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "schema_version": store.user_version,
        "origin": store.origin,
        "kind": store.kind,
        "created_at": store.now_iso(),
        "since": since.isoformat() if since else None,
        "counts": counts,
        "sha256": sha256,
    }
    if store.is_demo:
        header["demo"] = "DEMO"
    chunks.insert(0, json.dumps(header, ensure_ascii=False, sort_keys=True).encode("utf-8") + b"\n")
    if out.suffix == ".gz":
        buffer = io.BytesIO()
        with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=6, mtime=0) as packed:
            for chunk in chunks:
                packed.write(chunk)
        data = buffer.getvalue()
    else:
        data = b"".join(chunks)
    del chunks
    write_private_file(out, data)
    log_disclosure(store, "bundle", "all", sum(counts.values()), target=str(out))
    return ExportSummary(out, counts)


# -- import ---------------------------------------------------------------------------------------


def _check_log_fields(number: int, table: str, record: dict[str, Any]) -> None:
    """A log entry must be whole: an append-only log cannot be repaired later."""
    for key in LOG_TEXT_FIELDS[table]:
        value = record.get(key)
        if not isinstance(value, str) or (not value and key not in LOG_MAY_BE_EMPTY):
            raise BundleError(number, "sync.reason.bad_field", field=key)
    for key in ("target", "detail"):
        if key in record and not isinstance(record[key], str):
            raise BundleError(number, "sync.reason.bad_field", field=key)
    if table == "disclosure_log":
        count = record.get("record_count")
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise BundleError(number, "sync.reason.bad_field", field="record_count")


def _version(record: dict[str, Any]) -> tuple[str, str]:
    return (str(record["updated_at"]), str(record["origin"]))


def import_bundle(store: Store, path: Path, progress: Progress | None = None) -> ImportSummary:
    """Merge a bundle in one transaction; a bad bundle raises BundleError and changes nothing.

    Lines holding a record exactly as stored here are set apart unread; of the others, records
    held here in the same version are skipped after one lookup of the bundle's ids, new
    records are written in batches, and only records held here in another version go through the
    merge rules one by one. `progress(done, total)` follows the reading and the merging.
    """
    report = progress or _quiet
    header, body, count, unsafe_text = read_bundle(path, store.user_version, store.kind)
    tables = synced_tables(store)
    total = 2 * count
    children = {table for table in tables if store.query(f"PRAGMA foreign_key_list({table})")}
    window = conflict_window(store)
    merged: Counter[str] = Counter()
    changed: Counter[str] = Counter()
    fresh: defaultdict[str, list[dict[str, Any]]] = defaultdict(list)
    written: dict[str, dict[str, int]] = {}
    with collector_paused(), big_cache(store), store.transaction() as conn:
        conn.execute("PRAGMA defer_foreign_keys = ON")
        bundle = _read_records(
            store, body, header["counts"], tables, lambda done: report(done, total), unsafe_text
        )
        del body
        if len(bundle.where) == len(bundle.records):
            incoming = bundle.where
        else:
            incoming = {record["id"]: (number, table) for number, table, record in bundle.records}
        known = (
            known_versions(store, incoming, [*tables, *LOG_TABLES], LOG_TABLES) if incoming else {}
        )
        counted = sum(int(header["counts"].get(t, 0)) for t in ("contacts", "contact_referrals"))
        with bulk_write(store, large=counted > BULK_ROWS):
            for number, table, record in bundle.records:
                version = known.get(record["id"])
                if version is None:
                    fresh[table].append(record)
                elif table not in LOG_TABLES and version != _version(record):
                    outcome = _merge_known(store, number, table, record, window)
                    merged[outcome] += 1
                    if outcome != "unchanged" and table in children:
                        written.setdefault(table, {})[record["id"]] = number
                    if outcome == "updated":
                        changed[table] += 1
            insert_new(store, fresh, bundle.where, lambda done: report(count + done, total))
        for table, records in fresh.items():
            changed[table] += len(records)
            if table in children:
                ids = written.setdefault(table, {})
                ids.update((r["id"], bundle.where[r["id"]][0]) for r in records)
        check_parents(store, written)
        purged = apply_retention(store)
    overwritten = any(purged.values()) or merged["updated"] or merged["conflicts"]
    if overwritten and not store.conn.in_transaction:
        checkpoint_after_purge(store)
    report(total, total)
    inserted = sum(len(records) for records in fresh.values())
    return ImportSummary(
        inserted,
        merged["updated"],
        count - inserted - merged["updated"] - merged["conflicts"],
        merged["conflicts"],
        dict(changed),
        purged,
    )


def _read_records(
    store: Store,
    body: str,
    counts: dict[str, object],
    tables: list[str],
    report: Callable[[int], None],
    unsafe_text: bool,
) -> ParsedBundle:
    """The records of the body to merge, checked; lines this database would write itself, byte
    for byte, are set apart unread (they change nothing) but their ids still count."""
    columns = {table: frozenset(store.columns(table)) for table in (*tables, *LOG_TABLES)}
    lines, numbers, unchanged = split_unchanged(store, body, [*tables, *LOG_TABLES], counts)
    report(len(unchanged))
    return parse_records(
        lines,
        numbers,
        columns,
        LOG_TABLES,
        _check_log_fields,
        lambda done: report(len(unchanged) + done),
        unchanged,
        unsafe_text,
    )


def _quiet(done: int, total: int) -> None:
    """No progress to show."""


def _merge_known(
    store: Store, number: int, table: str, incoming: dict[str, Any], window: int
) -> str:
    """A record held here in another version: the newer wins, or the pair becomes a conflict."""
    try:
        return _merge(store, table, incoming, window)
    except sqlite3.IntegrityError as exc:
        raise invalid_record(number, exc) from exc


def _merge(store: Store, table: str, incoming: dict[str, Any], window: int) -> str:
    rows = store.query(f"SELECT * FROM {table} WHERE id = ?", (incoming["id"],))
    if not rows:
        write_record(store, table, incoming, replace=False)
        return "inserted"
    local = dict(rows[0])
    if _version(local) == _version(incoming):
        return "unchanged"
    winner, loser = (incoming, local) if _version(incoming) > _version(local) else (local, incoming)
    reason = _conflict_reason(winner, loser, window)
    if reason:
        kept, other = _deterministic_keep(winner, loser)
        if kept is not local:
            write_record(store, table, kept, replace=True)
        _record_conflict(store, table, kept, other, reason)
        return "conflicts"
    if winner is incoming:
        write_record(store, table, incoming, replace=True)
        return "updated"
    return "unchanged"


def _conflict_reason(newer: dict[str, Any], older: dict[str, Any], window: int) -> str:
    """Why two versions can't be ordered safely, or '' when the newer one simply wins."""
    if older["deleted_at"] and not newer["deleted_at"]:
        return "edit_after_delete"
    if newer["deleted_at"] or older["origin"] == newer["origin"]:
        return ""
    gap = abs((from_iso(newer["updated_at"]) - from_iso(older["updated_at"])).total_seconds())
    return "concurrent_edits" if gap <= window else ""


def _deterministic_keep(
    newer: dict[str, Any], older: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The version the table holds whatever the merge order: a tombstone, else the newer."""
    if older["deleted_at"] and not newer["deleted_at"]:
        return older, newer
    return newer, older


def _record_conflict(
    store: Store, table: str, kept: dict[str, Any], other: dict[str, Any], reason: str
) -> None:
    store.conn.execute(
        "INSERT OR IGNORE INTO sync_conflicts (id, record_table, record_id, kept, other, "
        "kept_version, other_version, reason, detected_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            new_id(),
            table,
            kept["id"],
            json.dumps(kept, ensure_ascii=False, sort_keys=True),
            json.dumps(other, ensure_ascii=False, sort_keys=True),
            "|".join(_version(kept)),
            "|".join(_version(other)),
            reason,
            store.now_iso(),
        ),
    )
