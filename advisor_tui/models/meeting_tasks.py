"""The tasks agreed in network meetings: listing them, ticking them off, undoing a tick."""

from __future__ import annotations

from typing import Any

from advisor_tui.models import records
from advisor_tui.models.clock import local_date
from advisor_tui.models.errors import AdvisorError
from advisor_tui.models.meeting_agenda import task_from_row
from advisor_tui.models.meeting_types import Task
from advisor_tui.models.store import Store


def list_tasks(
    store: Store, advisor: str | None = None, *, include_done: bool = False
) -> list[Task]:
    """The tasks of the advisor's meetings (all advisors when None): open ones first, by due
    date; done ones after them, most recently done first."""
    sql = (
        "SELECT t.*, m.starts_at FROM meeting_tasks t JOIN meetings m ON m.id = t.meeting_id "
        "WHERE t.deleted_at IS NULL AND m.deleted_at IS NULL"
    )
    params: tuple[Any, ...] = ()
    if not include_done:
        sql += " AND t.done_at IS NULL"
    if advisor is not None:
        sql += " AND m.advisor = ?"
        params = (advisor,)
    sql += (
        " ORDER BY t.done_at IS NOT NULL, t.done_at DESC, t.due_on IS NULL, t.due_on, "
        "m.starts_at, t.created_at, t.rowid"
    )
    today = local_date(store.now())
    return [task_from_row(row, today) for row in store.query(sql, params)]


def _done_at(store: Store, task_id: str) -> str | None:
    row = records.get(store, "meeting_tasks", task_id)
    if row is None:
        raise AdvisorError("meetings.error.task_not_found", id=task_id)
    done_at: str | None = row["done_at"]
    return done_at


def complete_task(store: Store, task_id: str) -> bool:
    """Mark an agreed task done; False when it already was."""
    if _done_at(store, task_id) is not None:
        return False
    with store.transaction():
        return records.update(store, "meeting_tasks", task_id, {"done_at": store.now_iso()})


def reopen_task(store: Store, task_id: str) -> bool:
    """Undo a task marked done by mistake; False when it was still open."""
    if _done_at(store, task_id) is None:
        return False
    with store.transaction():
        return records.update(store, "meeting_tasks", task_id, {"done_at": None})
