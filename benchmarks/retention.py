"""Retention at scale: the check that runs at every start and at the end of every bundle import.

Builds (once, cached in the temporary folder) a demo database of two years of a team's work,
then on a fresh copy prints, with row counts: the first purge, the retention check when nothing
is due (wall and CPU time, median of 20), and a merge that brings purged text back: a copy made
before the purge edits every purged record later, its bundle is imported and purged again in
the same transaction.

    /root/venv/bin/python benchmarks/retention.py [scale]
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from advisor_tui.models import retention
from advisor_tui.models.bundles import export_bundle, import_bundle
from advisor_tui.models.clock import local_date, to_iso
from advisor_tui.models.demo_reset import reset_demo
from advisor_tui.models.store import Store

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
WEEKS = 104
TABLES = ("contacts", "contact_referrals", "callbacks", "callback_attempts", "meetings")


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


def source(scale: int) -> Path:
    path = Path(tempfile.gettempdir()) / f"advisor-retention-{WEEKS}w-x{scale}.sqlite3"
    if not path.exists():
        started = time.perf_counter()
        reset_demo(path, weeks=WEEKS, scale=scale, clock=Clock())
        print(f"built {path.name} in {time.perf_counter() - started:.1f} s")
    return path


def timed(action: Callable[[], None]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    scale = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    folder = Path(tempfile.mkdtemp(prefix="advisor-retention-"))
    clock = Clock()
    a_path, b_path = folder / "a.sqlite3", folder / "b.sqlite3"
    shutil.copy(source(scale), a_path)
    shutil.copy(a_path, b_path)
    a = Store.open(a_path, clock=clock)
    sizes = ", ".join(f"{t} {a.scalar(f'SELECT count(*) FROM {t}'):,}" for t in TABLES)
    print(f"data: {WEEKS} weeks x scale {scale}: {sizes}")

    purged = 0

    def first() -> None:
        nonlocal purged
        purged = retention.purge_due(a)

    wall, cpu = timed(first)
    print(f"first purge: {purged:,} records in {wall:.2f} s (CPU {cpu:.2f} s)")

    def check() -> None:
        with a.transaction():
            assert retention.apply_retention(a) == {}

    runs = [timed(check) for _ in range(20)]
    wall_ms = statistics.median(r[0] for r in runs) * 1000
    cpu_ms = statistics.median(r[1] for r in runs) * 1000
    print(f"retention check, nothing due: median {wall_ms:.1f} ms wall, {cpu_ms:.1f} ms CPU")

    clock.now = NOW + timedelta(hours=1)
    b = Store.open(b_path, clock=clock)
    stamp = to_iso(clock.now)
    with b.transaction() as conn:
        conn.execute("UPDATE callbacks SET note = note || ' lisätieto', updated_at = ?", (stamp,))
        conn.execute("UPDATE meetings SET outcome = outcome || ' jatko', updated_at = ?", (stamp,))
        conn.execute(
            "UPDATE contacts SET summary = summary || ' lisäys', updated_at = ? "
            "WHERE length(summary) > 0",
            (stamp,),
        )
    summary = export_bundle(b, folder / "b.jsonl", since=local_date(clock.now))
    bundle = summary.path
    b.close()
    clock.now += timedelta(hours=1)
    counts: dict[str, int] = {}
    parts: list[tuple[float, float]] = []

    def merge() -> None:
        nonlocal counts

        def merge_only() -> None:
            import_bundle(a, bundle)

        def purge_again() -> None:
            nonlocal counts
            counts = retention.apply_retention(a)

        with a.transaction():
            parts.append(timed(merge_only))
            parts.append(timed(purge_again))
        parts.append(timed(lambda: retention.checkpoint_after_purge(a)))

    wall, cpu = timed(merge)
    size = bundle.stat().st_size / 1_000_000
    print(
        f"merge of {summary.total:,} records ({size:.1f} MB) that bring text back, purged again "
        f"in the same transaction: {counts}; {wall:.2f} s in all (CPU {cpu:.2f} s): "
        + ", ".join(
            f"{name} {w:.2f} s (CPU {c:.2f} s)"
            for name, (w, c) in zip(("import", "retention", "checkpoint"), parts, strict=True)
        )
    )
    left = a.scalar(
        "SELECT count(*) FROM callbacks WHERE personal_data_purged_at IS NOT NULL "
        "AND length(note) > 0"
    )
    print(f"purged callbacks holding a note afterwards: {left}")
    a.close()
    shutil.rmtree(folder)


if __name__ == "__main__":
    main()
