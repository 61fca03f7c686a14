"""An area that this version does not have yet: one honest sentence of what will be there."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from advisor_tui.i18n import t
from advisor_tui.screens.area import AreaScreen


class PlaceholderScreen(AreaScreen):
    DEFAULT_CSS = """
    PlaceholderScreen .placeholder { padding: 2 4; color: $text-muted; }
    """

    def body(self) -> ComposeResult:
        yield Static(t(f"area.{self.AREA}_coming"), classes="placeholder", markup=False)
