"""The Reports area: the balanced scorecard for a period, with contacts per day as a chart."""

from __future__ import annotations

from datetime import date, timedelta

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical, VerticalScroll
from textual.widgets import Sparkline, Static

from advisor_tui.i18n import t
from advisor_tui.models.clock import fmt_date, local_date
from advisor_tui.models.scorecard import Scorecard, build_scorecard
from advisor_tui.scorecard_report import Section, sections, title
from advisor_tui.screens.area import AreaScreen

PERIODS = ("week", "month", "quarter", "year")
SECTION_COUNT = 13


def period_bounds(period: str, today: date) -> tuple[date, date]:
    if period == "week":
        return today - timedelta(days=6), today
    if period == "month":
        return date(today.year, today.month, 1), today
    if period == "year":
        return date(today.year, 1, 1), today
    quarter_month = 3 * ((today.month - 1) // 3) + 1
    return date(today.year, quarter_month, 1), today


class ReportsScreen(AreaScreen):
    AREA = "reports"
    DEFAULT_CSS = """
    ReportsScreen #report-title { padding: 0 1; text-style: bold; height: 1; }
    ReportsScreen #chart-box { height: 7; border: round $primary; padding: 0 1; }
    ReportsScreen Sparkline { height: 3; }
    ReportsScreen #chart-axis { color: $text-muted; height: 1; }
    ReportsScreen Grid { grid-size: 2; grid-gutter: 0 2; height: auto; padding: 0 1; }
    ReportsScreen .section { height: auto; }
    ReportsScreen .section-rows { height: auto; }
    ReportsScreen .section-title { text-style: bold; color: $accent; height: auto; margin-top: 1; }
    """
    BINDINGS = [
        Binding("p", "next_period", "report.next_period", id="reports.period"),
        Binding("a", "only_mine", "report.only_mine", id="reports.only_mine"),
        Binding("c", "conflicts", "conflicts.open", id="reports.conflicts"),
    ]

    period = "month"
    only_mine = False

    def body(self) -> ComposeResult:
        with VerticalScroll():
            yield Static("", id="report-title", markup=False)
            with Vertical(id="chart-box"):
                yield Static(t("report.per_day"), markup=False)
                yield Sparkline([], id="per-day")
                yield Static("", id="chart-axis", markup=False)
            with Grid(id="sections"):
                for index in range(SECTION_COUNT):
                    with Vertical(classes="section"):
                        yield Static(
                            "", id=f"section-title-{index}", classes="section-title", markup=False
                        )
                        yield Static("", id=f"section-{index}", classes="section-rows")

    def on_mount(self) -> None:
        self.follow_changes(self.load)
        self.load()

    def on_screen_resume(self) -> None:
        self.load()

    def action_next_period(self) -> None:
        self.period = PERIODS[(PERIODS.index(self.period) + 1) % len(PERIODS)]
        self.load()

    def action_only_mine(self) -> None:
        self.only_mine = not self.only_mine
        self.load()

    def action_conflicts(self) -> None:
        from advisor_tui.screens.conflicts import ConflictsDialog

        self.app.push_screen(ConflictsDialog())

    def load(self) -> None:
        """Counts in a worker; the figures dim under a spinner until it reports."""
        self.query_one("#sections", Grid).loading = True
        self._count()

    @work(thread=True, exclusive=True, group="scorecard")
    def _count(self) -> None:
        store = self.app.store.reopen()  # type: ignore[attr-defined]
        try:
            first, last = period_bounds(self.period, local_date(store.now()))
            advisor = store.advisor if self.only_mine else None
            card = build_scorecard(store, first, last, advisor=advisor or None)
        finally:
            store.close()
        self.app.call_from_thread(self.show, card)

    def show(self, card: Scorecard) -> None:
        self.query_one("#sections", Grid).loading = False
        language = self.app.language  # type: ignore[attr-defined]
        reference = self.app.reference  # type: ignore[attr-defined]
        label = t(f"report.period_{self.period}")
        self.query_one("#report-title", Static).update(f"{title(card)} · {label}")
        days = (card.last - card.first).days + 1
        series = [float(card.per_day[(card.first + timedelta(d)).isoformat()]) for d in range(days)]
        self.query_one("#per-day", Sparkline).data = series
        peak = max(series, default=0)
        self.query_one("#chart-axis", Static).update(
            f"{fmt_date(card.first)} … {fmt_date(card.last)} · max {peak:.0f}"
        )
        for index, section in enumerate(sections(card, reference, language)[:SECTION_COUNT]):
            self.query_one(f"#section-title-{index}", Static).update(section.title)
            self.query_one(f"#section-{index}", Static).update(section_table(section))


def section_table(section: Section, bar_width: int = 16) -> Table:
    """Labels that wrap when the column is narrow, figures that always stay in sight, and for a
    chart section a bar beside each count."""
    table = Table(show_header=False, box=None, expand=True, padding=(0, 1))
    table.add_column(ratio=1, overflow="fold")
    if section.chart:
        table.add_column(no_wrap=True, width=bar_width)
    table.add_column(justify="right", no_wrap=True)
    peak = max((int(value) for _, value in section.rows), default=0) if section.chart else 0
    for label, value in section.rows or ((t("report.none"), ""),):
        cells = [Text(label), Text(value)]
        if section.chart:
            length = round(int(value) / peak * bar_width) if peak and value else 0
            cells.insert(1, Text("█" * length))
        table.add_row(*cells)
    return table
