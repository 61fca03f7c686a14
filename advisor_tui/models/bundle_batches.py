"""Merging a large bundle quickly: finding its records here by id, and writing new ones in batches.

Both work inside the import's transaction; a problem raises `BundleError` naming the bundle line,
and the transaction then leaves the database as it was.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import contextmanager
from operator import itemgetter
from typing import Any

from advisor_tui.models.bundle_checks import BundleError
from advisor_tui.models.store import Store

BATCH = 5000
REBUILD_ROWS = 2000
Version = tuple[str, str] | tuple[None, None]
LINE_START = '{"record":'


def record_json_sql(store: Store, table: str) -> str:
    """The SQL expression of a row as a bundle record: SQLite's compact JSON, keys sorted.

    SQLite prints a REAL with 15 digits, so a column that may hold one is printed with 17, which
    reads back as the same number.
    """
    types = {str(r[1]): str(r[2]).upper() for r in store.query(f"PRAGMA table_info({table})")}
    values = []
    for name in sorted(types):
        value = f'"{name}"'
        if "CHAR" not in types[name] and "CLOB" not in types[name] and "TEXT" not in types[name]:
            value = f"iif(typeof({value}) = 'real', json(printf('%!.17g', {value})), {value})"
        values.append(f"'{name}', {value}")
    return f"json_object({', '.join(values)})"


def line_end(table: str) -> str:
    """What follows the record on a bundle line of `table`."""
    return ',"table":' + json.dumps(table) + "}"


def split_unchanged(
    store: Store, body: str, tables: Collection[str], counts: Mapping[str, object]
) -> tuple[list[str], list[int], dict[str, tuple[int, str]]]:
    """The body lines this database would write itself, byte for byte, set apart unread.

    Such a line holds a record exactly as stored here, so merging it changes nothing. Returns the
    other lines, their line numbers, and the set-apart records as id → (line, table). A table is
    looked at only when the bundle's header `counts` at least a quarter as many of its lines as it
    has rows here (a pass over the table then costs less than reading those lines).
    """
    lines = body.split("\n") if body else []
    ends: dict[str, str] = {}
    for table in tables:
        rows = int(store.scalar(f"SELECT count(*) FROM {table}"))
        claimed = counts.get(table)
        if rows and isinstance(claimed, int) and claimed * 4 >= rows:
            ends[table] = line_end(table)
    if not ends:
        return lines, list(range(2, len(lines) + 2)), {}
    by_table: dict[str, list[int]] = {}
    for index, line in enumerate(lines):
        cut = line.rfind(',"table":"')
        table = line[cut + 10 : -2] if cut > 0 else ""
        end = ends.get(table)
        if end is not None and line.endswith(end) and line.startswith(LINE_START):
            by_table.setdefault(table, []).append(index)
    unchanged: dict[str, tuple[int, str]] = {}
    skip: set[int] = set()
    start = len(LINE_START)
    for table, indexes in by_table.items():
        cursor = store.conn.cursor()
        cursor.row_factory = None
        stored = dict(cursor.execute(f"SELECT {record_json_sql(store, table)}, id FROM {table}"))
        cut = -len(ends[table])
        for index in indexes:
            line = lines[index]
            record_id = stored.get(line[start:cut])
            if record_id is not None and record_id not in unchanged:
                unchanged[record_id] = (index + 2, table)
                skip.add(index)
        del stored
    if not skip:
        return lines, list(range(2, len(lines) + 2)), {}
    rest = [index for index in range(len(lines)) if index not in skip]
    return [lines[index] for index in rest], [index + 2 for index in rest], unchanged


def known_versions(
    store: Store,
    incoming: dict[str, tuple[int, str]],
    tables: Collection[str],
    log_tables: Collection[str],
) -> dict[str, Version]:
    """(updated_at, origin) of every bundle record this database already holds ((None, None) for
    a log entry), by id; `incoming` is id → (line, table). An id held here by another table
    rejects the bundle.

    A bundle about as large as the database is compared with a pass over each table; a small one
    looks its ids up instead, so that a day's bundle costs little in a team lead's large file.
    """
    stored = sum(int(store.scalar(f"SELECT count(*) FROM {table}")) for table in tables)
    wanted = "" if len(incoming) * len(tables) > stored else json.dumps(list(incoming))
    known: dict[str, Version] = {}
    clashes: list[tuple[int, str]] = []
    for table in tables:
        stamps = "NULL, NULL" if table in log_tables else "updated_at, origin"
        sql = f"SELECT id, {stamps} FROM {table}"
        params: tuple[str, ...] = ()
        if wanted:
            sql += " WHERE id IN (SELECT value FROM json_each(?))"
            params = (wanted,)
        cursor = store.conn.cursor()
        cursor.row_factory = None
        for record_id, updated, origin in cursor.execute(sql, params):
            found = incoming.get(record_id)
            if found is None:
                continue
            if found[1] == table:
                known[record_id] = (updated, origin)
            else:
                clashes.append((found[0], record_id))
    if clashes:
        line, clash = min(clashes)
        raise BundleError(line, "sync.reason.id_in_two_tables", id=clash)
    return known


def insert_new(
    store: Store,
    fresh: dict[str, list[dict[str, Any]]],
    where: dict[str, tuple[int, str]],
    progress: Callable[[int], None],
) -> None:
    """Insert records unknown here, `batch` at a time, one statement per table and column set.

    A record its table refuses (NOT NULL, CHECK, UNIQUE) rejects the bundle, named by the line
    `where` gives for its id.
    """
    done = 0
    for table, records in fresh.items():
        with _indexes_rebuilt(store, table, len(records)):
            for start in range(0, len(records), BATCH):
                rows = records[start : start + BATCH]
                while rows:
                    names = rows[0].keys()
                    same = [row for row in rows if row.keys() == names]
                    rows = (
                        [row for row in rows if row.keys() != names]
                        if len(same) < len(rows)
                        else []
                    )
                    _insert_rows(store, table, sorted(names), same, where)
                    done += len(same)
                progress(done)


@contextmanager
def _indexes_rebuilt(store: Store, table: str, adding: int) -> Iterator[None]:
    """When `adding` rows at least doubles a large table, its plain indexes are dropped while
    the rows go in and built again after: sorting once is quicker than growing an index row by
    row. Kept are unique indexes (they refuse rows) and indexes on a column referring to the
    table itself (the foreign key check reads them while the rows go in). Inside the
    transaction, a rollback brings every index back."""
    conn = store.conn
    if adding < REBUILD_ROWS or adding < int(store.scalar(f"SELECT count(*) FROM {table}")):
        yield
        return
    own = {str(r[3]) for r in conn.execute(f"PRAGMA foreign_key_list({table})") if r[2] == table}
    aside = []
    for _, name, unique, origin, _ in conn.execute(f"PRAGMA index_list({table})").fetchall():
        first = conn.execute(f'PRAGMA index_info("{name}")').fetchone()
        if unique or origin != "c" or (first is not None and first[2] in own):
            continue
        sql = store.scalar(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?", (name,)
        )
        aside.append((name, str(sql)))
    for name, _ in aside:
        conn.execute(f'DROP INDEX "{name}"')
    yield
    for _, sql in aside:
        conn.execute(sql)


def _insert_rows(
    store: Store,
    table: str,
    names: list[str],
    rows: list[dict[str, Any]],
    where: dict[str, tuple[int, str]],
) -> None:
    sql = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
    values = itemgetter(*names) if len(names) > 1 else lambda row: (row[names[0]],)
    conn = store.conn
    conn.execute("SAVEPOINT bundle_rows")
    try:
        conn.executemany(sql, map(values, rows))
    except sqlite3.IntegrityError:
        conn.execute("ROLLBACK TO bundle_rows")
        for row in rows:
            try:
                conn.execute(sql, values(row))
            except sqlite3.IntegrityError as exc:
                raise invalid_record(where[row["id"]][0], exc) from exc
        raise
    conn.execute("RELEASE bundle_rows")


def write_record(store: Store, table: str, record: dict[str, Any], *, replace: bool) -> None:
    """One record as it is; `replace` overwrites the row with the same id."""
    names = ", ".join(record)
    marks = ", ".join("?" for _ in record)
    verb = "INSERT OR REPLACE" if replace else "INSERT"
    store.conn.execute(f"{verb} INTO {table} ({names}) VALUES ({marks})", tuple(record.values()))


def invalid_record(number: int, exc: sqlite3.IntegrityError) -> BundleError:
    """The record on line `number` breaks a rule of its table (NOT NULL, CHECK, UNIQUE)."""
    found = re.search(r"constraint failed: (?:\w+\.)?(\w+)", str(exc))
    return BundleError(number, "sync.reason.bad_field", field=found[1] if found else str(exc))


def check_parents(store: Store, written: dict[str, dict[str, int]]) -> None:
    """A written record whose parent is neither here nor in the bundle rejects the bundle."""
    for table, ids in written.items():
        for problem in store.conn.execute(f"PRAGMA foreign_key_check({table})"):
            child = store.conn.execute(
                f"SELECT id FROM {table} WHERE rowid = ?", (problem[1],)
            ).fetchone()
            if child is not None and child[0] in ids:
                raise BundleError(ids[child[0]], "sync.reason.missing_parent", table=problem[2])
