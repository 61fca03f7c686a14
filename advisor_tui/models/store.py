"""The local SQLite file: opening it safely, migrating it, and one transaction per user action."""

from __future__ import annotations

import os
import sqlite3
import stat
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path
from typing import Any

from advisor_tui.models.clock import Clock, system_clock, to_iso
from advisor_tui.models.errors import StoreError

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) of every migration, in order; the numbers must run 1, 2, 3 …"""
    found = []
    for file in sorted(MIGRATIONS_DIR.glob("[0-9][0-9][0-9][0-9]_*.sql")):
        found.append((int(file.name[:4]), file.stem[5:], file.read_text(encoding="utf-8")))
    for expected, (version, _, _) in enumerate(found, start=1):
        if version != expected:
            raise RuntimeError(f"migration numbers are not contiguous at {version}")
    return found


SCHEMA_VERSION = len(migrations())


def classify_sqlite_error(exc: sqlite3.Error) -> StoreError:
    """The user's view of an SQLite failure."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return StoreError("store.locked")
    if "full" in text:
        return StoreError("store.disk_full")
    if "readonly" in text or "read-only" in text:
        return StoreError("store.read_only")
    if "not a database" in text or "malformed" in text or "encrypted" in text:
        return StoreError("store.corrupt")
    if "disk i/o" in text or "unable to open" in text:
        return StoreError("store.io_error", detail=str(exc))
    return StoreError("store.failed", detail=str(exc))


def _writable(path: Path) -> bool:
    """Writable by us, judged by the mode bits too: root ignores permissions, users expect them."""
    return os.access(path, os.W_OK) and bool(path.stat().st_mode & 0o222)


def _check_file(path: Path, *, create_parent: bool) -> bool:
    """Refuse anything that is not a usable SQLite file; True when the file already exists."""
    folder = path.parent
    if not folder.exists():
        if not create_parent:
            raise StoreError("store.no_folder", folder=str(folder))
        try:
            folder.mkdir(parents=True, mode=0o700, exist_ok=True)
        except OSError as exc:
            raise StoreError("store.folder_not_writable", folder=str(folder)) from exc
    if not folder.is_dir():
        raise StoreError("store.no_folder", folder=str(folder))
    if not path.exists():
        if not _writable(folder):
            raise StoreError("store.folder_not_writable", folder=str(folder))
        return False
    if not path.is_file():
        raise StoreError("store.not_a_file", path=str(path))
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StoreError("store.not_readable", path=str(path)) from exc
    if header and header != SQLITE_HEADER:
        raise StoreError("store.not_sqlite", path=str(path))
    if not _writable(path) or not _writable(folder):
        raise StoreError("store.read_only", path=str(path))
    return bool(header)


def _read_version(path: Path) -> int:
    try:
        probe = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            return int(probe.execute("PRAGMA user_version").fetchone()[0])
        finally:
            probe.close()
    except sqlite3.Error as exc:
        raise classify_sqlite_error(exc) from exc


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(
        str(path), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
    )
    conn.row_factory = sqlite3.Row
    try:
        mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise StoreError("store.no_wal", mode=str(mode))
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA secure_delete=ON")
    except sqlite3.Error as exc:
        conn.close()
        raise classify_sqlite_error(exc) from exc
    return conn


