"""Service directory figures: import time, search latency and keystroke-to-results time.

Builds a generated directory of 20,000 services (native format) in a temporary folder, imports
it, runs 200 realistic queries with and without filters, and types into the running screen.
Search latency is printed as wall-clock time and as this process's CPU time: on a machine
shared with other work the wall clock also counts time spent waiting for a core, so the load
average is printed too. Run: python benchmarks/directory.py
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from advisor_tui.models.directory_import import import_file
from advisor_tui.models.directory_index import vocabulary
from advisor_tui.models.directory_search import search_services
from advisor_tui.models.reference import shipped_reference
from advisor_tui.models.store import Store
from advisor_tui.models.team import resolve_team, save_team

SERVICES = 20_000
QUERIES = 200
KINDS = [
    ("Lastenneuvola", ["development", "sleep", "parenting"], 0, 6),
    ("Kasvatus- ja perheneuvonta", ["parenting", "behaviour", "separation"], 0, 17),
    ("Lapsiperheiden kotipalvelu", ["routines", "mental_health_adult"], 0, 12),
    ("Perhesosiaalityö", ["services", "finances", "housing"], 0, 17),
    ("Koulukuraattori", ["school", "bullying", "absence"], 7, 17),
    ("Koulupsykologi", ["school", "mental_health_child"], 7, 17),
    ("Nuorisotila", ["leisure", "social_network"], 10, 28),
    ("Mielenterveys- ja päihdepalvelut", ["mental_health_adult", "substances"], 18, None),
    ("Lasten ja nuorten mielenterveyspalvelut", ["mental_health_child"], 6, 17),
    ("Seurakunnan perhekerho", ["social_network", "parenting"], 0, 6),
    ("Vertaisryhmä eronneille vanhemmille", ["separation", "social_network"], None, None),
    ("Väkivaltatyön avopalvelu", ["violence"], None, None),
    ("Varhaiskasvatuksen palveluohjaus", ["early_education"], 0, 6),
    ("Perheoikeudelliset palvelut", ["separation"], 0, 17),
    ("Unikoulu vauvaperheille", ["sleep", "expecting"], 0, 2),
]
WORDS = [
    "neuvola",
    "neuvolaan",
    "perheneuvolaan",
    "perheneuvola",
    "mielenterveyden",
    "mielenterveys",
    "paihde",
    "päihteet",
    "kuraattori",
    "kuraattorin",
    "koulupsykologille",
    "kotipalvelu",
    "kotipalveluun",
    "vakivalta",
    "väkivallan",
    "ero",
    "eron jälkeen",
    "vertaisryhmä",
    "nuorisotila",
    "uni",
    "unikoulu",
    "varhaiskasvatus",
    "perhekerho",
    "seurakunta",
    "sosiaalityö",
    "kasvtus",
    "kuraatori",
    "mielenterv",
    "perhe",
    "lasten mielenterveys",
    '"NEAR* -:',
    "perheoikeus",
    "huoltajuus",
    "kiusaaminen",
    "nuoret",
    "vauva",
]


def build(folder: Path) -> Path:
    ref = shipped_reference()
    codes = sorted(ref.municipalities)
    rng = random.Random(4)
    services = []
    for n in range(SERVICES):
        name, topics, low, high = KINDS[n % len(KINDS)]
        code = codes[rng.randrange(len(codes))]
        town = ref.municipalities[code].name_fi
        scope = rng.random()
        area = {"area_scope": "municipalities", "area_codes": [code]}
        if scope > 0.97:
            area = {"area_scope": "nationwide", "area_codes": []}
        elif scope > 0.85 and ref.municipalities[code].county_code in ref.counties:
            area = {"area_scope": "county", "area_codes": [ref.municipalities[code].county_code]}
        services.append(
            {
                "source": "benchmark",
                "source_id": str(n),
                "name_fi": f"{name}, {town} {n}",
                "summary_fi": f"{name} palvelee perheitä: tukea arkeen, vanhemmuuteen ja "
                "lapsen kasvuun.",
                "topics": topics,
                "min_age": low,
                "max_age": high,
                **area,
                "verified_on": "2026-01-01" if n % 5 else "2024-01-01",
                "channels": [
                    {
                        "kind": "phone",
                        "value": f"012 000 {n % 10000:04d}",
                        "hours": [{"days": [1, 2, 3, 4, 5], "opens": "09.00", "closes": "15.00"}],
                    },
                    {"kind": "web" if n % 3 else "chat", "value": f"https://demo.invalid/{n}"},
                ],
            }
        )
    path = folder / "directory.json"
    path.write_text(
        json.dumps(
            {
                "format": "advisor-tui-directory",
                "version": 1,
                "organisations": [],
                "services": services,
            }
        ),
        encoding="utf-8",
    )
    return path


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed_queries(store: Store, filtered: bool) -> tuple[list[float], list[float]]:
    """(wall-clock ms, CPU ms of this process) of each of the 200 queries."""
    ref = shipped_reference()
    codes = sorted(ref.municipalities)
    topics = [t.key for t in ref.terms("topic")]
    rng = random.Random(7)
    wall: list[float] = []
    cpu: list[float] = []
    for i in range(QUERIES):
        text = WORDS[i % len(WORDS)]
        filters: dict[str, object] = {}
        if filtered:
            filters = {"municipality_code": rng.choice(codes), "age": rng.randrange(0, 18)}
            if i % 3 == 0:
                filters["topics"] = [rng.choice(topics)]
            if i % 7 == 0:
                filters["digital_only"] = True
        started, used = time.perf_counter(), time.process_time()
        search_services(store, text, **filters)  # type: ignore[arg-type]
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - used) * 1000)
    return wall, cpu


async def keystrokes(store: Store) -> tuple[list[float], list[float], list[float]]:
    """Per keystroke, in ms: keystroke to results painted (wall clock), the same in CPU time
    of the process (all its threads), and search asked to results applied (wall clock).

    Timed from just before Pilot sends the key to the refresh after the results went into the
    list and the detail pane; Pilot's own waiting afterwards is not counted."""
    from textual.widgets import Input

    from advisor_tui.app import AdvisorApp
    from advisor_tui.screens.directory import DirectoryScreen

    app = AdvisorApp(store)
    totals: list[float] = []
    cpu: list[float] = []
    applied: list[float] = []
    async with app.run_test(size=(140, 44)) as pilot:
        await pilot.press("f4")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DirectoryScreen)
        screen.query_one("#query", Input).focus()
        for word in ("perheneuvolaan", "mielenterveyden", "kuraattori", "lasten uni"):
            for char in word:
                started, used = time.perf_counter(), time.process_time()
                await pilot.press(char)
                while screen.painted != screen.requested:
                    await pilot.pause()
                totals.append((screen.painted_at - started) * 1000)
                cpu.append((screen.painted_cpu - used) * 1000)
                applied.append(screen.last_search_ms)
            await pilot.press("ctrl+u")
            await app.workers.wait_for_complete()
            await pilot.pause()
    return totals, cpu, applied


