"""The Reports area: the balanced scorecard for a period, with contacts per day as a chart."""

from __future__ import annotations

from datetime import date, timedelta

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical, VerticalScroll
from textual.widgets import DataTable, Sparkline, Static

from advisor_tui.i18n import t
from advisor_tui.models.clock import fmt_date, local_date
from advisor_tui.models.scorecard import Scorecard, build_scorecard
from advisor_tui.scorecard_report import sections, title
from advisor_tui.screens.area import AreaScreen

PERIODS = ("week", "month", "quarter")
SECTION_COUNT = 12


def period_bounds(period: str, today: date) -> tuple[date, date]:
    if period == "week":
        return today - timedelta(days=6), today
    if period == "month":
        return date(today.year, today.month, 1), today
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
    ReportsScreen DataTable { height: auto; max-height: 14; }
    ReportsScreen .section-title { text-style: bold; color: $accent; height: 1; margin-top: 1; }
    """
    BINDINGS = [
        Binding("p", "next_period", "report.next_period", id="reports.period"),
        Binding("c", "conflicts", "conflicts.open", id="reports.conflicts"),
    ]

    period = "month"

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
                        yield DataTable(
                            id=f"section-{index}", show_header=False, cursor_type="none"
                        )

    def on_mount(self) -> None:
        self.watch(self.app, "data_version", lambda: self.load(), init=False)
        self.load()

    def on_screen_resume(self) -> None:
        self.load()

    def action_next_period(self) -> None:
        self.period = PERIODS[(PERIODS.index(self.period) + 1) % len(PERIODS)]
        self.load()

    def action_conflicts(self) -> None:
        from advisor_tui.screens.conflicts import ConflictsDialog

        self.app.push_screen(ConflictsDialog())

    @work(thread=True, exclusive=True, group="scorecard")
    def load(self) -> None:
        store = self.app.store.reopen()  # type: ignore[attr-defined]
        try:
            first, last = period_bounds(self.period, local_date(store.now()))
            card = build_scorecard(store, first, last)
        finally:
            store.close()
        self.app.call_from_thread(self.show, card)

    def show(self, card: Scorecard) -> None:
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
            table: DataTable[Text] = self.query_one(f"#section-{index}", DataTable)
            table.clear(columns=True)
            table.add_columns("", "")
            for row_label, value in section.rows or ((t("report.none"), ""),):
                table.add_row(Text(row_label), Text(value, justify="right"))
