"""The contact area."""

from __future__ import annotations

from advisor_tui.screens.placeholder import PlaceholderScreen


class ContactScreen(PlaceholderScreen):
    AREA = "contact"
