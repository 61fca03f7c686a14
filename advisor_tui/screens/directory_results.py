"""The directory's result list: one line per service, with where it serves and its marks.

An option list of fixed-width columns rather than a data table: it repaints the whole list in
a fraction of the time, which keeps the results in step with typing.
"""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len, set_cell_size
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from advisor_tui.i18n import t
from advisor_tui.models.directory_search import ServiceHit

AREA_WIDTH = 16
NOTES_WIDTH = 24
DEFAULT_WIDTH = 80


def area_cell(hit: ServiceHit) -> str:
    if hit.area_scope == "nationwide":
        return t("directory.area.nationwide")
    if hit.serves_municipality:
        return t("directory.area.serves")
    return t(f"directory.area.{hit.area_scope}")


def notes_cell(hit: ServiceHit) -> str:
    """Digital, temporarily closed and stale, in words (never colour alone)."""
    notes = []
    if hit.digital:
        notes.append(t("directory.mark.digital"))
    if hit.status == "temporarily_closed":
        notes.append(t("directory.status.temporarily_closed"))
    if hit.stale:
        notes.append(t("directory.mark.stale"))
    return ", ".join(notes)


def cells(hit: ServiceHit) -> tuple[str, str, str, str]:
    return hit.name, hit.organisation, area_cell(hit), notes_cell(hit)


def _fit(text: str, width: int) -> str:
    """The text cut to the width (with …) or padded to it, in terminal cells."""
    one_line = " ".join(text.split())
    if cell_len(one_line) > width - 1:
        one_line = set_cell_size(one_line, width - 2) + "…"
    return set_cell_size(one_line, width)


def widths(total: int) -> tuple[int, int, int, int]:
    """Column widths for a list `total` cells wide: area and notes fixed, the rest shared by
    the service's and the organiser's names."""
    names = max(20, total - AREA_WIDTH - NOTES_WIDTH)
    service = max(12, names * 2 // 3)
    return service, max(8, names - service), AREA_WIDTH, max(8, total - names - AREA_WIDTH)


def line(values: tuple[str, ...], total: int) -> str:
    return "".join(_fit(v, w) for v, w in zip(values, widths(total), strict=True)).rstrip()


class ResultsList(OptionList):
    """The services found; single letters act on the highlighted service."""

    BINDINGS = [
        Binding("c", "screen.copy_phone", show=False),
        Binding("a", "screen.copy_address", show=False),
        Binding("m", "screen.message", show=False),
        Binding("t", "screen.mark_checked", show=False),
        Binding("k", "screen.correction", show=False),
        Binding("o", "screen.refer", show=False),
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.rows: list[tuple[str, str, str, str]] = []
        self._ids: list[str] = []

    def line_width(self) -> int:
        return (self.scrollable_content_region.width or DEFAULT_WIDTH) - 1

    def show(self, hits: list[ServiceHit]) -> None:
        """Replace the lines with the hits; service text is content, never markup."""
        self.rows = [cells(hit) for hit in hits]
        self._ids = [hit.service_id for hit in hits]
        self._fill(0 if hits else None)

    def _fill(self, highlighted: int | None) -> None:
        total = self.line_width()
        self.set_options(
            Option(Content(line(row, total)), id=key)
            for key, row in zip(self._ids, self.rows, strict=True)
        )
        if highlighted is not None:
            self.highlighted = highlighted

    def on_resize(self) -> None:
        if self.rows:
            self._fill(self.highlighted)
        if isinstance(self.parent, Results):
            self.parent.show_heads(self.line_width())


class Results(Vertical):
    """The column heads above the result list."""

    DEFAULT_CSS = """
    Results #heads { height: 1; padding: 0 1; text-style: bold; color: $text-muted; }
    Results ResultsList { height: 1fr; border: none; }
    """

    def compose(self) -> ComposeResult:
        yield Static("", id="heads", markup=False)
        yield ResultsList(id="results")

    def show_heads(self, total: int) -> None:
        heads = tuple(
            t(f"directory.column.{k}") for k in ("service", "organisation", "area", "notes")
        )
        self.query_one("#heads", Static).update(line(heads, total), layout=False)
