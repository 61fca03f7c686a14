"""The form of a network meeting, for a new booking or an edit: time, place, participants,
notes, free times and overlaps. A changed time in an edit needs a reason."""

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
from advisor_tui.models.meeting_checks import NEW_STATUSES, edit_statuses
from advisor_tui.models.meeting_types import (
    DEFAULT_DURATION_MINUTES,
    MAX_DURATION_MINUTES,
    PLACE_KINDS,
)
from advisor_tui.models.meetings import (
    Meeting,
    MeetingDraft,
    NeedsConfirmation,
    book,
    conflicts,
    free_slots,
    update,
)
from advisor_tui.models.store import Store
from advisor_tui.screens.confirm import ConfirmDialog
from advisor_tui.screens.meeting_dialogs import ask_to_confirm
from advisor_tui.widgets.meeting_participants import ParticipantEditor
from advisor_tui.widgets.translated import translate_bindings


class MeetingForm(ModalScreen[str | None]):
    """Returns the meeting's id once saved, or None when closed without saving (or, in an
    edit, when nothing had changed)."""

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

    def __init__(
        self, store: Store, contact_id: str | None = None, meeting: Meeting | None = None
    ) -> None:
        super().__init__()
        translate_bindings(self)
        self.store = store
        self.meeting = meeting
        self.contact_id = meeting.contact_id if meeting is not None else contact_id
        self.initial: MeetingDraft | None = None

    def _field(self, name: str, value: str = "") -> ComposeResult:
        with Vertical(classes="field"):
            yield Static(t(f"meetings.form.{name}"), classes="label", markup=False)
            yield Input(value=value, id=name)
            yield Static("", id=f"err-{name}", classes="error", markup=False)

    def _initial(self, name: str, default: str = "") -> str:
        meeting = self.meeting
        if meeting is None:
            return default
        values = {
            "day": fmt_date(meeting.starts_at),
            "start": fmt_time(meeting.starts_at),
            "duration": str(meeting.duration_minutes),
            "place": meeting.place,
            "purpose": meeting.purpose,
            "agenda": meeting.agenda,
            "advisor": meeting.advisor,
            "organiser_email": meeting.organiser_email,
        }
        return values.get(name, default)

    def _statuses(self) -> tuple[str, ...]:
        return edit_statuses(self.meeting.status) if self.meeting else NEW_STATUSES

    def compose(self) -> ComposeResult:
        meeting = self.meeting
        title = "meetings.form.title" if meeting is None else "meetings.form.edit_title"
        with Vertical():
            yield Static(t(title), id="title", markup=False)
            with VerticalScroll():
                if self.contact_id:
                    yield Static(t("meetings.form.linked"), markup=False)
                with Horizontal():
                    yield from self._field("day", self._initial("day"))
                    yield from self._field("start", self._initial("start"))
                    yield from self._field("duration", self._initial("duration", "60"))
                    yield from self._field("end")
                if meeting is not None:
                    yield from self._field("reason")
                yield Static(t("meetings.form.slots"), classes="label", markup=False)
                yield OptionList(id="slots", markup=False)
                yield Static("", id="warnings", markup=False)
                with Horizontal():
                    with Vertical(classes="field"):
                        yield Static(t("meetings.form.place_kind"), classes="label", markup=False)
                        yield Select(
                            [(t(f"meetings.place_kind.{k}"), k) for k in PLACE_KINDS],
                            value=meeting.place_kind if meeting else "address",
                            allow_blank=False,
                            id="place_kind",
                        )
                    yield from self._field("place", self._initial("place"))
                with Horizontal():
                    yield from self._field("purpose", self._initial("purpose"))
                    yield from self._field("agenda", self._initial("agenda"))
                with Horizontal():
                    yield from self._field("advisor", self._initial("advisor", self.store.advisor))
                    organiser = self.store.get_setting("meetings.organiser_email", "") or ""
                    yield from self._field(
                        "organiser_email", self._initial("organiser_email", organiser)
                    )
                    with Vertical(classes="field"):
                        yield Static(t("meetings.form.status"), classes="label", markup=False)
                        yield Select(
                            [(t(f"meetings.status.{s}"), s) for s in self._statuses()],
                            value=meeting.status if meeting else "proposed",
                            allow_blank=False,
                            id="status",
                        )
                people = list(meeting.participants) if meeting else []
                yield ParticipantEditor(self.store, people)
                yield Static("", id="err-form", classes="error", markup=False)
            with Horizontal(id="buttons"):
                yield Button(t("meetings.form.cancel"), id="close")
                yield Button(t("meetings.form.save"), id="save", variant="primary")

    def on_mount(self) -> None:
        self.refresh_slots(fill=self.meeting is None)
        self.initial = self.draft()
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
        if self.meeting is not None:
            changed = self.draft() != self.initial or bool(self._value("reason").strip())
            return changed or editor.has_input()
        typed = any(self._value(n).strip() for n in ("place", "purpose", "agenda"))
        return typed or bool(editor.people) or editor.has_input()

    def has_unsaved_input(self) -> bool:
        return self.has_input()

    def _minutes(self) -> int:
        """The length for suggestions and overlaps: from the end time when one is typed."""
        start = self._start()
        if start is not None and self._value("end").strip():
            try:
                end = at_local(local_date(start), parse_time(self._value("end")))
            except ValidationError:
                end = start
            minutes = int((end - start).total_seconds() // 60)
        else:
            text = self._value("duration").strip()
            minutes = int(text) if text.isdigit() else 0
        return minutes if 0 < minutes <= MAX_DURATION_MINUTES else DEFAULT_DURATION_MINUTES

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
        slots = free_slots(
            self.store,
            self._minutes(),
            self._value("advisor"),
            editor.people,
            exclude_id=self.meeting.id if self.meeting else None,
        )
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
        found = conflicts(
            self.store,
            starts_at,
            self._minutes(),
            self._value("advisor"),
            people,
            exclude_id=self.meeting.id if self.meeting else None,
        )
        lines = []
        for conflict in found:
            when = f"{fmt_datetime(conflict.starts_at)}–{fmt_time(conflict.ends_at)}"
            if conflict.kind == "advisor":
                lines.append(t("meetings.form.conflict_advisor", when=when))
            else:
                lines.append(t("meetings.form.conflict_participant", who=conflict.who, when=when))
        warnings.update("\n".join(lines) if lines else t("meetings.form.no_conflicts"))

    @on(Input.Changed, "#day, #start")
    def _time_changed(self) -> None:
        self.refresh_warnings()

    @on(Input.Changed, "#duration, #end, #advisor")
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

    def action_save(self) -> None:
        editor = self.query_one(ParticipantEditor)
        if editor.has_input() and not editor.add_current():
            return
        self._save(frozenset())

    def _write(self, allowed: frozenset[str]) -> str | None:
        """Book or update; the id when saved, None when an edit changed nothing."""
        permissions = {
            "allow_outside_hours": "outside_hours" in allowed,
            "allow_past": "past" in allowed,
        }
        if self.meeting is None:
            return book(self.store, self.draft(), **permissions)
        changed = update(
            self.store,
            self.meeting.id,
            self.draft(),
            reason=self._value("reason"),
            **permissions,
        )
        return self.meeting.id if changed else None

    def _save(self, allowed: frozenset[str]) -> None:
        self._clear_errors()
        try:
            meeting_id = self._write(allowed)
        except FieldErrors as exc:
            self._show(exc.errors)
            return
        except NeedsConfirmation as exc:
            granted = allowed | {exc.permission}
            ask_to_confirm(self, exc, lambda: self._save(granted))
            return
        except AdvisorError as exc:
            self.notify(catalogue().error(exc), severity="error", markup=False)
            return
        if meeting_id is None:
            self.notify(t("meetings.agenda.unchanged"), markup=False)
        self.dismiss(meeting_id)

    def action_close(self) -> None:
        if not self.has_input():
            self.dismiss(None)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.dismiss(None)

        question = ConfirmDialog(
            t("meetings.confirm.discard"), yes=t("meetings.confirm.discard_yes")
        )
        self.app.push_screen(question, answered)
