"""Checking a meeting as typed: every problem of the form at once, each next to its field."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from advisor_tui.models.clock import at_local, parse_date, parse_time, to_iso
from advisor_tui.models.errors import FieldErrors, ValidationError
from advisor_tui.models.meeting_types import (
    FAMILY_ROLES,
    MAX_DURATION_MINUTES,
    PARTICIPANT_KINDS,
    PLACE_KINDS,
    MeetingDraft,
    Participant,
    TaskDraft,
)
from advisor_tui.models.phone_numbers import InvalidPhone, normalise_phone
from advisor_tui.models.safe_text import TextTooLong, clean_text, single_line
from advisor_tui.models.store import Store

_EMAIL = re.compile(
    r"^[^@\s<>\"(),;:]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$"
)
SHORT_TEXT = 200
PLACE_TEXT = 500
REASON_TEXT = 1000
LONG_TEXT = 4000
NEW_STATUSES = ("proposed", "confirmed")


def edit_statuses(current: str) -> tuple[str, ...]:
    """The statuses an edit may choose: a held meeting stays held; a moved one may be
    confirmed again; cancelling has its own action with a reason."""
    if current == "held":
        return ("held",)
    if current == "moved":
        return ("moved", *NEW_STATUSES)
    return NEW_STATUSES


@dataclass(frozen=True)
class ValidMeeting:
    starts_at: datetime
    duration_minutes: int
    values: dict[str, Any]
    participants: tuple[Participant, ...]


class Checker:
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

    def day(self, text: str, field: str = "day") -> date | None:
        try:
            return parse_date(text, field)
        except ValidationError as exc:
            self.errors.append(exc)
            return None

    def time(self, text: str, field: str = "start") -> time | None:
        try:
            return parse_time(text, field)
        except ValidationError as exc:
            self.errors.append(exc)
            return None

    def reason(self, text: str) -> str:
        """A reason for a move or a cancellation: required, kept in the history."""
        cleaned = self.text(text, "reason", REASON_TEXT, multiline=True)
        if not cleaned and not any(e.field == "reason" for e in self.errors):
            self.add("meetings.error.reason", "reason")
        return cleaned

    def raise_if_any(self) -> None:
        if self.errors:
            raise FieldErrors(self.errors)


def is_email(text: str) -> bool:
    return bool(_EMAIL.match(text))


def check_participant(check: Checker, index: int, person: Participant) -> Participant:
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
        id=person.id,
    )


def participant_errors(person: Participant, index: int = 0) -> list[ValidationError]:
    """The problems of one participant as typed, before it joins the form's list."""
    check = Checker()
    check_participant(check, index, person)
    return check.errors


def check_duration(
    check: Checker, duration: str, end: str, start: time | None, day: date | None
) -> int | None:
    """Minutes from the end time when one is typed, otherwise from the duration field."""
    if end.strip():
        end_time = check.time(end, "end")
        if end_time is None or start is None or day is None:
            return None
        minutes = int((at_local(day, end_time) - at_local(day, start)).total_seconds() // 60)
        if minutes <= 0:
            check.add("meetings.error.end_before_start", "end")
            return None
    else:
        text = duration.strip()
        if not text.isdigit() or int(text) <= 0:
            check.add("meetings.error.duration", "duration", value=duration)
            return None
        minutes = int(text)
    if minutes > MAX_DURATION_MINUTES:
        check.add("meetings.error.too_long_meeting", "duration", hours=MAX_DURATION_MINUTES // 60)
        return None
    return minutes


def validate(
    store: Store, draft: MeetingDraft, *, statuses: tuple[str, ...] = NEW_STATUSES
) -> ValidMeeting:
    """Check a booking as typed; `FieldErrors` lists every problem. Nothing is saved here."""
    check = Checker()
    day = check.day(draft.day)
    start = check.time(draft.start)
    minutes = check_duration(check, draft.duration, draft.end, start, day)
    if draft.place_kind not in PLACE_KINDS:
        check.add("meetings.error.place_kind", "place_kind")
    place = check.text(draft.place, "place", PLACE_TEXT)
    purpose = check.text(draft.purpose, "purpose", LONG_TEXT, multiline=True)
    agenda_text = check.text(draft.agenda, "agenda", LONG_TEXT, multiline=True)
    advisor = check.text(draft.advisor or store.advisor, "advisor", 20)
    if not advisor:
        check.add("meetings.error.advisor", "advisor")
    organiser = check.text(draft.organiser_email, "organiser_email").lower()
    if organiser and not is_email(organiser):
        check.add("meetings.error.email", "organiser_email", value=organiser)
    if draft.status not in statuses:
        check.add("meetings.error.status", "status")
    people = tuple(check_participant(check, i, p) for i, p in enumerate(draft.participants))
    check.raise_if_any()
    assert day is not None and start is not None and minutes is not None
    starts_at = at_local(day, start)
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


def check_tasks(
    check: Checker, meeting_id: str, tasks: list[TaskDraft]
) -> list[dict[str, str | None]]:
    """The agreed tasks as rows to insert; wholly empty rows are skipped."""
    rows: list[dict[str, str | None]] = []
    for index, task in enumerate(tasks):
        field = f"tasks.{index}"
        who = check.text(task.who, f"{field}.who")
        what = check.text(task.what, f"{field}.what", REASON_TEXT)
        due = task.due.strip()
        if not (who or what or due):
            continue
        if not who:
            check.add("meetings.error.task_who", f"{field}.who", number=index + 1)
        if not what:
            check.add("meetings.error.task_what", f"{field}.what", number=index + 1)
        due_on = check.day(due, f"{field}.due") if due else None
        rows.append(
            {
                "meeting_id": meeting_id,
                "who": who,
                "what": what,
                "due_on": due_on.isoformat() if due_on else None,
            }
        )
    return rows
