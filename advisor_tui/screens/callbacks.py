"""The callbacks area."""

from __future__ import annotations

from advisor_tui.screens.placeholder import PlaceholderScreen


class CallbacksScreen(PlaceholderScreen):
    AREA = "callbacks"
