"""Operations on the database file: a consistent backup copy, and a health check with a verdict.

`backup` uses SQLite's online backup API, so the copy is consistent even while the program is
writing in another window; the copy is verified before it is put in place. `check_database`
never writes: it opens the file read-only and reports what it finds as message keys.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Callable
from contextlib import closing, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from advisor_tui.models.audit import log_disclosure
from advisor_tui.models.errors import AdvisorError, StoreError
from advisor_tui.models.store import (
    BUSY_TIMEOUT_MS,
    SCHEMA_VERSION,
    SQLITE_HEADER,
    Store,
    classify_sqlite_error,
)

WAL_HEADER_BYTES = 32
WAL_FRAME_HEADER_BYTES = 24
PROBLEM_LIMIT = 20
SHOWN_PROBLEMS = 3
DAMAGE_ADVICE = "trust.damaged.advice"  # also the closing words of check's damage findings
PROGRESS_STEPS = 20_000
_SIDE_FILES = ("-journal", "-wal", "-shm")


# -- backup ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BackupResult:
    path: Path
    records: int
    size_bytes: int


def _copy(store: Store, target: Path) -> None:
    """Copy every page in one step of the online backup API (a consistent snapshot)."""
    with closing(sqlite3.connect(str(target), timeout=BUSY_TIMEOUT_MS / 1000)) as dest:
        store.conn.backup(dest)


def integrity_problems(target: Path) -> list[str]:
    """What SQLite's integrity check finds wrong in the file at `target` (empty when sound)."""
    with closing(sqlite3.connect(str(target), timeout=BUSY_TIMEOUT_MS / 1000)) as conn:
        return [str(r[0]) for r in conn.execute("PRAGMA integrity_check") if r[0] != "ok"]


def _remove(path: Path) -> None:
    for suffix in ("", *_SIDE_FILES):
        with suppress(OSError):
            Path(f"{path}{suffix}").unlink()


def record_count(store: Store) -> int:
    """How many records the file holds: every synced table and both logs."""
    from advisor_tui.models.bundles import LOG_TABLES, synced_tables

    return sum(
        int(store.scalar(f"SELECT count(*) FROM {table}"))
        for table in (*synced_tables(store), *LOG_TABLES)
    )


def _check_target(store: Store, target: Path, force: bool) -> None:
    folder = target.parent
    if not folder.is_dir():
        raise AdvisorError("trust.backup.no_folder", folder=str(folder))
    if target.is_dir():
        raise AdvisorError("trust.backup.is_folder", path=str(target))
    if target.exists():
        if target.resolve() == store.path.resolve():
            raise AdvisorError("trust.backup.same_file", path=str(target))
        if not force:
            raise AdvisorError("trust.backup.exists", path=str(target))
    for suffix in _SIDE_FILES:
        if (
            target.name == store.path.name + suffix
            and folder.resolve() == store.path.parent.resolve()
        ):
            raise AdvisorError("trust.backup.same_file", path=str(target))


def backup(store: Store, target: Path, *, force: bool = False) -> BackupResult:
    """A verified copy of the whole database at `target` (0600), logged as a disclosure.

    An existing file is replaced only with `force`. A failure (a full disk, a damaged copy)
    leaves no file behind and nothing in the log.
    """
    target = Path(target)
    _check_target(store, target, force)
    try:
        handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except PermissionError as exc:
        raise AdvisorError("trust.backup.not_writable", path=str(target)) from exc
    except OSError as exc:
        raise _os_error(exc, target) from exc
    os.close(handle)
    temporary = Path(name)
    try:
        try:
            _copy(store, temporary)
            problems = integrity_problems(temporary)
        except sqlite3.Error as exc:
            raise classify_sqlite_error(exc) from exc
        except OSError as exc:
            raise _os_error(exc, target) from exc
        if problems:
            raise AdvisorError("trust.backup.verify_failed", detail=problems[0])
        os.chmod(temporary, 0o600)
        count = record_count(store)
        size = temporary.stat().st_size
        with store.transaction():
            log_disclosure(store, "backup", "all", count, target=str(target.absolute()))
            try:
                os.replace(temporary, target)
            except OSError as exc:
                raise _os_error(exc, target) from exc
    except BaseException:
        _remove(temporary)
        raise
    return BackupResult(target, count, size)


def _os_error(exc: OSError, target: Path) -> AdvisorError:
    import errno

    if exc.errno == errno.ENOSPC:
        return AdvisorError("store.disk_full")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return AdvisorError("trust.backup.not_writable", path=str(target))
    return AdvisorError("trust.backup.failed", path=str(target), detail=exc.strerror or str(exc))


# -- check ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """A message key and its parameters; `problem` findings make the verdict negative."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)
    problem: bool = True


@dataclass
class CheckReport:
    path: Path
    findings: list[Finding] = field(default_factory=list)
    schema_version: int | None = None
    journal_mode: str = ""
    wal_frames: int = 0
    size_bytes: int = 0

    @property
    def ok(self) -> bool:
        return not any(f.problem for f in self.findings)

    @property
    def problems(self) -> list[Finding]:
        return [f for f in self.findings if f.problem]

    def add(self, key: str, *, problem: bool = True, **params: Any) -> None:
        self.findings.append(Finding(key, params, problem))


