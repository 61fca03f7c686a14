"""The assessment area."""

from __future__ import annotations

from advisor_tui.screens.placeholder import PlaceholderScreen


class AssessmentScreen(PlaceholderScreen):
    AREA = "assessment"
