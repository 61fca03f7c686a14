"""Killing the program (SIGKILL) at random moments while it saves and while it imports a bundle.

`measure(runs)` prepares one database and one 5,000-record bundle, then for each run copies the
database, starts a child process (`python -c`, importing only the models) and kills it at a
random moment:
- save: the child saves contacts with two referrals each in a loop and prints each id once the
  save has returned; after the kill every printed id must be in the file, and every contact there
  must have both its referrals (a save is whole or absent);
- import: the child imports the bundle; after the kill the file must hold none or all of its
  5,000 records (all of them if the child had reported success).
After every kill the file must pass SQLite's integrity and foreign-key checks and open normally.
The test suite and `benchmarks/trust.py` share this module:

    /root/venv/bin/python benchmarks/trust_crash.py [RUNS]
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO

from advisor_tui.models.bundles import export_bundle
from advisor_tui.models.clock import to_iso
from advisor_tui.models.records import new_id
from advisor_tui.models.store import Store

BUNDLE_RECORDS = 5_000
SAVE_WINDOW_SECONDS = 0.25
NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
FIGURES = (
    "save_tried",
    "save_survived",
    "saves_confirmed",
    "import_tried",
    "import_survived",
    "import_none",
    "import_all",
)


@dataclass
class Workspace:
    folder: Path
    template: Path
    bundle: Path
    bundle_ids: list[str]


def _fill_contacts(store: Store, count: int) -> list[str]:
    rng = random.Random(5)
    stamp = store.now_iso()
    rows = []
    for _ in range(count):
        start = NOW - timedelta(minutes=rng.randint(10, 60 * 24 * 300))
        rows.append(
            (
                new_id(),
                stamp,
                stamp,
                store.origin,
                "LA",
                "LA",
                to_iso(start),
                to_iso(start + timedelta(minutes=7)),
                420,
                "phone",
                "parent",
                '["sleep"]',
                '["advice"]',
                "Keskustelu arjen jaksamisesta.",
            )
        )
    with store.transaction() as conn:
        conn.executemany(
            "INSERT INTO contacts (id, created_at, updated_at, origin, created_by, updated_by, "
            "started_at, ended_at, duration_seconds, channel, party, topics, actions, summary) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    return [row[0] for row in rows]


def prepare(folder: Path) -> Workspace:
    """The shared database (set up, empty) and a bundle of 5,000 contacts from another one."""
    template = folder / "template.sqlite3"
    store = Store.open(template, clock=lambda: NOW)
    store.set_setting("advisor.initials", "AK")
    store.close()
    source = Store.open(folder / "source.sqlite3", clock=lambda: NOW)
    source.set_setting("advisor.initials", "LA")
    ids = _fill_contacts(source, BUNDLE_RECORDS)
    bundle = folder / "bundle.jsonl"
    export_bundle(source, bundle)
    source.close()
    return Workspace(folder, template, bundle, ids)


# -- the work that is killed ----------------------------------------------------------------------


def _save_loop(path: Path, out: int) -> None:
    """Save contacts until killed; write each id once its save has returned."""
    from advisor_tui.models.contacts import Contact, Referral, save_contact
    from advisor_tui.models.reference import shipped_reference

    store = Store.open(path)
    reference = shipped_reference()
    os.write(out, b"ready\n")
    while True:
        now = store.now()
        contact = Contact(
            started_at=now - timedelta(minutes=3),
            ended_at=now,
            channel="phone",
            party="parent",
            topics=["sleep"],
            actions=["advice"],
            summary="Keskustelu unirytmistä. " * 20,
            referrals=[Referral("", "Neuvola"), Referral("", "Omaperhe.fi", digital=True)],
        )
        saved = save_contact(store, reference, contact)
        os.write(out, f"{saved.contact_id}\n".encode())


def _import_once(path: Path, bundle: Path, out: int) -> None:
    from advisor_tui.models.bundles import import_bundle

    store = Store.open(path)
    os.write(out, b"ready\n")
    summary = import_bundle(store, bundle)
    os.write(out, f"done {summary.inserted}\n".encode())


def _fork(work: Callable[[int], None]) -> tuple[int, IO[str]]:
    """Run `work` in a forked process; its pid and the lines it writes, after "ready"."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        code = 0
        try:
            work(write_end)
        except BaseException:
            code = 1
        os._exit(code)
    os.close(write_end)
    reader = os.fdopen(read_end, "r", encoding="utf-8")
    if reader.readline().strip() != "ready":
        os.waitpid(pid, 0)
        reader.close()
        raise RuntimeError("the worker did not start")
    return pid, reader


def _killed(work: Callable[[int], None], delay: float) -> list[str]:
    """Kill `work` `delay` seconds after it is ready; the complete lines it wrote by then."""
    pid, reader = _fork(work)
    with reader:
        time.sleep(delay)
        with suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        rest = reader.read()
    return [line for line in rest.split("\n")[:-1] if line]


