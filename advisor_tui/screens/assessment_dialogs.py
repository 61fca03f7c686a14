"""Dialogs of the assessment area: urgent guidance after a red flag, and linking to a contact."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from advisor_tui.i18n import t
from advisor_tui.widgets.translated import translate_bindings

OPEN_CONTACT = "open"


class UrgentGuidanceDialog(ModalScreen[None]):
    """112, social emergency services and the duty to notify; only an acknowledgement closes it."""

    DEFAULT_CSS = """
    UrgentGuidanceDialog { align: center middle; }
    UrgentGuidanceDialog > Vertical {
        width: 84; height: auto; border: thick $error; background: $surface; padding: 1 2;
    }
    UrgentGuidanceDialog #guidance-title { text-style: bold; color: $error; margin-bottom: 1; }
    UrgentGuidanceDialog #guidance-flag { text-style: bold; margin-bottom: 1; }
    UrgentGuidanceDialog #guidance-action { margin-top: 1; color: $text-muted; }
    UrgentGuidanceDialog Horizontal { height: auto; align-horizontal: right; margin-top: 1; }
    """
    BINDINGS = [
        Binding("enter", "acknowledge", "assessment.keys.ack", id="assessment.ack",
                tooltip="assessment.keys.ack_tooltip"),
        Binding("escape", "ignore", show=False),
    ]  # fmt: skip

    def __init__(self, flag_text: str, action_label: str) -> None:
        super().__init__()
        translate_bindings(self)
        self.flag_text = flag_text
        self.action_label = action_label

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("⚠ " + t("assessment.guidance.title"), id="guidance-title", markup=False)
            yield Static(
                t("assessment.guidance.flag", text=self.flag_text), id="guidance-flag", markup=False
            )
            yield Static(t("assessment.guidance.body"), id="guidance-body", markup=False)
            yield Static(
                t("assessment.guidance.action", action=self.action_label),
                id="guidance-action",
                markup=False,
            )
            with Horizontal():
                yield Button(t("assessment.guidance.ack"), id="ack", variant="error")

    def on_mount(self) -> None:
        self.query_one("#ack", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_acknowledge(self) -> None:
        self.dismiss(None)

    def action_ignore(self) -> None:
        """Escape does not close the guidance: it has to be acknowledged."""


class LinkContactDialog(ModalScreen[str | None]):
    """Choose the contact: the one open in the contact area, or one saved today.

    Returns `OPEN_CONTACT`, a contact id, or None when cancelled.
    """

    DEFAULT_CSS = """
    LinkContactDialog { align: center middle; }
    LinkContactDialog > Vertical {
        width: 90; height: auto; max-height: 80%; border: thick $primary;
        background: $surface; padding: 1 2;
    }
    LinkContactDialog #link-title { text-style: bold; margin-bottom: 1; }
    LinkContactDialog OptionList { height: auto; max-height: 20; }
    LinkContactDialog #link-none { color: $text-muted; }
    """
    BINDINGS = [Binding("escape", "cancel", "assessment.link.cancel", id="assessment.link_cancel")]

    def __init__(self, choices: list[tuple[str, str]], empty_text: str) -> None:
        super().__init__()
        translate_bindings(self)
        self.choices = choices
        self.empty_text = empty_text

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(t("assessment.link.title"), id="link-title", markup=False)
            if self.choices:
                yield OptionList(*(Option(Text(label), id=key) for key, label in self.choices))
            else:
                yield Static(self.empty_text, id="link-none", markup=False)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
