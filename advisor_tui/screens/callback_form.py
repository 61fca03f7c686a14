"""One form dialog for every callback action: fields, a submit function, errors beside fields."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from advisor_tui.i18n import catalogue, t
from advisor_tui.models.errors import AdvisorError, FieldErrors
from advisor_tui.widgets.translated import translate_bindings


@dataclass(frozen=True)
class FormField:
    """An input line, or a choice from `options` (label, value) when options are given."""

    name: str
    label: str
    value: str = ""
    options: tuple[tuple[str, str], ...] = ()
    hint: str = ""
    max_length: int = 0


Submit = Callable[[dict[str, str]], Any]


class CallbackFormDialog(ModalScreen[Any]):
    """Calls `submit(values)` on save; FieldErrors are shown beside their fields and the dialog
    stays open (nothing was saved). Dismisses with what `submit` returned, or None on Esc."""

    DEFAULT_CSS = """
    CallbackFormDialog { align: center middle; }
    CallbackFormDialog > VerticalScroll {
        width: 100; height: auto; max-height: 95%; border: thick $primary;
        background: $surface; padding: 0 2;
    }
    CallbackFormDialog .title { text-style: bold; margin-bottom: 1; }
    CallbackFormDialog .intro { margin-bottom: 1; }
    CallbackFormDialog .row { height: auto; margin-top: 1; }
    CallbackFormDialog .row Label { width: 38; padding-right: 1; }
    CallbackFormDialog .row Input, CallbackFormDialog .row Select { width: 1fr; }
    CallbackFormDialog .hint { color: $text-muted; height: auto; padding-left: 38; }
    CallbackFormDialog .error { color: $error; height: auto; padding-left: 38; }
    CallbackFormDialog #error-form { padding-left: 0; }
    CallbackFormDialog .buttons { height: auto; align-horizontal: right; margin: 1 0; }
    CallbackFormDialog Button { margin-left: 2; }
    """
    BINDINGS = [
        Binding(
            "ctrl+s,f10",
            "save",
            "callbacks.key.save",
            id="callbacks.form.save",
            tooltip="callbacks.key.save_tooltip",
        ),
        Binding("escape", "cancel", "callbacks.key.cancel", id="callbacks.form.cancel"),
    ]

    def __init__(
        self, title: str, fields: Sequence[FormField], submit: Submit, intro: str = ""
    ) -> None:
        super().__init__()
        translate_bindings(self)
        self.title_text = title
        self.fields = list(fields)
        self.submit = submit
        self.intro = intro

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(self.title_text, classes="title", markup=False)
            if self.intro:
                yield Static(self.intro, classes="intro", markup=False)
            for field in self.fields:
                with Horizontal(classes="row"):
                    yield Label(field.label, markup=False)
                    yield self._widget(field)
                if field.hint:
                    yield Static(field.hint, classes="hint", markup=False)
                yield Static("", id=f"error-{field.name}", classes="error", markup=False)
            yield Static("", id="error-form", classes="error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(t("callbacks.key.cancel"), id="cancel")
                yield Button(t("callbacks.key.save"), id="save", variant="primary")

    @staticmethod
    def _widget(field: FormField) -> Input | Select[str]:
        if field.options:
            values = [value for _, value in field.options]
            return Select(
                list(field.options),
                id=f"field-{field.name}",
                value=field.value if field.value in values else values[0],
                allow_blank=False,
                compact=True,
            )
        return Input(
            field.value, id=f"field-{field.name}", max_length=field.max_length, compact=True
        )

    def _error(self, name: str, text: str) -> None:
        target = self.query_one(f"#error-{name}", Static)
        target.update(text)
        target.display = bool(text)

    def on_mount(self) -> None:
        for error in self.query(".error"):
            error.display = False
        if self.fields:
            self.query_one(f"#field-{self.fields[0].name}").focus()

    def values(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for field in self.fields:
            widget = self.query_one(f"#field-{field.name}")
            if isinstance(widget, Select):
                found[field.name] = "" if widget.value is Select.NULL else str(widget.value)
            elif isinstance(widget, Input):
                found[field.name] = widget.value
        return found

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    @on(Input.Submitted)
    def _enter_pressed(self) -> None:
        self.action_save()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        names = {field.name for field in self.fields}
        for name in (*names, "form"):
            self._error(name, "")
        try:
            result = self.submit(self.values())
        except FieldErrors as errors:
            general = [catalogue().error(errors)]
            for error in errors.errors:
                target = error.field if error.field in names else "form"
                text = catalogue().error(error)
                if target == "form":
                    general.append(text)
                else:
                    self._error(target, text)
            self._error("form", "\n".join(general))
            first = next((e.field for e in errors.errors if e.field in names), None)
            if first:
                self.query_one(f"#field-{first}").focus()
            return
        except AdvisorError as error:
            self._error("form", catalogue().error(error))
            return
        self.dismiss(result)
