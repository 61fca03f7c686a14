"""How long the demo dataset takes to generate, and how big it is.

Prints, for each size (weeks × scale): the seconds taken by `generate` (the whole transaction,
directory included), the rows written per table, the contacts per second, and the size of the
database file in MB after closing. The default sizes are a six-week demo (what `--demo` creates
on first use) and a year at scale 10 (about 100,000 contacts, the data set the other areas'
benchmarks can use: `advisor-tui demo reset --weeks 52 --scale 10`).

    /root/venv/bin/python benchmarks/demo.py
    /root/venv/bin/python benchmarks/demo.py --weeks 52 --scale 10 --keep /tmp/big-demo.sqlite3
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from advisor_tui.models.demo_data import generate
from advisor_tui.models.store import Store

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
SIZES = ((6, 1), (52, 10))


def measure(path: Path, weeks: int, scale: int) -> None:
    store = Store.open(path, clock=lambda: NOW, kind="demo")
    started = time.perf_counter()
    summary = generate(store, weeks=weeks, scale=scale)
    seconds = time.perf_counter() - started
    store.close()
    megabytes = path.stat().st_size / 1_000_000
    print(f"weeks={weeks} scale={scale}: {seconds:.1f} s, {megabytes:.1f} MB")
    print(f"  contacts per second: {summary.contacts / seconds:,.0f}")
    for table, count in summary.counts.items():
        print(f"  {table:22} {count:>9,}")
    print(f"  {'services':22} {summary.services:>9,}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weeks", type=int)
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="write the database here and keep it")
    args = parser.parse_args()
    if args.keep and not args.weeks:
        parser.error("--keep needs --weeks")
    sizes = ((args.weeks, args.scale),) if args.weeks else SIZES
    with tempfile.TemporaryDirectory() as folder:
        for weeks, scale in sizes:
            path = args.keep or Path(folder) / f"demo-{weeks}-{scale}.sqlite3"
            if path.exists():
                raise SystemExit(f"{path} exists; choose another --keep")
            measure(path, weeks, scale)


if __name__ == "__main__":
    main()
