"""How fast the callback queue opens with 10,000 callbacks stored.

Prints, for two data sets of 10,000 callbacks (a realistic one where most are closed, and a worst
case where every one is open): the time to read the queue in the model (median of 7), the shift
counts, the screen's refill of its table, and the time from F5 to the paint of the queue screen
in a headless Pilot run beside the time of switching to the shift view, which shows the cost of
switching areas itself.

    /root/venv/bin/python benchmarks/callbacks.py
"""

from __future__ import annotations

import asyncio
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from advisor_tui.models import callbacks as cb
from advisor_tui.models.clock import to_iso
from advisor_tui.models.records import new_id
from advisor_tui.models.reference import shipped_reference
from advisor_tui.models.store import Store
from advisor_tui.models.team import resolve_team, save_team

TOTAL = 10_000
NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
TOPICS = ("sleep", "parenting", "school", "behaviour", "separation", "")


def fill(store: Store, open_count: int) -> None:
    rng = random.Random(7)
    callbacks = []
    attempts = []
    for index in range(TOTAL):
        requested = NOW - timedelta(minutes=rng.randint(0, 60 * 24 * 365))
        due = requested + timedelta(hours=rng.randint(6, 80))
        is_open = index < open_count
        row_id = new_id()
        stamp = to_iso(requested)
        callbacks.append(
            (
                row_id,
                stamp,
                stamp,
                store.origin,
                "AK",
                "AK",
                None,
                None if not is_open else f"+3584012{index:05d}",
                None if not is_open else "Nimi",
                "",
                "fi",
                rng.choice(TOPICS),
                "",
                "normal",
                "busy_line",
                None,
                stamp,
                to_iso(due if not is_open else NOW + timedelta(hours=rng.randint(-30, 60))),
                "AK",
                "open" if is_open else "done",
                None if is_open else to_iso(due - timedelta(hours=1)),
                "",
                None if is_open else to_iso(due + timedelta(days=15)),
            )
        )
        for number in range(rng.randint(0, 3)):
            at = to_iso(requested + timedelta(hours=number + 1))
            outcome = "reached" if (not is_open and number == 0) else "no_answer"
            attempts.append(
                (new_id(), at, at, store.origin, "AK", "AK", None, row_id, at, outcome, "")
            )
    with store.transaction() as conn:
        conn.executemany(f"INSERT INTO callbacks VALUES ({', '.join('?' * 23)})", callbacks)
        conn.executemany(f"INSERT INTO callback_attempts VALUES ({', '.join('?' * 11)})", attempts)


def median_ms(action, runs: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


async def screen_ms(store: Store) -> tuple[float, float, float, float]:
    """(first F5, later F5, F5 after Alt+1 as a baseline of switching, queue refill) in ms."""
    from advisor_tui.app import AdvisorApp
    from advisor_tui.screens.callbacks import CallbacksScreen

    async def press(key: str) -> float:
        start = time.perf_counter()
        await pilot.press(key)
        await pilot.pause()
        return (time.perf_counter() - start) * 1000

    app = AdvisorApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        first = await press("f5")
        screen = app.screen
        assert isinstance(screen, CallbacksScreen)
        refill = median_ms(screen.reload, 7)
        later = []
        baseline = []
        for _ in range(3):
            baseline.append(await press("alt+1"))
            later.append(await press("f5"))
        return first, statistics.median(later), statistics.median(baseline), refill


def run(label: str, open_count: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "bench.sqlite3", clock=lambda: NOW)
        team = resolve_team(shipped_reference(), "Anna Korhonen", "AK", "Pohjois-Savo", [])
        save_team(store, team)
        fill(store, open_count)
        attempts = store.scalar("SELECT count(*) FROM callback_attempts")
        queue_ms = median_ms(lambda: cb.list_queue(store), 7)
        counts_ms = median_ms(lambda: cb.queue_counts(store), 7)
        first, later, baseline, refill = asyncio.run(screen_ms(store))
        print(
            f"{label}: {TOTAL} callbacks ({open_count} open), {attempts} attempts\n"
            f"  model: queue read {queue_ms:.1f} ms, shift counts {counts_ms:.1f} ms\n"
            f"  screen: queue refill (read + table of up to 200 rows) {refill:.1f} ms; "
            f"F5 to paint {first:.0f} ms first time, {later:.0f} ms later "
            f"(Alt+1 to the shift view for comparison: {baseline:.0f} ms; headless Pilot)"
        )
        store.close()


if __name__ == "__main__":
    run("realistic", 400)
    run("worst case", TOTAL)
