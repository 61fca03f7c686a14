"""The meetings area driven with the keyboard, as an advisor would."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Static

from advisor_tui.app import AdvisorApp
from advisor_tui.models import meetings
from advisor_tui.models.audit import disclosures
from advisor_tui.models.handoff import ContactContext
from advisor_tui.models.meetings import MeetingDraft
from advisor_tui.models.store import Store
from advisor_tui.screens.confirm import ConfirmDialog
from advisor_tui.screens.meeting_dialogs import FieldsDialog
from advisor_tui.screens.meeting_form import MeetingForm


async def type_text(pilot: object, text: str) -> None:
    keys = ["space" if ch == " " else ch for ch in text]
    await pilot.press(*keys)  # type: ignore[attr-defined]


def agenda_rows(app: AdvisorApp) -> list[list[str]]:
    table = app.screen.query_one("#agenda", DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def test_book_a_meeting_with_the_keyboard(store: Store) -> None:
    app = AdvisorApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f6")
        await pilot.pause()
        assert "Ei tapaamisia" in str(app.screen.query_one("#empty", Static).render())
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, MeetingForm)
        await type_text(pilot, "25.11.2026")
        await pilot.press("tab")
        await type_text(pilot, "13.30")
        await pilot.press("tab")
        await type_text(pilot, "90")
        for _ in range(4):
            await pilot.press("tab")
        await type_text(pilot, "Kuja 1")
        await pilot.press("tab")
        await type_text(pilot, "Tuki")
        await pilot.press("tab", "tab", "tab")
        await type_text(pilot, "ak@x.fi")
        await pilot.press("tab", "tab", "tab")
        assert form.focused is form.query_one("#p-role", Input)
        await type_text(pilot, "kuraattori")
        await pilot.press("tab")
        await type_text(pilot, "Olli")
        await pilot.press("tab")
        await type_text(pilot, "Koulu")
        await pilot.press("tab", "tab")
        await type_text(pilot, "o@x")
        await pilot.press("enter")
        await pilot.pause()
        assert "ei kelpaa" in str(form.query_one("#p-error", Static).render())
        await type_text(pilot, ".fi")
        await pilot.press("enter")
        await pilot.pause()
        assert form.query_one("#people", DataTable).row_count == 1
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, MeetingForm)
        rows = agenda_rows(app)
        assert rows == [
            [
                "ke 25.11.2026",
                "13.30–15.00",
                "ehdotettu",
                "Kuja 1",
                "perhe 0, ammattilaiset 1",
                "AK",
            ]
        ]
    (row,) = store.query("SELECT * FROM meetings")
    assert row["starts_at"] == "2026-11-25T11:30:00.000000Z"
    assert row["duration_minutes"] == 90
    assert row["purpose"] == "Tuki"
    (person,) = store.query("SELECT * FROM meeting_participants")
    assert (person["name"], person["email"]) == ("Olli", "o@x.fi")


async def test_bad_input_shows_message_and_saves_nothing(store: Store) -> None:
    app = AdvisorApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f6", "n")
        await pilot.pause()
        form = app.screen
        await pilot.press("tab", "tab")
        await type_text(pilot, "600")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MeetingForm)
        assert "enintään 8 tuntia" in str(form.query_one("#err-duration", Static).render())
        assert "Mitään ei tallennettu" in str(form.query_one("#err-form", Static).render())
    assert store.scalar("SELECT count(*) FROM meetings") == 0


async def test_saturday_needs_confirmation(store: Store) -> None:
    app = AdvisorApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f6", "n")
        await pilot.pause()
        await type_text(pilot, "28.11.2026")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "ei ole arkipäivä" in app.screen.question
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, MeetingForm)
        assert store.scalar("SELECT count(*) FROM meetings") == 0
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert not isinstance(app.screen, MeetingForm)
    assert store.scalar("SELECT count(*) FROM meetings") == 1


async def test_jump_from_contact_opens_linked_form(store: Store) -> None:
    app = AdvisorApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_with_context("meetings", ContactContext(contact_id="contact-1"))
        await pilot.pause()
        assert isinstance(app.screen, MeetingForm)
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert store.scalar("SELECT contact_id FROM meetings") == "contact-1"


def book(store: Store) -> str:
    return meetings.book(
        store,
        MeetingDraft(
            day="24.11.2026",
            start="10.00",
            place="Kauppakatu 1",
            organiser_email="ak@example.fi",
            participants=(meetings.Participant("family", "parent", "Mikko Virtanen"),),
        ),
    )


async def test_move_cancel_and_invitation_keys(store: Store, isolated_home: Path) -> None:
    meeting_id = book(store)
    app = AdvisorApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f6")
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, FieldsDialog)
        await pilot.press("tab")
        await type_text(pilot, "12.00")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "syy" in str(app.screen.query_one("#err-f-reason", Static).render()).lower()
        await pilot.press("tab", "tab")
        await type_text(pilot, "Este")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert agenda_rows(app)[0][1] == "12.00–13.00"
        details = str(app.screen.query_one("#details", Static).render())
        assert "Este" in details
        await pilot.press("i")
        await pilot.pause()
        exports = isolated_home / "exports"
        (written,) = exports.glob("*.ics")
        assert "Virtanen" not in written.read_text()
        written.unlink()
        await pilot.press("I")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
        (named,) = exports.glob("*.ics")
        assert "Mikko Virtanen" in named.read_text()
        assert len(disclosures(store)) == 1
        await pilot.press("x")
        await pilot.pause()
        await type_text(pilot, "Perhe perui")
        await pilot.press("enter")
        await pilot.pause()
        assert agenda_rows(app)[0][2] == "peruttu"
    meeting = meetings.get_meeting(store, meeting_id)
    assert meeting is not None and meeting.ics_sequence == 2
    assert [h.action for h in meetings.history(store, meeting_id)] == ["moved", "cancelled"]


async def test_week_and_day_views(store: Store) -> None:
    book(store)
    app = AdvisorApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f6")
        await pilot.pause()
        title = app.screen.query_one("#range", Static)
        assert "23.11.2026–6.12.2026" in str(title.render())
        await pilot.press("w")
        await pilot.pause()
        assert str(title.render()) == "Viikko 48: 23.11.2026–29.11.2026"
        assert len(agenda_rows(app)) == 1
        await pilot.press("full_stop")
        await pilot.pause()
        assert str(title.render()) == "Viikko 49: 30.11.2026–6.12.2026"
        assert agenda_rows(app) == []
        await pilot.press("t", "d")
        await pilot.pause()
        assert str(title.render()) == "ti 24.11.2026"
        assert len(agenda_rows(app)) == 1
        await pilot.press("full_stop")
        await pilot.pause()
        assert str(title.render()) == "ke 25.11.2026"
        assert agenda_rows(app) == []


async def test_organisation_from_the_directory(store: Store) -> None:
    directory = pytest.importorskip("advisor_tui.models.directory")
    if not hasattr(directory, "find_organisations"):
        pytest.skip("no organisation search in this version")
    directory.load_shipped_directory(store, include_demo=False)
    org_id, name = directory.find_organisations(store, "A-klinikka")[0]
    app = AdvisorApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f6", "n")
        await pilot.pause()
        form = app.screen
        form.query_one("#p-role", Input).value = "päihdetyöntekijä"
        form.query_one("#p-name", Input).value = "Pekka"
        form.query_one("#p-org", Input).focus()
        await type_text(pilot, name[:4])
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("right")
        await pilot.pause()
        assert form.query_one("#p-org", Input).value == name
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert store.scalar("SELECT organisation_id FROM meeting_participants") == org_id
