"""The booking form of a network meeting: time, place, participants, free times and overlaps."""

from __future__ import annotations

from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from advisor_tui.i18n import catalogue, t
from advisor_tui.models.clock import (
    at_local,
    fmt_date,
    fmt_datetime,
    fmt_time,
    from_iso,
    local_date,
    parse_date,
    parse_time,
)
from advisor_tui.models.errors import AdvisorError, FieldErrors, ValidationError
from advisor_tui.models.meeting_types import PLACE_KINDS
from advisor_tui.models.meetings import MeetingDraft, OutsideHours, book, conflicts, free_slots
from advisor_tui.models.store import Store
from advisor_tui.screens.confirm import ConfirmDialog
from advisor_tui.widgets.meeting_participants import ParticipantEditor
from advisor_tui.widgets.translated import translate_bindings

TEXT_FIELDS = ("day", "start", "duration", "end", "place", "purpose", "agenda", "advisor")


class MeetingForm(ModalScreen[str | None]):
    """Returns the new meeting's id, or None when closed without saving."""

    DEFAULT_CSS = """
    MeetingForm { align: center middle; }
    MeetingForm > Vertical {
        width: 110; height: 95%; border: thick $primary; background: $surface; padding: 0 1;
    }
    MeetingForm #title { text-style: bold; margin-bottom: 1; }
    MeetingForm Horizontal { height: auto; }
    MeetingForm .field { width: 1fr; height: auto; }
    MeetingForm .label { color: $text-muted; }
    MeetingForm .error { color: $error; height: auto; }
    MeetingForm .section { text-style: bold; margin-top: 1; }
    MeetingForm #slots { height: auto; max-height: 7; }
    MeetingForm #warnings { color: $warning; height: auto; }
    MeetingForm #buttons { align-horizontal: right; margin-top: 1; }
    MeetingForm #buttons Button { margin-left: 2; }
    """
    BINDINGS = [
        Binding(
            "ctrl+s,f10",
            "save",
            "meetings.key.save",
            id="meetings.form.save",
            tooltip="meetings.key.save_tooltip",
        ),
        Binding(
            "escape",
            "close",
            "meetings.key.close",
            id="meetings.form.close",
            tooltip="meetings.key.close_tooltip",
        ),
    ]

    def __init__(self, store: Store, contact_id: str | None = None) -> None:
        super().__init__()
        translate_bindings(self)
        self.store = store
        self.contact_id = contact_id

    def _field(self, name: str, value: str = "") -> ComposeResult:
        with Vertical(classes="field"):
            yield Static(t(f"meetings.form.{name}"), classes="label", markup=False)
            yield Input(value=value, id=name)
            yield Static("", id=f"err-{name}", classes="error", markup=False)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(t("meetings.form.title"), id="title", markup=False)
            with VerticalScroll():
                if self.contact_id:
                    yield Static(t("meetings.form.linked"), markup=False)
                with Horizontal():
                    yield from self._field("day")
                    yield from self._field("start")
                    yield from self._field("duration", "60")
                    yield from self._field("end")
                yield Static(t("meetings.form.slots"), classes="label", markup=False)
                yield OptionList(id="slots", markup=False)
                yield Static("", id="warnings", markup=False)
                with Horizontal():
                    with Vertical(classes="field"):
                        yield Static(t("meetings.form.place_kind"), classes="label", markup=False)
                        yield Select(
                            [(t(f"meetings.place_kind.{k}"), k) for k in PLACE_KINDS],
                            value="address",
                            allow_blank=False,
                            id="place_kind",
                        )
                    yield from self._field("place")
                with Horizontal():
                    yield from self._field("purpose")
                    yield from self._field("agenda")
                with Horizontal():
                    yield from self._field("advisor", self.store.advisor)
                    organiser = self.store.get_setting("meetings.organiser_email", "") or ""
                    yield from self._field("organiser_email", organiser)
                    with Vertical(classes="field"):
                        yield Static(t("meetings.form.status"), classes="label", markup=False)
                        yield Select(
                            [(t(f"meetings.status.{s}"), s) for s in ("proposed", "confirmed")],
                            value="proposed",
                            allow_blank=False,
                            id="status",
                        )
                yield ParticipantEditor(self.store)
                yield Static("", id="err-form", classes="error", markup=False)
            with Horizontal(id="buttons"):
                yield Button(t("meetings.form.cancel"), id="close")
                yield Button(t("meetings.form.save"), id="save", variant="primary")

    def on_mount(self) -> None:
        self.refresh_slots(fill=True)
        self.query_one("#day", Input).focus()

    # -- reading the form ------------------------------------------------------------------

    def _value(self, name: str) -> str:
        return self.query_one(f"#{name}", Input).value

    def draft(self) -> MeetingDraft:
        return MeetingDraft(
            day=self._value("day"),
            start=self._value("start"),
            duration=self._value("duration"),
            end=self._value("end"),
            place_kind=str(self.query_one("#place_kind", Select).value),
            place=self._value("place"),
            purpose=self._value("purpose"),
            agenda=self._value("agenda"),
            advisor=self._value("advisor"),
            organiser_email=self._value("organiser_email"),
            contact_id=self.contact_id,
            status=str(self.query_one("#status", Select).value),
            participants=tuple(self.query_one(ParticipantEditor).people),
        )

    def has_input(self) -> bool:
        editor = self.query_one(ParticipantEditor)
        typed = any(self._value(n).strip() for n in ("place", "purpose", "agenda"))
        return typed or bool(editor.people) or editor.has_input()

    def has_unsaved_input(self) -> bool:
        return self.has_input()

    def _minutes(self) -> int:
        text = self._value("duration").strip()
        return int(text) if text.isdigit() and 0 < int(text) <= 480 else 60

    def _start(self) -> datetime | None:
        try:
            day = parse_date(self._value("day"))
            start = parse_time(self._value("start"))
        except ValidationError:
            return None
        return at_local(day, start)

    # -- suggestions and warnings ----------------------------------------------------------

    def refresh_slots(self, fill: bool = False) -> None:
        editor = self.query_one(ParticipantEditor)
        slots = free_slots(self.store, self._minutes(), self._value("advisor"), editor.people)
        options = self.query_one("#slots", OptionList)
        options.clear_options()
        if not slots:
            options.add_option(Option(t("meetings.form.no_slots"), disabled=True))
        for slot in slots:
            weekday = t(f"meetings.weekday.{local_date(slot).weekday()}")
            label = f"{weekday} {fmt_datetime(slot)}"
            options.add_option(Option(label, id=slot.isoformat()))
        if fill and slots and not self._value("day"):
            self.query_one("#day", Input).value = fmt_date(slots[0])
            self.query_one("#start", Input).value = fmt_time(slots[0])
        self.refresh_warnings()

    def refresh_warnings(self) -> None:
        warnings = self.query_one("#warnings", Static)
        starts_at = self._start()
        if starts_at is None:
            warnings.update("")
            return
        people = self.query_one(ParticipantEditor).people
        found = conflicts(self.store, starts_at, self._minutes(), self._value("advisor"), people)
        lines = []
        for conflict in found:
            when = f"{fmt_datetime(conflict.starts_at)}–{fmt_time(conflict.ends_at)}"
            if conflict.kind == "advisor":
                lines.append(t("meetings.form.conflict_advisor", when=when))
            else:
                lines.append(t("meetings.form.conflict_participant", who=conflict.who, when=when))
        warnings.update("\n".join(lines) if lines else t("meetings.form.no_conflicts"))

    @on(Input.Changed, "#day, #start, #end")
    def _time_changed(self) -> None:
        self.refresh_warnings()

    @on(Input.Changed, "#duration, #advisor")
    def _length_changed(self) -> None:
        self.refresh_slots()

    @on(ParticipantEditor.Changed)
    def _people_changed(self) -> None:
        self.refresh_slots()

    @on(OptionList.OptionSelected, "#slots")
    def _slot_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is None:
            return
        chosen = from_iso(event.option.id)
        self.query_one("#day", Input).value = fmt_date(chosen)
        self.query_one("#start", Input).value = fmt_time(chosen)
        self.query_one("#place", Input).focus()

    # -- saving ----------------------------------------------------------------------------

    def _clear_errors(self) -> None:
        for error in self.query(".error").results(Static):
            error.update("")

    def _show(self, errors: list[ValidationError]) -> None:
        people: list[str] = []
        for error in errors:
            message = catalogue().error(error)
            if error.field.startswith("participants."):
                people.append(message)
                continue
            target = self.query(f"#err-{error.field}").results(Static)
            shown = next(iter(target), None)
            if shown is None:
                shown = self.query_one("#err-form", Static)
            shown.update(message)
        if people:
            self.query_one(ParticipantEditor).show_errors(people)
        self.query_one("#err-form", Static).update(
            catalogue().error(FieldErrors(errors)) if errors else ""
        )

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#close")
    def _close_pressed(self) -> None:
        self.action_close()

    def action_save(self, allow_outside_hours: bool = False) -> None:
        editor = self.query_one(ParticipantEditor)
        if editor.has_input() and not editor.add_current():
            return
        self._clear_errors()
        try:
            meeting_id = book(self.store, self.draft(), allow_outside_hours=allow_outside_hours)
        except FieldErrors as exc:
            self._show(exc.errors)
            return
        except OutsideHours as exc:
            question = t("meetings.confirm.outside_hours", problem=catalogue().error(exc))

            def answered(yes: bool | None) -> None:
                if yes:
                    self.action_save(allow_outside_hours=True)

            self.app.push_screen(
                ConfirmDialog(question, yes=t("meetings.confirm.book_anyway")), answered
            )
            return
        except AdvisorError as exc:
            self.notify(catalogue().error(exc), severity="error", markup=False)
            return
        self.dismiss(meeting_id)

    def action_close(self) -> None:
        self.dismiss(None)