class Store:
    """One open database. Build it with `Store.open`; pass it to whatever needs data."""

    def __init__(self, conn: sqlite3.Connection, path: Path, clock: Clock = system_clock) -> None:
        self.conn = conn
        self.path = path
        self.clock = clock
        self._depth = 0
        self._db: Any = None
        self._listeners: list[Callable[[], None]] = []
        self._columns: dict[str, tuple[str, ...]] = {}
        self.backup_path: Path | None = None

    @property
    def db(self) -> Any:
        """The connection as a sqlite_utils.Database, for bulk work (imported on first use)."""
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self.conn)
        return self._db

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        create_parent: bool = False,
        clock: Clock = system_clock,
        kind: str = "real",
    ) -> Store:
        """Open (creating and migrating as needed) the database at `path`."""
        path = Path(path)
        existed = _check_file(path, create_parent=create_parent)
        version = _read_version(path) if existed else 0
        if version > SCHEMA_VERSION:
            raise StoreError("store.too_new", version=version, supported=SCHEMA_VERSION)
        created = not path.exists()
        conn = _connect(path)
        if created:
            os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
        store = cls(conn, path, clock)
        try:
            store._migrate(version)
            store._ensure_identity(kind)
        except BaseException:
            conn.close()
            raise
        return store

    def reopen(self) -> Store:
        """A second connection to the same file, for a worker thread."""
        store = Store(_connect(self.path), self.path, self.clock)
        store.origin = self.origin
        return store

    def close(self) -> None:
        self.conn.close()

    # -- migrations -------------------------------------------------------------------------

    def _migrate(self, version: int) -> None:
        pending = [m for m in migrations() if m[0] > version]
        if not pending:
            return
        if version >= 1:
            self.backup_path = self.copy_aside(f"v{version}")
        for number, _name, sql in pending:
            script = f"BEGIN IMMEDIATE;\n{sql}\nPRAGMA user_version = {number};\nCOMMIT;"
            try:
                self.conn.executescript(script)
            except sqlite3.Error as exc:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise classify_sqlite_error(exc) from exc
            finally:
                self._columns.clear()

    def copy_aside(self, label: str) -> Path:
        """A consistent copy of the whole database beside it (online backup API)."""
        stamp = self.now().strftime("%Y%m%dT%H%M%S")
        target = self.path.with_name(f"{self.path.stem}.{label}-{stamp}.backup{self.path.suffix}")
        self.backup_to(target)
        return target

    def backup_to(self, target: Path) -> None:
        try:
            dest = sqlite3.connect(str(target))
            try:
                self.conn.backup(dest)
            finally:
                dest.close()
            os.chmod(target, stat.S_IRUSR | stat.S_IWUSR)
        except sqlite3.Error as exc:
            raise classify_sqlite_error(exc) from exc

    @property
    def user_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    # -- identity and settings --------------------------------------------------------------

    def _ensure_identity(self, kind: str) -> None:
        with self.transaction():
            if self.get_setting("db.origin") is None:
                self.set_setting("db.origin", str(uuid.uuid4()))
            if self.get_setting("db.kind") is None:
                self.set_setting("db.kind", kind)
        self.origin = str(self.get_setting("db.origin"))

    @property
    def kind(self) -> str:
        return self.get_setting("db.kind") or "real"

    @property
    def is_demo(self) -> bool:
        return self.kind == "demo"

    @property
    def advisor(self) -> str:
        """Initials of the advisor who works on this database."""
        return self.get_setting("advisor.initials") or ""

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else default

    def set_setting(self, key: str, value: str) -> None:
        with self.transaction():
            self.conn.execute(
                "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value, "
                "updated_at = excluded.updated_at",
                (key, value, self.now_iso()),
            )

    # -- time ---------------------------------------------------------------------------------

    def now(self) -> datetime:
        return self.clock()

    def now_iso(self) -> str:
        return to_iso(self.clock())

    # -- transactions -------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All-or-nothing: the writes inside commit together or not at all. Nests."""
        if self._depth:
            self._depth += 1
            try:
                yield self.conn
            finally:
                self._depth -= 1
            return
        before = self.conn.total_changes
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise classify_sqlite_error(exc) from exc
        self._depth = 1
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self._rollback()
            raise classify_sqlite_error(exc) from exc
        except BaseException:
            self._rollback()
            raise
        finally:
            self._depth = 0
        if self.conn.total_changes != before:
            for listener in list(self._listeners):
                listener()

    def _rollback(self) -> None:
        if self.conn.in_transaction:
            with suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")

    def add_listener(self, listener: Callable[[], None]) -> None:
        """Called after every commit that changed something."""
        self._listeners.append(listener)

    def query(self, sql: str, params: Any = ()) -> list[sqlite3.Row]:
        try:
            return list(self.conn.execute(sql, params))
        except sqlite3.Error as exc:
            raise classify_sqlite_error(exc) from exc

    def scalar(self, sql: str, params: Any = ()) -> Any:
        rows = self.query(sql, params)
        return rows[0][0] if rows else None

    def columns(self, table: str) -> list[str]:
        """The column names of `table` in order; [] when there is no such table.

        Read once per connection and cached; a migration clears the cache.
        """
        found = self._columns.get(table)
        if found is None:
            quoted = table.replace('"', '""')
            found = tuple(str(r[1]) for r in self.query(f'PRAGMA table_info("{quoted}")'))
            if not found:
                return []
            self._columns[table] = found
        return list(found)

    def table_exists(self, name: str) -> bool:
        return bool(
            self.scalar("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,))
        )

    def integrity_problems(self) -> list[str]:
        """Empty when the file passes SQLite's integrity and foreign-key checks."""
        problems = [str(r[0]) for r in self.query("PRAGMA integrity_check") if r[0] != "ok"]
        problems += [
            f"foreign key: {r[0]} row {r[1]} -> {r[2]}"
            for r in self.query("PRAGMA foreign_key_check")
        ]
        return problems
