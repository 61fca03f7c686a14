"""Sync bundles: every record changed since a date, as versioned JSON Lines, and merging them.

The format is documented in docs/bundle-format.md. Line 1 is a header (format, versions, origin,
kind, counts, SHA-256 of the body); each further line is one record:
`{"table": "contacts", "record": {...}}`. A bundle is merged whole or not at all.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from advisor_tui.models.audit import log_disclosure
from advisor_tui.models.clock import from_iso, local_day_bounds
from advisor_tui.models.errors import AdvisorError
from advisor_tui.models.files import write_private_file
from advisor_tui.models.records import new_id
from advisor_tui.models.store import Store

FORMAT = "advisor-tui-bundle"
FORMAT_VERSION = 1
LOCAL_TABLES = frozenset({"drafts", "settings", "sync_conflicts"})
LOG_TABLES = ("access_log", "disclosure_log")
RECORD_KEYS = ("id", "created_at", "updated_at", "origin", "deleted_at")
DEFAULT_WINDOW_SECONDS = 300
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$")


class BundleError(AdvisorError):
    """A bundle that cannot be merged; `line` is where the problem is (1 is the header)."""

    def __init__(self, line: int, reason: str, **params: Any) -> None:
        super().__init__("sync.rejected", line=line, reason=reason, **params)
        self.line = line
        self.reason = reason


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


def _columns(store: Store, table: str) -> list[str]:
    return [str(r[1]) for r in store.query(f"PRAGMA table_info({table})")]


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
        and set(RECORD_KEYS) <= set(_columns(store, name))
    ]


# -- export ---------------------------------------------------------------------------------------


def _body_lines(store: Store, since: date | None) -> tuple[list[str], dict[str, int]]:
    lower = local_day_bounds(since)[0] if since else ""
    lines: list[str] = []
    counts: dict[str, int] = {}
    for table in synced_tables(store):
        rows = store.query(f"SELECT * FROM {table} WHERE updated_at >= ? ORDER BY id", (lower,))
        counts[table] = len(rows)
        lines += [_line(table, dict(row)) for row in rows]
    for table in LOG_TABLES:
        rows = store.query(f"SELECT * FROM {table} WHERE at >= ? ORDER BY id", (lower,))
        counts[table] = len(rows)
        lines += [_line(table, dict(row)) for row in rows]
    return lines, counts


def _line(table: str, record: dict[str, Any]) -> str:
    return json.dumps({"table": table, "record": record}, ensure_ascii=False, sort_keys=True)


def export_bundle(store: Store, out: Path, since: date | None = None) -> ExportSummary:
    """Write a bundle atomically (gzip when the name ends in .gz); logged as a disclosure."""
    if store.is_demo and "DEMO" not in out.name.upper():
        out = out.with_name(f"DEMO-{out.name}")
    lines, counts = _body_lines(store, since)
    body = "".join(f"{line}\n" for line in lines).encode("utf-8")
    header = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "schema_version": store.user_version,
        "origin": store.origin,
        "kind": store.kind,
        "created_at": store.now_iso(),
        "since": since.isoformat() if since else None,
        "counts": counts,
        "sha256": hashlib.sha256(body).hexdigest(),
    }
    if store.is_demo:
        header["demo"] = "DEMO"
    data = json.dumps(header, ensure_ascii=False, sort_keys=True).encode("utf-8") + b"\n" + body
    if out.suffix == ".gz":
        data = gzip.compress(data, mtime=0)
    write_private_file(out, data)
    log_disclosure(store, "bundle", "all", sum(counts.values()), target=str(out))
    return ExportSummary(out, counts)


# -- import ---------------------------------------------------------------------------------------


def _read_lines(path: Path) -> list[str]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BundleError(0, "sync.reason.unreadable", detail=exc.strerror or "") from exc
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise BundleError(0, "sync.reason.truncated") from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BundleError(1 + data[: exc.start].count(b"\n"), "sync.reason.encoding") from exc
    if not text.endswith("\n"):
        raise BundleError(text.count("\n") + 1, "sync.reason.truncated")
    return text[:-1].split("\n")


def _check_header(store: Store, lines: list[str]) -> dict[str, Any]:
    try:
        header = json.loads(lines[0])
    except (json.JSONDecodeError, IndexError) as exc:
        raise BundleError(1, "sync.reason.not_bundle") from exc
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BundleError(1, "sync.reason.not_bundle")
    if header.get("format_version") != FORMAT_VERSION:
        raise BundleError(1, "sync.reason.format_version", version=header.get("format_version"))
    schema = header.get("schema_version")
    if not isinstance(schema, int) or schema > store.user_version:
        raise BundleError(1, "sync.reason.schema_newer", version=schema)
    if header.get("kind") != store.kind:
        raise BundleError(1, "sync.reason.demo_mix")
    body = "".join(f"{line}\n" for line in lines[1:]).encode("utf-8")
    if hashlib.sha256(body).hexdigest() != header.get("sha256"):
        raise BundleError(1, "sync.reason.checksum")
    counts = header.get("counts")
    if not isinstance(counts, dict) or sum(counts.values()) != len(lines) - 1:
        raise BundleError(1, "sync.reason.counts")
    return header


def _parse_records(store: Store, lines: list[str]) -> list[tuple[int, str, dict[str, Any]]]:
    tables = set(synced_tables(store))
    columns = {t: set(_columns(store, t)) for t in (*tables, *LOG_TABLES)}
    parsed: list[tuple[int, str, dict[str, Any]]] = []
    seen: dict[str, str] = {}
    for number, text in enumerate(lines[1:], start=2):
        try:
            item = json.loads(text)
        except json.JSONDecodeError as exc:
            raise BundleError(number, "sync.reason.bad_json") from exc
        if not isinstance(item, dict) or not isinstance(item.get("record"), dict):
            raise BundleError(number, "sync.reason.bad_json")
        table, record = item.get("table"), item["record"]
        if table not in columns:
            raise BundleError(number, "sync.reason.unknown_table", table=str(table))
        unknown = sorted(set(record) - columns[table])
        if unknown:
            raise BundleError(number, "sync.reason.unknown_field", field=unknown[0])
        _check_fields(number, table, record)
        if seen.setdefault(record["id"], table) != table:
            raise BundleError(number, "sync.reason.id_in_two_tables", id=record["id"])
        parsed.append((number, table, record))
    return parsed


def _check_fields(number: int, table: str, record: dict[str, Any]) -> None:
    required = ("id", "at") if table in LOG_TABLES else ("id", "created_at", "updated_at", "origin")
    for key in required:
        if not isinstance(record.get(key), str) or not record[key]:
            raise BundleError(number, "sync.reason.bad_field", field=key)
    stamps = ("at",) if table in LOG_TABLES else ("created_at", "updated_at", "deleted_at")
    for key in stamps:
        value = record.get(key)
        if value is not None and not (isinstance(value, str) and _STAMP.match(value)):
            raise BundleError(number, "sync.reason.bad_field", field=key)
    for key, value in record.items():
        if value is not None and not isinstance(value, str | int | float):
            raise BundleError(number, "sync.reason.bad_field", field=key)
        if isinstance(value, str) and "\x00" in value:
            raise BundleError(number, "sync.reason.bad_field", field=key)


def _version(record: dict[str, Any]) -> tuple[str, str]:
    return (str(record["updated_at"]), str(record["origin"]))


def import_bundle(store: Store, path: Path) -> ImportSummary:
    """Merge a bundle in one transaction; a bad bundle raises BundleError and changes nothing."""
    lines = _read_lines(path)
    _check_header(store, lines)
    parsed = _parse_records(store, lines)
    window = int(store.get_setting("sync.conflict_window_seconds", "") or DEFAULT_WINDOW_SECONDS)
    _check_other_tables(store, parsed)
    summary = ImportSummary()
    with store.transaction() as conn:
        conn.execute("PRAGMA defer_foreign_keys = ON")
        for _number, table, record in parsed:
            outcome = _merge(store, table, record, window)
            setattr(summary, outcome, getattr(summary, outcome) + 1)
            if outcome in ("inserted", "updated"):
                summary.per_table[table] = summary.per_table.get(table, 0) + 1
    return summary


def _check_other_tables(store: Store, parsed: list[tuple[int, str, dict[str, Any]]]) -> None:
    """An id already used here by another table means the bundle is not what it claims."""
    by_table: dict[str, dict[str, int]] = {}
    for number, table, record in parsed:
        by_table.setdefault(table, {})[record["id"]] = number
    tables = synced_tables(store)
    for table, ids in by_table.items():
        if table in LOG_TABLES:
            continue
        wanted = json.dumps(list(ids))
        for other in tables:
            if other == table:
                continue
            clash = store.scalar(
                f"SELECT id FROM {other} WHERE id IN (SELECT value FROM json_each(?)) LIMIT 1",
                (wanted,),
            )
            if clash:
                raise BundleError(ids[clash], "sync.reason.id_in_two_tables", id=clash)


def _write(store: Store, table: str, record: dict[str, Any], *, replace: bool) -> None:
    names = ", ".join(record)
    marks = ", ".join("?" for _ in record)
    verb = "INSERT OR REPLACE" if replace else "INSERT"
    store.conn.execute(f"{verb} INTO {table} ({names}) VALUES ({marks})", tuple(record.values()))


def _merge(store: Store, table: str, incoming: dict[str, Any], window: int) -> str:
    if table in LOG_TABLES:
        cursor = store.conn.execute(
            f"INSERT OR IGNORE INTO {table} ({', '.join(incoming)}) "
            f"VALUES ({', '.join('?' for _ in incoming)})",
            tuple(incoming.values()),
        )
        return "inserted" if cursor.rowcount else "unchanged"
    rows = store.query(f"SELECT * FROM {table} WHERE id = ?", (incoming["id"],))
    if not rows:
        _write(store, table, incoming, replace=False)
        return "inserted"
    local = dict(rows[0])
    if _version(local) == _version(incoming):
        return "unchanged"
    winner, loser = (incoming, local) if _version(incoming) > _version(local) else (local, incoming)
    reason = _conflict_reason(winner, loser, window)
    if reason:
        kept, other = _deterministic_keep(winner, loser)
        if kept is not local:
            _write(store, table, kept, replace=True)
        _record_conflict(store, table, kept, other, reason)
        return "conflicts"
    if winner is incoming:
        _write(store, table, incoming, replace=True)
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


# -- conflicts ------------------------------------------------------------------------------------


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
            _write(store, conflict.table, chosen, replace=True)
        conn.execute(
            "UPDATE sync_conflicts SET resolved_at = ?, resolved_by = ?, resolution = ? "
            "WHERE id = ?",
            (store.now_iso(), store.advisor, "other" if keep_other else "kept", conflict_id),
        )
