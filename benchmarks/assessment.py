"""Situation assessment figures: from the last answer to the suggestions, and the walk's steps.

Builds a directory of 20,000 generated services (plus the shipped national and demo ones) in a
temporary folder, then measures:
- the suggestions: saving the last answer, the family's language and the ranking, for 200
  family situations (1–4 areas of concern, some red flags, random municipalities and ages);
- the same in the running screen: PageDown on the red flags until the suggestions are shown;
- the walk's step in the running screen, per answered question over whole questionnaires: a
  level key, a short strength, Enter, Enter, until the next area is shown; with the area's key
  bar and, for comparison, with Textual's own footer (which rebuilds on every focus change).
Targets: last answer to suggestions at most 100 ms on 20,000 services; a step must feel instant.
Run: python benchmarks/assessment.py          (everything; builds the 20,000 services first)
     python benchmarks/assessment.py step     (only the walk's step; the directory plays no part)
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
from typing import Any

from advisor_tui.models.assessment import new_assessment, save_assessment
from advisor_tui.models.assessment_links import family_language
from advisor_tui.models.assessment_suggestions import suggest_services
from advisor_tui.models.directory import directory_size, load_shipped_directory
from advisor_tui.models.directory_import import import_file
from advisor_tui.models.handoff import ContactContext
from advisor_tui.models.questionnaire import Questionnaire, parse_questionnaire
from advisor_tui.models.reference import shipped_reference
from advisor_tui.models.store import Store
from advisor_tui.models.team import resolve_team, save_team
from advisor_tui.paths import package_data_dir

SERVICES = 20_000
SITUATIONS = 200
SCREEN_RUNS = 5
STEP_WALKS = 4
STRENGTH = "isä"
KINDS = [
    ("Lastenneuvola", ["development", "sleep", "parenting", "health"], 0, 6),
    ("Kasvatus- ja perheneuvonta", ["parenting", "behaviour", "separation"], 0, 17),
    ("Lapsiperheiden kotipalvelu", ["routines", "mental_health_adult", "expecting"], 0, 12),
    ("Perhesosiaalityö", ["services", "finances", "housing", "violence"], 0, 17),
    ("Koulukuraattori", ["school", "bullying", "absence"], 7, 17),
    ("Koulupsykologi", ["school", "mental_health_child"], 7, 17),
    ("Nuorisotila", ["leisure", "social_network", "digital"], 10, 28),
    ("Mielenterveys- ja päihdepalvelut", ["mental_health_adult", "substances"], 18, None),
    ("Lasten ja nuorten mielenterveyspalvelut", ["mental_health_child", "sleep"], 6, 17),
    ("Seurakunnan perhekerho", ["social_network", "parenting", "multicultural"], 0, 6),
    ("Vertaisryhmä eronneille vanhemmille", ["separation", "couple"], None, None),
    ("Väkivaltatyön avopalvelu", ["violence", "crisis"], None, None),
    ("Varhaiskasvatuksen palveluohjaus", ["early_education", "special_needs"], 0, 6),
    ("Sosiaalipäivystys", ["crisis", "violence"], None, None),
    ("Velkaneuvonta", ["finances", "housing"], 18, None),
]
LANGUAGES = [["fi"], ["fi", "sv"], ["fi", "en"], ["fi", "sv", "en"], ["sv"]]
AGE_GROUPS = ["expecting", "0-2", "3-6", "7-12", "13-17"]


def build(folder: Path) -> Path:
    ref = shipped_reference()
    codes = sorted(ref.municipalities)
    rng = random.Random(5)
    services = []
    for n in range(SERVICES):
        name, topics, low, high = KINDS[n % len(KINDS)]
        code = codes[rng.randrange(len(codes))]
        county = ref.municipalities[code].county_code
        area = {"area_scope": "municipalities", "area_codes": [code]}
        scope = rng.random()
        if scope > 0.97:
            area = {"area_scope": "nationwide", "area_codes": []}
        elif scope > 0.85 and county in ref.counties:
            area = {"area_scope": "county", "area_codes": [county]}
        services.append(
            {
                "source": "benchmark",
                "source_id": str(n),
                "name_fi": f"{name}, {ref.municipalities[code].name_fi} {n}",
                "summary_fi": f"{name}: tukea perheen arkeen.",
                "topics": topics,
                "min_age": low,
                "max_age": high,
                "languages": LANGUAGES[n % len(LANGUAGES)],
                "status": "temporarily_closed" if n % 97 == 0 else "active",
                **area,
                "verified_on": "2026-01-01" if n % 5 else "2024-01-01",
                "channels": [
                    {"kind": "phone", "value": f"012 000 {n % 10000:04d}"},
                    {"kind": "web" if n % 3 else "location", "value": f"https://x.invalid/{n}"},
                ],
            }
        )
    path = folder / "directory.json"
    document = {"format": "advisor-tui-directory", "version": 1, "organisations": []}
    path.write_text(json.dumps({**document, "services": services}), encoding="utf-8")
    return path


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report(label: str, values: list[float]) -> None:
    print(
        f"{label}: median {statistics.median(values):.2f} ms, "
        f"p95 {percentile(values, 0.95):.2f} ms, max {max(values):.2f} ms (n={len(values)})"
    )


def situations(q: Questionnaire) -> list[tuple[str, list[str], dict[str, int], list[str]]]:
    codes = sorted(shipped_reference().municipalities)
    rng = random.Random(11)
    found = []
    for i in range(SITUATIONS):
        areas = rng.sample([a.key for a in q.areas], rng.randint(1, 4))
        levels = {key: rng.randint(1, 3) for key in areas}
        ages = rng.sample(AGE_GROUPS, rng.randint(1, 2))
        flags = [rng.choice(q.red_flags).key] if i % 5 == 0 else []
        found.append((rng.choice(codes), ages, levels, flags))
    return found


def timed_suggestions(store: Store, q: Questionnaire) -> tuple[list[float], list[float], list[int]]:
    """Wall-clock and CPU milliseconds per situation (CPU leaves out waiting for other
    processes on a shared machine), and how many suggestions each gave."""
    times, cpu, counts = [], [], []
    for code, ages, levels, flags in situations(q):
        started, used = time.perf_counter(), time.process_time()
        a = new_assessment(q, ContactContext(municipality_code=code, age_groups=tuple(ages)))
        for key, level in levels.items():
            a.answer(key).concern = level
        for key in flags:
            a.red_flags[key] = True
        stored = save_assessment(store, a)
        found = suggest_services(store, stored, q, language=family_language(store, stored))
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - used) * 1000)
        counts.append(len(found))
    return times, cpu, counts


def _timing(cls: Any, name: str, into: list[float]) -> None:
    """Record how long the screen's own handler takes (the rest is drawing and waiting)."""
    original = getattr(cls, name)

    def timed(self: Any) -> None:
        started = time.perf_counter()
        original(self)
        into.append((time.perf_counter() - started) * 1000)

    timed.__wrapped__ = original  # type: ignore[attr-defined]
    setattr(cls, name, timed)


