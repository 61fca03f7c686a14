"""A check of the database file after the first frame, and the notice shown when it is damaged.

`Store.open` refuses a file whose header or schema is broken, but damaged data pages only show
when every page is read, which takes longer the larger the file. So the workstation shows its
first screen and then reads the pages in a thread worker on a connection of its own. A sound
file shows nothing; a damaged one brings up a notice that stays until the advisor closes it.
"""

from __future__ import annotations

import shlex
from contextlib import suppress
from pathlib import Path
from typing import Any

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static
from textual.worker import Worker, get_current_worker

from advisor_tui.i18n import t
from advisor_tui.models import maintenance
from advisor_tui.models.store import Store
from advisor_tui.widgets.translated import translate_bindings

WORKER_GROUP = "integrity"


def check_command(path: Path) -> str:
    """The exact command that repeats the check in full on this file."""
    return f"advisor-tui check {shlex.quote(str(path))}"


class IntegrityNotice(ModalScreen[None]):
    """What was found, what it means, what to do, and the command that shows everything."""

    DEFAULT_CSS = """
    IntegrityNotice { align: center middle; }
    IntegrityNotice > VerticalScroll {
        width: 84; max-width: 100%; height: auto; max-height: 100%;
        border: thick $error; background: $surface; padding: 1 2;
    }
    IntegrityNotice #title { text-style: bold; color: $text-error; margin-bottom: 1; }
    IntegrityNotice Static { margin-bottom: 1; }
    IntegrityNotice #command { background: $boost; padding: 0 1; }
    IntegrityNotice Horizontal { height: auto; align-horizontal: right; }
    """
    BINDINGS = [
        Binding("escape", "close", "trust.damaged.close", id="trust.damaged.close"),
    ]

    def __init__(self, path: Path, problems: list[str]) -> None:
        super().__init__()
        translate_bindings(self)
        self.path = path
        self.problems = problems

    def compose(self) -> ComposeResult:
        detail = maintenance.damage_detail(self.problems)
        with VerticalScroll():
            yield Static(t("trust.damaged.title"), id="title", markup=False)
            yield Static(
                t("trust.damaged.problem", path=str(self.path)), id="problem", markup=False
            )
            yield Static(t("trust.damaged.meaning"), id="meaning", markup=False)
            yield Static(t(maintenance.DAMAGE_ADVICE), id="advice", markup=False)
            yield Static(t("trust.damaged.command"), id="command_intro", markup=False)
            yield Static(check_command(self.path), id="command", markup=False)
            yield Static(t("trust.damaged.detail", detail=detail), id="detail", markup=False)
            with Horizontal():
                yield Button(t("trust.damaged.close"), id="close", variant="error")

    def on_mount(self) -> None:
        self.query_one("#close", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_close()

    def action_close(self) -> None:
        if self.is_active:
            self.dismiss(None)


def show_damage(app: App[Any], path: Path, problems: list[str]) -> None:
    """Bring up the notice over whatever the advisor is doing (once per app)."""
    if any(isinstance(screen, IntegrityNotice) for screen in app.screen_stack):
        return
    app.push_screen(IntegrityNotice(path, problems))


def _run_check(app: App[Any], store: Store) -> None:
    worker = get_current_worker()
    problems = maintenance.quick_check(store, cancelled=lambda: worker.is_cancelled)
    if problems and not worker.is_cancelled:
        with suppress(RuntimeError):
            app.call_later(show_damage, app, store.path, problems)


def check_in_background(app: App[Any], store: Store) -> Worker[None]:
    """Start the check of every page in a thread worker; the caller does not wait for it."""
    return app.run_worker(
        lambda: _run_check(app, store),
        name="integrity-check",
        group=WORKER_GROUP,
        thread=True,
        exclusive=True,
        exit_on_error=False,
    )
