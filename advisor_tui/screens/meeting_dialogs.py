"""One small form dialog for moving, cancelling and closing a meeting: labelled fields, each with
its error line, and a save that either succeeds or shows what to fix."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from advisor_tui.i18n import catalogue, t
from advisor_tui.models.errors import AdvisorError, FieldErrors
from advisor_tui.models.meetings import OutsideHours
from advisor_tui.screens.confirm import ConfirmDialog
from advisor_tui.widgets.translated import translate_bindings


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    value: str = ""


Submit = Callable[[dict[str, str], bool], None]


def _dom_id(name: str) -> str:
    return "f-" + name.replace(".", "-")


class FieldsDialog(ModalScreen[bool]):
    """Calls `submit(values, allow_outside_hours)`; dismisses True once it raises nothing."""

    DEFAULT_CSS = """
    FieldsDialog { align: center middle; }
    FieldsDialog > Vertical {
        width: 80; height: auto; max-height: 90%; border: thick $primary;
        background: $surface; padding: 0 1;
    }
    FieldsDialog #title { text-style: bold; margin-bottom: 1; }
    FieldsDialog VerticalScroll { height: auto; max-height: 30; }
    FieldsDialog .label { color: $text-muted; }
    FieldsDialog .error { color: $error; height: auto; }
    FieldsDialog #buttons { height: auto; align-horizontal: right; margin-top: 1; }
    FieldsDialog #buttons Button { margin-left: 2; }
    """
    BINDINGS = [
        Binding(
            "ctrl+s,f10",
            "save",
            "meetings.key.save",
            id="meetings.dialog.save",
            tooltip="meetings.key.save_tooltip",
        ),
        Binding(
            "escape",
            "close",
            "meetings.key.close",
            id="meetings.dialog.close",
            tooltip="meetings.key.close_tooltip",
        ),
    ]

    def __init__(self, title: str, fields: list[FieldSpec], submit: Submit) -> None:
        super().__init__()
        translate_bindings(self)
        self.title_text = title
        self.fields = fields
        self.submit = submit

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.title_text, id="title", markup=False)
            with VerticalScroll():
                for spec in self.fields:
                    yield Static(spec.label, classes="label", markup=False)
                    yield Input(value=spec.value, id=_dom_id(spec.name))
                    yield Static("", id=f"err-{_dom_id(spec.name)}", classes="error", markup=False)
                yield Static("", id="err-form", classes="error", markup=False)
            with Horizontal(id="buttons"):
                yield Button(t("meetings.form.cancel"), id="close")
                yield Button(t("meetings.form.save"), id="save", variant="primary")

    def on_mount(self) -> None:
        self.query(Input).first().focus()

    def values(self) -> dict[str, str]:
        return {s.name: self.query_one(f"#{_dom_id(s.name)}", Input).value for s in self.fields}

    @on(Input.Submitted)
    def _next_or_save(self, event: Input.Submitted) -> None:
        inputs = list(self.query(Input))
        if event.input is inputs[-1]:
            self.action_save()
        else:
            self.focus_next()

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#close")
    def _close_pressed(self) -> None:
        self.action_close()

    def action_save(self, allow_outside_hours: bool = False) -> None:
        for error in self.query(".error").results(Static):
            error.update("")
        try:
            self.submit(self.values(), allow_outside_hours)
        except FieldErrors as exc:
            names = {_dom_id(s.name) for s in self.fields}
            for problem in exc.errors:
                target = _dom_id(problem.field)
                where = f"#err-{target}" if target in names else "#err-form"
                self.query_one(where, Static).update(catalogue().error(problem))
            return
        except OutsideHours as exc:
            question = t("meetings.confirm.outside_hours", problem=catalogue().error(exc))

            def answered(yes: bool | None) -> None:
                if yes:
                    self.action_save(allow_outside_hours=True)

            self.app.push_screen(
                ConfirmDialog(question, yes=t("meetings.confirm.book_anyway")), answered
            )
            return
        except AdvisorError as exc:
            self.query_one("#err-form", Static).update(catalogue().error(exc))
            return
        self.dismiss(True)

    def action_close(self) -> None:
        self.dismiss(False)
