"""Reading meetings back: one meeting, the agenda of a date range, open tasks, history."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from advisor_tui.models.clock import from_iso, local_date, local_day_bounds
from advisor_tui.models.meeting_types import (
    ACTIVE_STATUSES,
    HistoryEntry,
    Meeting,
    Participant,
    Task,
)
from advisor_tui.models.store import Store


def _meeting(row: Any, people: tuple[Participant, ...] = ()) -> Meeting:
    return Meeting(
        id=row["id"],
        uid=row["uid"],
        starts_at=from_iso(row["starts_at"]),
        duration_minutes=int(row["duration_minutes"]),
        place_kind=row["place_kind"],
        place=row["place"],
        purpose=row["purpose"],
        agenda=row["agenda"],
        advisor=row["advisor"],
        organiser_email=row["organiser_email"],
        contact_id=row["contact_id"],
        status=row["status"],
        status_reason=row["status_reason"],
        outcome=row["outcome"],
        ics_sequence=int(row["ics_sequence"]),
        participants=people,
    )


def _participant(r: Any) -> Participant:
    return Participant(
        kind=r["kind"],
        role=r["role"],
        name=r["name"],
        organisation=r["organisation"],
        organisation_id=r["organisation_id"],
        phone=r["phone"],
        email=r["email"],
        id=r["id"],
    )


def _people(store: Store, meeting_id: str) -> tuple[Participant, ...]:
    rows = store.query(
        "SELECT * FROM meeting_participants WHERE meeting_id = ? AND deleted_at IS NULL "
        "ORDER BY kind, created_at, rowid",
        (meeting_id,),
    )
    return tuple(_participant(r) for r in rows)


def get_meeting(store: Store, meeting_id: str) -> Meeting | None:
    rows = store.query("SELECT * FROM meetings WHERE id = ? AND deleted_at IS NULL", (meeting_id,))
    if not rows:
        return None
    return _meeting(rows[0], _people(store, meeting_id))


def agenda(
    store: Store, first: date, last: date, *, include_cancelled: bool = True
) -> list[Meeting]:
    """Meetings from the Helsinki day `first` to `last` inclusive, in time order."""
    start, _ = local_day_bounds(first)
    _, end = local_day_bounds(last)
    sql = "SELECT * FROM meetings WHERE deleted_at IS NULL AND starts_at >= ? AND starts_at < ?"
    params: tuple[Any, ...] = (start, end)
    if not include_cancelled:
        marks = ", ".join("?" for _ in ACTIVE_STATUSES)
        sql += f" AND status IN ({marks})"
        params = (*params, *ACTIVE_STATUSES)
    rows = store.query(sql + " ORDER BY starts_at", params)
    people: dict[str, list[Participant]] = {}
    for row in store.query(
        "SELECT p.* FROM meeting_participants p JOIN meetings m ON m.id = p.meeting_id "
        "WHERE p.deleted_at IS NULL AND m.deleted_at IS NULL AND m.starts_at >= ? "
        "AND m.starts_at < ? ORDER BY p.kind, p.created_at, p.rowid",
        (start, end),
    ):
        people.setdefault(str(row["meeting_id"]), []).append(_participant(row))
    return [_meeting(row, tuple(people.get(row["id"], ()))) for row in rows]


def meetings_on(store: Store, day: date) -> list[Meeting]:
    """The day's meetings that are on (proposed, confirmed or held), for the shift view."""
    return agenda(store, day, day, include_cancelled=False)


def task_from_row(row: Any, today: date) -> Task:
    return Task(
        id=row["id"],
        meeting_id=row["meeting_id"],
        who=row["who"],
        what=row["what"],
        due_on=date.fromisoformat(row["due_on"]) if row["due_on"] else None,
        done_at=row["done_at"],
        meeting_starts_at=from_iso(row["starts_at"]),
        today=today,
    )


def open_tasks(store: Store, advisor: str | None = None) -> list[Task]:
    """Agreed tasks not yet done, of the advisor's meetings (all advisors when None)."""
    sql = (
        "SELECT t.*, m.starts_at FROM meeting_tasks t JOIN meetings m ON m.id = t.meeting_id "
        "WHERE t.deleted_at IS NULL AND m.deleted_at IS NULL AND t.done_at IS NULL"
    )
    params: tuple[Any, ...] = ()
    if advisor is not None:
        sql += " AND m.advisor = ?"
        params = (advisor,)
    sql += " ORDER BY t.due_on IS NULL, t.due_on, m.starts_at"
    today = local_date(store.now())
    return [task_from_row(row, today) for row in store.query(sql, params)]


def tasks_of(store: Store, meeting_id: str) -> list[Task]:
    rows = store.query(
        "SELECT t.*, m.starts_at FROM meeting_tasks t JOIN meetings m ON m.id = t.meeting_id "
        "WHERE t.meeting_id = ? AND t.deleted_at IS NULL ORDER BY t.created_at, t.rowid",
        (meeting_id,),
    )
    today = local_date(store.now())
    return [task_from_row(row, today) for row in rows]


def history(store: Store, meeting_id: str) -> list[HistoryEntry]:
    rows = store.query(
        "SELECT * FROM meeting_history WHERE meeting_id = ? AND deleted_at IS NULL "
        "ORDER BY created_at, rowid",
        (meeting_id,),
    )
    return [
        HistoryEntry(
            at=from_iso(r["created_at"]),
            by=r["created_by"],
            action=r["action"],
            reason=r["reason"],
            old_starts_at=from_iso(r["old_starts_at"]),
            new_starts_at=from_iso(r["new_starts_at"]) if r["new_starts_at"] else None,
        )
        for r in rows
    ]


def two_weeks(store: Store) -> tuple[date, date]:
    """Today and the last day of the coming two weeks."""
    today = local_date(store.now())
    return today, today + timedelta(days=13)
