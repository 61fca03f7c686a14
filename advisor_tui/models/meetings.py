"""Network meetings (verkostotapaamiset): booking, editing, moving, cancelling, outcome, tasks.

Times are stored in UTC and typed and shown in Helsinki time. Every change raises the meeting's
invitation sequence number, so calendars that received an invitation accept the update.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from advisor_tui.models import records
from advisor_tui.models.clock import at_local, parse_date, parse_time, to_iso
from advisor_tui.models.errors import AdvisorError, FieldErrors, ValidationError
from advisor_tui.models.meeting_agenda import (
    agenda,
    get_meeting,
    history,
    meetings_on,
    open_tasks,
    tasks_of,
    two_weeks,
)
from advisor_tui.models.meeting_checks import (
    LONG_TEXT,
    Checker,
    ValidMeeting,
    check_duration,
    check_tasks,
    edit_statuses,
    is_email,
    participant_errors,
    validate,
)
from advisor_tui.models.meeting_schedule import (
    InPast,
    NeedsConfirmation,
    OutsideHours,
    check_time,
    conflicts,
    free_slots,
    office_hours,
)
from advisor_tui.models.meeting_tasks import complete_task, list_tasks, reopen_task
from advisor_tui.models.meeting_types import (
    Conflict,
    HistoryEntry,
    Meeting,
    MeetingDraft,
    Participant,
    Task,
    TaskDraft,
)
from advisor_tui.models.store import Store

__all__ = [
    "Conflict",
    "HistoryEntry",
    "InPast",
    "Meeting",
    "MeetingDraft",
    "NeedsConfirmation",
    "OutsideHours",
    "Participant",
    "Task",
    "TaskDraft",
    "ValidMeeting",
    "agenda",
    "book",
    "cancel",
    "complete_task",
    "confirm",
    "conflicts",
    "edit_statuses",
    "free_slots",
    "get_meeting",
    "history",
    "is_email",
    "list_tasks",
    "mark_held",
    "meetings_on",
    "move",
    "office_hours",
    "open_tasks",
    "participant_errors",
    "reopen_task",
    "tasks_of",
    "two_weeks",
    "update",
    "validate",
]

_PARTICIPANT_FIELDS = ("kind", "role", "name", "organisation", "organisation_id", "phone", "email")


def _participant_values(meeting_id: str, person: Participant) -> dict[str, Any]:
    return {"meeting_id": meeting_id, **{f: getattr(person, f) for f in _PARTICIPANT_FIELDS}}


def _save_participants(
    store: Store, meeting_id: str, old: tuple[Participant, ...], new: tuple[Participant, ...]
) -> None:
    """Keep the participants that stay (by id), update changed ones, remove and add the rest."""
    before = {p.id: p for p in old}
    kept = {p.id for p in new if p.id in before}
    for person in old:
        if person.id not in kept:
            records.tombstone(store, "meeting_participants", person.id)
    for person in new:
        if person.id in before:
            if _participant_values("", person) != _participant_values("", before[person.id]):
                values = _participant_values(meeting_id, person)
                records.update(store, "meeting_participants", person.id, values)
        else:
            records.insert(store, "meeting_participants", _participant_values(meeting_id, person))


def _same_people(old: tuple[Participant, ...], new: tuple[Participant, ...]) -> bool:
    return [(p.id, _participant_values("", p)) for p in old] == [
        (p.id, _participant_values("", p)) for p in new
    ]


def book(
    store: Store,
    draft: MeetingDraft,
    *,
    allow_outside_hours: bool = False,
    allow_past: bool = False,
) -> str:
    """Save a new meeting with its participants in one transaction; returns its id.

    Raises `FieldErrors` for bad input, then `InPast` or `OutsideHours` unless allowed."""
    valid = validate(store, draft)
    check_time(
        store,
        valid.starts_at,
        valid.duration_minutes,
        allow_outside_hours=allow_outside_hours,
        allow_past=allow_past,
    )
    meeting_id = records.new_id()
    fresh = tuple(replace(person, id="") for person in valid.participants)
    with store.transaction():
        records.insert(
            store,
            "meetings",
            {**valid.values, "ics_sequence": 0, "uid": f"{meeting_id}@advisor-tui"},
            record_id=meeting_id,
        )
        _save_participants(store, meeting_id, (), fresh)
        if valid.values["organiser_email"]:
            store.set_setting("meetings.organiser_email", valid.values["organiser_email"])
    return meeting_id


def _live(store: Store, meeting_id: str) -> Meeting:
    meeting = get_meeting(store, meeting_id)
    if meeting is None:
        raise AdvisorError("meetings.error.not_found", id=meeting_id)
    return meeting


def _typed_start(draft: MeetingDraft) -> datetime | None:
    try:
        return at_local(parse_date(draft.day), parse_time(draft.start))
    except ValidationError:
        return None


def _current_values(meeting: Meeting) -> dict[str, Any]:
    return {
        "starts_at": to_iso(meeting.starts_at),
        "duration_minutes": meeting.duration_minutes,
        "place_kind": meeting.place_kind,
        "place": meeting.place,
        "purpose": meeting.purpose,
        "agenda": meeting.agenda,
        "advisor": meeting.advisor,
        "organiser_email": meeting.organiser_email,
        "contact_id": meeting.contact_id,
        "status": meeting.status,
    }


def update(
    store: Store,
    meeting_id: str,
    draft: MeetingDraft,
    *,
    reason: str = "",
    allow_outside_hours: bool = False,
    allow_past: bool = False,
) -> bool:
    """Save the edited details and participants; False when nothing changed.

    A new time needs a reason: the meeting becomes "moved" and its history keeps the old time.
    Every saved change raises the invitation sequence number."""
    meeting = _live(store, meeting_id)
    if meeting.status == "cancelled":
        raise ValidationError("meetings.error.not_editable", "status")
    check = Checker()
    valid: ValidMeeting | None = None
    try:
        valid = validate(store, draft, statuses=edit_statuses(meeting.status))
    except FieldErrors as exc:
        check.errors.extend(exc.errors)
    if valid is not None:
        moved = (valid.starts_at, valid.duration_minutes) != (
            meeting.starts_at,
            meeting.duration_minutes,
        )
    else:
        typed = _typed_start(draft)
        moved = typed is not None and typed != meeting.starts_at
    why = ""
    if moved:
        if meeting.status == "held":
            check.add("meetings.error.not_movable", "day")
        why = check.reason(reason)
    check.raise_if_any()
    assert valid is not None
    values = dict(valid.values)
    if moved:
        check_time(
            store,
            valid.starts_at,
            valid.duration_minutes,
            allow_outside_hours=allow_outside_hours,
            allow_past=allow_past,
        )
        values.update(status="moved", status_reason=why)
    current = _current_values(meeting)
    unchanged = all(current.get(key) == value for key, value in values.items())
    if unchanged and _same_people(meeting.participants, valid.participants):
        return False
    with store.transaction():
        records.update(
            store, "meetings", meeting_id, {**values, "ics_sequence": meeting.ics_sequence + 1}
        )
        if moved:
            _log_history(store, meeting, "moved", why, valid.starts_at, valid.duration_minutes)
        _save_participants(store, meeting_id, meeting.participants, valid.participants)
    return True


def _log_history(
    store: Store,
    meeting: Meeting,
    action: str,
    reason: str,
    new_start: datetime | None,
    new_duration: int | None,
) -> None:
    records.insert(
        store,
        "meeting_history",
        {
            "meeting_id": meeting.id,
            "action": action,
            "reason": reason,
            "old_starts_at": to_iso(meeting.starts_at),
            "new_starts_at": to_iso(new_start) if new_start else None,
            "old_duration_minutes": meeting.duration_minutes,
            "new_duration_minutes": new_duration,
        },
    )


def move(
    store: Store,
    meeting_id: str,
    day: str,
    start: str,
    reason: str,
    *,
    duration: str | None = None,
    allow_outside_hours: bool = False,
    allow_past: bool = False,
) -> None:
    """Move a meeting to a new time: status "moved", the old time and the reason in history."""
    meeting = _live(store, meeting_id)
    if meeting.status in ("cancelled", "held"):
        raise ValidationError("meetings.error.not_movable", "day")
    check = Checker()
    new_day = check.day(day)
    new_start = check.time(start)
    length = duration if duration is not None else str(meeting.duration_minutes)
    minutes = check_duration(check, length, "", new_start, new_day)
    why = check.reason(reason)
    check.raise_if_any()
    assert new_day is not None and new_start is not None and minutes is not None
    starts_at = at_local(new_day, new_start)
    if (starts_at, minutes) == (meeting.starts_at, meeting.duration_minutes):
        raise FieldErrors([ValidationError("meetings.error.same_time", "start")])
    check_time(
        store,
        starts_at,
        minutes,
        allow_outside_hours=allow_outside_hours,
        allow_past=allow_past,
    )
    with store.transaction():
        records.update(
            store,
            "meetings",
            meeting_id,
            {
                "starts_at": to_iso(starts_at),
                "duration_minutes": minutes,
                "status": "moved",
                "status_reason": why,
                "ics_sequence": meeting.ics_sequence + 1,
            },
        )
        _log_history(store, meeting, "moved", why, starts_at, minutes)


def cancel(store: Store, meeting_id: str, reason: str) -> None:
    """Cancel a meeting with a reason; the history keeps when it would have been."""
    meeting = _live(store, meeting_id)
    if meeting.status == "cancelled":
        raise ValidationError("meetings.error.already_cancelled", "reason")
    if meeting.status == "held":
        raise ValidationError("meetings.error.held_not_cancelled", "reason")
    check = Checker()
    why = check.reason(reason)
    check.raise_if_any()
    with store.transaction():
        records.update(
            store,
            "meetings",
            meeting_id,
            {"status": "cancelled", "status_reason": why, "ics_sequence": meeting.ics_sequence + 1},
        )
        _log_history(store, meeting, "cancelled", why, None, None)


def confirm(store: Store, meeting_id: str) -> None:
    """Everyone has accepted the proposed (or moved) time: the meeting is confirmed."""
    meeting = _live(store, meeting_id)
    if meeting.status not in ("proposed", "moved"):
        raise ValidationError("meetings.error.not_proposed", "status")
    records.update(
        store,
        "meetings",
        meeting_id,
        {"status": "confirmed", "ics_sequence": meeting.ics_sequence + 1},
    )


def mark_held(store: Store, meeting_id: str, outcome: str, tasks: list[TaskDraft]) -> None:
    """Record the outcome and the agreed tasks of a meeting that took place."""
    meeting = _live(store, meeting_id)
    if meeting.status == "cancelled":
        raise ValidationError("meetings.error.cancelled_not_held", "outcome")
    if meeting.starts_at > store.now():
        raise ValidationError("meetings.error.not_yet_held", "outcome")
    check = Checker()
    notes = check.text(outcome, "outcome", LONG_TEXT, multiline=True)
    if not notes and not check.errors:
        check.add("meetings.error.outcome", "outcome")
    rows = check_tasks(check, meeting_id, tasks)
    check.raise_if_any()
    with store.transaction():
        records.update(
            store,
            "meetings",
            meeting_id,
            {"status": "held", "outcome": notes, "ics_sequence": meeting.ics_sequence + 1},
        )
        for row in rows:
            records.insert(store, "meeting_tasks", row)