async def in_screen(store: Store) -> dict[str, list[float]]:
    from advisor_tui.app import AdvisorApp
    from advisor_tui.screens.assessment import AssessmentScreen

    results: list[float] = []
    handlers: dict[str, list[float]] = {"results_work": []}
    _timing(AssessmentScreen, "action_results", handlers["results_work"])
    app = AdvisorApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        for run in range(SCREEN_RUNS):
            await pilot.press("f3")
            await pilot.pause()
            await pilot.press("enter")  # a new assessment
            await pilot.pause()
            screen = app.screen
            walk = screen.walk  # type: ignore[attr-defined]
            for index in range(len(walk.questionnaire.areas)):
                await pilot.press("2" if index in (run, run + 3) else "0", "pagedown")
                await pilot.pause()
            started = time.perf_counter()
            await pilot.press("pagedown")
            await pilot.pause()
            results.append((time.perf_counter() - started) * 1000)
            assert screen.view == "result"  # type: ignore[attr-defined]
    return {"results": results, **handlers}


async def walk_steps(store: Store, bar: str) -> dict[str, list[float]]:
    """Answer every area of whole questionnaires as an advisor on a call does, timing each.

    `bar` is "key bar" (the area's own) or "footer" (Textual's, swapped in for comparison).
    """
    from textual.app import ComposeResult
    from textual.widgets import Footer

    import advisor_tui.screens.assessment as area
    from advisor_tui.app import AdvisorApp

    class CountedFooter(Footer):
        def __init__(self, *, show_command_palette: bool, compact: bool) -> None:
            super().__init__(show_command_palette=show_command_palette, compact=compact)
            self.rebuilds = 0

        def compose(self) -> ComposeResult:
            self.rebuilds += 1 if self._bindings_ready else 0
            yield from super().compose()

    found: dict[str, list[float]] = {k: [] for k in ("wall", "cpu", "on_wall", "on_cpu")}
    found["rebuilds"], found["next_work"] = [], []
    saved = area.KeyBar
    if bar == "footer":
        area.KeyBar = CountedFooter  # type: ignore[misc, assignment]
    _timing(area.AssessmentScreen, "action_next", found["next_work"])
    try:
        app = AdvisorApp(store)
        async with app.run_test(size=(120, 40)) as pilot:
            for walk in range(STEP_WALKS):
                await pilot.press("f3")
                await pilot.pause()
                await pilot.press("enter")  # a new assessment
                await pilot.pause()
                screen: Any = app.screen
                footer: Any = screen.query_one(Footer)
                before = footer.rebuilds
                for index in range(len(screen.walk.questionnaire.areas)):
                    wall, cpu = time.perf_counter(), time.process_time()
                    await pilot.press("2" if index % 4 == walk else "0", *STRENGTH, "enter")
                    on_wall, on_cpu = time.perf_counter(), time.process_time()
                    await pilot.press("enter")
                    await pilot.pause()
                    assert screen.walk.step == index + 1
                    found["wall"].append((time.perf_counter() - wall) * 1000)
                    found["cpu"].append((time.process_time() - cpu) * 1000)
                    found["on_wall"].append((time.perf_counter() - on_wall) * 1000)
                    found["on_cpu"].append((time.process_time() - on_cpu) * 1000)
                found["rebuilds"].append(footer.rebuilds - before)
    finally:
        area.KeyBar = saved
        area.AssessmentScreen.action_next = area.AssessmentScreen.action_next.__wrapped__  # type: ignore[attr-defined]
    return found


