"""The agreed tasks of network meetings: open ones first, ticked off with one key."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from advisor_tui.i18n import catalogue, t
from advisor_tui.models.clock import fmt_date, fmt_datetime
from advisor_tui.models.errors import AdvisorError
from advisor_tui.models.meetings import Task, complete_task, list_tasks, reopen_task
from advisor_tui.models.store import Store
from advisor_tui.widgets.meeting_details import task_state
from advisor_tui.widgets.translated import translate_bindings


def _key(keys: str, action: str, name: str, show: bool = True) -> Binding:
    return Binding(
        keys,
        action,
        f"meetings.key.{name}",
        id=f"meetings.tasks.{name}",
        tooltip=f"meetings.key.{name}_tooltip",
        show=show,
    )


class TasksDialog(ModalScreen[None]):
    """The responsible advisor's tasks (or everyone's); Enter marks done or opens again."""

    DEFAULT_CSS = """
    TasksDialog { align: center middle; }
    TasksDialog > Vertical {
        width: 110; height: auto; max-height: 90%; border: thick $primary;
        background: $surface; padding: 0 1;
    }
    TasksDialog #tasks-title { text-style: bold; height: 1; }
    TasksDialog #tasks-scope { color: $text-muted; height: 1; }
    TasksDialog #tasks { height: auto; max-height: 24; }
    TasksDialog #tasks-empty { color: $text-muted; height: auto; }
    TasksDialog #tasks-hint { color: $text-muted; height: auto; }
    """
    BINDINGS = [
        _key("space", "done", "done"),
        _key("h", "show_done", "show_done"),
        _key("a", "all_advisors", "all_advisors"),
        Binding(
            "escape",
            "close",
            "meetings.key.close",
            id="meetings.tasks.close",
            tooltip="meetings.key.close_tooltip",
        ),
    ]

    def __init__(self, store: Store) -> None:
        super().__init__()
        translate_bindings(self)
        self.store = store
        self.include_done = False
        self.every_advisor = not store.advisor
        self.shown: list[Task] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(t("meetings.tasks.title"), id="tasks-title", markup=False)
            yield Static("", id="tasks-scope", markup=False)
            yield DataTable(id="tasks", cursor_type="row", zebra_stripes=True)
            yield Static("", id="tasks-empty", markup=False)
            yield Static(t("meetings.tasks.hint"), id="tasks-hint", markup=False)

    def on_mount(self) -> None:
        table = self.query_one("#tasks", DataTable)
        for key in ("state", "due", "who", "what", "meeting"):
            table.add_column(t(f"meetings.tasks.col_{key}"), key=key)
        self.reload()
        table.focus()

    def reload(self) -> None:
        advisor = None if self.every_advisor else self.store.advisor
        scope = "all" if advisor is None else "own"
        which = "all" if self.include_done else "open"
        self.query_one("#tasks-scope", Static).update(
            t(f"meetings.tasks.{scope}_{which}", advisor=advisor or "")
        )
        table = self.query_one("#tasks", DataTable)
        selected = self.selected()
        self.shown = list_tasks(self.store, advisor, include_done=self.include_done)
        table.clear()
        for task in self.shown:
            cells: list[Any] = [
                Text(task_state(task)),
                Text(fmt_date(task.due_on) if task.due_on else "–"),
                Text(task.who),
                Text(task.what),
                Text(fmt_datetime(task.meeting_starts_at)),
            ]
            table.add_row(*cells, key=task.id)
        empty = "" if self.shown else t("meetings.tasks.empty")
        self.query_one("#tasks-empty", Static).update(empty)
        ids = [task.id for task in self.shown]
        if selected is not None and selected.id in ids:
            table.move_cursor(row=ids.index(selected.id))

    def selected(self) -> Task | None:
        row = self.query_one("#tasks", DataTable).cursor_row
        return self.shown[row] if 0 <= row < len(self.shown) else None

    @on(DataTable.RowSelected, "#tasks")
    def _row_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_done()

    def action_done(self) -> None:
        task = self.selected()
        if task is None:
            self.notify(t("meetings.error.no_task_selection"), severity="warning", markup=False)
            return
        try:
            if task.done_at:
                reopen_task(self.store, task.id)
                message = t("meetings.tasks.reopened")
            else:
                complete_task(self.store, task.id)
                message = t("meetings.tasks.marked_done")
        except AdvisorError as exc:
            self.notify(catalogue().error(exc), severity="error", markup=False)
            return
        self.notify(message, markup=False)
        self.reload()

    def action_show_done(self) -> None:
        self.include_done = not self.include_done
        self.reload()

    def action_all_advisors(self) -> None:
        self.every_advisor = not self.every_advisor
        self.reload()

    def action_close(self) -> None:
        self.dismiss(None)
