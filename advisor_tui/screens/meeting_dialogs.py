"""One small form dialog for moving, cancelling and closing a meeting: labelled fields, each with
its error line, and a save that either succeeds, asks to confirm an unusual time, or shows what
to fix. The move, cancel and outcome dialogs are built from it here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Input, Static

from advisor_tui.i18n import catalogue, t
from advisor_tui.models.clock import fmt_date, fmt_time
from advisor_tui.models.errors import AdvisorError, FieldErrors
from advisor_tui.models.meetings import (
    Meeting,
    NeedsConfirmation,
    TaskDraft,
    cancel,
    mark_held,
    move,
)
from advisor_tui.models.store import Store
from advisor_tui.screens.confirm import ConfirmDialog
from advisor_tui.widgets.translated import translate_bindings

TASK_ROWS = 3


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    value: str = ""


Submit = Callable[[dict[str, str], frozenset[str]], None]
"""Saves the typed values; the set names the confirmed permissions ("past", "outside_hours")."""


def ask_to_confirm(
    screen: Screen[Any], problem: NeedsConfirmation, then: Callable[[], None]
) -> None:
    """Ask whether an unusual time (in the past, outside office hours) is meant; `then` on yes."""
    question = t(f"meetings.confirm.{problem.permission}", problem=catalogue().error(problem))

    def answered(yes: bool | None) -> None:
        if yes:
            then()

    screen.app.push_screen(ConfirmDialog(question, yes=t("meetings.confirm.save_anyway")), answered)


def _dom_id(name: str) -> str:
    return "f-" + name.replace(".", "-")


class FieldsDialog(ModalScreen[bool]):
    """Calls `submit(values, permissions)`; dismisses True once it raises nothing."""

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

    def action_save(self) -> None:
        self._save(frozenset())

    def _save(self, allowed: frozenset[str]) -> None:
        for error in self.query(".error").results(Static):
            error.update("")
        try:
            self.submit(self.values(), allowed)
        except FieldErrors as exc:
            names = {_dom_id(s.name) for s in self.fields}
            for problem in exc.errors:
                target = _dom_id(problem.field)
                where = f"#err-{target}" if target in names else "#err-form"
                self.query_one(where, Static).update(catalogue().error(problem))
            return
        except NeedsConfirmation as exc:
            granted = allowed | {exc.permission}
            ask_to_confirm(self, exc, lambda: self._save(granted))
            return
        except AdvisorError as exc:
            self.query_one("#err-form", Static).update(catalogue().error(exc))
            return
        self.dismiss(True)

    def action_close(self) -> None:
        self.dismiss(False)


def move_dialog(store: Store, meeting: Meeting) -> FieldsDialog:
    """A new day, start and length for the meeting, and the reason kept in its history."""
    fields = [
        FieldSpec("day", t("meetings.move.day"), fmt_date(meeting.starts_at)),
        FieldSpec("start", t("meetings.move.start"), fmt_time(meeting.starts_at)),
        FieldSpec("duration", t("meetings.move.duration"), str(meeting.duration_minutes)),
        FieldSpec("reason", t("meetings.move.reason")),
    ]

    def submit(values: dict[str, str], allowed: frozenset[str]) -> None:
        move(
            store,
            meeting.id,
            values["day"],
            values["start"],
            values["reason"],
            duration=values["duration"],
            allow_outside_hours="outside_hours" in allowed,
            allow_past="past" in allowed,
        )

    return FieldsDialog(t("meetings.move.title"), fields, submit)


def cancel_dialog(store: Store, meeting: Meeting) -> FieldsDialog:
    def submit(values: dict[str, str], _allowed: frozenset[str]) -> None:
        cancel(store, meeting.id, values["reason"])

    fields = [FieldSpec("reason", t("meetings.cancel.reason"))]
    return FieldsDialog(t("meetings.cancel.title"), fields, submit)


def outcome_dialog(store: Store, meeting: Meeting, saved: list[int]) -> FieldsDialog:
    """The outcome notes and up to TASK_ROWS agreed tasks; `saved` gets the number of tasks."""
    fields = [FieldSpec("outcome", t("meetings.outcome.outcome"), meeting.outcome)]
    for index in range(TASK_ROWS):
        number = index + 1
        fields += [
            FieldSpec(f"tasks.{index}.who", t("meetings.outcome.who", number=number)),
            FieldSpec(f"tasks.{index}.what", t("meetings.outcome.what", number=number)),
            FieldSpec(f"tasks.{index}.due", t("meetings.outcome.due", number=number)),
        ]

    def submit(values: dict[str, str], _allowed: frozenset[str]) -> None:
        tasks = [
            TaskDraft(values[f"tasks.{i}.who"], values[f"tasks.{i}.what"], values[f"tasks.{i}.due"])
            for i in range(TASK_ROWS)
        ]
        mark_held(store, meeting.id, values["outcome"], tasks)
        saved.append(sum(1 for task in tasks if task.who.strip() or task.what.strip()))

    return FieldsDialog(t("meetings.outcome.title"), fields, submit)
