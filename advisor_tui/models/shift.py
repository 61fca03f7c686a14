"""The figures of the shift view, read live from the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from advisor_tui.models.clock import local_date, local_day_bounds
from advisor_tui.models.store import Store


@dataclass(frozen=True)
class ShiftSummary:
    day: date
    contacts_today: int
    callbacks_due_today: int
    callbacks_overdue: int
    meetings_today: int


def shift_summary(store: Store, day: date | None = None) -> ShiftSummary:
    """Counts for a Helsinki day (today by default). Areas not yet in the file count as zero."""
    day = day or local_date(store.now())
    start, end = local_day_bounds(day)
    now = store.now_iso()
    contacts = callbacks_due = callbacks_overdue = meetings = 0
    if store.table_exists("contacts"):
        contacts = store.scalar(
            "SELECT count(*) FROM contacts WHERE deleted_at IS NULL "
            "AND started_at >= ? AND started_at < ?",
            (start, end),
        )
    if store.table_exists("callbacks"):
        callbacks_overdue = store.scalar(
            "SELECT count(*) FROM callbacks WHERE deleted_at IS NULL AND status = 'open' "
            "AND due_at < ?",
            (now,),
        )
        callbacks_due = store.scalar(
            "SELECT count(*) FROM callbacks WHERE deleted_at IS NULL AND status = 'open' "
            "AND due_at >= ? AND due_at < ?",
            (max(now, start), end),
        )
    if store.table_exists("meetings"):
        meetings = store.scalar(
            "SELECT count(*) FROM meetings WHERE deleted_at IS NULL "
            "AND status IN ('proposed', 'confirmed', 'moved', 'held') "
            "AND starts_at >= ? AND starts_at < ?",
            (start, end),
        )
    return ShiftSummary(day, contacts, callbacks_due, callbacks_overdue, meetings)
