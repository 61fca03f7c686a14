"""Booking, validating, moving, cancelling and closing network meetings."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from advisor_tui.i18n import catalogue
from advisor_tui.models import meetings
from advisor_tui.models.errors import FieldErrors, ValidationError
from advisor_tui.models.meetings import MeetingDraft, Participant, TaskDraft
from advisor_tui.models.shift import shift_summary
from advisor_tui.models.store import Store

SOCIAL_WORKER = Participant(
    kind="professional",
    role="sosiaalityöntekijä",
    name="Sari Laine",
    organisation="Perhesosiaalityö",
    email="sari.laine@example.fi",
)
PARENT = Participant(kind="family", role="parent", name="Mikko Virtanen")


def draft(**changes: object) -> MeetingDraft:
    values: dict[str, object] = {
        "day": "24.11.2026",
        "start": "10.00",
        "duration": "60",
        "place": "Perhekeskus, Kauppakatu 1",
        "purpose": "Koulunkäynnin tuki",
        "advisor": "AK",
        "organiser_email": "anna.korhonen@example.fi",
        "participants": (PARENT, SOCIAL_WORKER),
    }
    values.update(changes)
    return MeetingDraft(**values)  # type: ignore[arg-type]


def count(store: Store, table: str = "meetings") -> int:
    return int(store.scalar(f"SELECT count(*) FROM {table}"))


def field_keys(exc: FieldErrors) -> dict[str, str]:
    return {e.field: e.key for e in exc.errors}


def test_book_saves_meeting_and_participants(store: Store) -> None:
    meeting_id = meetings.book(store, draft())
    meeting = meetings.get_meeting(store, meeting_id)
    assert meeting is not None
    assert meeting.starts_at == datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
    assert meeting.status == "proposed"
    assert meeting.ics_sequence == 0
    assert meeting.uid == f"{meeting_id}@advisor-tui"
    assert [p.name for p in meeting.participants] == ["Mikko Virtanen", "Sari Laine"]
    assert count(store, "meeting_participants") == 2


@pytest.mark.parametrize(
    ("changes", "field", "key"),
    [
        ({"end": "9.30"}, "end", "meetings.error.end_before_start"),
        ({"end": "10.00"}, "end", "meetings.error.end_before_start"),
        ({"duration": "481"}, "duration", "meetings.error.too_long_meeting"),
        ({"end": "18.30", "start": "10.00"}, "duration", "meetings.error.too_long_meeting"),
        ({"duration": "tunti"}, "duration", "meetings.error.duration"),
        ({"day": "31.11.2026"}, "day", "time.bad_date"),
        ({"start": "25.00"}, "start", "time.bad_time"),
        ({"organiser_email": "anna.example.fi"}, "organiser_email", "meetings.error.email"),
        (
            {"participants": (Participant("professional", "nurse", "Eeva", email="eeva@"),)},
            "participants.0.email",
            "meetings.error.email",
        ),
        (
            {"participants": (Participant("professional", "lääkäri", ""),)},
            "participants.0.name",
            "meetings.error.participant_name",
        ),
        (
            {"participants": (Participant("professional", "", "Eeva Ojala"),)},
            "participants.0.role",
            "meetings.error.participant_role",
        ),
        (
            {"participants": (Participant("family", ""),)},
            "participants.0.role",
            "meetings.error.participant_role",
        ),
    ],
)
def test_bad_input_is_refused_and_nothing_saved(
    store: Store, changes: dict[str, object], field: str, key: str
) -> None:
    with pytest.raises(FieldErrors) as caught:
        meetings.book(store, draft(**changes))
    assert field_keys(caught.value)[field] == key
    assert count(store) == 0
    assert count(store, "meeting_participants") == 0
    message = catalogue().error(caught.value.errors[0])
    assert message and not message.startswith("meetings.")


def test_every_problem_is_reported_at_once(store: Store) -> None:
    bad = draft(duration="600", organiser_email="x", participants=(Participant("family", ""),))
    with pytest.raises(FieldErrors) as caught:
        meetings.book(store, bad)
    assert set(field_keys(caught.value)) == {
        "duration",
        "organiser_email",
        "participants.0.role",
    }


@pytest.mark.parametrize(
    ("day", "start", "key"),
    [
        ("28.11.2026", "10.00", "meetings.error.not_working_day"),  # Saturday
        ("6.12.2026", "10.00", "meetings.error.not_working_day"),  # Independence Day
        ("24.12.2026", "10.00", "meetings.error.not_working_day"),  # Christmas Eve
        ("24.11.2026", "7.30", "meetings.error.outside_hours"),
        ("24.11.2026", "15.30", "meetings.error.outside_hours"),  # ends 16.30
    ],
)
def test_outside_office_hours_needs_explicit_permission(
    store: Store, day: str, start: str, key: str
) -> None:
    with pytest.raises(meetings.OutsideHours) as caught:
        meetings.book(store, draft(day=day, start=start))
    assert caught.value.key == key
    assert count(store) == 0
    meetings.book(store, draft(day=day, start=start), allow_outside_hours=True)
    assert count(store) == 1


def test_office_hours_come_from_settings(store: Store) -> None:
    store.set_setting("meetings.office_end", "17:00")
    meetings.book(store, draft(start="15.30"))
    assert count(store) == 1


def test_move_keeps_history_and_raises_sequence(store: Store) -> None:
    meeting_id = meetings.book(store, draft())
    with pytest.raises(FieldErrors) as caught:
        meetings.move(store, meeting_id, "25.11.2026", "13.00", "  ")
    assert field_keys(caught.value) == {"reason": "meetings.error.reason"}
    meetings.move(store, meeting_id, "25.11.2026", "13.00", "Koulukuraattori on estynyt")
    meeting = meetings.get_meeting(store, meeting_id)
    assert meeting is not None
    assert meeting.starts_at == datetime(2026, 11, 25, 11, 0, tzinfo=UTC)
    assert meeting.ics_sequence == 1
    (entry,) = meetings.history(store, meeting_id)
    assert entry.action == "moved"
    assert entry.reason == "Koulukuraattori on estynyt"
    assert entry.old_starts_at == datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
    assert entry.new_starts_at == meeting.starts_at


def test_cancel_with_reason(store: Store) -> None:
    meeting_id = meetings.book(store, draft())
    meetings.cancel(store, meeting_id, "Perhe perui")
    meeting = meetings.get_meeting(store, meeting_id)
    assert meeting is not None and meeting.status == "cancelled"
    assert meeting.status_reason == "Perhe perui"
    assert meeting.ics_sequence == 1
    assert [h.action for h in meetings.history(store, meeting_id)] == ["cancelled"]
    with pytest.raises(ValidationError):
        meetings.move(store, meeting_id, "25.11.2026", "13.00", "uusi aika")


def test_outcome_only_after_the_meeting_started(store: Store) -> None:
    meeting_id = meetings.book(store, draft())
    with pytest.raises(ValidationError) as caught:
        meetings.mark_held(store, meeting_id, "Sovittiin", [])
    assert caught.value.key == "meetings.error.not_yet_held"
    assert meetings.get_meeting(store, meeting_id).status == "proposed"  # type: ignore[union-attr]


def test_held_with_outcome_and_tasks(store: Store) -> None:
    meeting_id = meetings.book(store, draft(day="23.11.2026", start="8.30"), allow_past=True)
    with pytest.raises(FieldErrors) as caught:
        meetings.mark_held(store, meeting_id, "Sovittiin tuesta", [TaskDraft("", "Soitto", "")])
    assert field_keys(caught.value) == {"tasks.0.who": "meetings.error.task_who"}
    assert count(store, "meeting_tasks") == 0
    meetings.mark_held(
        store,
        meeting_id,
        "Sovittiin tuesta",
        [
            TaskDraft("Sari Laine", "Hakemus perhetyöhön", "22.11.2026"),
            TaskDraft("AK", "Soitto perheelle", "30.11.2026"),
            TaskDraft("", "", ""),
        ],
    )
    meeting = meetings.get_meeting(store, meeting_id)
    assert meeting is not None and meeting.status == "held"
    tasks = meetings.open_tasks(store, "AK")
    assert [t.what for t in tasks] == ["Hakemus perhetyöhön", "Soitto perheelle"]
    assert [t.overdue for t in tasks] == [True, False]
    assert meetings.open_tasks(store, "XY") == []
    meetings.complete_task(store, tasks[0].id)
    assert [t.what for t in meetings.open_tasks(store)] == ["Soitto perheelle"]


def test_conflicts_with_advisor_and_participants(store: Store) -> None:
    meetings.book(store, draft())
    start = datetime(2026, 11, 24, 8, 30, tzinfo=UTC)
    found = meetings.conflicts(store, start, 60, "AK")
    assert [c.kind for c in found] == ["advisor"]
    assert meetings.conflicts(store, start, 60, "BB") == []
    by_email = Participant("professional", "x", "S. Laine", email="SARI.LAINE@example.fi")
    assert [c.kind for c in meetings.conflicts(store, start, 60, "BB", [by_email])] == [
        "participant"
    ]
    by_name = Participant("professional", "x", "sari laine", organisation="perhesosiaalityö")
    assert len(meetings.conflicts(store, start, 60, "BB", [by_name])) == 1
    later = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    assert meetings.conflicts(store, later, 60, "AK", [by_email]) == []


def test_cancelled_meetings_do_not_conflict(store: Store) -> None:
    meeting_id = meetings.book(store, draft())
    meetings.cancel(store, meeting_id, "peruttu")
    start = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
    assert meetings.conflicts(store, start, 60, "AK") == []


def test_free_slots_skip_busy_times_and_days_off(store: Store) -> None:
    meetings.book(store, draft(day="23.11.2026", start="10.30", duration="90"))
    slots = meetings.free_slots(store, 60, "AK", count=4)
    local = [s.astimezone(meetings_tz()).strftime("%d.%m %H.%M") for s in slots]
    assert local == ["23.11 12.00", "23.11 12.30", "23.11 13.00", "23.11 13.30"]
    friday = datetime(2026, 11, 27, 13, 0, tzinfo=UTC)
    after_friday = meetings.free_slots(store, 60, "AK", after=friday, count=2)
    assert [s.astimezone(meetings_tz()).strftime("%d.%m %H.%M") for s in after_friday] == [
        "27.11 15.00",
        "30.11 08.00",
    ]


def meetings_tz() -> object:
    from advisor_tui.models.clock import HELSINKI

    return HELSINKI


def test_agenda_and_shift_count(store: Store) -> None:
    today = meetings.book(store, draft(day="23.11.2026", start="13.00"))
    meetings.book(store, draft(day="1.12.2026"))
    cancelled = meetings.book(store, draft(day="23.11.2026", start="14.00"))
    meetings.cancel(store, cancelled, "ei tarvetta")
    first, last = meetings.two_weeks(store)
    assert (first, last) == (date(2026, 11, 23), date(2026, 12, 6))
    assert len(meetings.agenda(store, first, last)) == 3
    assert [m.id for m in meetings.meetings_on(store, date(2026, 11, 23))] == [today]
    assert shift_summary(store).meetings_today == 1


def test_agenda_day_follows_helsinki_midnight(store: Store) -> None:
    meetings.book(store, draft(day="24.11.2026", start="0.30"), allow_outside_hours=True)
    assert len(meetings.meetings_on(store, date(2026, 11, 24))) == 1
    assert meetings.meetings_on(store, date(2026, 11, 23)) == []
