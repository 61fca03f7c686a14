"""Hostile and broken input at full size, and the kill points of the crash-safety loop.

Prints:
- strings rendered: generated hostile strings (markup, escape sequences, controls, 10,000-char
  lines, mixed scripts, lone surrogates) saved in each area and compared, place by place, with
  what the screens show in a headless Pilot (200x60);
- payloads neutralised: formula-injection payloads through the call log (CSV and XLSX) and the
  directory feedback (CSV), and how many cells had to be defused;
- fuzz cases run per importer, imported or refused (never a crash, never a half import);
- the time `clean_text` takes on the worst inputs known to it (1,000,000 characters each);
- via `benchmarks/trust_crash.py`, SIGKILL points tried and survived;
- the start-up integrity check (`PRAGMA quick_check` in a worker after the first frame) on the
  100,000-contact file of `benchmarks/sync.py`, and how soon closing the program stops it.

    /root/venv/bin/python benchmarks/trust.py [STRINGS] [FUZZ_PER_KIND] [KILL_RUNS]
    /root/venv/bin/python benchmarks/trust.py integrity [CONTACTS]
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
os.environ.setdefault("ADVISOR_TUI_HOME", tempfile.mkdtemp(prefix="trust-home-"))

from advisor_tui.i18n import set_language  # noqa: E402
from advisor_tui.models.call_log import export_call_log  # noqa: E402
from advisor_tui.models.clock import local_date  # noqa: E402
from advisor_tui.models.directory_export import export_feedback  # noqa: E402
from advisor_tui.models.reference import shipped_reference  # noqa: E402
from advisor_tui.models.safe_text import clean_text  # noqa: E402
from advisor_tui.models.spreadsheet_cells import needs_neutralising  # noqa: E402
from advisor_tui.models.store import Store  # noqa: E402
from tests import test_hostile_exports as exports  # noqa: E402
from tests import test_hostile_fuzz as fuzz  # noqa: E402
from tests import test_hostile_screens as screens  # noqa: E402
from tests.hostile_strings import FORMULA_PAYLOADS, hostile_strings  # noqa: E402


async def render(strings: list[str], folder: Path) -> screens.Tally:
    """Every string through every area (each area gets the whole pool)."""
    tally = screens.Tally()
    long_lines = [text for text in strings if len(text) > 5000]
    short = [text for text in strings if len(text) <= 5000]
    checks = [
        ("callbacks", lambda store: screens.check_callbacks(store, short, tally)),
        ("meetings", lambda store: screens.check_meetings(store, short, tally)),
        ("directory", lambda store: screens.check_directory(store, short, tally, folder)),
        ("contacts", lambda store: screens.check_contacts(store, long_lines + short, tally)),
        ("assessment", lambda store: screens.check_assessment(store, short, tally)),
    ]
    for name, check in checks:
        store = fuzz.new_store(folder / f"{name}.sqlite3")
        began = time.perf_counter()
        await check(store)
        store.close()
        print(f"  {name}: {time.perf_counter() - began:.1f} s")
    return tally


def neutralised(folder: Path) -> tuple[int, int]:
    """(payloads saved, cells defused) over the call log CSV and XLSX and the feedback CSV."""
    store = fuzz.new_store(folder / "exports.sqlite3")
    exports.contacts_with_payloads(store)
    exports.directory_with_payloads(store, folder)
    day = local_date(store.now())
    cells: list[str] = []
    for file_format in ("csv", "xlsx"):
        result = export_call_log(
            store,
            shipped_reference(),
            folder / f"calls.{file_format}",
            day,
            day,
            file_format=file_format,
            headers=exports.HEADERS,
            include_notes=True,
        )
        data = result.path.read_bytes()
        if file_format == "csv":
            cells += [c for row in exports.neutralised_csv(data) for c in row]
        else:
            cells += [c for c in exports.xlsx_cells(result.path) if isinstance(c, str)]
    export_feedback(store, folder / "feedback.csv")
    rows = exports.neutralised_csv((folder / "feedback.csv").read_bytes())
    cells += [c for row in rows for c in row]
    store.close()
    defused = [c for c in cells if c.startswith("'") and needs_neutralising(c[1:])]
    assert not any(needs_neutralising(c) for c in cells)
    return len(FORMULA_PAYLOADS), len(defused)


def fuzz_all(per_kind: int) -> Counter[tuple[str, str]]:
    outcomes: Counter[tuple[str, str]] = Counter()
    for name, case in fuzz.CASES.items():
        importer = name.split(":")[0]
        for seed in range(per_kind):
            outcomes[(importer, case(seed))] += 1
    return outcomes


def worst_clean_text() -> list[tuple[str, float]]:
    inputs = {
        "C1 string introducers": "\x90" * 1_000_000,
        "ESC ] without end": "\x1b]" * 500_000,
        "CSI without final byte": "\x1b[" + "0" * 1_000_000,
        "controls and text": ("a\x07\x1b[31mb\x85" * 125_000),
        "plain text": "äiti " * 200_000,
    }
    timings = []
    for name, text in inputs.items():
        began = time.perf_counter()
        clean_text(text)
        timings.append((name, (time.perf_counter() - began) * 1000))
    return timings


async def _check_after_start(store: Store) -> tuple[float, float, float]:
    """(seconds to the deferred start-up work, main-thread ms to start the check, seconds
    until its verdict), in a headless workstation on `store`."""
    from advisor_tui.app import AdvisorApp
    from advisor_tui.models import maintenance
    from advisor_tui.screens import integrity_notice

    marks: dict[str, float] = {}
    real_start, real_check = integrity_notice.check_in_background, maintenance.quick_check

    def start(app: Any, opened: Store) -> Any:
        marks["deferred"] = time.perf_counter()
        worker = real_start(app, opened)
        marks["started"] = time.perf_counter()
        return worker

    def check(opened: Store, **options: Any) -> list[str] | None:
        found = real_check(opened, **options)
        marks["verdict"] = time.perf_counter()
        return found

    integrity_notice.check_in_background = start  # type: ignore[assignment]
    maintenance.quick_check = check  # type: ignore[assignment]
    try:
        began = time.perf_counter()
        app = AdvisorApp(store)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
    finally:
        integrity_notice.check_in_background = real_start  # type: ignore[assignment]
        maintenance.quick_check = real_check  # type: ignore[assignment]
    return (
        marks["deferred"] - began,
        (marks["started"] - marks["deferred"]) * 1000,
        marks["verdict"] - began,
    )


def integrity_figures(contacts: int = 100_000, runs: int = 3) -> None:
    """The quick check the workstation runs after its first frame, on a year-sized file."""
    import statistics
    import threading

    from sync import working_copy

    from advisor_tui.models.maintenance import quick_check

    folder = Path(tempfile.mkdtemp(prefix="trust-integrity-"))
    store = working_copy(contacts, folder)
    try:
        size = store.path.stat().st_size / 1_000_000
        counted = int(store.scalar("SELECT count(*) FROM contacts"))
        walls, cpus = [], []
        for _ in range(runs):
            began, cpu = time.perf_counter(), time.thread_time()
            problems = quick_check(store)
            walls.append(time.perf_counter() - began)
            cpus.append(time.thread_time() - cpu)
            assert problems == [], problems
        stop = threading.Event()
        timer = threading.Timer(0.1, stop.set)
        timer.start()
        began = time.perf_counter()
        stopped = quick_check(store, cancelled=stop.is_set)
        timer.join()
        stop_ms = (time.perf_counter() - began - 0.1) * 1000
        deferred, start_ms, verdict = asyncio.run(_check_after_start(store))
    finally:
        store.close()
    print(
        f"Start-up integrity check: {counted:,} contacts, {size:.0f} MB file, "
        f"quick_check median {statistics.median(walls):.2f} s wall "
        f"(CPU {statistics.median(cpus):.2f} s) over {runs} runs"
    )
    print(
        f"  in the workstation (headless): deferred start-up work at {deferred:.2f} s, "
        f"starting the check held the main thread {start_ms:.1f} ms, verdict at {verdict:.2f} s"
    )
    print(
        f"  closing the program mid-check stops it in {max(stop_ms, 0):.0f} ms"
        f" ({'stopped' if stopped is None else 'it had finished'})"
    )


def main() -> None:
    if sys.argv[1:2] == ["integrity"]:
        integrity_figures(int(sys.argv[2]) if len(sys.argv) > 2 else 100_000)
        return
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    per_kind = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    kill_runs = int(sys.argv[3]) if len(sys.argv) > 3 else 50
    set_language("fi")
    folder = Path(tempfile.mkdtemp(prefix="trust-bench-"))
    strings = hostile_strings(count)

    print(f"Hostile strings: {len(strings)} generated, each area given all of them")
    began = time.perf_counter()
    tally = asyncio.run(render(strings, folder))
    print(
        f"  strings rendered: {tally.total} (string, place) comparisons in "
        f"{len(tally.places)} places, {time.perf_counter() - began:.1f} s"
    )
    for place, number in sorted(tally.places.items()):
        print(f"    {place}: {number}")

    payloads, defused = neutralised(folder)
    print(f"Formula injection: {payloads} payloads, {defused} cells neutralised, no formula left")
    print("  (call log CSV and XLSX with notes, directory feedback CSV)")

    began = time.perf_counter()
    outcomes = fuzz_all(per_kind)
    print(f"Fuzz: {per_kind} cases per kind of damage, {time.perf_counter() - began:.1f} s")
    for importer in sorted({key[0] for key in outcomes}):
        done = outcomes[(importer, "imported")]
        refused = outcomes[(importer, "refused")]
        print(f"  {importer}: {done + refused} cases, {done} imported, {refused} refused")

    integrity_figures()

    print("clean_text on 1,000,000 characters:")
    for name, ms in worst_clean_text():
        print(f"  {name}: {ms:.0f} ms")

    try:
        from trust_crash import BUNDLE_RECORDS, measure
    except ImportError:
        print("Kill points: not measured (benchmarks/trust_crash.py is missing)")
        return
    began = time.perf_counter()
    figures = measure(kill_runs)
    print(f"Kill points (SIGKILL, {kill_runs} runs per kind, bundle of {BUNDLE_RECORDS}):")
    print(
        f"  save: {figures['save_survived']}/{figures['save_tried']} survived, "
        f"{figures['saves_confirmed']} confirmed saves all present"
    )
    print(
        f"  import: {figures['import_survived']}/{figures['import_tried']} survived "
        f"(none: {figures['import_none']}, all: {figures['import_all']}), "
        f"{time.perf_counter() - began:.1f} s"
    )


if __name__ == "__main__":
    main()
