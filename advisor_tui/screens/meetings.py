"""The meetings area (F6): the agenda of the coming two weeks, a day or a week, and its actions."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from advisor_tui.i18n import catalogue, t
from advisor_tui.models.clock import fmt_date, fmt_time, local_date
from advisor_tui.models.errors import AdvisorError
from advisor_tui.models.handoff import ContactContext
from advisor_tui.models.ics import default_file_name, write_invitation
from advisor_tui.models.meeting_schedule import week_start
from advisor_tui.models.meetings import Meeting, agenda, confirm, get_meeting
from advisor_tui.models.store import Store
from advisor_tui.paths import locations
from advisor_tui.screens.area import AreaScreen
from advisor_tui.screens.confirm import ConfirmDialog
from advisor_tui.screens.meeting_dialogs import cancel_dialog, move_dialog, outcome_dialog
from advisor_tui.screens.meeting_form import MeetingForm
from advisor_tui.screens.meeting_tasks import TasksDialog
from advisor_tui.widgets.meeting_details import details_text

SPAN_DAYS = {"two_weeks": 14, "week": 7, "day": 1}


def _key(action: str, key: str, show: bool = True) -> Binding:
    return Binding(
        key,
        action,
        f"meetings.key.{action}",
        id=f"meetings.{action}",
        tooltip=f"meetings.key.{action}_tooltip",
        show=show,
    )


class MeetingsScreen(AreaScreen):
    AREA = "meetings"
    DEFAULT_CSS = """
    MeetingsScreen #range { padding: 0 1; text-style: bold; height: 1; }
    MeetingsScreen #agenda { height: 1fr; }
    MeetingsScreen #empty { padding: 0 1; color: $text-muted; height: auto; }
    MeetingsScreen #details-box { height: 12; border-top: solid $primary; padding: 0 1; }
    """
    BINDINGS = [
        _key("new", "n"),
        _key("edit", "e"),
        _key("move", "m"),
        _key("cancel", "x"),
        _key("confirm", "c"),
        _key("outcome", "o"),
        _key("tasks", "k"),
        _key("ics", "i"),
        _key("ics_names", "I", show=False),
        _key("day", "d"),
        _key("week", "w"),
        _key("two_weeks", "2", show=False),
        _key("previous", "comma,pageup", show=False),
        _key("next", "full_stop,pagedown", show=False),
        _key("today", "t,home", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view = "two_weeks"
        self.shown_from: date | None = None
        self.shown: list[Meeting] = []

    @property
    def store(self) -> Store:
        return self.app.store  # type: ignore[attr-defined,no-any-return]

    def body(self) -> ComposeResult:
        yield Static("", id="range", markup=False)
        yield DataTable(id="agenda", cursor_type="row", zebra_stripes=True)
        yield Static("", id="empty", markup=False)
        with VerticalScroll(id="details-box"):
            yield Static("", id="details", markup=False)

    def on_mount(self) -> None:
        table = self.query_one("#agenda", DataTable)
        for key in ("day", "time", "status", "place", "people", "advisor"):
            table.add_column(t(f"meetings.agenda.col_{key}"), key=key)
        self.follow_changes(self.reload)
        self.reload()
        table.focus()

    def on_screen_resume(self) -> None:
        self.reload()

    # -- the agenda ------------------------------------------------------------------------

    def period(self) -> tuple[date, date]:
        today = local_date(self.store.now())
        start = self.shown_from or today
        if self.view == "week":
            first = week_start(start)
            return first, first + timedelta(days=6)
        if self.view == "day":
            return start, start
        return start, start + timedelta(days=13)

    def _range_title(self, first: date, last: date) -> str:
        if self.view == "day":
            return t(
                "meetings.agenda.day",
                weekday=t(f"meetings.weekday.{first.weekday()}"),
                day=fmt_date(first),
            )
        if self.view == "week":
            return t(
                "meetings.agenda.week",
                week=first.isocalendar().week,
                first=fmt_date(first),
                last=fmt_date(last),
            )
        return t("meetings.agenda.two_weeks", first=fmt_date(first), last=fmt_date(last))

    def reload(self) -> None:
        first, last = self.period()
        self.query_one("#range", Static).update(self._range_title(first, last))
        table = self.query_one("#agenda", DataTable)
        selected = self.selected_id()
        self.shown = agenda(self.store, first, last)
        table.clear()
        for meeting in self.shown:
            day = local_date(meeting.starts_at)
            cells: list[Any] = [
                Text(f"{t(f'meetings.weekday.{day.weekday()}')} {fmt_date(day)}"),
                Text(f"{fmt_time(meeting.starts_at)}–{fmt_time(meeting.ends_at)}"),
                Text(t(f"meetings.status.{meeting.status}")),
                Text(meeting.place),
                Text(
                    t(
                        "meetings.agenda.people",
                        family=len(meeting.family),
                        professionals=len(meeting.professionals),
                    )
                ),
                Text(meeting.advisor),
            ]
            table.add_row(*cells, key=meeting.id)
        self.query_one("#empty", Static).update("" if self.shown else t("meetings.agenda.empty"))
        ids = [m.id for m in self.shown]
        if selected in ids:
            table.move_cursor(row=ids.index(selected))
        self.show_details()

    def selected_id(self) -> str | None:
        table = self.query_one("#agenda", DataTable)
        if not self.shown or table.row_count == 0:
            return None
        row = table.cursor_row
        return self.shown[row].id if 0 <= row < len(self.shown) else None

    def selected(self) -> Meeting | None:
        meeting_id = self.selected_id()
        meeting = get_meeting(self.store, meeting_id) if meeting_id else None
        if meeting is None:
            self.notify(t("meetings.error.no_selection"), severity="warning", markup=False)
        return meeting

    def show_details(self) -> None:
        meeting_id = self.selected_id()
        meeting = get_meeting(self.store, meeting_id) if meeting_id else None
        text = details_text(self.store, meeting) if meeting else ""
        self.query_one("#details", Static).update(text)

    @on(DataTable.RowHighlighted, "#agenda")
    def _highlighted(self) -> None:
        self.show_details()

    # -- views -----------------------------------------------------------------------------

    def _set_view(self, view: str) -> None:
        self.view = view
        self.reload()

    def action_day(self) -> None:
        meeting_id = self.selected_id()
        if meeting_id is not None and self.view != "day":
            chosen = next(m for m in self.shown if m.id == meeting_id)
            self.shown_from = local_date(chosen.starts_at)
        self._set_view("day")

    def action_week(self) -> None:
        self._set_view("week")

    def action_two_weeks(self) -> None:
        self._set_view("two_weeks")

    def _shift(self, direction: int) -> None:
        first, _ = self.period()
        self.shown_from = first + timedelta(days=direction * SPAN_DAYS[self.view])
        self.reload()

    def action_previous(self) -> None:
        self._shift(-1)

    def action_next(self) -> None:
        self._shift(1)

    def action_today(self) -> None:
        self.shown_from = None
        self.reload()

    # -- booking and changes ---------------------------------------------------------------

    def open_form(self, contact_id: str | None = None) -> None:
        def booked(meeting_id: str | None) -> None:
            if meeting_id is None:
                return
            meeting = get_meeting(self.store, meeting_id)
            if meeting is not None:
                first, last = self.period()
                day = local_date(meeting.starts_at)
                if not first <= day <= last:
                    self.shown_from = day
                when = f"{fmt_date(meeting.starts_at)} {fmt_time(meeting.starts_at)}"
                self.notify(t("meetings.agenda.booked", when=when), markup=False)
            self.reload()
            ids = [m.id for m in self.shown]
            if meeting_id in ids:
                self.query_one("#agenda", DataTable).move_cursor(row=ids.index(meeting_id))

        self.app.push_screen(MeetingForm(self.store, contact_id), booked)

    def receive_context(self, ctx: ContactContext) -> None:
        """A jump from a contact opens the booking form linked to that contact."""
        self.open_form(ctx.contact_id or ctx.draft_id)

    def action_new(self) -> None:
        self.open_form()

    def _after(self, message: str) -> Any:
        def done(saved: bool | None) -> None:
            if saved:
                self.notify(message, markup=False)
                self.reload()

        return done

    def action_edit(self) -> None:
        meeting = self.selected()
        if meeting is None:
            return
        if meeting.status == "cancelled":
            self.notify(t("meetings.error.not_editable"), severity="warning", markup=False)
            return

        def saved(meeting_id: str | None) -> None:
            if meeting_id is not None:
                self.notify(t("meetings.agenda.updated"), markup=False)
                self.reload()

        self.app.push_screen(MeetingForm(self.store, meeting=meeting), saved)

    def action_move(self) -> None:
        meeting = self.selected()
        if meeting is not None:
            self.app.push_screen(move_dialog(self.store, meeting), self._moved())

    def _moved(self) -> Any:
        def done(saved: bool | None) -> None:
            if not saved:
                return
            meeting_id = self.selected_id()
            meeting = get_meeting(self.store, meeting_id) if meeting_id else None
            when = f"{fmt_date(meeting.starts_at)} {fmt_time(meeting.starts_at)}" if meeting else ""
            self.notify(t("meetings.agenda.moved", when=when), markup=False)
            self.reload()

        return done

    def action_cancel(self) -> None:
        meeting = self.selected()
        if meeting is not None:
            self.app.push_screen(
                cancel_dialog(self.store, meeting), self._after(t("meetings.agenda.cancelled"))
            )

    def action_confirm(self) -> None:
        meeting = self.selected()
        if meeting is None:
            return
        try:
            confirm(self.store, meeting.id)
        except AdvisorError as exc:
            self.notify(catalogue().error(exc), severity="warning", markup=False)
            return
        self.notify(t("meetings.agenda.confirmed"), markup=False)
        self.reload()

    def action_outcome(self) -> None:
        meeting = self.selected()
        if meeting is None:
            return
        saved: list[int] = []

        def done(ok: bool | None) -> None:
            if ok:
                count = saved[-1] if saved else 0
                self.notify(t("meetings.agenda.held", count=count), markup=False)
                self.reload()

        self.app.push_screen(outcome_dialog(self.store, meeting, saved), done)

    def action_tasks(self) -> None:
        self.app.push_screen(TasksDialog(self.store), lambda _closed: self.reload())

    # -- invitations -----------------------------------------------------------------------

    def _write_ics(self, meeting: Meeting, include_names: bool) -> None:
        folder = locations().export_dir
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            target = folder / default_file_name(meeting)
            write_invitation(self.store, meeting.id, target, include_names=include_names)
        except OSError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        except AdvisorError as exc:
            self.notify(catalogue().error(exc), severity="error", markup=False, timeout=10)
            return
        if meeting.status == "cancelled":
            key = "meetings.ics.written_cancel"
        else:
            key = "meetings.ics.written_names" if include_names else "meetings.ics.written"
        self.notify(t(key, path=str(target)), markup=False, timeout=15)

    def action_ics(self) -> None:
        meeting = self.selected()
        if meeting is not None:
            self._write_ics(meeting, include_names=False)

    def action_ics_names(self) -> None:
        meeting = self.selected()
        if meeting is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._write_ics(meeting, include_names=True)

        self.app.push_screen(
            ConfirmDialog(t("meetings.confirm.names"), yes=t("meetings.confirm.names_yes")),
            answered,
        )
