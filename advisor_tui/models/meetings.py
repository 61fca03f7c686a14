"""Network meetings (verkostotapaamiset): booking, moving, cancelling, outcome and agreed tasks.

Times are stored in UTC and typed and shown in Helsinki time. Every change raises the meeting's
invitation sequence number, so calendars that received an invitation accept the update.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
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
from advisor_tui.models.meeting_schedule import (
    OutsideHours,
    check_office_hours,
    conflicts,
    free_slots,
    office_hours,
)
from advisor_tui.models.meeting_types import (
    FAMILY_ROLES,
    MAX_DURATION_MINUTES,
    PARTICIPANT_KINDS,
    PLACE_KINDS,
    Conflict,
    HistoryEntry,
    Meeting,
    MeetingDraft,
    Participant,
    Task,
    TaskDraft,
)
from advisor_tui.models.phone_numbers import InvalidPhone, normalise_phone
from advisor_tui.models.safe_text import TextTooLong, clean_text, single_line
from advisor_tui.models.store import Store

__all__ = [
    "Conflict",
    "HistoryEntry",
    "Meeting",
    "MeetingDraft",
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
    "free_slots",
    "get_meeting",
    "history",
    "mark_held",
    "meetings_on",
    "move",
    "office_hours",
    "open_tasks",
    "participant_errors",
    "tasks_of",
    "two_weeks",
    "update",
    "validate",
]

_EMAIL = re.compile(
    r"^[^@\s<>\"(),;:]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$"
)
SHORT_TEXT = 200
LONG_TEXT = 4000


@dataclass(frozen=True)
class ValidMeeting:
    starts_at: datetime
    duration_minutes: int
    values: dict[str, Any]
    participants: tuple[Participant, ...]


class _Checker:
    """Collects every problem of a form so that all are shown at once."""

    def __init__(self) -> None:
        self.errors: list[ValidationError] = []

    def text(self, value: str, field: str, limit: int = SHORT_TEXT, multiline: bool = False) -> str:
        try:
            cleaned = clean_text(value, max_len=limit).strip()
        except TextTooLong as exc:
            self.errors.append(ValidationError("meetings.error.too_long", field, limit=exc.limit))
            return ""
        return cleaned if multiline else single_line(cleaned)

    def add(self, key: str, field: str, **params: Any) -> None:
        self.errors.append(ValidationError(key, field, **params))

    def run(self, field: str, check: Any, *args: Any) -> Any:
        try:
            return check(*args, field)
        except ValidationError as exc:
            self.errors.append(exc)
            return None

    def raise_if_any(self) -> None:
        if self.errors:
            raise FieldErrors(self.errors)


def is_email(text: str) -> bool:
    return bool(_EMAIL.match(text))


def _participant(check: _Checker, index: int, person: Participant) -> Participant:
    field = f"participants.{index}"
    role = check.text(person.role, f"{field}.role")
    name = check.text(person.name, f"{field}.name")
    organisation = check.text(person.organisation, f"{field}.organisation")
    email = check.text(person.email, f"{field}.email")
    phone = check.text(person.phone, f"{field}.phone")
    if person.kind not in PARTICIPANT_KINDS:
        check.add("meetings.error.participant_kind", f"{field}.kind", number=index + 1)
    if not role:
        check.add("meetings.error.participant_role", f"{field}.role", number=index + 1)
    elif person.kind == "family" and role not in FAMILY_ROLES:
        check.add("meetings.error.family_role", f"{field}.role", number=index + 1)
    if person.kind == "professional" and not name:
        check.add("meetings.error.participant_name", f"{field}.name", number=index + 1)
    if email and not is_email(email):
        check.add("meetings.error.email", f"{field}.email", value=email)
    if phone:
        try:
            phone = normalise_phone(phone)
        except InvalidPhone:
            check.add("meetings.error.phone", f"{field}.phone", value=phone)
    return Participant(
        kind=person.kind,
        role=role,
        name=name,
        organisation=organisation,
        organisation_id=person.organisation_id or None,
        phone=phone,
        email=email.lower(),
    )


def participant_errors(person: Participant, index: int = 0) -> list[ValidationError]:
    """The problems of one participant as typed, before it joins the form's list."""
    check = _Checker()
    _participant(check, index, person)
    return check.errors