def _problem_lines(text: str) -> list[str]:
    """SQLite's report without its `*** in database main ***` heading lines."""
    return [line for line in text.splitlines() if line.strip() and not line.startswith("***")]


def damage_detail(problems: list[str], shown: int = SHOWN_PROBLEMS) -> str:
    """The first few problems SQLite reported, on one line (for support, not for the advisor)."""
    detail = "; ".join(problems[:shown])
    return detail + " …" if len(problems) > shown else detail


def _wal_frames(path: Path, page_size: int) -> int:
    wal = Path(f"{path}-wal")
    try:
        size = wal.stat().st_size
    except OSError:
        return 0
    if size <= WAL_HEADER_BYTES or page_size <= 0:
        return 0
    return (size - WAL_HEADER_BYTES) // (page_size + WAL_FRAME_HEADER_BYTES)


def _header(report: CheckReport) -> bool:
    path = report.path
    if not path.exists():
        report.add("trust.check.missing", path=str(path))
        return False
    if not path.is_file():
        report.add("store.not_a_file", path=str(path))
        return False
    try:
        with path.open("rb") as stream:
            header = stream.read(len(SQLITE_HEADER))
        report.size_bytes = path.stat().st_size
    except OSError:
        report.add("store.not_readable", path=str(path))
        return False
    if header != SQLITE_HEADER:
        report.add("trust.check.not_sqlite", path=str(path))
        return False
    return True


def _inspect(report: CheckReport, conn: sqlite3.Connection) -> None:
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    report.schema_version = version
    if version > SCHEMA_VERSION:
        report.add("store.too_new", version=version, supported=SCHEMA_VERSION)
    elif version < SCHEMA_VERSION:
        report.add("trust.check.older", problem=False, version=version, current=SCHEMA_VERSION)
    report.journal_mode = str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower()
    page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])
    report.wal_frames = _wal_frames(report.path, page_size)
    if report.journal_mode != "wal":
        report.add("trust.check.not_wal", problem=False, mode=report.journal_mode)
    elif report.wal_frames:
        report.add("trust.check.wal_pending", problem=False, frames=report.wal_frames)
    rows = conn.execute(f"PRAGMA integrity_check({PROBLEM_LIMIT})").fetchall()
    lines = [line for row in rows if row[0] != "ok" for line in _problem_lines(str(row[0]))]
    if lines:
        report.add("trust.check.integrity", detail=damage_detail(lines))
    for row in conn.execute("PRAGMA foreign_key_check").fetchmany(PROBLEM_LIMIT):
        report.add("trust.check.foreign_key", table=row[0], row=row[1], parent=row[2])


def check_database(path: Path) -> CheckReport:
    """Integrity, foreign keys, schema version and write-ahead log of the file; never writes.

    Damage (a file SQLite cannot read in full, or pages that fail the integrity check) is one
    finding whose text ends with the advice the workstation's notice gives (`DAMAGE_ADVICE`).
    """
    report = CheckReport(Path(path))
    if not _header(report):
        return report
    uri = f"{report.path.resolve().as_uri()}?mode=ro"
    try:
        with closing(sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)) as conn:
            _inspect(report, conn)
    except sqlite3.Error as exc:
        error = classify_sqlite_error(exc)
        if error.key == "store.corrupt":
            report.add("trust.check.corrupt", path=str(report.path))
        else:
            report.add(error.key, **error.params)
    return report


# -- quick check after start ----------------------------------------------------------------------


def quick_check(
    store: Store,
    *,
    cancelled: Callable[[], bool] | None = None,
    limit: int = PROBLEM_LIMIT,
) -> list[str] | None:
    """SQLite's quick check of every page of the open database, on a connection of its own.

    For a worker thread while the program runs. Returns the problems found (empty when the
    file is sound), or None when the check could not finish: the file was busy or unreadable
    for another reason, or `cancelled()` turned true (the program is closing). Like `check`,
    it never writes to the file and leaves no log entry.
    """
    if not store.path.is_file():
        return None
    try:
        own = store.reopen()
    except StoreError as exc:
        return _problem_lines(str(exc.__cause__ or exc.key)) if exc.key == "store.corrupt" else None
    conn = own.conn
    try:
        conn.execute("PRAGMA query_only=ON")
        if cancelled is not None:
            conn.set_progress_handler(lambda: 1 if cancelled() else 0, PROGRESS_STEPS)
        rows = conn.execute(f"PRAGMA quick_check({int(limit)})").fetchall()
    except sqlite3.Error as exc:
        if classify_sqlite_error(exc).key != "store.corrupt":
            return None
        return _problem_lines(str(exc)) or [str(exc)]
    finally:
        own.close()
    problems = [line for row in rows if row[0] != "ok" for line in _problem_lines(str(row[0]))]
    return problems[:limit]
