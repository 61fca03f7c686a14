"""Editing a booked meeting, unusual times and the agreed tasks, driven with the keyboard."""

from __future__ import annotations

from pathlib import Path

from icalendar import Calendar
from textual.widgets import DataTable, Input, Static

from advisor_tui.app import AdvisorApp
from advisor_tui.models import meetings
from advisor_tui.models.meetings import MeetingDraft, Participant, TaskDraft
from advisor_tui.models.store import Store
from advisor_tui.screens.confirm import ConfirmDialog
from advisor_tui.screens.meeting_dialogs import FieldsDialog
from advisor_tui.screens.meeting_form import MeetingForm
from advisor_tui.screens.meeting_tasks import TasksDialog
from advisor_tui.screens.meetings import MeetingsScreen

NURSE = Participant(
    "professional", "terveydenhoitaja", "Eeva Ojala", "Neuvola", email="eeva@example.fi"
)


async def type_text(pilot: object, text: str) -> None:
    keys = ["space" if ch == " " else ch for ch in text]
    await pilot.press(*keys)  # type: ignore[attr-defined]


def text_of(app: AdvisorApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def agenda_rows(app: AdvisorApp) -> list[list[str]]:
    table = app.screen.query_one("#agenda", DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def book(store: Store, **changes: object) -> str:
    values: dict[str, object] = {
        "day": "24.11.2026",
        "start": "10.00",
        "place": "Kauppakatu 1",
        "advisor": "AK",
        "organiser_email": "ak@example.fi",
        "participants": (NURSE,),
    }
    values.update(changes)
    return meetings.book(store, MeetingDraft(**values), allow_past=True)  # type: ignore[arg-type]


async def test_edit_time_place_and_reissue_the_invitation(
    store: Store, isolated_home: Path
) -> None:
    meeting_id = book(store)
    uid = meetings.get_meeting(store, meeting_id).uid  # type: ignore[union-attr]
    app = AdvisorApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f6", "e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, MeetingForm)
        assert text_of(app, "#title") == "Muokkaa verkostotapaamista"
        assert form.query_one("#place", Input).value == "Kauppakatu 1"
        await pilot.press("tab")
        await type_text(pilot, "13.00")
        form.query_one("#place", Input).value = "Koulu, Opintie 2"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MeetingForm)
        assert "Kirjoita syy" in text_of(app, "#err-reason")
        assert meetings.get_meeting(store, meeting_id).place == "Kauppakatu 1"  # type: ignore[union-attr]
        form.query_one("#reason", Input).focus()
        await type_text(pilot, "Neuvola estynyt")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MeetingsScreen)
        assert agenda_rows(app)[0][1:4] == ["13.00–14.00", "siirretty", "Koulu, Opintie 2"]
        assert "Neuvola estynyt" in text_of(app, "#details")
        await pilot.press("i")
        await pilot.pause()
    (written,) = (isolated_home / "exports").glob("*.ics")
    (event,) = Calendar.from_ical(written.read_bytes()).walk("VEVENT")
    assert str(event["UID"]) == uid
    assert int(event["SEQUENCE"]) == 1
    assert str(event["LOCATION"]) == "Koulu, Opintie 2"


async def test_a_participant_is_corrected_in_place(store: Store) -> None:
    meeting_id = book(store)
    (before,) = meetings.get_meeting(store, meeting_id).participants  # type: ignore[union-attr]
    app = AdvisorApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f6", "e")
        await pilot.pause()
        form = app.screen
        people = form.query_one("#people", DataTable)
        people.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert people.row_count == 0
        assert form.query_one("#p-name", Input).value == "Eeva Ojala"
        email = form.query_one("#p-email", Input)
        email.focus()
        await type_text(pilot, "eeva.ojala@example.fi")
        await pilot.press("enter")
        await pilot.pause()
        assert people.row_count == 1
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MeetingsScreen)
    (after,) = meetings.get_meeting(store, meeting_id).participants  # type: ignore[union-attr]
    assert (after.id, after.email) == (before.id, "eeva.ojala@example.fi")


