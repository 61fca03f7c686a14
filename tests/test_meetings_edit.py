"""Editing, moving into the past, re-confirming, and ticking off the agreed tasks."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from advisor_tui.i18n import catalogue
from advisor_tui.models import meetings
from advisor_tui.models.clock import HELSINKI
from advisor_tui.models.errors import AdvisorError, FieldErrors, ValidationError
from advisor_tui.models.meetings import MeetingDraft, Participant, TaskDraft
from advisor_tui.models.store import Store
from tests.conftest import FakeClock

NURSE = Participant(
    "professional", "terveydenhoitaja", "Eeva Ojala", "Neuvola", email="eeva@example.fi"
)
CURATOR = Participant("professional", "kuraattori", "Olli Koski", "Koulu", email="olli@example.fi")
PARENT = Participant("family", "parent", "Mikko Virtanen")


def draft(**changes: object) -> MeetingDraft:
    values: dict[str, object] = {
        "day": "24.11.2026",
        "start": "10.00",
        "duration": "60",
        "place": "Perhekeskus, Kauppakatu 1",
        "purpose": "Koulunkäynnin tuki",
        "advisor": "AK",
        "organiser_email": "anna.korhonen@example.fi",
        "participants": (PARENT, NURSE),
    }
    values.update(changes)
    return MeetingDraft(**values)


def as_draft(meeting: meetings.Meeting, **changes: object) -> MeetingDraft:
    """The meeting as the edit form shows it, with some fields changed."""
    local = meeting.starts_at.astimezone(HELSINKI)
    values: dict[str, object] = {
        "day": f"{local.day}.{local.month}.{local.year}",
        "start": f"{local.hour}.{local.minute:02d}",
        "duration": str(meeting.duration_minutes),
        "place_kind": meeting.place_kind,
        "place": meeting.place,
        "purpose": meeting.purpose,
        "agenda": meeting.agenda,
        "advisor": meeting.advisor,
        "organiser_email": meeting.organiser_email,
        "contact_id": meeting.contact_id,
        "status": meeting.status,
        "participants": meeting.participants,
    }
    values.update(changes)
    return MeetingDraft(**values)


def get(store: Store, meeting_id: str) -> meetings.Meeting:
    meeting = meetings.get_meeting(store, meeting_id)
    assert meeting is not None
    return meeting


def count(store: Store, table: str = "meetings") -> int:
    return int(store.scalar(f"SELECT count(*) FROM {table} WHERE deleted_at IS NULL"))


def test_booking_in_the_past_needs_permission(store: Store) -> None:
    with pytest.raises(meetings.InPast) as caught:
        meetings.book(store, draft(day="23.11.2026", start="8.30"))
    assert caught.value.key == "meetings.error.in_past"
    assert "23.11.2026 08.30" in catalogue().error(caught.value)
    assert count(store) == 0
    with pytest.raises(meetings.OutsideHours):
        meetings.book(store, draft(day="22.11.2026"), allow_past=True)
    assert count(store) == 0
    meetings.book(store, draft(day="22.11.2026"), allow_past=True, allow_outside_hours=True)
    assert count(store) == 1


def test_edit_details_keeps_participants_by_id(store: Store) -> None:
    meeting_id = meetings.book(store, draft())
    meeting = get(store, meeting_id)
    parent, nurse = meeting.participants
    changed_nurse = replace(nurse, email="eeva.ojala@example.fi")
    edited = as_draft(
        meeting,
        place_kind="remote",
        place="https://meet.example.fi/verkosto",
        agenda="Kuulumiset, tuki kouluun",
        participants=(changed_nurse, CURATOR),
    )
    assert meetings.update(store, meeting_id, edited) is True
    after = get(store, meeting_id)
    assert (after.place_kind, after.place) == ("remote", "https://meet.example.fi/verkosto")
    assert after.agenda == "Kuulumiset, tuki kouluun"
    assert after.status == "proposed"
    assert after.ics_sequence == 1
    assert after.uid == meeting.uid
    assert meetings.history(store, meeting_id) == []
    by_name = {p.name: p for p in after.participants}
    assert set(by_name) == {"Eeva Ojala", "Olli Koski"}
    assert by_name["Eeva Ojala"].id == nurse.id
    assert by_name["Eeva Ojala"].email == "eeva.ojala@example.fi"
    removed = store.query("SELECT deleted_at FROM meeting_participants WHERE id = ?", (parent.id,))
    assert removed[0]["deleted_at"] is not None


def test_edit_without_changes_saves_nothing(store: Store, clock: FakeClock) -> None:
    meeting_id = meetings.book(store, draft())
    before = store.query("SELECT updated_at FROM meetings")[0]["updated_at"]
    clock.advance(hours=1)
    assert meetings.update(store, meeting_id, as_draft(get(store, meeting_id))) is False
    assert get(store, meeting_id).ics_sequence == 0
    assert store.query("SELECT updated_at FROM meetings")[0]["updated_at"] == before


def test_new_time_in_an_edit_needs_a_reason_and_marks_it_moved(store: Store) -> None:
    meeting_id = meetings.book(store, draft())
    meeting = get(store, meeting_id)
    with pytest.raises(FieldErrors) as caught:
        meetings.update(
            store, meeting_id, as_draft(meeting, start="13.00", organiser_email="anna(at)x")
        )
    assert {e.field: e.key for e in caught.value.errors} == {
        "organiser_email": "meetings.error.email",
        "reason": "meetings.error.reason",
    }
    assert get(store, meeting_id) == meeting
    meetings.update(store, meeting_id, as_draft(meeting, start="13.00"), reason="Neuvola estynyt")
    after = get(store, meeting_id)
    assert after.starts_at == datetime(2026, 11, 24, 11, 0, tzinfo=UTC)
    assert (after.status, after.status_reason) == ("moved", "Neuvola estynyt")
    (entry,) = meetings.history(store, meeting_id)
    assert (entry.action, entry.reason) == ("moved", "Neuvola estynyt")
    assert entry.old_starts_at == meeting.starts_at


def test_edit_asks_about_a_past_or_unusual_time_only_when_the_time_changes(
    store: Store,
) -> None:
    late = meetings.book(store, draft(start="18.00"), allow_outside_hours=True)
    meeting = get(store, late)
    assert meetings.update(store, late, as_draft(meeting, place="Koulu, luokka 12"))
    with pytest.raises(meetings.InPast):
        meetings.update(
            store, late, as_draft(get(store, late), day="23.11.2026", start="9.00"), reason="x"
        )
    with pytest.raises(meetings.OutsideHours):
        meetings.update(store, late, as_draft(get(store, late), start="19.00"), reason="x")
    assert get(store, late).starts_at == meeting.starts_at


def test_cancelled_and_held_meetings(store: Store) -> None:
    cancelled = meetings.book(store, draft())
    meetings.cancel(store, cancelled, "Perhe perui")
    with pytest.raises(ValidationError) as caught:
        meetings.update(store, cancelled, as_draft(get(store, cancelled), place="Muu"))
    assert caught.value.key == "meetings.error.not_editable"
    held = meetings.book(store, draft(day="23.11.2026", start="8.00"), allow_past=True)
    meetings.mark_held(store, held, "Sovittiin tuesta", [])
    with pytest.raises(ValidationError) as refused:
        meetings.cancel(store, held, "Väärin kirjattu")
    assert refused.value.key == "meetings.error.held_not_cancelled"
    with pytest.raises(FieldErrors) as moved:
        meetings.update(store, held, as_draft(get(store, held), start="9.00"), reason="x")
    assert moved.value.errors[0].key == "meetings.error.not_movable"
    assert meetings.update(store, held, as_draft(get(store, held), agenda="Tarkennettu"))
    assert get(store, held).status == "held"


def test_move_marks_moved_and_it_can_be_confirmed_again(store: Store) -> None:
    meeting_id = meetings.book(store, draft())
    meetings.confirm(store, meeting_id)
    with pytest.raises(FieldErrors) as same:
        meetings.move(store, meeting_id, "24.11.2026", "10.00", "ei muutosta")
    assert same.value.errors[0].key == "meetings.error.same_time"
    with pytest.raises(meetings.InPast):
        meetings.move(store, meeting_id, "20.11.2026", "10.00", "jälkikirjaus")
    meetings.move(store, meeting_id, "25.11.2026", "10.00", "Kuraattori sairaana")
    assert get(store, meeting_id).status == "moved"
    assert [m.id for m in meetings.meetings_on(store, date(2026, 11, 25))] == [meeting_id]
    start = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
    assert [c.kind for c in meetings.conflicts(store, start, 60, "AK")] == ["advisor"]
    meetings.confirm(store, meeting_id)
    assert get(store, meeting_id).status == "confirmed"
    assert get(store, meeting_id).ics_sequence == 3


def test_an_edited_meeting_does_not_conflict_with_itself(store: Store) -> None:
    meeting_id = meetings.book(store, draft(day="23.11.2026", start="12.00"))
    start = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    assert len(meetings.conflicts(store, start, 60, "AK", [NURSE])) == 2
    assert meetings.conflicts(store, start, 60, "AK", [NURSE], exclude_id=meeting_id) == []
    local = [
        s.astimezone(HELSINKI).strftime("%H.%M")
        for s in meetings.free_slots(store, 60, "AK", count=8)
    ]
    assert "12.00" not in local
    own = meetings.free_slots(store, 60, "AK", count=8, exclude_id=meeting_id)
    assert "12.00" in [s.astimezone(HELSINKI).strftime("%H.%M") for s in own]


def test_tasks_are_ticked_off_and_opened_again(store: Store, clock: FakeClock) -> None:
    meeting_id = meetings.book(store, draft(day="23.11.2026", start="8.00"), allow_past=True)
    meetings.mark_held(
        store,
        meeting_id,
        "Sovittiin tuesta",
        [
            TaskDraft("AK", "Soitto perheelle", "25.11.2026"),
            TaskDraft("Eeva Ojala", "Neuvolakäynti", "20.11.2026"),
            TaskDraft("Olli Koski", "Koulun tukitoimet", ""),
        ],
    )
    tasks = meetings.list_tasks(store, "AK")
    assert [t.what for t in tasks] == ["Neuvolakäynti", "Soitto perheelle", "Koulun tukitoimet"]
    assert [t.overdue for t in tasks] == [True, False, False]
    assert meetings.complete_task(store, tasks[0].id) is True
    assert meetings.complete_task(store, tasks[0].id) is False
    clock.advance(hours=1)
    assert meetings.complete_task(store, tasks[1].id) is True
    assert [t.what for t in meetings.open_tasks(store, "AK")] == ["Koulun tukitoimet"]
    every = meetings.list_tasks(store, "AK", include_done=True)
    assert [t.what for t in every] == ["Koulun tukitoimet", "Soitto perheelle", "Neuvolakäynti"]
    assert every[1].done_at == "2026-11-23T09:00:00.000000Z"
    assert meetings.list_tasks(store, "XY", include_done=True) == []
    assert meetings.reopen_task(store, tasks[0].id) is True
    assert meetings.reopen_task(store, tasks[0].id) is False
    assert len(meetings.open_tasks(store, "AK")) == 2
    with pytest.raises(AdvisorError) as caught:
        meetings.complete_task(store, "no-such-task")
    assert caught.value.key == "meetings.error.task_not_found"


def test_overdue_tasks_for_the_shift_view(store: Store) -> None:
    from advisor_tui.widgets.meeting_details import overdue_task_lines

    meeting_id = meetings.book(store, draft(day="23.11.2026", start="8.00"), allow_past=True)
    meetings.mark_held(
        store,
        meeting_id,
        "Sovittiin tuesta",
        [TaskDraft("AK", f"Tehtävä {n}", f"{n}.11.2026") for n in (16, 17, 18, 19, 30)],
    )
    lines = overdue_task_lines(store, "AK", limit=3)
    assert lines == [
        "  myöhässä: AK: Tehtävä 16 (viimeistään 16.11.2026)",
        "  myöhässä: AK: Tehtävä 17 (viimeistään 17.11.2026)",
        "  myöhässä: AK: Tehtävä 18 (viimeistään 18.11.2026)",
        "  Lisäksi myöhässä: 1 (katso k-näppäimellä verkostotapaamisissa)",
    ]
    assert overdue_task_lines(store, "XY") == []