def _duration(check: _Checker, draft: MeetingDraft, start: Any, day: Any) -> int | None:
    if draft.end.strip():
        end = check.run("end", parse_time, draft.end)
        if end is None or start is None or day is None:
            return None
        minutes = int((at_local(day, end) - at_local(day, start)).total_seconds() // 60)
        if minutes <= 0:
            check.add("meetings.error.end_before_start", "end")
            return None
    else:
        text = draft.duration.strip()
        if not text.isdigit():
            check.add("meetings.error.duration", "duration", value=draft.duration)
            return None
        minutes = int(text)
        if minutes <= 0:
            check.add("meetings.error.duration", "duration", value=draft.duration)
            return None
    if minutes > MAX_DURATION_MINUTES:
        check.add("meetings.error.too_long_meeting", "duration", hours=MAX_DURATION_MINUTES // 60)
        return None
    return minutes


def validate(
    store: Store, draft: MeetingDraft, *, allow_outside_hours: bool = False
) -> ValidMeeting:
    """Check a booking: `FieldErrors` for the form, then `OutsideHours` unless allowed."""
    check = _Checker()
    day = check.run("day", parse_date, draft.day)
    start = check.run("start", parse_time, draft.start)
    minutes = _duration(check, draft, start, day)
    if draft.place_kind not in PLACE_KINDS:
        check.add("meetings.error.place_kind", "place_kind")
    place = check.text(draft.place, "place", 500)
    purpose = check.text(draft.purpose, "purpose", LONG_TEXT, multiline=True)
    agenda_text = check.text(draft.agenda, "agenda", LONG_TEXT, multiline=True)
    advisor = check.text(draft.advisor or store.advisor, "advisor", 20)
    if not advisor:
        check.add("meetings.error.advisor", "advisor")
    organiser = check.text(draft.organiser_email, "organiser_email").lower()
    if organiser and not is_email(organiser):
        check.add("meetings.error.email", "organiser_email", value=organiser)
    if draft.status not in ("proposed", "confirmed"):
        check.add("meetings.error.status", "status")
    people = tuple(_participant(check, i, p) for i, p in enumerate(draft.participants))
    check.raise_if_any()
    assert day is not None and start is not None and minutes is not None
    starts_at = at_local(day, start)
    if not allow_outside_hours:
        check_office_hours(store, starts_at, minutes)
    values = {
        "starts_at": to_iso(starts_at),
        "duration_minutes": minutes,
        "place_kind": draft.place_kind,
        "place": place,
        "purpose": purpose,
        "agenda": agenda_text,
        "advisor": advisor,
        "organiser_email": organiser,
        "contact_id": draft.contact_id or None,
        "status": draft.status,
    }
    return ValidMeeting(starts_at, minutes, values, people)


def _insert_participants(store: Store, meeting_id: str, people: tuple[Participant, ...]) -> None:
    for person in people:
        records.insert(
            store,
            "meeting_participants",
            {
                "meeting_id": meeting_id,
                "kind": person.kind,
                "role": person.role,
                "name": person.name,
                "organisation": person.organisation,
                "organisation_id": person.organisation_id,
                "phone": person.phone,
                "email": person.email,
            },
        )


def book(store: Store, draft: MeetingDraft, *, allow_outside_hours: bool = False) -> str:
    """Save a new meeting with its participants in one transaction; returns its id."""
    valid = validate(store, draft, allow_outside_hours=allow_outside_hours)
    meeting_id = records.new_id()
    with store.transaction():
        records.insert(
            store,
            "meetings",
            {**valid.values, "ics_sequence": 0, "uid": f"{meeting_id}@advisor-tui"},
            record_id=meeting_id,
        )
        _insert_participants(store, meeting_id, valid.participants)
        if valid.values["organiser_email"]:
            store.set_setting("meetings.organiser_email", valid.values["organiser_email"])
    return meeting_id


def update(
    store: Store, meeting_id: str, draft: MeetingDraft, *, allow_outside_hours: bool = False
) -> None:
    """Replace a meeting's details and participants; the invitation sequence goes up."""
    meeting = _live(store, meeting_id)
    valid = validate(store, draft, allow_outside_hours=allow_outside_hours)
    with store.transaction():
        records.update(
            store,
            "meetings",
            meeting_id,
            {**valid.values, "ics_sequence": meeting.ics_sequence + 1},
        )
        if valid.starts_at != meeting.starts_at:
            _log_history(store, meeting, "moved", "", valid.starts_at, valid.duration_minutes)
        for person in meeting.participants:
            records.tombstone(store, "meeting_participants", person.id)
        _insert_participants(store, meeting_id, valid.participants)


def _live(store: Store, meeting_id: str) -> Meeting:
    meeting = get_meeting(store, meeting_id)
    if meeting is None:
        raise AdvisorError("meetings.error.not_found", id=meeting_id)
    return meeting


def _reason(reason: str) -> str:
    check = _Checker()
    text = check.text(reason, "reason", 1000, multiline=True)
    if not text and not check.errors:
        check.add("meetings.error.reason", "reason")
    check.raise_if_any()
    return text


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
) -> None:
    """Move a meeting to a new time, keeping the old time and the reason in its history."""
    meeting = _live(store, meeting_id)
    if meeting.status in ("cancelled", "held"):
        raise ValidationError("meetings.error.not_movable", "day")
    check = _Checker()
    new_day = check.run("day", parse_date, day)
    new_start = check.run("start", parse_time, start)
    draft = MeetingDraft(day=day, start=start, duration=duration or str(meeting.duration_minutes))
    minutes = _duration(check, draft, new_start, new_day)
    try:
        why = _reason(reason)
    except FieldErrors as exc:
        check.errors.extend(exc.errors)
    check.raise_if_any()
    assert new_day is not None and new_start is not None and minutes is not None
    starts_at = at_local(new_day, new_start)
    if not allow_outside_hours:
        check_office_hours(store, starts_at, minutes)
    with store.transaction():
        records.update(
            store,
            "meetings",
            meeting_id,
            {
                "starts_at": to_iso(starts_at),
                "duration_minutes": minutes,
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
    why = _reason(reason)
    with store.transaction():
        records.update(
            store,
            "meetings",
            meeting_id,
            {"status": "cancelled", "status_reason": why, "ics_sequence": meeting.ics_sequence + 1},
        )
        _log_history(store, meeting, "cancelled", why, None, None)


def confirm(store: Store, meeting_id: str) -> None:
    """Everyone has accepted: the meeting is confirmed."""
    meeting = _live(store, meeting_id)
    if meeting.status != "proposed":
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
    check = _Checker()
    notes = check.text(outcome, "outcome", LONG_TEXT, multiline=True)
    if not notes:
        check.add("meetings.error.outcome", "outcome")
    rows = []
    for index, task in enumerate(tasks):
        field = f"tasks.{index}"
        who = check.text(task.who, f"{field}.who")
        what = check.text(task.what, f"{field}.what", 1000)
        due = task.due.strip()
        if not (who or what or due):
            continue
        if not who:
            check.add("meetings.error.task_who", f"{field}.who", number=index + 1)
        if not what:
            check.add("meetings.error.task_what", f"{field}.what", number=index + 1)
        due_on = check.run(f"{field}.due", parse_date, due) if due else None
        rows.append({"meeting_id": meeting_id, "who": who, "what": what, "due_on": due_on})
    check.raise_if_any()
    with store.transaction():
        records.update(
            store,
            "meetings",
            meeting_id,
            {"status": "held", "outcome": notes, "ics_sequence": meeting.ics_sequence + 1},
        )
        for row in rows:
            due_on = row["due_on"]
            row["due_on"] = due_on.isoformat() if isinstance(due_on, date) else None
            records.insert(store, "meeting_tasks", row)


def complete_task(store: Store, task_id: str) -> bool:
    return records.update(store, "meeting_tasks", task_id, {"done_at": store.now_iso()})
