"""Sync conflicts for the team lead: both versions of a record side by side, and a choice."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from advisor_tui.i18n import t
from advisor_tui.models.safe_text import single_line
from advisor_tui.models.sync_conflicts import Conflict, open_conflicts, resolve_conflict
from advisor_tui.widgets.key_bar import KeyBar
from advisor_tui.widgets.translated import translate_bindings


class ConflictsDialog(ModalScreen[None]):
    DEFAULT_CSS = """
    ConflictsDialog { align: center middle; }
    ConflictsDialog > Vertical {
        width: 95%; height: 90%; border: thick $primary; background: $surface; padding: 0 1;
    }
    ConflictsDialog #conflict-title { text-style: bold; height: auto; }
    ConflictsDialog DataTable { height: 1fr; }
    """
    BINDINGS = [
        Binding("k", "keep(False)", "conflicts.keep_kept", id="conflicts.keep_kept"),
        Binding("o", "keep(True)", "conflicts.keep_other", id="conflicts.keep_other"),
        Binding("n", "next", "conflicts.next", id="conflicts.next"),
        Binding("escape", "close", "conflicts.close", id="conflicts.close"),
    ]

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)
        self.index = 0
        self.conflicts: list[Conflict] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("", id="conflict-title", markup=False)
            yield DataTable(id="versions", cursor_type="row", zebra_stripes=True)
        yield KeyBar(show_command_palette=False, compact=True)

    def on_mount(self) -> None:
        table: DataTable[Text] = self.query_one("#versions", DataTable)
        table.add_columns(t("conflicts.field"), t("conflicts.kept"), t("conflicts.other"))
        self.reload()

    def reload(self) -> None:
        self.conflicts = open_conflicts(self.app.store)  # type: ignore[attr-defined]
        self.index = min(self.index, max(len(self.conflicts) - 1, 0))
        self.show()

    def show(self) -> None:
        table: DataTable[Text] = self.query_one("#versions", DataTable)
        table.clear()
        heading = self.query_one("#conflict-title", Static)
        if not self.conflicts:
            heading.update(t("conflicts.none"))
            return
        conflict = self.conflicts[self.index]
        heading.update(
            t(
                "conflicts.heading",
                number=self.index + 1,
                count=len(self.conflicts),
                table=conflict.table,
                reason=t(f"sync.conflict.{conflict.reason}"),
            )
        )
        for name in sorted(set(conflict.kept) | set(conflict.other)):
            kept, other = conflict.kept.get(name), conflict.other.get(name)
            style = "bold" if kept != other else ""
            table.add_row(
                Text(name, style=style),
                Text(single_line("" if kept is None else str(kept)), style=style),
                Text(single_line("" if other is None else str(other)), style=style),
            )

    def action_keep(self, other: bool) -> None:
        if not self.conflicts:
            return
        resolve_conflict(self.app.store, self.conflicts[self.index].id, keep_other=other)  # type: ignore[attr-defined]
        self.notify(t("sync.resolved"), markup=False)
        self.reload()

    def action_next(self) -> None:
        if self.conflicts:
            self.index = (self.index + 1) % len(self.conflicts)
            self.show()

    def action_close(self) -> None:
        self.dismiss(None)
