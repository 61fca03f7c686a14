"""The assessment area's key bar during a walk, and the key for the suggestions."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static
from textual.widgets._footer import FooterKey

from advisor_tui.app import AdvisorApp
from advisor_tui.models.reference import shipped_reference
from advisor_tui.models.store import Store
from advisor_tui.models.team import resolve_team, save_team
from advisor_tui.screens.assessment import AssessmentScreen
from advisor_tui.widgets.key_bar import KeyBar

AREAS = 12
WALK_KEYS = [
    ("pgdn", "Seuraava alue"),
    ("pgup", "Edellinen alue"),
    ("f9", "Hälytysmerkit"),
    ("f12", "Ehdotukset"),
    ("^s", "Tallenna kesken"),
    ("^l", "Liitä yhteydenottoon"),
]


@pytest.fixture
def demo(tmp_path: Path, clock: object) -> Iterator[Store]:
    store = Store.open(tmp_path / "demo.sqlite3", clock=clock, kind="demo")  # type: ignore[arg-type]
    save_team(store, resolve_team(shipped_reference(), "Tiina Harjoittelija", "TH", "13", []))
    yield store
    store.close()


def _bar(app: AdvisorApp) -> list[tuple[str, str]]:
    """The keys the key bar shows, as the user reads them: key and label."""
    return [(key.key_display, key.description) for key in app.screen.query(FooterKey)]


def _title(app: AdvisorApp) -> str:
    return str(app.screen.query_one("#walk-title", Static).render())


async def _new_assessment(pilot: Any) -> AssessmentScreen:
    await pilot.press("f3")
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, AssessmentScreen) and screen.view == "walk"
    return screen


async def test_the_key_bar_stays_put_through_a_whole_walk(store: Store) -> None:
    app = AdvisorApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _new_assessment(pilot)
        bar = screen.query_one(KeyBar)
        assert _bar(app)[: len(WALK_KEYS)] == WALK_KEYS
        assert ("f2", "Yhteydenotto") in _bar(app)
        walk_bar, rebuilds = _bar(app), bar.rebuilds
        for index in range(AREAS):
            assert _title(app).startswith(f"Alue {index + 1}/{AREAS + 1}")
            await pilot.press("2" if index % 4 == 0 else "0")
            await pilot.pause()
            assert app.screen.focused is not None and app.screen.focused.id == "walk-strengths"
            assert _bar(app) == walk_bar
            if index % 2:
                await pilot.press("h", "y", "v", "ä", "enter", "enter")
            else:
                await pilot.press("pagedown")
            await pilot.pause()
            if index < AREAS - 1:
                assert _bar(app) == walk_bar
        assert bar.rebuilds == rebuilds + 1
        assert _title(app).startswith("Hälytysmerkit")
        flags_bar = _bar(app)
        assert flags_bar[:2] == [("k", "Kyllä"), ("e", "Ei")]
        assert flags_bar[2:] == walk_bar
        await pilot.press("e", "down", "e")
        await pilot.pause()
        assert _bar(app) == flags_bar
        await pilot.press("f12")
        await pilot.pause()
        assert screen.view == "result"
        shown = _bar(app)
        assert ("l", "Liitä valitut") in shown and ("c", "Kopioi yhteenveto") in shown
        assert ("k", "Kyllä") not in shown
        await pilot.press("pageup")
        await pilot.pause()
        assert screen.view == "walk" and _bar(app) == flags_bar
        answered = [a.concern for a in screen.assessment.answers.values()]  # type: ignore[union-attr]
        assert len(answered) == AREAS and answered.count(2) == 3


async def test_f12_and_alt_e_show_the_suggestions_also_from_a_text_field(store: Store) -> None:
    app = AdvisorApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _new_assessment(pilot)
        await pilot.press("3", "e")
        await pilot.pause()
        await pilot.press("alt+e")
        await pilot.pause()
        assert screen.view == "result"
        assert screen.assessment is not None
        assert screen.assessment.answers["child_wellbeing"].strengths == "e"
        await pilot.press("pageup")
        await pilot.pause()
        assert screen.view == "walk"
        await pilot.press("f12")
        await pilot.pause()
        assert screen.view == "result"


async def test_on_a_real_database_f8_still_shows_the_suggestions(store: Store) -> None:
    app = AdvisorApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _new_assessment(pilot)
        rows = app.key_rows()
        assert ("f12 / alt+e", "Ehdotukset") in rows and ("f8", "Ehdotukset") in rows
        assert ("f8", "Ehdotukset") not in _bar(app)
        await pilot.press("1", "f8")
        await pilot.pause()
        assert app.current_mode == "assessment" and screen.view == "result"


async def test_on_the_demo_database_f8_opens_training_from_the_assessment(demo: Store) -> None:
    app = AdvisorApp(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _new_assessment(pilot)
        shown = _bar(app)
        assert ("f12", "Ehdotukset") in shown and ("f8", "Harjoitukset") in shown
        rows = app.key_rows()
        assert ("f8 / alt+8", "Harjoitukset") in rows
        assert all(keys != "f8" for keys, _ in rows)
        await pilot.press("2", "f8")
        await pilot.pause()
        assert app.current_mode == "training"
        await pilot.press("f3")
        await pilot.pause()
        assert app.screen is screen and screen.view == "walk"
        assert screen.assessment is not None
        assert screen.assessment.answers[next(iter(screen.assessment.answers))].concern == 2
        await pilot.press("f12")
        await pilot.pause()
        assert screen.view == "result"
