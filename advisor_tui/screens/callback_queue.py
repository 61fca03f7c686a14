"""The callback queue as a table: due first, overdue and due-today said in words and colour."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rich.text import Text
from textual.widgets import DataTable

from advisor_tui.i18n import t
from advisor_tui.models import callbacks as cb
from advisor_tui.models.reference import Reference
from advisor_tui.screens.callback_text import due_text, time_left

COLUMNS = (
    "state",
    "due",
    "left",
    "priority",
    "topic",
    "language",
    "attempts",
    "assigned",
    "source",
)


class CallbackQueue(DataTable[Text]):
    """Rows keyed by callback id; `show` replaces them and keeps the cursor on the same id."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        for column in COLUMNS:
            self.add_column(t(f"callbacks.queue.col_{column}"), key=column)

    def _styles(self) -> dict[cb.Urgency, str]:
        colours = self.app.get_css_variables()
        return {
            cb.Urgency.OVERDUE: f"bold {colours.get('error', 'red')}",
            cb.Urgency.TODAY: f"bold {colours.get('warning', 'yellow')}",
            cb.Urgency.LATER: "",
        }

    def selected_id(self) -> str | None:
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        return str(key.value) if key.value is not None else None

    def show(
        self,
        callbacks: Sequence[cb.Callback],
        now: datetime,
        reference: Reference,
        language: str,
    ) -> None:
        keep = self.selected_id()
        styles = self._styles()
        urgent = self.app.get_css_variables().get("error", "red")
        self.clear()
        rows = []
        for callback in callbacks:
            urgency = callback.urgency(now)
            style = styles[urgency]
            topic = (
                reference.label("topic", callback.topic, language)
                if callback.topic
                else t("callbacks.queue.no_topic")
            )
            rows.append(
                (
                    Text(t(f"callbacks.queue.{urgency.value}"), style=style),
                    Text(due_text(callback.due_at), style=style),
                    Text(time_left(callback, now), style=style),
                    Text(
                        t(f"callbacks.priority.{callback.priority}"),
                        style=f"bold {urgent}" if callback.priority == "urgent" else "",
                    ),
                    Text(topic),
                    Text(reference.label("language", callback.language, language)),
                    Text(str(callback.attempt_count)),
                    Text(callback.assigned_to),
                    Text(t(f"callbacks.source.{callback.source}")),
                )
            )
        keys = [callback.id for callback in callbacks]
        for key, row in zip(keys, rows, strict=True):
            self.add_row(*row, key=key)
        if keep in keys:
            self.move_cursor(row=keys.index(keep))
