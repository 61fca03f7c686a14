"""Rebuilding the demo database file: only a demo file, never while a workstation has it open."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from advisor_tui.models.clock import Clock, system_clock
from advisor_tui.models.demo_data import (
    DEFAULT_SEED,
    DEFAULT_WEEKS,
    DemoSummary,
    Progress,
    check_size,
    generate,
)
from advisor_tui.models.errors import AdvisorError, StoreError
from advisor_tui.models.instance_lock import InstanceLock
from advisor_tui.models.store import Store

SIDE_FILES = ("-wal", "-shm", "-journal")


def database_kind(path: Path) -> str | None:
    """`demo` or `real` as the file says, `unknown` for anything else, None when there is none."""
    if not path.exists():
        return None
    if not path.is_file():
        return "unknown"
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT value FROM settings WHERE key = 'db.kind'").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return "unknown"
    return str(row[0]) if row else "unknown"


def reset_demo(
    path: Path,
    *,
    seed: int = DEFAULT_SEED,
    weeks: int = DEFAULT_WEEKS,
    scale: int = 1,
    create_parent: bool = False,
    clock: Clock = system_clock,
    progress: Progress | None = None,
) -> DemoSummary:
    """Delete the demo file and fill a new one. Refuses a real database and one in use."""
    check_size(weeks, scale)
    path = Path(path)
    kind = database_kind(path)
    if kind not in (None, "demo"):
        raise AdvisorError("demo.not_demo_file", path=str(path))
    folder = path.parent
    if not folder.is_dir():
        if not create_parent:
            raise StoreError("store.no_folder", folder=str(folder))
        folder.mkdir(parents=True, mode=0o700, exist_ok=True)
    lock = InstanceLock(path)
    if not lock.acquire():
        raise AdvisorError("demo.in_use", path=str(path), pid=lock.other_pid or "?")
    try:
        for name in (path.name, *(path.name + suffix for suffix in SIDE_FILES)):
            (folder / name).unlink(missing_ok=True)
        store = Store.open(path, clock=clock, kind="demo")
        try:
            return generate(store, seed=seed, weeks=weeks, scale=scale, progress=progress)
        finally:
            store.close()
    finally:
        lock.release()
