"""The contact area driven with the keyboard, as an advisor on a call would."""

from __future__ import annotations

from datetime import date, timedelta

from textual.widgets import DataTable, Static, TextArea

from advisor_tui.app import AdvisorApp
from advisor_tui.models.contact_form import FORM, new_form
from advisor_tui.models.contact_queries import count_contacts, list_contacts
from advisor_tui.models.contacts import Contact, save_contact
from advisor_tui.models.drafts import latest_draft, save_draft
from advisor_tui.models.handoff import ContactContext, ServiceRef
from advisor_tui.models.store import Store
from advisor_tui.screens.contact import ContactScreen

TODAY = date(2026, 11, 23)
MARKUP = "[bold]x[/] [link=https://x]y [@click=app.quit]z \x1b[31mred"


def _screen(app: AdvisorApp) -> ContactScreen:
    screen = app.screen
    assert isinstance(screen, ContactScreen)
    return screen


async def test_log_a_complete_contact_with_the_keyboard(store: Store, clock: object) -> None:
    app = AdvisorApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        clock.advance(minutes=9)  # type: ignore[attr-defined]
        for key in ("p", "u", "enter", "v", "enter", "k", "u", "o", "enter", "r", "u", "enter"):
            await pilot.press(key)
        await pilot.press("3", "space", "tab", "2", "tab", "u", "n", "space", "tab")
        await pilot.press(*"väsymys", "tab", "n", "e", "u", "space", "tab")
        await pilot.press("ctrl+s")
        await pilot.pause()
        rows = list_contacts(store, TODAY)
        assert len(rows) == 1
        row = store.query("SELECT * FROM contacts")[0]
        assert (row["channel"], row["party"], row["municipality_code"]) == (
            "phone",
            "parent",
            "297",
        )
        assert (row["language"], row["child_count"]) == ("sv", 2)
        assert row["age_groups"] == '["3-6"]' and row["topics"] == '["sleep"]'
        assert row["observations"] == '["väsymys"]' and row["actions"] == '["advice"]'
        assert row["duration_seconds"] == 9 * 60
        assert latest_draft(store, FORM) is None
        assert app.screen.query_one("#contacts-table", DataTable).row_count == 1
        await pilot.press("escape")
        await pilot.pause()
        assert str(app.screen.query_one("#figure-contacts_today .value", Static).render()) == "1"


async def test_missing_fields_are_named_and_nothing_saved(store: Store) -> None:
    app = AdvisorApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        await pilot.press("f10")
        await pilot.pause()
        screen = _screen(app)
        for name in ("channel", "party", "topics", "actions"):
            assert str(screen.query_one(f"#{name}-error", Static).render()).strip()
        assert count_contacts(store, TODAY) == 0
        assert screen.has_unsaved_input() is False


async def test_markup_is_shown_literally_in_form_and_list(store: Store) -> None:
    now = store.now()
    contact = Contact(
        now - timedelta(minutes=5), now, "phone", "parent", topics=["sleep"], actions=["advice"]
    )
    contact.summary = MARKUP
    contact.observations = ["[bold]tag"]
    saved = save_contact(store, app_reference(), contact)
    app = AdvisorApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        table = app.screen.query_one("#contacts-table", DataTable)
        assert table.row_count == 1
        table.focus()
        await pilot.press("enter")
        await pilot.pause()
        summary = app.screen.query_one("#summary", TextArea)
        assert summary.text == "[bold]x[/] [link=https://x]y [@click=app.quit]z red"
        assert app.screen.query_one("#observations").value == "[bold]tag"  # type: ignore[attr-defined]
        assert _screen(app).form.read().contact_id == saved.contact_id
        assert app.is_running


async def test_typing_leaves_a_draft_that_is_offered_at_next_start(store: Store) -> None:
    app = AdvisorApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        await pilot.press("p", "enter", "v", "enter")
        await pilot.pause(0.7)
        draft = latest_draft(store, FORM)
        assert draft is not None and draft.payload["channel"] == "phone"
        assert _screen(app).has_unsaved_input()
    app = AdvisorApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        data = _screen(app).form.read()
        assert (data.channel, data.party) == ("phone", "parent")
        assert data.started_iso == draft.payload["started_iso"]


async def test_restore_offer_for_a_crashed_form(store: Store) -> None:
    form = new_form(store.now() - timedelta(minutes=20), channel="chat", summary="kesken")
    save_draft(store, FORM, form.to_dict())
    app = AdvisorApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        data = _screen(app).form.read()
        assert data.summary == "kesken" and data.started_at == form.started_at


async def test_referral_from_directory_and_callback_context(store: Store) -> None:
    app = AdvisorApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        app.deliver_referral(ServiceRef("s1", "[bold]Omaperhe", digital=True))
        await pilot.pause()
        data = _screen(app).form.read()
        assert data.referrals[0]["service_name"] == "[bold]Omaperhe"
        assert "referral_digital" in data.actions
        await pilot.press("f9", "y")
        await pilot.pause()
        app.open_with_context("contact", ContactContext(channel="callback_out", callback_id="cb1"))
        await pilot.pause()
        data = _screen(app).form.read()
        assert (data.channel, data.callback_id) == ("callback_out", "cb1")


async def test_delete_asks_and_tombstones(store: Store) -> None:
    now = store.now()
    save_contact(
        store,
        app_reference(),
        Contact(
            now - timedelta(minutes=5), now, "phone", "parent", topics=["sleep"], actions=["advice"]
        ),
    )
    app = AdvisorApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        app.screen.query_one("#contacts-table", DataTable).focus()
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert count_contacts(store, TODAY) == 0
        assert app.screen.query_one("#contacts-table", DataTable).row_count == 0


def app_reference():  # type: ignore[no-untyped-def]
    from advisor_tui.models.reference import shipped_reference

    return shipped_reference()


async def test_a_batch_of_referrals_and_actions_arrives_whole(store: Store) -> None:
    app = AdvisorApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.deliver_actions(["advice"]) is False  # no contact area yet
        await pilot.press("f2")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.deliver_actions(["urgent_guidance"]) is True
        assert app.current_mode == "shift"
        refs = [
            ServiceRef("s1", "Perheneuvola"),
            ServiceRef("s2", "Omaperhe.fi", digital=True),
            ServiceRef("s1", "Perheneuvola"),
            ServiceRef("s3", "Vertaisryhmät"),
        ]
        app.deliver_referrals(refs, ["assessment_done"])
        await pilot.pause()
        assert app.current_mode == "contact"
        data = _screen(app).form.read()
        assert [r["service_id"] for r in data.referrals] == ["s1", "s2", "s3"]
        assert {
            "urgent_guidance",
            "assessment_done",
            "referral_service",
            "referral_digital",
        } <= set(data.actions)
        app.deliver_referrals([ServiceRef("s3", "Vertaisryhmät"), ServiceRef("s4", "MLL")])
        await pilot.pause()
        data = _screen(app).form.read()
        assert [r["service_id"] for r in data.referrals] == ["s1", "s2", "s3", "s4"]
        shown = [str(n.message) for n in app._notifications]
        assert "Yhteydenottoon lisättiin 3 ohjausta." in shown
        assert "Ohjaus lisätty: MLL" in shown
