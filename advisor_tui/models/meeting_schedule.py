"""When a meeting can be: office hours on working days, overlaps, and free slots to suggest."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta

from advisor_tui.models.clock import (
    at_local,
    fmt_date,
    fmt_datetime,
    from_iso,
    local,
    local_date,
    parse_time,
    to_iso,
)
from advisor_tui.models.errors import ValidationError
from advisor_tui.models.meeting_types import (
    ACTIVE_STATUSES,
    MAX_DURATION_MINUTES,
    Conflict,
    Participant,
)
from advisor_tui.models.store import Store
from advisor_tui.models.working_days import is_working_day

SLOT_STEP_MINUTES = 30
SEARCH_DAYS = 30


class NeedsConfirmation(ValidationError):
    """A time that is allowed only after the advisor confirms it; `permission` names the
    keyword (`allow_<permission>`) that grants it."""

    permission = ""


class OutsideHours(NeedsConfirmation):
    """The meeting falls on a day off or outside office hours: allowed only when confirmed."""

    permission = "outside_hours"


class InPast(NeedsConfirmation):
    """The meeting would begin before now: allowed only when confirmed (a late entry)."""

    permission = "past"


def office_hours(store: Store) -> tuple[time, time]:
    """The office opening and closing times from the settings (08.00–16.00 unless changed)."""
    start = parse_time(store.get_setting("meetings.office_start", "08:00") or "08:00")
    end = parse_time(store.get_setting("meetings.office_end", "16:00") or "16:00")
    return start, end


def check_office_hours(store: Store, starts_at: datetime, duration_minutes: int) -> None:
    """Raise `OutsideHours` for a day off, or a start or end outside office hours."""
    day = local_date(starts_at)
    if not is_working_day(day):
        raise OutsideHours("meetings.error.not_working_day", "day", day=fmt_date(day))
    opens, closes = office_hours(store)
    ends_at = starts_at + timedelta(minutes=duration_minutes)
    if starts_at < at_local(day, opens) or ends_at > at_local(day, closes):
        raise OutsideHours(
            "meetings.error.outside_hours",
            "start",
            opens=f"{opens.hour:02d}.{opens.minute:02d}",
            closes=f"{closes.hour:02d}.{closes.minute:02d}",
        )


def check_time(
    store: Store,
    starts_at: datetime,
    duration_minutes: int,
    *,
    allow_outside_hours: bool = False,
    allow_past: bool = False,
) -> None:
    """Raise `InPast` or `OutsideHours` for a time that needs the advisor's confirmation."""
    if not allow_past and starts_at < store.now():
        raise InPast("meetings.error.in_past", "day", when=fmt_datetime(starts_at))
    if not allow_outside_hours:
        check_office_hours(store, starts_at, duration_minutes)


def _active_between(
    store: Store, start: datetime, end: datetime, exclude_id: str | None
) -> list[tuple[str, datetime, datetime, str]]:
    """(id, start, end, advisor) of live meetings overlapping [start, end)."""
    marks = ", ".join("?" for _ in ACTIVE_STATUSES)
    rows = store.query(
        "SELECT id, starts_at, duration_minutes, advisor FROM meetings "
        f"WHERE deleted_at IS NULL AND status IN ({marks}) AND starts_at < ? AND starts_at > ? "
        "AND id IS NOT ? ORDER BY starts_at",
        (
            *ACTIVE_STATUSES,
            to_iso(end),
            to_iso(start - timedelta(minutes=MAX_DURATION_MINUTES)),
            exclude_id,
        ),
    )
    found = []
    for row in rows:
        begins = from_iso(row["starts_at"])
        ends = begins + timedelta(minutes=int(row["duration_minutes"]))
        if ends > start:
            found.append((str(row["id"]), begins, ends, str(row["advisor"])))
    return found


