"""Putting a backup back in place of the working database file.

The backup is checked in full before anything moves. The file it replaces is never deleted: it
is renamed beside itself together with its write-ahead log, so support can still read what it
holds. The copy is written next to the target and renamed into place, so a failure at any step
leaves the working file where it was.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from advisor_tui.models.audit import log_disclosure
from advisor_tui.models.clock import from_iso, local
from advisor_tui.models.errors import AdvisorError
from advisor_tui.models.instance_lock import InstanceLock
from advisor_tui.models.maintenance import (
    CheckReport,
    check_database,
    integrity_problems,
    record_count,
)
from advisor_tui.models.store import BUSY_TIMEOUT_MS, Store, classify_sqlite_error

SIDE_FILES = ("-wal", "-shm")


_FOUND = {
    "trust.check.missing": "trust.restore.missing",
    "store.not_a_file": "trust.restore.not_database",
    "trust.check.not_sqlite": "trust.restore.not_database",
    "trust.check.corrupt": "trust.restore.damaged",
    "trust.check.integrity": "trust.restore.damaged",
    "trust.check.foreign_key": "trust.restore.damaged",
}


def _refusal(backup: Path, report: CheckReport) -> AdvisorError:
    """What keeps the backup from being restored, in words about the backup (the check's own
    findings advise on a working file)."""
    problem = report.problems[0] if report.problems else None
    if problem is None:
        return AdvisorError("trust.restore.damaged", path=str(backup), detail="")
    key = _FOUND.get(problem.key)
    if key is None:
        return AdvisorError(problem.key, **problem.params)
    detail = str(problem.params.get("detail", ""))
    return AdvisorError(key, path=str(backup), detail=f" ({detail})" if detail else "")


@dataclass(frozen=True)
class RestorePlan:
    """What a restore would do: the backup's contents and where the working file would go."""

    backup: Path
    target: Path
    aside: Path | None
    records: int
    latest_change: datetime | None
    schema_version: int


def _read_only(path: Path) -> sqlite3.Connection:
    uri = f"{path.resolve().as_uri()}?mode=ro"
    return sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)


def _contents(backup: Path) -> tuple[str, int, datetime | None]:
    """The backup's kind (real or demo), its records, and its latest change or log entry."""
    from advisor_tui.models.bundles import LOG_TABLES, synced_tables

    with closing(Store(_read_only(backup), backup)) as store:
        kind = store.kind
        tables = synced_tables(store)
        records = record_count(store)
        stamps = [store.scalar(f"SELECT max(updated_at) FROM {table}") for table in tables]
        stamps += [store.scalar(f"SELECT max(at) FROM {table}") for table in LOG_TABLES]
    found = [str(stamp) for stamp in stamps if stamp]
    return kind, records, from_iso(max(found)) if found else None


def aside_path(target: Path, now: datetime) -> Path:
    """Where the working file goes: beside it, named after the moment of the restore (local
    time)."""
    stamp = local(now).strftime("%Y%m%d-%H%M%S")
    candidate = target.with_name(f"{target.name}.before-restore-{stamp}")
    number = 1
    while candidate.exists():
        number += 1
        candidate = target.with_name(f"{target.name}.before-restore-{stamp}-{number}")
    return candidate


@contextmanager
def _tidy(backup: Path) -> Iterator[None]:
    """Reading a file in WAL mode leaves an empty log and an index beside it; the ones that
    were not there before are removed afterwards, so the backup's folder stays as it was."""
    before = {suffix for suffix in SIDE_FILES if Path(f"{backup}{suffix}").exists()}
    try:
        yield
    finally:
        wal = Path(f"{backup}-wal")
        if "-wal" not in before and wal.exists() and wal.stat().st_size == 0:
            for suffix in set(SIDE_FILES) - before:
                with suppress(OSError):
                    Path(f"{backup}{suffix}").unlink()


def plan_restore(target: Path, backup: Path, kind: str, now: datetime) -> RestorePlan:
    """Check the backup in full and say what restoring it would do; changes nothing."""
    target, backup = Path(target), Path(backup)
    with _tidy(backup):
        return _plan(target, backup, kind, now)


def _plan(target: Path, backup: Path, kind: str, now: datetime) -> RestorePlan:
    if target.exists() and backup.exists() and backup.resolve() == target.resolve():
        raise AdvisorError("trust.restore.same_file", path=str(backup))
    if not target.parent.is_dir():
        raise AdvisorError("store.no_folder", folder=str(target.parent))
    report = check_database(backup)
    if not report.ok or report.schema_version is None:
        raise _refusal(backup, report)
    try:
        backup_kind, records, latest = _contents(backup)
    except sqlite3.Error as exc:
        raise AdvisorError("trust.restore.damaged", path=str(backup), detail="") from exc
    if backup_kind != kind:
        raise AdvisorError(f"trust.restore.kind_{backup_kind}", path=str(backup))
    aside = aside_path(target, now) if target.exists() else None
    return RestorePlan(backup, target, aside, records, latest, report.schema_version)


def _copy_into(backup: Path, temporary: Path) -> None:
    """Every page of the backup, with anything in its write-ahead log, into `temporary`."""
    with closing(_read_only(backup)) as source, closing(sqlite3.connect(temporary)) as dest:
        source.backup(dest)
    problems = integrity_problems(temporary)
    if problems:
        raise AdvisorError("trust.restore.copy_failed", detail=problems[0])


def _os_error(exc: OSError, target: Path) -> AdvisorError:
    if exc.errno == errno.ENOSPC:
        return AdvisorError("store.disk_full")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return AdvisorError("store.folder_not_writable", folder=str(target.parent))
    return AdvisorError("trust.restore.failed", detail=exc.strerror or str(exc))


def _move_aside(target: Path, aside: Path) -> list[tuple[Path, Path]]:
    """Rename the working file and its side files; returns the moves made, for undoing."""
    moves = []
    for suffix in ("", *SIDE_FILES):
        source = Path(f"{target}{suffix}")
        if source.exists():
            destination = Path(f"{aside}{suffix}")
            os.replace(source, destination)
            moves.append((source, destination))
    return moves


def restore(plan: RestorePlan, kind: str) -> Store:
    """Carry out `plan`: the working file set aside, the backup's copy in its place, migrated
    to this version of the program and with the restore in its disclosure log. Refused while
    the program has the file open. Returns the restored database, open."""
    target = plan.target
    lock = InstanceLock(target)
    if not lock.acquire():
        raise AdvisorError("trust.restore.in_use", path=str(target), pid=lock.other_pid or "?")
    try:
        try:
            handle, name = tempfile.mkstemp(
                dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
            )
        except OSError as exc:
            raise _os_error(exc, target) from exc
        os.close(handle)
        temporary = Path(name)
        moves: list[tuple[Path, Path]] = []
        try:
            try:
                with _tidy(plan.backup):
                    _copy_into(plan.backup, temporary)
                os.chmod(temporary, 0o600)
                if plan.aside is not None:
                    moves = _move_aside(target, plan.aside)
                os.replace(temporary, target)
            except sqlite3.Error as exc:
                raise classify_sqlite_error(exc) from exc
            except OSError as exc:
                raise _os_error(exc, target) from exc
        except BaseException:
            with suppress(OSError):
                temporary.unlink()
            for source, destination in reversed(moves):
                with suppress(OSError):
                    os.replace(destination, source)
            raise
        store = Store.open(target, kind=kind)
        log_disclosure(
            store,
            "restore",
            "all",
            plan.records,
            target=str(plan.backup.absolute()),
            detail=str(plan.aside) if plan.aside else "",
        )
        return store
    finally:
        lock.release()
