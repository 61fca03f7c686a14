"""The meetings area."""

from __future__ import annotations

from advisor_tui.screens.placeholder import PlaceholderScreen


class MeetingsScreen(PlaceholderScreen):
    AREA = "meetings"