def _participants_of(store: Store, meeting_ids: Sequence[str]) -> dict[str, list[Participant]]:
    by_meeting: dict[str, list[Participant]] = {}
    for offset in range(0, len(meeting_ids), 500):
        chunk = meeting_ids[offset : offset + 500]
        marks = ", ".join("?" for _ in chunk)
        rows = store.query(
            "SELECT meeting_id, kind, role, name, organisation, email FROM meeting_participants "
            f"WHERE deleted_at IS NULL AND meeting_id IN ({marks})",
            tuple(chunk),
        )
        for row in rows:
            by_meeting.setdefault(str(row["meeting_id"]), []).append(
                Participant(
                    kind=row["kind"],
                    role=row["role"],
                    name=row["name"],
                    organisation=row["organisation"],
                    email=row["email"],
                )
            )
    return by_meeting


def _describe(person: Participant) -> str:
    if person.name and person.organisation:
        return f"{person.name} ({person.organisation})"
    return person.name or person.email


def conflicts(
    store: Store,
    starts_at: datetime,
    duration_minutes: int,
    advisor: str,
    participants: Iterable[Participant] = (),
    *,
    exclude_id: str | None = None,
) -> list[Conflict]:
    """Meetings overlapping the time: the advisor's own, and any a participant is booked in."""
    ends_at = starts_at + timedelta(minutes=duration_minutes)
    overlapping = _active_between(store, starts_at, ends_at, exclude_id)
    people = [p for p in participants if p.email or (p.name and p.organisation)]
    found: list[Conflict] = []
    for meeting_id, begins, ends, owner in overlapping:
        if advisor and owner.casefold() == advisor.casefold():
            found.append(Conflict(meeting_id, begins, ends, "advisor", owner))
    if people and overlapping:
        booked = _participants_of(store, [m[0] for m in overlapping])
        for meeting_id, begins, ends, _owner in overlapping:
            for other in booked.get(meeting_id, []):
                for person in people:
                    if person.same_person(other):
                        found.append(
                            Conflict(meeting_id, begins, ends, "participant", _describe(other))
                        )
    return found


def free_slots(
    store: Store,
    duration_minutes: int,
    advisor: str,
    participants: Iterable[Participant] = (),
    *,
    after: datetime | None = None,
    count: int = 5,
    exclude_id: str | None = None,
) -> list[datetime]:
    """The first free starts within office hours on working days, from `after` (now) onwards;
    `exclude_id` is the meeting being edited, which does not block its own time."""
    after = after or store.now()
    opens, closes = office_hours(store)
    people = list(participants)
    first_day = local_date(after)
    horizon = at_local(first_day + timedelta(days=SEARCH_DAYS), time(0))
    busy = _busy_periods(store, after, horizon, advisor, people, exclude_id)
    found: list[datetime] = []
    length = timedelta(minutes=duration_minutes)
    for offset in range(SEARCH_DAYS):
        day = first_day + timedelta(days=offset)
        if not is_working_day(day):
            continue
        candidate = at_local(day, opens)
        closing = at_local(day, closes)
        while candidate + length <= closing:
            ends = candidate + length
            if candidate >= after and not any(b < ends and e > candidate for b, e in busy):
                found.append(candidate)
                if len(found) >= count:
                    return found
            candidate += timedelta(minutes=SLOT_STEP_MINUTES)
    return found


def _busy_periods(
    store: Store,
    start: datetime,
    end: datetime,
    advisor: str,
    people: list[Participant],
    exclude_id: str | None,
) -> list[tuple[datetime, datetime]]:
    overlapping = _active_between(store, start, end, exclude_id)
    busy = [
        (b, e)
        for _id, b, e, owner in overlapping
        if advisor and owner.casefold() == advisor.casefold()
    ]
    wanted = [p for p in people if p.email or (p.name and p.organisation)]
    if wanted and overlapping:
        booked = _participants_of(store, [m[0] for m in overlapping])
        for meeting_id, b, e, _owner in overlapping:
            if any(p.same_person(o) for o in booked.get(meeting_id, []) for p in wanted):
                busy.append((b, e))
    return busy


def week_start(day: date) -> date:
    """The Monday of the week of `day`."""
    return day - timedelta(days=day.weekday())


def local_wall_time(moment: datetime) -> time:
    return local(moment).time()
