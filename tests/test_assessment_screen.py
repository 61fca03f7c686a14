"""The assessment area driven with the keyboard, as an advisor would."""

from __future__ import annotations

from typing import Any

from textual.widgets import Static

from advisor_tui.app import AdvisorApp
from advisor_tui.models.assessment import list_drafts
from advisor_tui.models.directory import load_shipped_directory
from advisor_tui.models.handoff import ContactContext
from advisor_tui.models.store import Store
from advisor_tui.screens.assessment_dialogs import UrgentGuidanceDialog

AREAS = 12


async def _answer_areas(pilot: Any, levels: dict[int, str]) -> None:
    for index in range(AREAS):
        await pilot.press(levels.get(index, "0"))
        await pilot.pause()
        await pilot.press("pagedown")
        await pilot.pause()


def _text(app: AdvisorApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_full_assessment_from_a_contact_puts_referrals_on_it(store: Store) -> None:
    load_shipped_directory(store, include_demo=True)
    app = AdvisorApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        contact = app.screen
        contact.write_draft()  # type: ignore[attr-defined]
        context = contact.context()  # type: ignore[attr-defined]
        app.open_with_context(
            "assessment",
            ContactContext(
                draft_id=context.draft_id,
                municipality_code="244",
                age_groups=("3-6",),
            ),
        )
        await pilot.pause()
        assert "ei arvioi palvelutarvetta" in _text(app, "#disclaimer")
        # couple relationship (area 4) is a serious concern, parenthood (3) small
        await _answer_areas(pilot, {2: "1", 3: "3"})
        # the red flags: all no
        for _ in range(5):
            await pilot.press("e")
            await pilot.press("down")
        await pilot.press("pagedown")
        await pilot.pause()
        result = app.screen.query_one("#result-list")
        assert result.option_count > 3
        first = result.get_option_at_index(0)
        assert "Kasvatus- ja perheneuvonta" in str(first.prompt)
        assert "huoli: parisuhde ja ero" in str(first.prompt)
        assert "palvelee Kempele" in str(first.prompt)
        await pilot.press("space")
        await pilot.press("down")
        await pilot.press("space")
        await pilot.press("c")
        await pilot.pause()
        assert "Parisuhde ja ero: vakava huoli" in app.clipboard
        await pilot.press("l")
        await pilot.pause()
        assert app.current_mode == "contact"
        form = app.screen.form  # type: ignore[attr-defined]
        names = [r["service_name"] for r in form.referrals]
        assert len(names) >= 1
        assert "Kasvatus- ja perheneuvonta (perheneuvola)" in names
        assert "assessment_done" in form.read().actions
        assert not list_drafts(store)


async def test_red_flag_shows_guidance_records_it_and_waits_for_acknowledgement(
    store: Store,
) -> None:
    app = AdvisorApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("enter")  # a new assessment
        await pilot.pause()
        await pilot.press("f9")
        await pilot.pause()
        await pilot.press("down")
        await pilot.press("k")  # violence: yes
        await pilot.pause()
        assert isinstance(app.screen, UrgentGuidanceDialog)
        body = str(app.screen.query_one("#guidance-body", Static).render())
        assert "112" in body and "Sosiaalipäivystys" in body and "lastensuojeluilmoitus" in body
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, UrgentGuidanceDialog)
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, UrgentGuidanceDialog)
        row = store.query("SELECT red_flags_shown, actions FROM assessments")[0]
        assert '"flag": "violence"' in row["red_flags_shown"]
        assert "child_protection" in row["actions"]


async def test_notes_with_markup_are_shown_literally_and_drafts_continue(store: Store) -> None:
    app = AdvisorApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("2")  # the level moves the focus to the strengths
        await pilot.press(*"[b]isovanhemmat[/b]")
        await pilot.press("enter")
        await pilot.press(*"[@click=app.quit]x[/]")
        await pilot.press("f8")
        await pilot.pause()
        summary = str(app.screen.query_one("#result-summary-text", Static).render())
        assert "[b]isovanhemmat[/b]" in summary
        assert "[@click=app.quit]x[/]" in summary
        await pilot.press("pageup")
        await pilot.press("ctrl+s")
        await pilot.pause()
        drafts = list_drafts(store)
        assert len(drafts) == 1 and drafts[0].concerns == 1
        await pilot.press("down", "enter")
        await pilot.pause()
        assert "Alue 2/13" in _text(app, "#walk-title")
