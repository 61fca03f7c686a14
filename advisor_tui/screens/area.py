"""The base of every main area: header, body and key bar, translated bindings."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.screen import Screen

from advisor_tui.i18n import t
from advisor_tui.widgets.area_header import AreaHeader
from advisor_tui.widgets.key_bar import KeyBar
from advisor_tui.widgets.translated import translate_bindings


class AreaScreen(Screen[None]):
    """A main area reached by a function key. Subclasses set AREA and compose `body()`."""

    AREA = "shift"

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)

    def compose(self) -> ComposeResult:
        yield AreaHeader(t(f"area.{self.AREA}"))
        yield from self.body()
        yield KeyBar(show_command_palette=False, compact=True)

    def body(self) -> ComposeResult:
        yield from ()

    def follow_changes(self, reload: Callable[[], object]) -> None:
        """Run `reload` after every saved change while this area is showing; a hidden area
        catches up when it is shown again (`on_screen_resume`)."""

        def changed() -> None:
            if self.is_current:
                reload()

        self.watch(self.app, "data_version", changed, init=False)

    def has_unsaved_input(self) -> bool:
        """True while a form holds input that a quit would lose."""
        return False
