"""Every key of the workstation, read from the live bindings so that remapped keys show."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from advisor_tui.i18n import t
from advisor_tui.widgets.translated import translate_bindings


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical {
        width: 90; height: 80%; border: thick $primary; background: $surface; padding: 1 2;
    }
    HelpScreen DataTable { height: 1fr; }
    HelpScreen .hint { color: $text-muted; margin-top: 1; }
    """
    BINDINGS = [Binding("escape,f1,question_mark,q", "close", "help.close", id="help.close")]

    def __init__(self, rows: list[tuple[str, str]]) -> None:
        super().__init__()
        translate_bindings(self)
        self.rows = rows

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(t("help.title"), markup=False)
            table: DataTable[Text] = DataTable(cursor_type="row", zebra_stripes=True)
            table.add_columns(t("help.key"), t("help.action"))
            for key, description in self.rows:
                table.add_row(Text(key), Text(description))
            yield table
            yield Static(t("help.remap_hint"), classes="hint", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)