def report_steps(store: Store) -> None:
    """The walk's step with the key bar, then with Textual's footer for comparison."""
    for bar in ("key bar", "footer"):
        found = asyncio.run(walk_steps(store, bar))
        n = len(found["wall"])
        print(
            f"walk step with the {'area key bar' if bar == 'key bar' else 'Textual footer'} "
            f"({n} answered questions over {STEP_WALKS} walks through the questionnaire; "
            f"{statistics.mean(found['rebuilds']):.0f} key bar rebuilds per questionnaire):"
        )
        report(
            f"  step: level, '{STRENGTH}', Enter, Enter until the next area, wall", found["wall"]
        )
        report("  the same, CPU time of this process", found["cpu"])
        report("  moving on: the last Enter until the next area shows, wall", found["on_wall"])
        report("  the same, CPU time of this process", found["on_cpu"])
        report(
            "  of which the screen's own work (keep texts, save, fill the area)", found["next_work"]
        )


def main_steps() -> None:
    """Only the walk's step, on a database with the shipped directory."""
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "bench.sqlite3", clock=lambda: datetime.now(UTC))
        save_team(
            store, resolve_team(shipped_reference(), "Anna Korhonen", "AK", "Pohjois-Savo", [])
        )
        load_shipped_directory(store, include_demo=True)
        print(f"directory: {directory_size(store)} services (not used by the walk)")
        report_steps(store)
        print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        store.close()


def main() -> None:
    questionnaire = parse_questionnaire(package_data_dir() / "assessment" / "questionnaire.toml")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        store = Store.open(folder / "bench.sqlite3", clock=lambda: datetime.now(UTC))
        save_team(
            store, resolve_team(shipped_reference(), "Anna Korhonen", "AK", "Pohjois-Savo", [])
        )
        started = time.perf_counter()
        load_shipped_directory(store, include_demo=True)
        import_file(store, build(folder), "native")
        built = time.perf_counter() - started
        size = directory_size(store)
        print(
            f"directory: {size} services (built and imported in {built:.0f} s); "
            f"questionnaire {questionnaire.version}, "
            f"{len(questionnaire.areas)} areas, {len(questionnaire.red_flags)} red flags"
        )
        started = time.perf_counter()
        first = new_assessment(questionnaire, ContactContext(municipality_code="297"))
        first.answer("couple").concern = 2
        suggest_services(store, first, questionnaire)
        cold = (time.perf_counter() - started) * 1000
        print(f"first suggestions after opening the database (search index warm-up): {cold:.0f} ms")
        times, cpu, counts = timed_suggestions(store, questionnaire)
        report(
            f"last answer to suggestions (save + rank, {SITUATIONS} situations, "
            f"{statistics.median(counts):.0f} suggestions each), wall clock",
            times,
        )
        report("the same, CPU time of this process", cpu)
        shown = asyncio.run(in_screen(store))
        report(
            "in the screen, PageDown on the red flags until the suggestions show", shown["results"]
        )
        report(
            "  of which the screen's own work (save, rank, fill the list)",
            shown["results_work"],
        )
        report_steps(store)
        load = os.getloadavg()[0]
        for label, values in (("wall clock", times), ("CPU time", cpu)):
            verdict = "met" if percentile(values, 0.95) <= 100 else "NOT met"
            print(f"target ≤ 100 ms to the suggestions, p95 {label}: {verdict}")
        print(f"load average during the run: {load:.1f} on {os.cpu_count()} cores")
        store.close()


if __name__ == "__main__":
    if sys.argv[1:] == ["step"]:
        main_steps()
    else:
        main()