async def test_booking_in_the_past_asks_first(store: Store) -> None:
    app = AdvisorApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f6", "n")
        await pilot.pause()
        await type_text(pilot, "20.11.2026")
        await pilot.press("tab")
        await type_text(pilot, "10.00")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "20.11.2026 10.00 on jo mennyt" in app.screen.question
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, MeetingForm)
        assert store.scalar("SELECT count(*) FROM meetings") == 0
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, MeetingsScreen)
    assert store.scalar("SELECT starts_at FROM meetings") == "2026-11-20T08:00:00.000000Z"


async def test_moving_to_a_past_sunday_asks_twice(store: Store) -> None:
    meeting_id = book(store)
    app = AdvisorApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f6", "m")
        await pilot.pause()
        assert isinstance(app.screen, FieldsDialog)
        await type_text(pilot, "22.11.2026")
        await pilot.press("tab", "tab", "tab")
        await type_text(pilot, "Jälkikirjaus")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "on jo mennyt" in app.screen.question  # type: ignore[attr-defined]
        await pilot.press("y")
        await pilot.pause()
        assert "ei ole arkipäivä" in app.screen.question  # type: ignore[attr-defined]
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, MeetingsScreen)
    meeting = meetings.get_meeting(store, meeting_id)
    assert meeting is not None and meeting.status == "moved"
    assert meeting.starts_at.isoformat() == "2026-11-22T08:00:00+00:00"


async def test_cancelled_meeting_gets_a_cancellation_file(
    store: Store, isolated_home: Path
) -> None:
    book(store)
    app = AdvisorApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f6", "x")
        await pilot.pause()
        await type_text(pilot, "Perhe perui")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, MeetingsScreen)
        assert "Peruttua tapaamista ei voi muokata." in [n.message for n in app._notifications]
        await pilot.press("i")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any(m.startswith("Peruutus kirjoitettiin:") for m in messages)
    (written,) = (isolated_home / "exports").glob("*peruutus.ics")
    calendar = Calendar.from_ical(written.read_bytes())
    assert str(calendar["METHOD"]) == "CANCEL"
    (event,) = calendar.walk("VEVENT")
    assert (str(event["STATUS"]), int(event["SEQUENCE"])) == ("CANCELLED", 1)


async def test_tasks_are_ticked_off_and_the_shift_view_follows(store: Store) -> None:
    meeting_id = book(store, day="23.11.2026", start="8.00")
    meetings.mark_held(
        store,
        meeting_id,
        "Sovittiin tuesta",
        [
            TaskDraft("Eeva Ojala", "Neuvolakäynti", "20.11.2026"),
            TaskDraft("AK", "Soitto perheelle", "25.11.2026"),
        ],
    )
    app = AdvisorApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        shift = app.screen
        shift_agenda = shift.query_one("#agenda", Static)
        assert "kesken: 2, joista myöhässä 1" in str(shift_agenda.render())
        await pilot.press("f6", "k")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, TasksDialog)
        table = dialog.query_one("#tasks", DataTable)
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        assert [row[0] for row in rows] == ["myöhässä", "kesken"]
        assert rows[0][2:4] == ["Eeva Ojala", "Neuvolakäynti"]
        await pilot.press("enter")
        await pilot.pause()
        assert table.row_count == 1
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert app.screen is shift
        assert "kesken: 1, joista myöhässä 0" in str(shift_agenda.render())
        await pilot.press("f6", "k")
        await pilot.pause()
        table = app.screen.query_one("#tasks", DataTable)
        await pilot.press("h")
        await pilot.pause()
        assert str(table.get_row_at(1)[0]) == "tehty 23.11.2026"
        await pilot.press("down", "space")
        await pilot.pause()
        assert len(meetings.open_tasks(store, "AK")) == 2
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MeetingsScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is shift
        assert "kesken: 2, joista myöhässä 1" in str(shift_agenda.render())


async def test_closing_a_form_with_input_asks_first(store: Store) -> None:
    app = AdvisorApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f6", "n")
        await pilot.pause()
        app.screen.query_one("#place", Input).value = "Kauppakatu 1"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, MeetingForm)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, MeetingsScreen)
    assert store.scalar("SELECT count(*) FROM meetings") == 0