# -- checking what a kill left --------------------------------------------------------------------


def _copy(workspace: Workspace, name: str) -> Path:
    target = workspace.folder / name
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(workspace.template, target)
    return target


def _open_checked(path: Path) -> Store | None:
    """The file as the program opens it after a crash, or None if it fails the checks."""
    try:
        store = Store.open(path)
    except Exception:
        return None
    if store.integrity_problems():
        store.close()
        return None
    return store


def _save_run(workspace: Workspace, rng: random.Random) -> tuple[bool, int]:
    path = _copy(workspace, "save.sqlite3")
    confirmed = _killed(lambda out: _save_loop(path, out), rng.uniform(0, SAVE_WINDOW_SECONDS))
    store = _open_checked(path)
    if store is None:
        return False, len(confirmed)
    try:
        stored = {str(r[0]) for r in store.query("SELECT id FROM contacts")}
        halves = store.scalar(
            "SELECT count(*) FROM contacts c WHERE (SELECT count(*) FROM contact_referrals r "
            "WHERE r.contact_id = c.id) <> 2"
        )
    finally:
        store.close()
    whole = set(confirmed) <= stored and halves == 0 and len(stored) <= len(confirmed) + 1
    return whole, len(confirmed)


def _import_run(workspace: Workspace, rng: random.Random, window: float) -> tuple[bool, str]:
    path = _copy(workspace, "import.sqlite3")
    lines = _killed(lambda out: _import_once(path, workspace.bundle, out), rng.uniform(0, window))
    reported = any(line.startswith("done") for line in lines)
    store = _open_checked(path)
    if store is None:
        return False, "broken"
    try:
        count = int(store.scalar("SELECT count(*) FROM contacts"))
    finally:
        store.close()
    if count == BUNDLE_RECORDS:
        return True, "all"
    return (count == 0 and not reported), "none" if count == 0 else "partial"


def _import_seconds(workspace: Workspace) -> float:
    """How long one uninterrupted import takes from "ready" to "done"."""
    path = _copy(workspace, "timing.sqlite3")
    pid, reader = _fork(lambda out: _import_once(path, workspace.bundle, out))
    with reader:
        began = time.perf_counter()
        line = reader.readline()
        elapsed = time.perf_counter() - began
    os.waitpid(pid, 0)
    if not line.startswith(f"done {BUNDLE_RECORDS}"):
        raise RuntimeError(f"the import failed: {line!r}")
    return elapsed


def serve(folder: str, runs: int, seed: int | None) -> None:
    """The kill loop itself, run in a fresh `python -c` process; prints the figures as JSON."""
    rng = random.Random(seed)
    workspace = prepare(Path(folder))
    import_time = _import_seconds(workspace)
    window = import_time * 1.1
    figures = dict.fromkeys(FIGURES, 0)
    figures["import_ms"] = round(import_time * 1000)
    for _ in range(runs):
        survived, confirmed = _save_run(workspace, rng)
        figures["save_tried"] += 1
        figures["save_survived"] += survived
        figures["saves_confirmed"] += confirmed
        survived, held = _import_run(workspace, rng, window)
        figures["import_tried"] += 1
        figures["import_survived"] += survived
        if held in ("none", "all"):
            figures[f"import_{held}"] += 1
    print(json.dumps(figures), flush=True)


def measure(runs: int, seed: int | None = None) -> dict[str, int]:
    """Kill points tried and survived per kind, with what the survivors held.

    Keys: save_tried, save_survived, saves_confirmed (ids the killed workers had reported, all
    found afterwards), import_tried, import_survived, import_none, import_all, import_ms (one
    uninterrupted import, for scale). The loop runs in a fresh `python -c` process that imports
    only the models and forks a worker per kill point.
    """
    folder = tempfile.mkdtemp(prefix="trust-crash-")
    here = str(Path(__file__).resolve().parent)
    code = (
        f"import sys; sys.path.insert(0, {here!r}); "
        f"from trust_crash import serve; serve({folder!r}, {runs!r}, {seed!r})"
    )
    try:
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=False
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if done.returncode != 0:
        raise RuntimeError(f"the kill loop failed: {done.stderr[-2000:]}")
    figures: dict[str, int] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    began = time.perf_counter()
    figures = measure(runs)
    elapsed = time.perf_counter() - began
    print(f"SIGKILL at random moments, {runs} runs per kind, bundle of {BUNDLE_RECORDS} records")
    print(
        f"  save:   {figures['save_survived']}/{figures['save_tried']} kill points survived, "
        f"{figures['saves_confirmed']} confirmed saves all present"
    )
    print(
        f"  import: {figures['import_survived']}/{figures['import_tried']} kill points survived "
        f"(none: {figures['import_none']}, all: {figures['import_all']}; "
        f"one import takes {figures['import_ms']} ms)"
    )
    print(f"  total time {elapsed:.1f} s on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
