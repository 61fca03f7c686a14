"""Dialogs of the directory: the message for the family and a correction to a service."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from advisor_tui.i18n import t
from advisor_tui.models.directory import CORRECTION_PROBLEMS
from advisor_tui.widgets.translated import translate_bindings

_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{
    width: 76; height: auto; max-height: 90%; border: thick $primary; background: $surface;
    padding: 1 2;
}}
{name} .title {{ text-style: bold; margin-bottom: 1; }}
{name} .error {{ color: $error; height: auto; }}
{name} Horizontal {{ height: auto; align-horizontal: right; margin-top: 1; }}
{name} Button {{ margin-left: 2; }}
"""


class MessageDialog(ModalScreen[None]):
    """Shows the plain-text message for the family; it is already on the clipboard."""

    DEFAULT_CSS = _CSS.format(name="MessageDialog") + "MessageDialog #message { height: auto; }"
    BINDINGS = [
        Binding("escape", "close", "directory.dialog.close", id="directory.message_close"),
        Binding("c", "copy", "directory.dialog.copy_again", id="directory.message_copy"),
    ]

    def __init__(self, message: str) -> None:
        super().__init__()
        translate_bindings(self)
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(t("directory.message.title"), classes="title")
            yield Static(self.message, id="message", markup=False)
            yield Static(t("directory.message.copied"), classes="hint")
            with Horizontal():
                yield Button(t("directory.dialog.close"), id="close", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#close", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.message)
        self.notify(t("directory.message.copied"), markup=False)


class CorrectionDialog(ModalScreen[tuple[str, str] | None]):
    """Asks what is wrong with a service; returns (problem, note) or None."""

    DEFAULT_CSS = _CSS.format(name="CorrectionDialog")
    BINDINGS = [
        Binding("escape", "cancel", "directory.dialog.cancel", id="directory.correction_cancel"),
    ]

    def __init__(self, service_name: str) -> None:
        super().__init__()
        translate_bindings(self)
        self.service_name = service_name

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(t("directory.correction.title"), classes="title")
            yield Static(self.service_name, markup=False)
            yield Label(t("directory.correction.problem"))
            yield Select(
                [(t(f"directory.problem_kind.{p}"), p) for p in CORRECTION_PROBLEMS],
                id="problem",
                prompt=t("directory.correction.choose"),
            )
            yield Static("", id="problem-error", classes="error", markup=False)
            yield Label(t("directory.correction.note"))
            yield Input(id="note", placeholder=t("directory.correction.note_hint"), max_length=2000)
            yield Static("", id="note-error", classes="error", markup=False)
            with Horizontal():
                yield Button(t("directory.dialog.cancel"), id="cancel")
                yield Button(t("directory.correction.save"), id="save", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#problem", Select).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "cancel":
            self.dismiss(None)
            return
        self._save()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._save()

    def _save(self) -> None:
        problem = self.query_one("#problem", Select).value
        note = self.query_one("#note", Input).value.strip()
        problem_error = self.query_one("#problem-error", Static)
        note_error = self.query_one("#note-error", Static)
        problem_error.update("")
        note_error.update("")
        valid = True
        if problem is Select.NULL or problem not in CORRECTION_PROBLEMS:
            problem_error.update(t("directory.error.problem"))
            valid = False
        if problem == "other" and not note:
            note_error.update(t("directory.error.note_needed"))
            valid = False
        if valid:
            self.dismiss((str(problem), note))

    def action_cancel(self) -> None:
        self.dismiss(None)
