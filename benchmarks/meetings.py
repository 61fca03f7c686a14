"""Network meetings: how fast the agenda opens and a booking is checked for overlaps.

Run: /root/venv/bin/python benchmarks/meetings.py [--meetings 5000]
Prints the data size and the median and worst of repeated runs.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from advisor_tui.models import meetings, records
from advisor_tui.models.clock import at_local, local_date, to_iso
from advisor_tui.models.meetings import Participant
from advisor_tui.models.reference import shipped_reference
from advisor_tui.models.store import Store
from advisor_tui.models.team import resolve_team, save_team

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
ADVISORS = ("AK", "BL", "CM")
ORGANISATIONS = ("Perhesosiaalityö", "Neuvola", "Koulu", "Varhaiskasvatus", "Lasten mielenterveys")


def fill(store: Store, count: int, rng: random.Random) -> None:
    first = local_date(NOW) - timedelta(days=365)
    with store.transaction():
        for number in range(count):
            day = first + timedelta(days=rng.randrange(730))
            start = at_local(day, datetime.min.replace(hour=8 + rng.randrange(8)).time())
            meeting_id = records.new_id()
            status = rng.choice(("proposed", "confirmed", "moved", "held", "cancelled"))
            records.insert(
                store,
                "meetings",
                {
                    "starts_at": to_iso(start),
                    "duration_minutes": rng.choice((30, 60, 90)),
                    "place_kind": "address",
                    "place": f"Kauppakatu {number % 40 + 1}",
                    "purpose": "Tuki koulunkäyntiin",
                    "agenda": "",
                    "advisor": rng.choice(ADVISORS),
                    "organiser_email": "ohjaaja@example.fi",
                    "status": status,
                    "uid": f"{meeting_id}@advisor-tui",
                },
                record_id=meeting_id,
            )
            if status == "held":
                for task in range(2):
                    due = day + timedelta(days=7 * (task + 1))
                    records.insert(
                        store,
                        "meeting_tasks",
                        {
                            "meeting_id": meeting_id,
                            "who": rng.choice(ADVISORS),
                            "what": "Soitto perheelle",
                            "due_on": due.isoformat(),
                            "done_at": None if rng.random() < 0.3 else to_iso(NOW),
                        },
                    )
            for person in range(3):
                org = rng.choice(ORGANISATIONS)
                records.insert(
                    store,
                    "meeting_participants",
                    {
                        "meeting_id": meeting_id,
                        "kind": "professional" if person else "family",
                        "role": "parent" if not person else "sosiaalityöntekijä",
                        "name": f"Henkilö {rng.randrange(400)}",
                        "organisation": org if person else "",
                        "email": f"h{rng.randrange(400)}@example.fi" if person else "",
                    },
                )


def timed(action: Callable[[], object], runs: int) -> tuple[float, float]:
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        action()
        samples.append((time.perf_counter() - began) * 1000)
    return statistics.median(samples), max(samples)


async def screen_open_ms(store: Store, runs: int) -> dict[str, tuple[float, float]]:
    """Switching to the meetings area (as F6 does), the shift view for comparison, and the
    agenda's own refresh (query, table rows, details) inside the running app."""
    from advisor_tui.app import AdvisorApp

    open_f6: list[float] = []
    open_shift: list[float] = []
    app = AdvisorApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(runs):
            began = time.perf_counter()
            await app.switch_mode("shift")
            open_shift.append((time.perf_counter() - began) * 1000)
            await pilot.pause()
            began = time.perf_counter()
            await app.switch_mode("meetings")
            open_f6.append((time.perf_counter() - began) * 1000)
            await pilot.pause()
        reload = timed(app.screen.reload, runs)  # type: ignore[attr-defined]
    return {
        "f6": (statistics.median(open_f6), max(open_f6)),
        "shift": (statistics.median(open_shift), max(open_shift)),
        "reload": reload,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--meetings", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "bench.sqlite3", clock=lambda: NOW)
        team = resolve_team(shipped_reference(), "Anna Korhonen", "AK", "Pohjois-Savo", [])
        save_team(store, team)
        began = time.perf_counter()
        fill(store, args.meetings, rng)
        fill_s = time.perf_counter() - began
        participants = store.scalar("SELECT count(*) FROM meeting_participants")
        size_kb = store.path.stat().st_size / 1024
        print(
            f"data: {args.meetings} meetings, {participants} participants, "
            f"{size_kb:.0f} KiB database (filled in {fill_s:.1f} s)"
        )
        today = local_date(NOW)
        last = today + timedelta(days=13)
        shown = len(meetings.agenda(store, today, last))
        median, worst = timed(lambda: meetings.agenda(store, today, last), args.runs)
        print(
            f"agenda of two weeks ({shown} meetings): median {median:.2f} ms, worst {worst:.2f} ms"
        )
        median, worst = timed(
            lambda: meetings.agenda(store, today, today + timedelta(days=6)), args.runs
        )
        print(f"agenda of one week: median {median:.2f} ms, worst {worst:.2f} ms")
        people = [
            Participant("professional", "kuraattori", "Henkilö 5", "Koulu", email="h7@example.fi"),
            Participant("professional", "terveydenhoitaja", "Henkilö 9", "Neuvola"),
            Participant("family", "parent", "Henkilö 11"),
        ]
        starts = [
            at_local(today + timedelta(days=rng.randrange(60)), datetime.min.time())
            + timedelta(hours=8 + rng.randrange(8))
            for _ in range(args.runs)
        ]
        moments = iter(starts * 2)
        found = sum(len(meetings.conflicts(store, s, 60, "AK", people)) for s in starts)
        median, worst = timed(
            lambda: meetings.conflicts(store, next(moments), 60, "AK", people), args.runs
        )
        print(
            f"conflict check of a new booking (3 participants; {found} overlaps in "
            f"{len(starts)} tries): median {median:.2f} ms, worst {worst:.2f} ms"
        )
        median, worst = timed(lambda: meetings.free_slots(store, 60, "AK", people), 20)
        print(f"free-slot suggestions (5): median {median:.2f} ms, worst {worst:.2f} ms")
        tasks = store.scalar("SELECT count(*) FROM meeting_tasks")
        shown = len(meetings.list_tasks(store, "AK"))
        median, worst = timed(lambda: meetings.list_tasks(store, "AK"), args.runs)
        print(
            f"open tasks of one advisor ({shown} of {tasks} tasks): "
            f"median {median:.2f} ms, worst {worst:.2f} ms"
        )
        figures = asyncio.run(screen_open_ms(store, 10))
        for key, label in (
            ("reload", "agenda screen refresh (query + table + details)"),
            ("f6", "meetings area switched to (mode switch awaited, headless)"),
            ("shift", "for comparison: the shift view switched to the same way"),
        ):
            median, worst = figures[key]
            print(f"{label}: median {median:.1f} ms, worst {worst:.1f} ms")
        store.close()


if __name__ == "__main__":
    main()