def report(label: str, values: list[float]) -> None:
    print(
        f"{label}: median {statistics.median(values):.2f} ms, "
        f"p95 {percentile(values, 0.95):.2f} ms, max {max(values):.2f} ms (n={len(values)})"
    )


def main() -> None:
    print(f"load average before: {', '.join(f'{v:.1f}' for v in os.getloadavg())}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = build(folder)
        store = Store.open(
            folder / "bench.sqlite3", clock=lambda: datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
        )
        save_team(store, resolve_team(shipped_reference(), "Benchmark", "BM", "Pohjois-Savo", []))
        store.set_setting("directory.national_loaded", "2026-11-23")
        started = time.perf_counter()
        counts = import_file(store, path)
        print(
            f"import of {counts.new} services ({path.stat().st_size / 1e6:.1f} MB JSON): "
            f"{time.perf_counter() - started:.2f} s"
        )
        started = time.perf_counter()
        again = import_file(store, path)
        print(f"re-import, {again.unchanged} unchanged: {time.perf_counter() - started:.2f} s")
        started = time.perf_counter()
        vocabulary(store)
        print(f"index vocabulary read after the import: {time.perf_counter() - started:.2f} s")
        timed_queries(store, False)
        for filtered, label in ((False, "no filters"), (True, "municipality+age(+topic/digital)")):
            wall, cpu = timed_queries(store, filtered)
            report(f"search, {QUERIES} queries, {label}, {SERVICES} services, wall", wall)
            report(f"search, {QUERIES} queries, {label}, {SERVICES} services, CPU ", cpu)
        totals, cpu, applied = asyncio.run(keystrokes(store))
        report("screen: keystroke to results painted (headless Pilot, incl. redraw), wall", totals)
        report("screen: keystroke to results painted (headless Pilot, incl. redraw), CPU ", cpu)
        report("screen: search asked to results applied (worker search, table, detail)", applied)
        store.close()
    print(f"load average after: {', '.join(f'{v:.1f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    sys.exit(main())
