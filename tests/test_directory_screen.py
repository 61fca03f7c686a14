"""The directory screen as an advisor uses it: type, read the detail, copy, refer."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Input, Select, Static

from advisor_tui.app import AdvisorApp
from advisor_tui.models.directory_import import import_file, load_shipped_directory
from advisor_tui.models.handoff import ContactContext, ServiceRef
from advisor_tui.models.store import Store
from advisor_tui.screens.directory import DirectoryScreen
from advisor_tui.screens.directory_dialogs import CorrectionDialog, MessageDialog
from advisor_tui.screens.directory_results import ResultsList

FIXTURES = Path(__file__).parent / "fixtures" / "directory"


async def settle(app: AdvisorApp, pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def rows(screen: DirectoryScreen) -> list[list[str]]:
    return [list(row) for row in screen.query_one(ResultsList).rows]


def detail_text(screen: DirectoryScreen) -> str:
    return str(screen.query_one("#detail-text", Static).render())


async def test_typing_searches_and_shows_detail(store: Store) -> None:
    load_shipped_directory(store, include_demo=True)
    app = AdvisorApp(store)
    copied: list[str] = []
    app.copy_to_clipboard = copied.append  # type: ignore[method-assign]
    async with app.run_test(size=(140, 44)) as pilot:
        await pilot.press("f4")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, DirectoryScreen)
        screen.query_one("#municipality", Select).value = "297"
        await pilot.click("#query")
        await pilot.press(*"perheneuvolaan")
        await settle(app, pilot)
        found = rows(screen)
        assert found[0][0] == "Kasvatus- ja perheneuvonta (perheneuvola)"
        assert found[0][2] == "palvelee kuntaa"
        text = detail_text(screen)
        assert "Puhelin" in text and "ma–pe 9.00–11.00" in text
        assert "suljettu nyt" in text or "auki nyt" in text
        await pilot.press("alt+c")
        await pilot.pause()
        assert copied and copied[-1].startswith("012 000 ")
        await pilot.press("alt+m")
        await pilot.pause()
        assert isinstance(app.screen, MessageDialog)
        assert copied[-1].startswith("Kasvatus- ja perheneuvonta (perheneuvola)\n")
        assert "Puhelin: 012 000" in copied[-1]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DirectoryScreen)


async def test_stale_service_says_so_in_words(store: Store) -> None:
    import_file(store, FIXTURES / "native_small.json")
    app = AdvisorApp(store)
    async with app.run_test(size=(140, 44)) as pilot:
        await pilot.press("f4")
        await settle(app, pilot)
        screen = app.screen
        screen.query_one("#query", Input).value = "mielenterveyspalvelut"
        await settle(app, pilot)
        assert "tarkistamatta yli 12 kk" in rows(screen)[0][3]
        assert "ei ole tarkistettu yli 12 kuukauteen" in detail_text(screen)


async def test_markup_in_service_text_is_shown_literally(store: Store, tmp_path: Path) -> None:
    data = json.loads((FIXTURES / "native_small.json").read_text(encoding="utf-8"))
    data["services"][0]["name_fi"] = "[bold red]Perheneuvola[/] [@click=app.quit]x[/]"
    path = tmp_path / "marked.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    import_file(store, path)
    app = AdvisorApp(store)
    async with app.run_test(size=(140, 44)) as pilot:
        await pilot.press("f4")
        await settle(app, pilot)
        screen = app.screen
        screen.query_one("#query", Input).value = "perheneuvola"
        await settle(app, pilot)
        assert rows(screen)[0][0] == "[bold red]Perheneuvola[/] [@click=app.quit]x[/]"
        shown = str(screen.query_one(ResultsList).get_option_at_index(0).prompt)
        assert shown.startswith("[bold red]Perheneuvola[/] [")
        assert "[bold red]Perheneuvola[/]" in detail_text(screen)


async def test_refer_from_a_contact_context(store: Store) -> None:
    import_file(store, FIXTURES / "native_small.json")
    app = AdvisorApp(store)
    delivered: list[ServiceRef] = []
    app.deliver_referral = delivered.append  # type: ignore[method-assign]
    async with app.run_test(size=(140, 44)) as pilot:
        await pilot.press("f4")
        await settle(app, pilot)
        screen = app.screen
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert delivered == []
        app.open_with_context(
            "directory",
            ContactContext(contact_id="c1", municipality_code="297", topics=("parenting",)),
        )
        await settle(app, pilot)
        assert screen.query_one("#municipality", Select).value == "297"
        screen.query_one("#query", Input).value = "perheneuvola"
        await settle(app, pilot)
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert len(delivered) == 1
        ref = delivered[0]
        assert ref.name == "Kasvatus- ja perheneuvola"
        assert ref.organisation == "Pohjois-Savon hyvinvointialue" and not ref.digital
        assert "perheen kunta" in ref.reason


async def test_mark_checked_and_correction(store: Store) -> None:
    import_file(store, FIXTURES / "native_small.json")
    app = AdvisorApp(store)
    async with app.run_test(size=(140, 44)) as pilot:
        await pilot.press("f4")
        await settle(app, pilot)
        screen = app.screen
        screen.query_one("#query", Input).value = "mielenterveyspalvelut"
        await settle(app, pilot)
        await pilot.press("alt+t")
        await settle(app, pilot)
        assert "tarkistamatta" not in rows(screen)[0][3]
        await pilot.press("alt+k")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, CorrectionDialog)
        await pilot.click("#save")
        await pilot.pause()
        assert str(dialog.query_one("#problem-error", Static).render()) != ""
        dialog.query_one("#problem", Select).value = "wrong_phone"
        note = dialog.query_one("#note", Input)
        note.value = "Numero vaihtunut"
        note.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DirectoryScreen)
    kinds = [r[0] for r in store.query("SELECT kind FROM service_feedback ORDER BY created_at")]
    assert sorted(kinds) == ["checked", "correction"]


async def test_bad_age_is_reported_next_to_the_field(store: Store) -> None:
    import_file(store, FIXTURES / "native_small.json")
    app = AdvisorApp(store)
    async with app.run_test(size=(140, 44)) as pilot:
        await pilot.press("f4")
        await settle(app, pilot)
        screen = app.screen
        screen.query_one("#age", Input).value = "200"
        await settle(app, pilot)
        assert "0–120" in str(screen.query_one("#age-error", Static).render())


async def test_fast_typing_shows_only_the_last_search(store: Store) -> None:
    import_file(store, FIXTURES / "native_small.json")
    app = AdvisorApp(store)
    async with app.run_test(size=(140, 44)) as pilot:
        await pilot.press("f4")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, DirectoryScreen)
        await pilot.click("#query")
        await pilot.press(*"vertaistuki")
        await settle(app, pilot)
        assert screen.shown == screen.requested
        assert [r[0] for r in rows(screen)] == ["Vertaistukichat vanhemmille"]
        assert screen.query_one("#query", Input).has_focus


async def test_opening_hours_on_christmas_eve(store: Store, clock) -> None:  # type: ignore[no-untyped-def]
    from datetime import date, time

    from advisor_tui.models.clock import at_local

    import_file(store, FIXTURES / "native_small.json")
    clock.now = at_local(date(2026, 12, 24), time(10, 0))
    app = AdvisorApp(store)
    async with app.run_test(size=(140, 44)) as pilot:
        await pilot.press("f4")
        await settle(app, pilot)
        screen = app.screen
        screen.query_one("#query", Input).value = "perheneuvola"
        await settle(app, pilot)
        text = detail_text(screen)
        assert "ma–pe 9.00–15.00  – suljettu nyt (jouluaatto)" in text
