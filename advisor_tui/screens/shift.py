"""The shift view (Vuoro): the home screen, with live counts read from the database."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Grid, Vertical
from textual.widgets import Static

from advisor_tui.i18n import t
from advisor_tui.models.clock import fmt_datetime, fmt_time, local_date
from advisor_tui.models.safe_text import single_line
from advisor_tui.models.shift import shift_summary
from advisor_tui.models.team import load_team
from advisor_tui.screens.area import AreaScreen


class Figure(Vertical):
    """One count with its label; the label says in words what colour also shows."""

    DEFAULT_CSS = """
    Figure { border: round $primary; height: 6; padding: 0 1; }
    Figure.alert { border: round $error; }
    Figure .value { text-style: bold; text-align: center; width: 100%; margin-top: 1; }
    Figure .label { text-align: center; width: 100%; color: $text-muted; }
    """

    def __init__(self, key: str) -> None:
        super().__init__(id=f"figure-{key}")
        self.key = key

    def compose(self) -> ComposeResult:
        yield Static("", classes="value", markup=False)
        yield Static(t(f"shift.{self.key}"), classes="label", markup=False)

    def show(self, value: int, alert: bool = False) -> None:
        self.query_one(".value", Static).update(str(value))
        self.set_class(alert and value > 0, "alert")


class ShiftScreen(AreaScreen):
    AREA = "shift"
    DEFAULT_CSS = """
    ShiftScreen #team { padding: 1 2 0 2; height: auto; }
    ShiftScreen Grid { grid-size: 4; grid-gutter: 1 2; padding: 1 2; height: auto; }
    ShiftScreen #agenda { padding: 0 2; height: auto; }
    ShiftScreen #keys { padding: 1 2; color: $text-muted; height: auto; }
    """

    def body(self) -> ComposeResult:
        yield Static("", id="team", markup=False)
        with Grid():
            for key in ("contacts_today", "callbacks_due", "callbacks_overdue", "meetings_today"):
                yield Figure(key)
        yield Static("", id="agenda", markup=False)
        keys = t("shift.keys")
        if self.app.store.is_demo:  # type: ignore[attr-defined]
            keys += " " + t("shift.keys_training")
        yield Static(keys, id="keys", markup=False)

    def on_mount(self) -> None:
        self.watch(self.app, "data_version", self.refresh_figures, init=False)
        self.set_interval(30, self.refresh_figures)

    def on_screen_resume(self) -> None:
        """Counts at once; the agenda, whose rules take longer to load, right after."""
        self.show_counts()
        self.call_after_refresh(self.show_agenda)

    def refresh_figures(self) -> None:
        """After a change or every half minute; a hidden view catches up when it is shown."""
        if self.is_current:
            self.show_counts()
            self.show_agenda()

    def show_counts(self) -> None:
        store = self.app.store  # type: ignore[attr-defined]
        summary = shift_summary(store)
        self.query_one("#figure-contacts_today", Figure).show(summary.contacts_today)
        self.query_one("#figure-callbacks_due", Figure).show(summary.callbacks_due_today)
        self.query_one("#figure-callbacks_overdue", Figure).show(
            summary.callbacks_overdue, alert=True
        )
        self.query_one("#figure-meetings_today", Figure).show(summary.meetings_today)
        team = load_team(store)
        if team is None:
            self.query_one("#team", Static).update(t("shift.no_team"))
            return
        reference = self.app.reference  # type: ignore[attr-defined]
        language = self.app.language  # type: ignore[attr-defined]
        county = reference.counties.get(team.county_code)
        self.query_one("#team", Static).update(
            t(
                "shift.on_shift",
                name=team.advisor_name,
                initials=team.initials,
                county=county.name(language) if county else team.county_code,
                count=len(team.municipality_codes),
            )
        )

    def show_agenda(self) -> None:
        self.query_one("#agenda", Static).update("\n".join(self.agenda_lines()))

    def agenda_lines(self) -> list[str]:
        """The next callback due, today's meetings and the advisor's unfinished tasks."""
        from advisor_tui.models.callbacks import next_due
        from advisor_tui.models.meeting_agenda import meetings_on, open_tasks
        from advisor_tui.widgets.meeting_details import overdue_task_lines

        store = self.app.store  # type: ignore[attr-defined]
        reference = self.app.reference  # type: ignore[attr-defined]
        language = self.app.language  # type: ignore[attr-defined]
        lines: list[str] = []
        callback = next_due(store)
        if callback is not None:
            topic = reference.label("topic", callback.topic, language) if callback.topic else "–"
            late = callback.due_at < store.now()
            lines.append(
                t(
                    "shift.next_callback_late" if late else "shift.next_callback",
                    when=fmt_datetime(callback.due_at),
                    topic=topic,
                )
            )
        for meeting in meetings_on(store, local_date(store.now())):
            lines.append(
                t(
                    "shift.meeting",
                    time=fmt_time(meeting.starts_at),
                    place=single_line(meeting.place),
                )
            )
        tasks = open_tasks(store, store.advisor or None)
        overdue = [task for task in tasks if task.overdue]
        if tasks:
            lines.append(t("shift.tasks", count=len(tasks), overdue=len(overdue)))
            lines += overdue_task_lines(store, store.advisor or None)
        return lines
