"""A yes/no question that must be answered before something irreversible happens."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from advisor_tui.i18n import t
from advisor_tui.widgets.translated import translate_bindings


class ConfirmDialog(ModalScreen[bool]):
    """Returns True for yes. Enter on the focused button, y/n keys, Esc for no."""

    DEFAULT_CSS = """
    ConfirmDialog { align: center middle; }
    ConfirmDialog > Vertical {
        width: 64; height: auto; border: thick $primary; background: $surface; padding: 1 2;
    }
    ConfirmDialog #question { margin-bottom: 1; }
    ConfirmDialog Horizontal { height: auto; align-horizontal: right; }
    ConfirmDialog Button { margin-left: 2; }
    """
    BINDINGS = [
        Binding("escape,n", "answer(False)", "confirm.no", id="confirm.no"),
        Binding("y,k", "answer(True)", "confirm.yes", id="confirm.yes", show=False),
    ]

    def __init__(self, question: str, yes: str | None = None, no: str | None = None) -> None:
        super().__init__()
        translate_bindings(self)
        self.question = question
        self.yes_label = yes or t("confirm.yes")
        self.no_label = no or t("confirm.no")

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question, id="question", markup=False)
            with Horizontal():
                yield Button(self.no_label, id="no")
                yield Button(self.yes_label, id="yes", variant="error")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_answer(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        if self.is_active:
            self.dismiss(value)
