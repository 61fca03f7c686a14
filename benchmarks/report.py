"""The balanced scorecard over a year of one team's work (the data set of benchmarks/sync.py).

Prints the time to build the scorecard in the model, and to render it as Markdown, JSON and the
terminal table, for the whole year, for one quarter and for one advisor's year: first with every
day counted anew from the contacts (as after a big import), then with the days already counted
(as in daily use), and after one new contact (which makes today count again).

    /root/venv/bin/python benchmarks/report.py [contacts]
"""

from __future__ import annotations

import io
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from sync import NOW, YEAR, machine_speed, working_copy

from advisor_tui.models import records
from advisor_tui.models.clock import local_date, to_iso
from advisor_tui.models.reference import shipped_reference
from advisor_tui.models.scorecard import build_scorecard
from advisor_tui.models.store import Store

RUNS = 5


def add_contact(store: Store) -> None:
    """One more phone call this morning, saved as the contact screen saves it."""
    started = to_iso(NOW - timedelta(hours=2))
    values = {"started_at": started, "ended_at": started, "channel": "phone", "party": "parent"}
    records.insert(store, "contacts", {**values, "topics": ["sleep"], "actions": ["advice"]})


def measure(action: Callable[[], object]) -> tuple[float, float]:
    """Median wall-clock and CPU seconds of `RUNS` runs."""
    walls, cpus = [], []
    for _ in range(RUNS):
        began, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append(time.perf_counter() - began)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def main(count: int) -> None:
    from rich.console import Console

    from advisor_tui.scorecard_report import as_json, as_markdown, as_rich

    folder = Path(tempfile.mkdtemp(prefix="advisor-report-bench-"))
    try:
        store = working_copy(count, folder)
        ref = shipped_reference()
        last = local_date(NOW)
        year = (last - timedelta(days=YEAR - 1), last)
        quarter = (last - timedelta(days=90), last)
        card = build_scorecard(store, *year)
        print(machine_speed())
        print(
            f"data: {card.contacts:,} contacts in the year {year[0]}…{year[1]}, "
            f"{card.callbacks_counted:,} callbacks counted, "
            f"{card.meetings_booked:,} meetings booked"
        )

        def counted_anew(advisor: str | None = None, span: tuple[date, date] = year) -> None:
            """The report as the first one after the days were forgotten (a big import)."""
            store.conn.execute("DELETE FROM scorecard_days")
            build_scorecard(store, *span, advisor=advisor)

        cases: list[tuple[str, Callable[[], object], str]] = [
            ("scorecard, one year, days counted anew", counted_anew, ""),
            ("scorecard, one quarter, days counted anew", lambda: counted_anew(span=quarter), ""),
            ("scorecard, one advisor's year, days counted anew", lambda: counted_anew("AK"), ""),
            ("scorecard model, one year", lambda: build_scorecard(store, *year), " (target ≤ 1 s)"),
            ("scorecard model, one quarter", lambda: build_scorecard(store, *quarter), ""),
            (
                "scorecard model, one advisor's year",
                lambda: build_scorecard(store, *year, advisor="AK"),
                "",
            ),
            (
                "scorecard after one new contact today",
                lambda: (add_contact(store), build_scorecard(store, *year)),
                " (target ≤ 1 s)",
            ),
            ("Markdown rendering", lambda: as_markdown(card, ref, "fi"), ""),
            ("JSON rendering", lambda: as_json(card), ""),
            (
                "terminal table rendering",
                lambda: Console(file=io.StringIO(), width=100).print(as_rich(card, ref, "fi")),
                "",
            ),
            (
                "model + Markdown, one year",
                lambda: as_markdown(build_scorecard(store, *year), ref, "fi"),
                " (target ≤ 1 s)",
            ),
        ]
        for label, action, target in cases:
            wall, cpu = measure(action)
            print(f"{label}: {wall:.3f} s (CPU {cpu:.3f} s, median of {RUNS}){target}")
        store.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
