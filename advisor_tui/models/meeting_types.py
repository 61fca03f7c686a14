"""The shapes of a network meeting: what the form hands in and what the store gives back."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

STATUSES = ("proposed", "confirmed", "held", "cancelled", "moved")
ACTIVE_STATUSES = ("proposed", "confirmed", "moved", "held")
PLACE_KINDS = ("address", "remote", "phone")
PARTICIPANT_KINDS = ("family", "professional")
FAMILY_ROLES = ("parent", "child", "other")
MAX_DURATION_MINUTES = 8 * 60
DEFAULT_DURATION_MINUTES = 60


@dataclass(frozen=True)
class Participant:
    """A family member (role parent/child/other, name optional) or a professional."""

    kind: str
    role: str
    name: str = ""
    organisation: str = ""
    organisation_id: str | None = None
    phone: str = ""
    email: str = ""
    id: str = ""

    def same_person(self, other: Participant) -> bool:
        """The same e-mail address, or the same name in the same organisation."""
        if self.email and other.email and self.email.casefold() == other.email.casefold():
            return True
        return bool(
            self.name
            and self.organisation
            and self.name.casefold() == other.name.casefold()
            and self.organisation.casefold() == other.organisation.casefold()
        )


@dataclass(frozen=True)
class MeetingDraft:
    """A booking as typed: date `d.m.yyyy`, start `14.30`, duration in minutes or an end time."""

    day: str
    start: str
    duration: str = str(DEFAULT_DURATION_MINUTES)
    end: str = ""
    place_kind: str = "address"
    place: str = ""
    purpose: str = ""
    agenda: str = ""
    advisor: str = ""
    organiser_email: str = ""
    contact_id: str | None = None
    status: str = "proposed"
    participants: tuple[Participant, ...] = ()


@dataclass(frozen=True)
class TaskDraft:
    """An agreed task as typed: who, what, and by when (`d.m.yyyy`, may be empty)."""

    who: str
    what: str
    due: str = ""


@dataclass(frozen=True)
class Meeting:
    id: str
    uid: str
    starts_at: datetime
    duration_minutes: int
    place_kind: str
    place: str
    purpose: str
    agenda: str
    advisor: str
    organiser_email: str
    contact_id: str | None
    status: str
    status_reason: str
    outcome: str
    ics_sequence: int
    participants: tuple[Participant, ...] = ()

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def family(self) -> tuple[Participant, ...]:
        return tuple(p for p in self.participants if p.kind == "family")

    @property
    def professionals(self) -> tuple[Participant, ...]:
        return tuple(p for p in self.participants if p.kind == "professional")


@dataclass(frozen=True)
class Task:
    id: str
    meeting_id: str
    who: str
    what: str
    due_on: date | None
    done_at: str | None
    meeting_starts_at: datetime
    today: date = field(compare=False, default=date.min)

    @property
    def overdue(self) -> bool:
        return self.done_at is None and self.due_on is not None and self.due_on < self.today


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    by: str
    action: str
    reason: str
    old_starts_at: datetime
    new_starts_at: datetime | None


@dataclass(frozen=True)
class Conflict:
    """Another meeting at the same time: the advisor's own, or one a participant is booked in."""

    meeting_id: str
    starts_at: datetime
    ends_at: datetime
    kind: str
    who: str = ""
