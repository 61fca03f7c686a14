"""The line at the top of every area: where you are, the date, who is on shift, demo marker."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from advisor_tui.i18n import t
from advisor_tui.models.clock import fmt_date, local_date


class AreaHeader(Horizontal):
    """Title of the area on the left; demo marker, date and advisor on the right."""

    DEFAULT_CSS = """
    AreaHeader {
        height: 1;
        background: $panel;
        color: $foreground;
    }
    AreaHeader #area-title { width: 1fr; text-style: bold; padding: 0 1; }
    AreaHeader #demo-marker {
        width: auto; background: $warning; color: $background; text-style: bold; padding: 0 1;
    }
    AreaHeader #area-who { width: auto; padding: 0 1; }
    """

    def __init__(self, title: str) -> None:
        super().__init__()
        self._title = title

    def compose(self) -> ComposeResult:
        store = self.app.store  # type: ignore[attr-defined]
        yield Static(self._title, id="area-title", markup=False)
        if store.is_demo:
            yield Static(t("app.demo_marker"), id="demo-marker", markup=False)
        weekday = t(f"app.weekday.{local_date(store.now()).weekday()}")
        who = store.advisor or "–"
        yield Static(f"{weekday} {fmt_date(store.now())} · {who}", id="area-who", markup=False)
