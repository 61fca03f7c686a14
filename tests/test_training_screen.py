"""Training mode driven as a trainee would: pick, read, log the contact, check, read feedback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Static

from advisor_tui.app import AdvisorApp
from advisor_tui.models.contact_form import new_form
from advisor_tui.models.directory import load_shipped_directory
from advisor_tui.models.handoff import ServiceRef
from advisor_tui.models.reference import shipped_reference
from advisor_tui.models.store import Store
from advisor_tui.models.team import resolve_team, save_team
from advisor_tui.models.training_results import results, start_exercise
from advisor_tui.screens.contact import ContactScreen
from advisor_tui.screens.training import TrainingScreen
from advisor_tui.screens.training_panels import ExerciseTable

SIZE = (120, 40)


@pytest.fixture
def demo(tmp_path: Path, clock: object) -> Iterator[Store]:
    store = Store.open(tmp_path / "demo.sqlite3", clock=clock, kind="demo")  # type: ignore[arg-type]
    save_team(store, resolve_team(shipped_reference(), "Tiina Harjoittelija", "TH", "13", []))
    load_shipped_directory(store, include_demo=True)
    yield store
    store.close()


def _last_notice(app: AdvisorApp) -> str:
    return list(app._notifications)[-1].message


def _texts(screen: TrainingScreen, selector: str) -> list[str]:
    return [str(widget.render()) for widget in screen.query(selector).results(Static)]


async def test_complete_an_exercise_end_to_end(demo: Store, clock: object) -> None:
    app = AdvisorApp(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f8")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TrainingScreen)
        assert screen.query_one(ExerciseTable).current_id == "kempele-uhma"
        assert "Jussi Kempeleestä" in str(screen.query_one("#story-text", Static).render())
        await pilot.press("a")
        await pilot.pause()
        contact = app.screen
        assert isinstance(contact, ContactScreen)
        assert contact.form.read().content() == new_form(demo.now()).content()
        clock.advance(minutes=7)  # type: ignore[attr-defined]
        contact.form.fill(
            new_form(
                demo.now(),
                channel="phone",
                party="parent",
                municipality_code="244",
                age_groups=["3-6"],
                topics=["behaviour"],
                actions=["advice"],
            )
        )
        omaperhe = str(demo.scalar("SELECT id FROM services WHERE source_id = 'omaperhe'"))
        app.deliver_referral(ServiceRef(omaperhe, "Omaperhe.fi", digital=True))
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert any("Alt+8" in n.message for n in app._notifications)
        await pilot.press("alt+8")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("t")
        await pilot.pause()
        score = str(screen.query_one("#feedback-score", Static).render())
        assert score.startswith("Tulos 83/100 – hyväksytty")
        lines = _texts(screen, "#feedback-lines Static")
        assert lines[0].startswith("Olisi sopinut: aihe Vanhemmuus ja kasvatus — ")
        assert any(
            line.startswith("Olisi sopinut: ohjaus palveluun Lastenneuvola") for line in lines
        )
        assert "Oikein: ohjaus digipalveluun" in lines
        assert "Oikein: kunta Kempele" in lines
        (stored,) = results(demo, "TH")
        assert (stored.exercise_id, stored.score, stored.passed) == ("kempele-uhma", 83, True)
        row = screen.query_one(ExerciseTable).get_row("kempele-uhma")
        assert str(row[0]) == "83/100"


async def test_check_without_a_saved_contact_says_what_to_do(demo: Store) -> None:
    app = AdvisorApp(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("alt+8")
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        assert "Harjoitus ei ole käynnissä" in _last_notice(app)
        start_exercise(demo, "kuraattori-poissaolot")
        app.screen.refresh_view()  # type: ignore[attr-defined]
        await pilot.pause()
        status = str(app.screen.query_one("#training-status", Static).render())
        assert status.startswith("Käynnissä on toinen harjoitus: Kuraattori: oppilaan poissaolot")
        await pilot.press("down")
        await pilot.pause()
        status = str(app.screen.query_one("#training-status", Static).render())
        assert status.startswith("Käynnissä: Kuraattori: oppilaan poissaolot, aloitettu klo 10.00")
        await pilot.press("t")
        await pilot.pause()
        assert "et ole tallentanut yhteydenottoa" in _last_notice(app)
        await pilot.press("k")
        await pilot.pause()
        assert results(demo) == []
        assert str(app.screen.query_one("#training-status", Static).render()).startswith("Lue")


async def test_a_real_database_offers_no_training(store: Store) -> None:
    app = AdvisorApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f8")
        await pilot.pause()
        assert app.current_mode == "shift"
        await pilot.press("alt+8")
        await pilot.pause()
        assert app.current_mode == "shift"
        assert "training" not in app._modes
        assert all(b.binding.id != "area.training" for b in app.screen.active_bindings.values())
        assert all("Harjoitukset" not in description for _, description in app.key_rows())
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Harjoitukset" not in titles


async def test_demo_database_shows_training_in_footer_help_and_palette(demo: Store) -> None:
    app = AdvisorApp(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert any(d == "Harjoitukset" for _, d in app.key_rows())
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Harjoitukset" in titles
        await pilot.press("f8")
        await pilot.pause()
        assert [str(w.render()) for w in app.screen.query("#demo-marker")] == ["HARJOITUSYMPÄRISTÖ"]
        rows = dict((d, k) for k, d in app.key_rows())
        assert rows["Aloita"] == "a" and rows["Tarkista"] == "t"
