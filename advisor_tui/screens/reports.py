"""The reports area."""

from __future__ import annotations

from advisor_tui.screens.placeholder import PlaceholderScreen


class ReportsScreen(PlaceholderScreen):
    AREA = "reports"
