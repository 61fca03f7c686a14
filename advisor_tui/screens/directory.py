"""The directory area."""

from __future__ import annotations

from advisor_tui.screens.placeholder import PlaceholderScreen


class DirectoryScreen(PlaceholderScreen):
    AREA = "directory"
