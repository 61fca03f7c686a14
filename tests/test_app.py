"""The workstation shell: areas one key away, first-start setup, help, quit, remapped keys."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Input, SelectionList

from advisor_tui.app import AREAS, AdvisorApp
from advisor_tui.models.store import Store
from advisor_tui.models.team import load_team
from advisor_tui.models.user_settings import UserSettings
from advisor_tui.screens.confirm import ConfirmDialog
from advisor_tui.screens.help import HelpScreen
from advisor_tui.screens.setup import SetupDialog

SIZE = (120, 40)


@pytest.mark.parametrize("area", [a for a in AREAS if a.mode != "shift"], ids=lambda a: a.mode)
async def test_every_area_opens_with_its_key_and_its_alternative(store: Store, area: Any) -> None:
    app = AdvisorApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.current_mode == "shift"
        for key in area.keys.split(","):
            await pilot.press(key)
            await pilot.pause()
            assert app.current_mode == area.mode, key
            await pilot.press("alt+1")
            await pilot.pause()
            assert app.current_mode == "shift"


async def test_escape_returns_to_the_shift_view(store: Store) -> None:
    app = AdvisorApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f7")
        await pilot.pause()
        assert app.current_mode == "reports"
        app.set_focus(None)
        await pilot.press("escape")
        await pilot.pause()
        assert app.current_mode == "shift"


async def test_shift_view_shows_the_day_and_who_is_on_shift(store: Store) -> None:
    app = AdvisorApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = " ".join(str(w.render()) for w in app.screen.query("Static"))
        assert "ma 23.11.2026 · AK" in text
        assert "Vuorossa: Anna Korhonen (AK) · Pohjois-Savon hyvinvointialue, 19 kuntaa" in text
        assert "yhteydenottoa tänään" in text and "takaisinsoittoa myöhässä" in text


async def test_first_start_asks_for_the_advisor_with_the_keyboard(blank_store: Store) -> None:
    app = AdvisorApp(blank_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SetupDialog)
        await pilot.press(*"Matti Meikäläinen")
        await pilot.press("tab", *"mm", "tab")
        await pilot.press("enter", *"pohjois-sa", "enter")
        await pilot.pause()
        selection = app.screen.query_one("#municipalities", SelectionList)
        assert len(selection.selected) == 19
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, SetupDialog)
    team = load_team(blank_store)
    assert team is not None
    assert (team.advisor_name, team.initials, team.county_code) == ("Matti Meikäläinen", "MM", "13")


async def test_setup_names_each_wrong_field_and_saves_nothing(blank_store: Store) -> None:
    app = AdvisorApp(blank_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.query_one("#initials", Input).value = "12"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SetupDialog)
        errors = {w.id: str(w.render()) for w in app.screen.query(".error")}
        assert errors["name-error"] == "Kirjoita nimesi."
        assert "Nimikirjaimet ”12” eivät kelpaa" in errors["initials-error"]
        assert "Hyvinvointialuetta" in errors["county-error"]
    assert load_team(blank_store) is None


async def test_help_lists_the_keys_in_finnish(store: Store) -> None:
    app = AdvisorApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        described = [row[1] for row in app.screen.rows]
        assert "Yhteydenotto" in described and "Palveluhakemisto" in described
        keys = dict((d, k) for k, d in app.screen.rows)
        assert "alt+2" in keys["Yhteydenotto"] and "f2" in keys["Yhteydenotto"]
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_remapped_key_from_the_settings_file(store: Store) -> None:
    settings = UserSettings(keymap={"area.directory": "f9"})
    app = AdvisorApp(store, settings)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f9")
        await pilot.pause()
        assert app.current_mode == "directory"


async def test_quit_asks_first_when_a_form_has_unsaved_input(store: Store) -> None:
    app = AdvisorApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.has_unsaved_input = lambda: True  # type: ignore[method-assign]
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    assert app.return_code == 0


async def test_quit_without_unsaved_input_is_immediate(store: Store) -> None:
    app = AdvisorApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert not app.is_running


async def test_command_palette_offers_every_area(store: Store) -> None:
    app = AdvisorApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for name in ("Vuoro", "Yhteydenotto", "Kartoitus", "Palveluhakemisto", "Raportit"):
            assert name in titles


async def test_demo_database_is_marked_on_every_area(tmp_path, clock) -> None:  # type: ignore[no-untyped-def]
    store = Store.open(tmp_path / "demo.sqlite3", clock=clock, kind="demo")
    store.set_setting("advisor.name", "Harjoittelija")
    store.set_setting("advisor.initials", "HA")
    app = AdvisorApp(store)
    async with app.run_test(size=SIZE) as pilot:
        for area in AREAS:
            await pilot.press(area.keys.split(",")[-1])
            await pilot.pause()
            markers = [str(w.render()) for w in app.screen.query("#demo-marker")]
            assert markers == ["HARJOITUSYMPÄRISTÖ"], area.mode
    store.close()


async def test_notices_are_shown_literally(store: Store) -> None:
    app = AdvisorApp(store, notices=["[bold]toinen ikkuna[/] [@click=app.quit]x[/]"])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.is_running
        assert any("[bold]toinen ikkuna[/]" in n.message for n in app._notifications)


def test_shift_view_snapshot(store: Store, snap_compare: Any) -> None:
    assert snap_compare(AdvisorApp(store), terminal_size=SIZE)
