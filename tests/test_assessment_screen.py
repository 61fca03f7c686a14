"""The assessment area driven with the keyboard, as an advisor would."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from textual.widgets import Static

from advisor_tui.app import AdvisorApp
from advisor_tui.models.assessment import list_drafts
from advisor_tui.models.assessment_links import assessments_of
from advisor_tui.models.contacts import Contact, get_contact, referrals_of, save_contact
from advisor_tui.models.directory import load_shipped_directory
from advisor_tui.models.questionnaire import forget_last_valid, load_questionnaire
from advisor_tui.models.reference import shipped_reference
from advisor_tui.models.store import Store
from advisor_tui.paths import locations, package_data_dir
from advisor_tui.screens.assessment_dialogs import LinkContactDialog, UrgentGuidanceDialog

AREAS = 12


async def _answer_areas(pilot: Any, levels: dict[int, str]) -> None:
    for index in range(AREAS):
        await pilot.press(levels.get(index, "0"))
        await pilot.pause()
        await pilot.press("pagedown")
        await pilot.pause()


def _text(app: AdvisorApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def _fill_contact(pilot: Any, municipality: tuple[str, ...]) -> None:
    """Phone, parent, the municipality typed, Swedish, one child of 3–6, topic sleep."""
    for key in ("p", "u", "enter", "v", "enter", *municipality, "enter", "r", "u", "enter"):
        await pilot.press(key)
    await pilot.press("3", "space", "tab", "1", "tab", "u", "n", "space", "tab")
    await pilot.pause()


async def test_full_assessment_from_a_contact_puts_referrals_on_it(store: Store) -> None:
    load_shipped_directory(store, include_demo=True)
    app = AdvisorApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        await _fill_contact(pilot, ("k", "e", "m", "p"))
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert app.current_mode == "assessment"
        assert "ei arvioi palvelutarvetta" in _text(app, "#disclaimer")
        status = _text(app, "#status")
        assert "Liitetty avoinna olevaan yhteydenottoon" in status and "Kempele" in status
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
        first = str(result.get_option_at_index(0).prompt)
        assert "Kasvatus- ja perheneuvonta" in first
        assert "huoli: parisuhde ja ero" in first and "palvelee Kempele" in first
        assert "kieli: ruotsi" in first
        chosen = [app.screen.result.suggestions[i].key for i in range(3)]  # type: ignore[attr-defined]
        await pilot.press("space", "down", "space", "down", "space")
        await pilot.press("c")
        await pilot.pause()
        assert "Parisuhde ja ero: vakava huoli" in app.clipboard
        await pilot.press("l")
        await pilot.pause()
        assert app.current_mode == "contact"
        form = app.screen.form  # type: ignore[attr-defined]
        assert [r["service_id"] for r in form.referrals] == chosen
        assert "Kasvatus- ja perheneuvonta (perheneuvola)" in form.referrals[0]["service_name"]
        actions = form.read().actions
        assert "assessment_done" in actions and "referral_service" in actions
        assert not list_drafts(store)
        await pilot.press("ctrl+s")
        await pilot.pause()
        contact = store.query("SELECT id FROM contacts")[0]["id"]
        stored = [r.service_id for r in referrals_of(store, contact)]
        assert sorted(stored) == sorted(chosen)
        linked = assessments_of(store, contact)
        assert len(linked) == 1 and linked[0].status == "done"
        assert linked[0].contact_draft_id is None
        assert [c["service_id"] for c in linked[0].chosen_services] == chosen
        levels = [a.concern for a in linked[0].answers.values()]
        assert len(levels) == AREAS and levels.count(0) == AREAS - 2
        await pilot.press("f3")
        await pilot.pause()
        assert app.screen.query_one("#start-list").option_count == 1


async def test_red_flag_ticks_the_action_on_the_open_contact(store: Store) -> None:
    load_shipped_directory(store, include_demo=True)
    app = AdvisorApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        await _fill_contact(pilot, ("k", "u", "o"))
        await pilot.press("ctrl+g")
        await pilot.pause()
        await pilot.press("f9")
        await pilot.pause()
        await pilot.press("down", "down", "k")  # suicidal thoughts: yes
        await pilot.pause()
        assert isinstance(app.screen, UrgentGuidanceDialog)
        await pilot.press("enter")
        await pilot.press("f12")
        await pilot.pause()
        first = str(app.screen.query_one("#result-list").get_option_at_index(0).prompt)  # type: ignore[attr-defined]
        assert first.startswith("MIELI Kriisipuhelin") and "kiireellinen apu" in first
        await pilot.press("f2")
        await pilot.pause()
        assert "urgent_guidance" in app.screen.form.read().actions  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await pilot.pause()
        contact = store.query("SELECT id, actions FROM contacts")[0]
        assert "urgent_guidance" in contact["actions"]
        linked = assessments_of(store, contact["id"])
        assert len(linked) == 1 and linked[0].red_flags == {"suicidal_thoughts": True}


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
        await pilot.press("f12")
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


async def test_from_f3_linked_to_a_saved_contact_with_the_needs_assessment_path(
    store: Store,
) -> None:
    load_shipped_directory(store, include_demo=True)
    now = store.now()
    contact = Contact(
        now - timedelta(minutes=5),
        now,
        "phone",
        "parent",
        municipality_code="297",
        topics=["substances"],
        actions=["advice"],
        summary="Isän juominen huolettaa",
    )
    saved = save_contact(store, shipped_reference(), contact)
    app = AdvisorApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("enter")  # a new assessment, not linked
        await pilot.pause()
        assert "Ei liitetty yhteydenottoon" in _text(app, "#status")
        await _answer_areas(pilot, {5: "2"})  # substances: concern
        await pilot.press("f12")
        await pilot.pause()
        assert "vain valtakunnallisia" in _text(app, "#result-note")
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert isinstance(app.screen, LinkContactDialog)
        await pilot.press("enter")  # the only contact saved today
        await pilot.pause()
        assert "Liitetty tallennettuun yhteydenottoon · Kunta: Kuopio" in _text(app, "#status")
        assert _text(app, "#result-note") == ""
        result = app.screen.query_one("#result-list")
        first = str(result.get_option_at_index(0).prompt)
        assert first.startswith("➜ Ohjaus palvelutarpeen arviointiin")
        second = str(result.get_option_at_index(1).prompt)
        assert "Aikuisten mielenterveys- ja päihdepalvelut" in second
        assert "palvelee Kuopio" in second
        await pilot.press("space", "down", "space", "l")
        await pilot.pause()
        assert app.current_mode == "assessment"
        stored = get_contact(store, saved.contact_id)
        assert stored is not None and len(stored.referrals) == 1
        assert {"needs_assessment", "assessment_done", "referral_service"} <= set(stored.actions)
        linked = assessments_of(store, saved.contact_id)
        assert len(linked) == 1 and linked[0].status == "done"
        assert app.screen.view == "start"  # type: ignore[attr-defined]
        assert app.screen.query_one("#start-list").option_count == 1


async def test_broken_questionnaire_without_a_valid_version_is_named_and_refused(
    store: Store,
) -> None:
    override = locations().config_dir / "questionnaire.toml"
    override.parent.mkdir(parents=True, exist_ok=True)
    override.write_text('version = "x"\n[[areas]]\nkey = "a"\ntitle.fi = "A\n', "utf-8")
    forget_last_valid()
    app = AdvisorApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        problem = _text(app, "#problem")
        assert "Kartoitusta ei voi aloittaa" in problem
        assert f"{override}, rivi 4" in problem and "rakenne on rikki" in problem
        await pilot.press("escape")
        await pilot.pause()
        assert app.current_mode == "shift" and app.is_running


async def test_broken_questionnaire_falls_back_to_the_last_valid_version(store: Store) -> None:
    override = locations().config_dir / "questionnaire.toml"
    override.parent.mkdir(parents=True, exist_ok=True)
    shipped = (package_data_dir() / "assessment" / "questionnaire.toml").read_text("utf-8")
    override.write_text(shipped, "utf-8")
    forget_last_valid()
    assert load_questionnaire().error is None
    override.write_text(shipped.replace('"sleep", "digital"', '"sleep", "tv"'), "utf-8")
    app = AdvisorApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        shown = [str(n.message) for n in app._notifications]
        assert any("aihetta tv ei löydy" in m and "2026." in m for m in shown)
        await pilot.press("enter")
        await pilot.pause()
        assert "Alue 1/13" in _text(app, "#walk-title")
    forget_last_valid()


async def test_back_to_the_contact_and_again_continues_the_same_assessment(store: Store) -> None:
    app = AdvisorApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        await _fill_contact(pilot, ("k", "u", "o"))
        await pilot.press("ctrl+g")
        await pilot.pause()
        await pilot.press("1", "pagedown", "2", "pagedown")
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert "Alue 3/13" in _text(app, "#walk-title")
        assert "Vastattu 2/12 aluetta · huolia 2" in _text(app, "#walk-progress")
        assert store.scalar("SELECT COUNT(*) FROM assessments") == 1
